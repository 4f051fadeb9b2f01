package org.doorway.referral;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which callbacks may become a link for staff, and the link each one becomes. */
class CallbacksTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "tel:+12065550142           | tel:+12065550142",
                "TEL:+12065550142           | tel:+12065550142",
                "Tel:+1-206-555-0142        | tel:+12065550142",
                "tel:+1.206.555.0142        | tel:+12065550142",
                "tel:+1(206)555-0142        | tel:+12065550142",
                "tel:2065550142             | tel:+12065550142",
                "tel:8195551212             | tel:+18195551212",
                "tel:+12065550142;ext=12    | tel:+12065550142",
                "tel:+442079460000          | tel:+442079460000",
                "'  tel:+12065550142  '     | tel:+12065550142",
            })
    void rebuildsAValidTelCallbackFromItsE164Number(String callback, String link) {
        assertThat(Callbacks.tel(callback)).contains(link);
        assertThat(Callbacks.e164(callback)).contains(link.substring("tel:".length()));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "javascript:alert(document.cookie)",
                "JavaScript:alert(1)//tel:+12065550142",
                "tel:javascript:alert(1)",
                "tel:+12065550142\"><img src=x onerror=alert(1)>",
                "tel:+12065550142<script>alert(1)</script>",
                "tel:+12065550142 onmouseover=alert(1)",
                "tel:+12065550142%22%3E",
                "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)",
                "sip:dispatch@psap.example",
                "mailto:someone@example.org",
                "https://example.org/?tel:+12065550142",
                "+12065550142",
                "2065550142",
                "tel:",
                "tel:+",
                "tel:911",
                "tel:+1206555",
                "tel:+999123456789",
                "tel:111111111",
                "tel:{{7*7}}",
                "tel:[[${T(java.lang.Runtime)}]]",
            })
    void offersNoLinkForAnythingButAValidTelNumber(String callback) {
        assertThat(Callbacks.tel(callback)).isEmpty();
        assertThat(Callbacks.e164(callback)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void refusesAnOverlongCallbackWithoutReadingIt() {
        assertThat(Callbacks.tel("tel:+12065550142;x=" + "1".repeat(10_000))).isEmpty();
    }
}
