package org.doorway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A case manager's (or officer's) phone in a test, in GoAlert's manner: it expects the next
 * message Doorway sends it, replies as its owner would, and reads Doorway's answer.
 * <pre>{@code
 * phone("+12065550101").expectSms("LEAD " + ref).reply("1a").expectReply("acknowledged");
 * }</pre>
 * Each expectation consumes the message it found, so the next one waits for a newer message.
 */
public final class PhoneDevice {

    private static final Pattern MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);
    private static final Pattern SAY = Pattern.compile("<Say>(.*?)</Say>", Pattern.DOTALL);
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

    private final String number;
    private final FakeTwilio twilio;
    private final TwilioPhone webhooks;
    private final Set<String> seen = new HashSet<>();

    public PhoneDevice(String number, FakeTwilio twilio, TwilioPhone webhooks) {
        this.number = number;
        this.twilio = twilio;
        this.webhooks = webhooks;
    }

    public String number() {
        return number;
    }

    /** Waits (up to 10 s) for a new SMS to this phone containing every one of {@code texts}. */
    public Received expectSms(String... texts) {
        FakeTwilio.Sms sms = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> find(texts), Optional::isPresent)
                .orElseThrow();
        seen.add(sms.sid());
        return new Received(sms.body());
    }

    /** Asserts that no new SMS containing {@code texts} reaches this phone within {@code wait}. */
    public void expectNoSms(Duration wait, String... texts) {
        await().pollDelay(wait).until(() -> true);
        assertThat(find(texts))
                .as("no new SMS to %s containing %s", number, List.of(texts))
                .isEmpty();
    }

    /** Waits (up to 10 s) for a new call to this phone whose words contain every one of {@code texts}. */
    public Call expectCall(String... texts) {
        FakeTwilio.VoiceCall call = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> twilio.calls().stream()
                                .filter(c -> number.equals(c.to()) && !seen.contains(c.sid()))
                                .filter(c -> List.of(texts).stream().allMatch(c.twiml()::contains))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        seen.add(call.sid());
        return new Call(call);
    }

    /** Sends an SMS from this phone to Doorway; returns Doorway's answer. */
    public Replied send(String body) {
        TwilioPhone.Answer answer = webhooks.reply(number, body);
        assertThat(answer.status()).as("webhook answer").isEqualTo(200);
        Matcher message = MESSAGE.matcher(answer.body());
        return new Replied(
                message.find() ? org.springframework.web.util.HtmlUtils.htmlUnescape(message.group(1)) : null);
    }

    private Optional<FakeTwilio.Sms> find(String... texts) {
        return twilio.sent().stream()
                .filter(s -> number.equals(s.to()) && !seen.contains(s.sid()))
                .filter(s -> List.of(texts).stream().allMatch(s.body()::contains))
                .findFirst();
    }

    /** An SMS the phone received. */
    public final class Received {
        private final String body;

        Received(String body) {
            this.body = body;
        }

        public String body() {
            return body;
        }

        /** The page's reply code ("Reply 3a …" → 3). */
        public int code() {
            Matcher code = Pattern.compile("Reply (\\d+)a\\b").matcher(body);
            assertThat(code.find()).as("a reply code in %s", body).isTrue();
            return Integer.parseInt(code.group(1));
        }

        /** Replies to it; {@code {code}} in the text stands for the page's reply code. */
        public Replied reply(String text) {
            return send(text.contains("{code}") ? text.replace("{code}", String.valueOf(code())) : text);
        }
    }

    /** Doorway's answer to an SMS. */
    public final class Replied {
        private final String text;

        Replied(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** Asserts the answer contains every one of {@code texts}; returns the phone for more. */
        public PhoneDevice expectReply(String... texts) {
            assertThat(text).as("Doorway's answer").isNotNull();
            for (String t : texts) {
                assertThat(text).contains(t);
            }
            return PhoneDevice.this;
        }

        /** Asserts Doorway did not answer. */
        public PhoneDevice expectNoReply() {
            assertThat(text).as("Doorway's answer").isNull();
            return PhoneDevice.this;
        }
    }

    /** A call the phone received. */
    public final class Call {
        private final FakeTwilio.VoiceCall call;

        Call(FakeTwilio.VoiceCall call) {
            this.call = call;
        }

        public String words() {
            Matcher say = SAY.matcher(call.twiml());
            return say.find() ? say.group(1) : "";
        }

        /** Presses a key, as Twilio's Gather posts it; returns what Doorway says back. */
        public String press(String digit) {
            Matcher action = ACTION.matcher(call.twiml());
            assertThat(action.find()).as("the call gathers a key").isTrue();
            String url = action.group(1).replace("&amp;", "&");
            String path = url.substring(webhooks.publicBaseUrl().length());
            java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
            params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
            params.put("CallSid", call.sid());
            params.put("Digits", digit);
            params.put("From", FakeTwilio.FROM_NUMBER);
            params.put("To", number);
            TwilioPhone.Answer answer = webhooks.post(path, params, webhooks.sign(path, params));
            assertThat(answer.status()).isEqualTo(200);
            Matcher said = SAY.matcher(answer.body());
            return said.find() ? said.group(1) : "";
        }
    }
}
