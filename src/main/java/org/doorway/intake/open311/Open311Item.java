package org.doorway.intake.open311;

import java.util.Map;

/**
 * One element of an Open311 service-request list, read from JSON or XML into the same shape: field
 * names to values, where a value is a string (as written, trimmed by the reader for XML), {@code null}
 * (JSON null or an empty XML element), a nested map or a list. Or, when the element could not be
 * read as a request at all, the reason.
 *
 * @param fields  the request's fields, or {@code null} when unreadable
 * @param problem why the element is not a request, or {@code null}
 */
record Open311Item(Map<String, Object> fields, String problem) {

    static Open311Item of(Map<String, Object> fields) {
        return new Open311Item(fields, null);
    }

    static Open311Item unreadable(String problem) {
        return new Open311Item(null, problem);
    }

    boolean has(String field) {
        return fields != null && fields.containsKey(field);
    }
}
