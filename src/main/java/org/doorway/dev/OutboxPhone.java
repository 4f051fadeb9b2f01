package org.doorway.dev;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.doorway.system.Background;
import org.doorway.system.DoorwayProperties;
import org.doorway.system.OutboxMode;
import org.doorway.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Plays Twilio's part towards Doorway for the local outbox: posts delivery reports and phones'
 * replies to Doorway's webhooks with the form fields Twilio sends and a valid
 * {@code X-Twilio-Signature}, computed for the public URL (as Twilio signs) but delivered to this
 * process's own port.
 */
@Component
@Conditional(OutboxMode.class)
class OutboxPhone implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxPhone.class);
    private static final Pattern MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);

    private final OutboxMessages messages;
    private final DoorwayProperties properties;
    private final Environment environment;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Background background;
    private volatile boolean closed;

    OutboxPhone(OutboxMessages messages, DoorwayProperties properties, Environment environment, Background background) {
        this.messages = messages;
        this.background = background;
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Reports a message sent, then delivered, to its status callback, as Twilio would shortly after:
     * sent at 150 ms, delivered 250 ms after the sent report has been answered (never before it).
     */
    void reportDelivery(String sid, String accountSid, String from, String to, String statusCallback) {
        background.once("outbox-delivery", Duration.ofMillis(150), () -> {
            report(sid, accountSid, from, to, statusCallback, "sent");
            background.once(
                    "outbox-delivery",
                    Duration.ofMillis(250),
                    () -> report(sid, accountSid, from, to, statusCallback, "delivered"));
        });
    }

    private void report(String sid, String accountSid, String from, String to, String statusCallback, String status) {
        if (closed) {
            return;
        }
        messages.setStatus(sid, status);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", accountSid);
        params.put("ApiVersion", "2010-04-01");
        params.put("From", from);
        params.put("MessageSid", sid);
        params.put("MessageStatus", status);
        params.put("SmsSid", sid);
        params.put("SmsStatus", status);
        params.put("To", to);
        post(statusCallback, params);
    }

    private final java.util.Map<String, String> callCallbacks = new java.util.concurrent.ConcurrentHashMap<>();

    /** Where a call's progress is to be reported when it ends. */
    void remember(String callSid, String statusCallback) {
        if (statusCallback != null) {
            callCallbacks.put(callSid, statusCallback);
        }
    }

    /**
     * Presses {@code digit} on a page call, as its callee would: posts Twilio's Gather webhook to the
     * call's answer URL, records what Doorway says back, and ends the call (reporting it completed).
     */
    void press(String callSid, String digit) {
        OutboxMessages.Message call = messages.find(callSid).orElseThrow();
        if (call.answerUrl() == null) {
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", "AC00000000000000000000000000000000");
        params.put("ApiVersion", "2010-04-01");
        params.put("CallSid", callSid);
        params.put("CallStatus", "in-progress");
        params.put("Digits", digit);
        params.put("Direction", "outbound-api");
        params.put("From", call.from());
        params.put("To", call.to());
        messages.add(
                "SM" + UUID.randomUUID().toString().replace("-", ""),
                "INBOUND",
                call.to(),
                call.from(),
                "(pressed " + digit + " on the call)",
                "received");
        String twiml = post(call.answerUrl(), params);
        if (twiml != null) {
            Matcher said = Pattern.compile("<Say>(.*?)</Say>", Pattern.DOTALL).matcher(twiml);
            while (said.find()) {
                messages.add(
                        "SM" + UUID.randomUUID().toString().replace("-", ""),
                        "OUTBOUND",
                        call.from(),
                        call.to(),
                        "(said on the call) " + HtmlUtils.htmlUnescape(said.group(1)),
                        "delivered");
            }
        }
        messages.setStatus(callSid, "completed");
        String callback = callCallbacks.remove(callSid);
        if (callback != null) {
            Map<String, String> status = new LinkedHashMap<>();
            status.put("AccountSid", "AC00000000000000000000000000000000");
            status.put("CallSid", callSid);
            status.put("CallStatus", "completed");
            status.put("From", call.from());
            status.put("To", call.to());
            post(callback, status);
        }
    }

    /**
     * Delivers {@code body} as an SMS from {@code phone} to Doorway's number, and records Doorway's
     * TwiML answer as the message Twilio would then send back.
     */
    void reply(String phone, String body) {
        String doorwayNumber = properties.twilio().fromNumber();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        messages.add(sid, "INBOUND", phone, doorwayNumber, body, "received");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", sid);
        params.put("NumMedia", "0");
        params.put("SmsSid", sid);
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("FromCountry", "US");
        params.put("To", doorwayNumber);
        params.put("NumSegments", "1");
        params.put("MessageSid", sid);
        params.put("AccountSid", "AC00000000000000000000000000000000");
        params.put("From", phone);
        params.put("ApiVersion", "2010-04-01");
        String twiml = post(properties.publicBaseUrl() + "/webhooks/twilio/sms", params);
        if (twiml != null) {
            Matcher answer = MESSAGE.matcher(twiml);
            while (answer.find()) {
                String text = HtmlUtils.htmlUnescape(answer.group(1));
                messages.add(
                        "SM" + UUID.randomUUID().toString().replace("-", ""),
                        "OUTBOUND",
                        doorwayNumber,
                        phone,
                        text,
                        "delivered");
            }
        }
    }

    /** Posts a signed webhook; returns the response body, or null if it failed. */
    private String post(String publicUrl, Map<String, String> params) {
        String signature = TwilioWebhookSignature.sign(properties.twilio().authToken(), publicUrl, params);
        URI target = URI.create(publicUrl);
        URI local = URI.create("http://localhost:" + environment.getProperty("local.server.port", "8080")
                + target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
        String form = params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(local)
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                            .header("X-Twilio-Signature", signature)
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                log.warn("Outbox webhook to {} answered {}", local.getPath(), response.statusCode());
            }
            return response.body();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Outbox webhook to {} failed: {}", local.getPath(), SafeLog.describe(e));
            return null;
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Reports still due are not sent once closed. */
    @Override
    public void close() {
        closed = true;
    }
}
