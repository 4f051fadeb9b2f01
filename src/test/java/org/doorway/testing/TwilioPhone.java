package org.doorway.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.doorway.dev.TwilioWebhookSignature;

/**
 * Plays Twilio's webhooks towards a running Doorway: a phone's SMS reply and delivery reports,
 * with the form fields Twilio sends and a signature for Doorway's public URL (which is not the
 * local address the request actually goes to, as behind a proxy).
 *
 * @param localBaseUrl  where Doorway listens in the test, e.g. {@code http://localhost:PORT}
 * @param publicBaseUrl the address Doorway is configured to be reached at, which Twilio signs
 * @param authToken     the auth token to sign with
 */
public record TwilioPhone(String localBaseUrl, String publicBaseUrl, String authToken) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A webhook's answer. */
    public record Answer(int status, String body) {}

    /** Sends an SMS from {@code from} to Doorway's number; returns Doorway's TwiML answer. */
    public Answer reply(String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", sid);
        params.put("NumMedia", "0");
        params.put("SmsSid", sid);
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("To", FakeTwilio.FROM_NUMBER);
        params.put("NumSegments", "1");
        params.put("MessageSid", sid);
        params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        return post("/webhooks/twilio/sms", params, sign("/webhooks/twilio/sms", params));
    }

    /** Reports a delivery status for a message, as Twilio's status callback does. */
    public Answer report(String messageSid, String to, String status, String errorCode) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        params.put("ApiVersion", "2010-04-01");
        params.put("From", FakeTwilio.FROM_NUMBER);
        params.put("MessageSid", messageSid);
        params.put("MessageStatus", status);
        params.put("SmsSid", messageSid);
        params.put("SmsStatus", status);
        params.put("To", to);
        if (errorCode != null) {
            params.put("ErrorCode", errorCode);
        }
        return post("/webhooks/twilio/status", params, sign("/webhooks/twilio/status", params));
    }

    /** The signature Twilio would put on a POST to this path of Doorway's public URL. */
    public String sign(String path, Map<String, String> params) {
        return TwilioWebhookSignature.sign(authToken, publicBaseUrl + path, params);
    }

    /** Posts a form with the given signature (or none, if null). */
    public Answer post(String path, Map<String, String> params, String signature) {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(localBaseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
