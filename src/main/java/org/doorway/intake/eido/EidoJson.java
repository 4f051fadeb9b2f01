package org.doorway.intake.eido;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of EIDO JSON members that record what is wrong in {@link EidoFindings}.
 *
 * <p>Two kinds of member are told apart. <em>Structural</em> members — references
 * ({@code {"$ref": …}}) and the timestamps the referral uses — make the document invalid when they
 * have the wrong JSON type or cannot be parsed (a problem). <em>Data</em> members (texts, codes,
 * numbers) of the wrong type are ignored with a warning. An absent member and a JSON {@code null}
 * are the same. No reason ever quotes a value.
 */
final class EidoJson {

    /**
     * A reference to a component.
     *
     * @param id      the {@code $ref} value
     * @param pointer where the {@code $ref} is
     */
    record Ref(String id, String pointer) {}

    private final EidoFindings findings;

    EidoJson(EidoFindings findings) {
        this.findings = findings;
    }

    EidoFindings findings() {
        return findings;
    }

    /** A member, or null when absent or JSON null. */
    static JsonNode member(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /**
     * A data text with white space collapsed; null when absent, blank or not a string (warned).
     */
    String text(JsonNode parent, String pointer, String field) {
        String raw = raw(parent, pointer, field);
        if (raw == null) {
            return null;
        }
        String collapsed = PidfLo.collapse(raw);
        return collapsed.isEmpty() ? null : collapsed;
    }

    /** A data string exactly as given; null when absent or not a string (warned). */
    String raw(JsonNode parent, String pointer, String field) {
        JsonNode node = member(parent, field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            findings.warn(EidoFindings.child(pointer, field), "not a string; ignored");
            return null;
        }
        return node.textValue();
    }

    /**
     * A data list of texts: an array of strings, or a single string taken as a one-element list.
     * Elements that are blank are dropped; elements that are not strings are warned and dropped.
     */
    List<String> texts(JsonNode parent, String pointer, String field) {
        JsonNode node = member(parent, field);
        List<String> texts = new ArrayList<>();
        if (node == null) {
            return texts;
        }
        String at = EidoFindings.child(pointer, field);
        if (node.isTextual()) {
            addText(texts, node.textValue());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isTextual()) {
                    addText(texts, element.textValue());
                } else if (!element.isNull()) {
                    findings.warn(EidoFindings.child(at, i), "not a string; ignored");
                }
            }
        } else {
            findings.warn(at, "not an array of strings; ignored");
        }
        return texts;
    }

    /** A data integer; null when absent or not an integral JSON number that fits (warned). */
    Integer integer(JsonNode parent, String pointer, String field) {
        JsonNode node = member(parent, field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            findings.warn(EidoFindings.child(pointer, field), "not a 32-bit integer; ignored");
            return null;
        }
        return node.intValue();
    }

    /**
     * A structural reference {@code {"$ref": "…"}}; null when absent. A member that is not an
     * object, or whose {@code $ref} is missing, not a string or blank, is a problem.
     */
    Ref reference(JsonNode parent, String pointer, String field) {
        JsonNode node = member(parent, field);
        return node == null ? null : reference(node, EidoFindings.child(pointer, field));
    }

    /**
     * A structural list of references: an array of {@code {"$ref": …}} objects (a single object is
     * taken as a one-element list). Anything else is a problem.
     */
    List<Ref> references(JsonNode parent, String pointer, String field) {
        JsonNode node = member(parent, field);
        List<Ref> refs = new ArrayList<>();
        if (node == null) {
            return refs;
        }
        String at = EidoFindings.child(pointer, field);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Ref ref = reference(node.get(i), EidoFindings.child(at, i));
                if (ref != null) {
                    refs.add(ref);
                }
            }
        } else if (node.isObject()) {
            Ref ref = reference(node, at);
            if (ref != null) {
                refs.add(ref);
            }
        } else {
            findings.problem(at, "not an array of references");
        }
        return refs;
    }

    private Ref reference(JsonNode node, String at) {
        if (!node.isObject()) {
            findings.problem(at, "not a reference object");
            return null;
        }
        String refAt = EidoFindings.child(at, "$ref");
        JsonNode id = member(node, "$ref");
        if (id == null) {
            findings.problem(refAt, "required in a reference");
            return null;
        }
        if (!id.isTextual()) {
            findings.problem(refAt, "not a string");
            return null;
        }
        if (id.textValue().isBlank()) {
            findings.problem(refAt, "is blank");
            return null;
        }
        return new Ref(id.textValue(), refAt);
    }

    /**
     * A structural timestamp the referral uses: ISO-8601 date-time with an offset, any number of
     * fractional digits. Null when absent; a problem when not a string or not parseable.
     */
    Instant timestamp(JsonNode parent, String pointer, String field) {
        JsonNode node = member(parent, field);
        if (node == null) {
            return null;
        }
        String at = EidoFindings.child(pointer, field);
        if (!node.isTextual()) {
            findings.problem(at, "not a string");
            return null;
        }
        try {
            return OffsetDateTime.parse(node.textValue().strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            findings.problem(at, "not an ISO-8601 date-time with offset");
            return null;
        }
    }

    private static void addText(List<String> texts, String value) {
        String collapsed = PidfLo.collapse(value);
        if (!collapsed.isEmpty()) {
            texts.add(collapsed);
        }
    }
}
