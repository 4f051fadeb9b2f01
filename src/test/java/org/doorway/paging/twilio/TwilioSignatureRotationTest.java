package org.doorway.paging.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.util.Map;
import org.doorway.dev.TwilioWebhookSignature;
import org.junit.jupiter.api.Test;

/** While Twilio's auth token is rotated, webhooks signed with either token are accepted. */
class TwilioSignatureRotationTest {

    private static final String URL = "https://doorway.example.test/webhooks/twilio/sms";
    private static final Map<String, String> PARAMS = Map.of("From", "+12065550101", "Body", "1a");
    private static final String CURRENT = "0123456789abcdef0123456789abcdef";
    private static final String SECONDARY = "fedcba9876543210fedcba9876543210";

    @Test
    void duringARotationEitherTokenSignsAndNoOtherDoes() {
        TwilioSignature rotating = new TwilioSignature(new RequestValidator(CURRENT), SECONDARY, URL);

        assertThat(rotating.valid(URL, PARAMS, TwilioWebhookSignature.sign(CURRENT, URL, PARAMS)))
                .isTrue();
        assertThat(rotating.valid(URL, PARAMS, TwilioWebhookSignature.sign(SECONDARY, URL, PARAMS)))
                .isTrue();
        assertThat(rotating.valid(URL, PARAMS, TwilioWebhookSignature.sign("another-token", URL, PARAMS)))
                .isFalse();
        assertThat(rotating.valid(URL, PARAMS, null)).isFalse();
    }

    @Test
    void withoutASecondaryOnlyTheCurrentTokenSigns() {
        TwilioSignature single = new TwilioSignature(new RequestValidator(CURRENT), "", URL);

        assertThat(single.valid(URL, PARAMS, TwilioWebhookSignature.sign(CURRENT, URL, PARAMS)))
                .isTrue();
        assertThat(single.valid(URL, PARAMS, TwilioWebhookSignature.sign(SECONDARY, URL, PARAMS)))
                .isFalse();
    }
}
