package org.doorway.paging.twilio;

import com.twilio.security.RequestValidator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.doorway.system.DoorwayProperties;
import org.doorway.system.RequestRefusedException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The route step {@code verifyTwilioSignature}: refuses (403) a webhook whose
 * {@code X-Twilio-Signature} is missing or does not match its form parameters, using Twilio's own
 * validator. The URL signed is the one Twilio was given: {@code doorway.public-base-url} plus the
 * request's path and query, never the Host header, which a proxy may have changed and a caller can
 * forge. On success the decoded form parameters are left in the exchange property {@link #PARAMS}.
 *
 * <p>While Twilio's auth token is being rotated, {@code doorway.twilio.secondary-auth-token} holds
 * the other one, and a webhook signed with either is accepted.
 */
@Component("verifyTwilioSignature")
public class TwilioSignature implements org.apache.camel.Processor {

    /** Exchange property holding the webhook's form parameters, decoded. */
    public static final String PARAMS = "doorway.twilio.params";

    private final List<RequestValidator> validators;
    private final String publicBaseUrl;

    @org.springframework.beans.factory.annotation.Autowired
    TwilioSignature(RequestValidator validator, DoorwayProperties properties) {
        this(validator, properties.twilio().secondaryAuthToken(), properties.publicBaseUrl());
    }

    TwilioSignature(RequestValidator validator, String secondaryAuthToken, String publicBaseUrl) {
        this.validators = secondaryAuthToken == null || secondaryAuthToken.isBlank()
                ? List.of(validator)
                : List.of(validator, new RequestValidator(secondaryAuthToken));
        this.publicBaseUrl = publicBaseUrl;
    }

    /** Whether the signature is right for the URL and parameters under the current or secondary token. */
    boolean valid(String url, Map<String, String> params, String signature) {
        boolean valid = false;
        for (RequestValidator validator : validators) {
            valid |= signature != null && validator.validate(url, params, signature);
        }
        return valid;
    }

    @Override
    public void process(Exchange exchange) {
        var message = exchange.getMessage();
        Map<String, String> params = formParameters(message.getBody());
        String path = message.getHeader(Exchange.HTTP_URI, String.class);
        String query = message.getHeader(Exchange.HTTP_QUERY, String.class);
        String url = publicBaseUrl + path + (query == null || query.isEmpty() ? "" : "?" + query);
        String signature = message.getHeader("X-Twilio-Signature", String.class);
        if (!valid(url, params, signature)) {
            throw new RequestRefusedException(
                    HttpStatus.FORBIDDEN,
                    "invalid-signature",
                    "Twilio signature missing or wrong",
                    "X-Twilio-Signature does not match this request signed for " + publicBaseUrl + path + ".");
        }
        exchange.setProperty(PARAMS, params);
    }

    /**
     * The form body as Camel's HTTP consumer hands it over: a map of still URL-encoded names and
     * values (or, should that change, the encoded text itself), decoded here exactly once.
     */
    public static Map<String, String> formParameters(Object body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> map) {
            map.forEach((name, value) -> {
                Object first = value instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : value;
                params.put(decode(String.valueOf(name)), first == null ? "" : decode(String.valueOf(first)));
            });
        } else if (body != null) {
            String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : body.toString();
            for (String pair : text.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    params.putIfAbsent(
                            decode(eq < 0 ? pair : pair.substring(0, eq)),
                            eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        return params;
    }

    /** Decoded text; malformed escapes are kept as sent (the signature then decides). */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
