package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorway.dev.TwilioWebhookSignature;
import org.doorway.paging.twilio.TwilioSignature;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    private static final String TOKEN = "test-auth-token-0123456789abcdef";

    /** The sample's request URL and its body (the line after the {@code # body} comment). */
    private record Sample(String url, String body) {}

    private static Sample inboundSms() {
        String text = new String(SharedSamples.read("twilio-inbound-sms-webhook-real.txt"), StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        String url = lines.stream()
                .filter(l -> l.startsWith("# request_url:"))
                .findFirst()
                .orElseThrow()
                .substring("# request_url:".length())
                .strip();
        int comment = 0;
        while (!lines.get(comment).startsWith("# body")) {
            comment++;
        }
        return new Sample(url, lines.get(comment + 1));
    }

    @Test
    void twilioValidatorAcceptsOurSignatureOfTheRealInboundSmsWebhook() {
        Sample sample = inboundSms();
        assertThat(sample.body()).contains("%2B", "+", "%21");
        Map<String, String> params = TwilioSignature.formParameters(sample.body());

        String signature = TwilioWebhookSignature.sign(TOKEN, sample.url(), params);

        assertThat(params)
                .containsEntry("Body", "twilio-go testing!")
                .containsEntry("From", "+19253920364")
                .containsEntry("To", "+19253920364")
                .hasSize(19);
        assertThat(new RequestValidator(TOKEN).validate(sample.url(), params, signature))
                .isTrue();
    }

    @Test
    void twilioValidatorRejectsOurSignatureWhenAParameterTheUrlOrTheTokenChanges() {
        Sample sample = inboundSms();
        Map<String, String> params = TwilioSignature.formParameters(sample.body());
        String signature = TwilioWebhookSignature.sign(TOKEN, sample.url(), params);
        RequestValidator validator = new RequestValidator(TOKEN);

        Map<String, String> otherBody = new LinkedHashMap<>(params);
        otherBody.put("Body", "twilio-go testing?");
        Map<String, String> otherFrom = new LinkedHashMap<>(params);
        otherFrom.put("From", "+19253920365");
        Map<String, String> otherNumMedia = new LinkedHashMap<>(params);
        otherNumMedia.put("NumMedia", "1");
        Map<String, String> extra = new LinkedHashMap<>(params);
        extra.put("MediaUrl0", "https://example.com/x.jpg");
        Map<String, String> stillEncoded = new LinkedHashMap<>(params);
        stillEncoded.put("Body", "twilio-go+testing%21");

        assertThat(validator.validate(sample.url(), otherBody, signature)).isFalse();
        assertThat(validator.validate(sample.url(), otherFrom, signature)).isFalse();
        assertThat(validator.validate(sample.url(), otherNumMedia, signature)).isFalse();
        assertThat(validator.validate(sample.url(), extra, signature)).isFalse();
        assertThat(validator.validate(sample.url(), stillEncoded, signature)).isFalse();
        assertThat(validator.validate(sample.url().replace("zombo.php", "other.php"), params, signature))
                .isFalse();
        assertThat(validator.validate(sample.url() + "?x=1", params, signature)).isFalse();
        assertThat(validator.validate(sample.url().replace("https:", "http:"), params, signature))
                .isFalse();
        assertThat(new RequestValidator(TOKEN + "x").validate(sample.url(), params, signature))
                .isFalse();
    }

    @Test
    void decodesTheMapCamelHandsOverWithValuesStillUrlEncoded() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("From", "%2B19253920364");
        raw.put("Body", "twilio-go+testing%21");

        assertThat(TwilioSignature.formParameters(raw))
                .containsExactly(Map.entry("From", "+19253920364"), Map.entry("Body", "twilio-go testing!"));
    }

    @Test
    void decodesARawEncodedBodyGivenAsTextOrBytes() {
        String body = "From=%2B19253920364&Body=twilio-go+testing%21&Empty=&Flag";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("From", "+19253920364");
        expected.put("Body", "twilio-go testing!");
        expected.put("Empty", "");
        expected.put("Flag", "");

        assertThat(TwilioSignature.formParameters(body)).containsExactlyEntriesOf(expected);
        assertThat(TwilioSignature.formParameters(body.getBytes(StandardCharsets.UTF_8)))
                .containsExactlyEntriesOf(expected);
    }

    @Test
    void decodesExactlyOnce() {
        assertThat(TwilioSignature.formParameters(Map.of("Body", "100%2525")))
                .containsExactly(Map.entry("Body", "100%25"));
        assertThat(TwilioSignature.formParameters("Body=100%2525")).containsExactly(Map.entry("Body", "100%25"));
    }

    @Test
    void decodesUtf8Text() {
        assertThat(TwilioSignature.formParameters("Body=caf%C3%A9+%F0%9F%98%80"))
                .containsExactly(Map.entry("Body", "café 😀"));
    }

    @Test
    void takesTheFirstValueOfARepeatedKeyGivenAsAList() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("Body", List.of("first%21", "second"));
        raw.put("From", "%2B12065550101");

        assertThat(TwilioSignature.formParameters(raw))
                .containsExactly(Map.entry("Body", "first!"), Map.entry("From", "+12065550101"));
    }

    @Test
    void noBodyGivesNoParameters() {
        assertThat(TwilioSignature.formParameters(null)).isEmpty();
        assertThat(TwilioSignature.formParameters("")).isEmpty();
    }

    /**
     * The example from Twilio's webhook security documentation and SDK tests. The brief proposed
     * {@code GvWf1cFY/Q7PnoempGyD5oXAezc=}; Twilio's own validator (SDK 12.1.1) rejects that value and
     * accepts {@code 0/KCTR6DLpKmkAf8muzZqo1nDgQ=}, which is the HMAC-SHA1 of the URL and sorted
     * parameters, so the latter is the vector used here.
     */
    @Test
    void matchesTwilioPublishedTestVector() {
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        Map<String, String> params = Map.of(
                "CallSid", "CA1234567890ABCDE",
                "Caller", "+12349013030",
                "Digits", "1234",
                "From", "+12349013030",
                "To", "+18005551212");
        RequestValidator validator = new RequestValidator("12345");

        assertThat(validator.validate(url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
                .isTrue();
        assertThat(validator.validate(url, params, "GvWf1cFY/Q7PnoempGyD5oXAezc="))
                .isFalse();
        assertThat(TwilioWebhookSignature.sign("12345", url, params)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }
}
