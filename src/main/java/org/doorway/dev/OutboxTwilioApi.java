package org.doorway.dev;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.doorway.system.DoorwayProperties;
import org.doorway.system.OutboxMode;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The part of Twilio's Messages API that Doorway uses, answered locally when no Twilio account is
 * configured: the Twilio SDK posts here instead of to api.twilio.com. A message is kept in the
 * outbox, answered as Twilio answers ({@code 201} with the message resource), and then reported
 * {@code sent} and {@code delivered} to its status callback with a valid Twilio signature.
 */
@RestController
@Conditional(OutboxMode.class)
class OutboxTwilioApi {

    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final OutboxMessages messages;
    private final OutboxPhone phone;
    private final DoorwayProperties.Twilio twilio;

    OutboxTwilioApi(OutboxMessages messages, OutboxPhone phone, DoorwayProperties properties) {
        this.messages = messages;
        this.phone = phone;
        this.twilio = properties.twilio();
    }

    private boolean authenticated(String accountSid, HttpServletRequest request) {
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((accountSid + ":" + twilio.authToken()).getBytes(StandardCharsets.UTF_8));
        String presented = request.getHeader("Authorization");
        // Constant time: how long the answer takes says nothing about how much of it was right.
        return presented != null
                && java.security.MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<Map<String, Object>> unauthorized() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .body(Map.of("code", 20003, "message", "Authenticate", "status", 401));
    }

    /**
     * A page call: kept in the outbox with what it says and where a key press goes; the outbox page
     * offers the keys. Answered as Twilio answers ({@code 201} with the call resource).
     */
    @PostMapping("/dev/twilio/2010-04-01/Accounts/{accountSid}/Calls.json")
    ResponseEntity<Map<String, Object>> createCall(
            @PathVariable String accountSid,
            @RequestParam MultiValueMap<String, String> form,
            HttpServletRequest request) {
        if (!authenticated(accountSid, request)) {
            return unauthorized();
        }
        String to = form.getFirst("To");
        String from = form.getFirst("From");
        String twiml = form.getFirst("Twiml");
        if (to == null || from == null || twiml == null) {
            return ResponseEntity.badRequest()
                    .body(Map.of("code", 21205, "message", "To, From and Twiml are required", "status", 400));
        }
        java.util.regex.Matcher say =
                java.util.regex.Pattern.compile("<Say>(.*?)</Say>").matcher(twiml);
        java.util.regex.Matcher action =
                java.util.regex.Pattern.compile("action=\"([^\"]*)\"").matcher(twiml);
        String spoken = say.find() ? org.springframework.web.util.HtmlUtils.htmlUnescape(say.group(1)) : "";
        String answerUrl = action.find() ? org.springframework.web.util.HtmlUtils.htmlUnescape(action.group(1)) : null;
        String sid = "CA" + UUID.randomUUID().toString().replace("-", "");
        messages.add(sid, "CALL", from, to, spoken, "ringing", answerUrl);
        phone.remember(sid, form.getFirst("StatusCallback"));
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("account_sid", accountSid);
        resource.put("api_version", "2010-04-01");
        resource.put("direction", "outbound-api");
        resource.put("from", from);
        resource.put("sid", sid);
        resource.put("status", "queued");
        resource.put("to", to);
        resource.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Calls/" + sid + ".json");
        return ResponseEntity.status(HttpStatus.CREATED).body(resource);
    }

    @PostMapping("/dev/twilio/2010-04-01/Accounts/{accountSid}/Messages.json")
    ResponseEntity<Map<String, Object>> createMessage(
            @PathVariable String accountSid,
            @RequestParam MultiValueMap<String, String> form,
            HttpServletRequest request) {
        if (!authenticated(accountSid, request)) {
            return unauthorized();
        }
        String to = form.getFirst("To");
        String from = form.getFirst("From");
        String body = form.getFirst("Body");
        if (to == null || from == null || body == null) {
            return ResponseEntity.badRequest()
                    .body(Map.of("code", 21604, "message", "To, From and Body are required", "status", 400));
        }
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        messages.add(sid, "OUTBOUND", from, to, body, "queued");
        String callback = form.getFirst("StatusCallback");
        if (callback != null) {
            phone.reportDelivery(sid, accountSid, from, to, callback);
        }
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(RFC_2822);
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("account_sid", accountSid);
        resource.put("api_version", "2010-04-01");
        resource.put("body", body);
        resource.put("date_created", now);
        resource.put("date_updated", now);
        resource.put("date_sent", null);
        resource.put("direction", "outbound-api");
        resource.put("error_code", null);
        resource.put("error_message", null);
        resource.put("from", from);
        resource.put("num_media", "0");
        resource.put("num_segments", "1");
        resource.put("sid", sid);
        resource.put("status", "queued");
        resource.put("to", to);
        resource.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
        return ResponseEntity.status(HttpStatus.CREATED).body(resource);
    }
}
