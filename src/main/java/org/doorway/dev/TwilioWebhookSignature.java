package org.doorway.dev;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook the way Twilio does ({@code X-Twilio-Signature}): HMAC-SHA1, keyed with the
 * account's auth token, over the full URL followed by each POST parameter's name and value in name
 * order, Base64-encoded. Used by the local outbox (and tests) to call Doorway exactly as Twilio
 * would; Doorway itself checks signatures with Twilio's own validator.
 */
public final class TwilioWebhookSignature {

    private TwilioWebhookSignature() {}

    /** The signature of a POST to {@code url} with these form parameters. */
    public static String sign(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
