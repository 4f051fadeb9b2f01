package org.doorway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The page's language: ?lang= first, then the browser's languages, then English. */
class PortalLocaleResolverTest {

    private final PortalLocaleResolver resolver = new PortalLocaleResolver();

    private static MockHttpServletRequest request(String query, String acceptLanguage) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/refer/demo");
        request.setQueryString(query);
        if (acceptLanguage != null) {
            request.addHeader("Accept-Language", acceptLanguage);
        }
        return request;
    }

    @Test
    void theLanguageLinkWinsOverTheBrowser() {
        assertThat(resolver.resolveLocale(request("partner=HARBOR&lang=es", "en-US,en;q=0.9"))
                        .getLanguage())
                .isEqualTo("es");
        assertThat(resolver.resolveLocale(request("lang=en", "es-MX")).getLanguage())
                .isEqualTo("en");
    }

    @Test
    void theBrowsersFirstSupportedLanguageIsUsed() {
        assertThat(resolver.resolveLocale(request(null, "fr-CA,es-MX;q=0.8,en;q=0.5"))
                        .getLanguage())
                .isEqualTo("es");
        assertThat(resolver.resolveLocale(request(null, "es-419")).getLanguage())
                .isEqualTo("es");
    }

    @Test
    void englishOtherwise() {
        assertThat(resolver.resolveLocale(request("lang=xx", "fr"))).isEqualTo(Locale.ENGLISH);
        assertThat(resolver.resolveLocale(request("lang=%zz", null))).isEqualTo(Locale.ENGLISH);
        assertThat(resolver.resolveLocale(request(null, null))).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void neverReadsARequestBody() {
        MockHttpServletRequest webhook = new MockHttpServletRequest("POST", "/webhooks/twilio/sms");
        webhook.setContentType("application/x-www-form-urlencoded");
        webhook.addParameter("lang", "es"); // a form field, not in the address

        assertThat(resolver.resolveLocale(webhook)).isEqualTo(Locale.ENGLISH);
    }
}
