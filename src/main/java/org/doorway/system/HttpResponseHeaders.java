package org.doorway.system;

import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * What a Camel HTTP route may put in its response: only the headers named here. Camel would
 * otherwise echo every message header, including the request's own form fields (an SMS body, a
 * phone number) back to the caller. Requests are not filtered: routes read what they need. The
 * security headers every response carries ({@link SecurityHeadersFilter}) are on the list.
 */
@Component("httpResponseHeaders")
class HttpResponseHeaders implements HeaderFilterStrategy {

    private static final Set<String> ALLOWED = Set.of(
            "content-type",
            "location",
            "retry-after",
            "cache-control",
            // The browser-facing security headers SecurityHeadersFilter sets on every response.
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy");

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !ALLOWED.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return false;
    }
}
