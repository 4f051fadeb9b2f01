package org.doorway.intake.open311;

import java.util.List;

/**
 * An Open311 body as read from JSON or XML, before mapping.
 *
 * @param list  whether the body is a list of requests (a JSON array, {@code <service_requests>})
 *              rather than a single request
 * @param items the list's elements in order, each a request or the reason it is not one
 */
record Open311Body(boolean list, List<Open311Item> items) {

    Open311Body {
        items = List.copyOf(items);
    }
}
