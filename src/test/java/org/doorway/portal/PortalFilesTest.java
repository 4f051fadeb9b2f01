package org.doorway.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** Portal settings files: the demo's reads as documented, a broken one is refused with reasons. */
class PortalFilesTest {

    private static PortalSettings read(String yaml) {
        return PortalFiles.read("test/portal.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theDemoSitesPortalHasFictionalPartnersTheCrisisNumbersAnd211() throws Exception {
        PortalSettings demo =
                PortalFiles.read("demo", new ClassPathResource("sites/demo/portal.yaml").getInputStream());

        assertThat(demo.site()).isEqualTo("demo");
        assertThat(demo.accepting()).isTrue();
        assertThat(demo.partners().keySet()).containsExactly("HARBOR", "LIBRARY", "MERCHANTS");
        assertThat(demo.partner("harbor")).map(PortalSettings.Partner::name).hasValue("Harbor Street Day Center");
        assertThat(demo.emergencyNumber()).isEqualTo("911");
        assertThat(demo.crisisNumber()).isEqualTo("988");
        assertThat(demo.resources()).singleElement().satisfies(r -> {
            assertThat(r.phone()).isEqualTo("211");
            assertThat(r.label(Locale.forLanguageTag("es"))).startsWith("Ayuda");
            assertThat(r.label(Locale.FRENCH)).startsWith("Help");
        });
        assertThat(demo.rateLimits().perAddress()).isEqualTo(new PortalSettings.Limit(10, Duration.ofHours(1)));
        assertThat(demo.rateLimits().publicForm().window()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void leftOutSettingsHaveSafeDefaults() {
        PortalSettings minimal = read("site: demo\n");

        assertThat(minimal.accepting()).isTrue();
        assertThat(minimal.phoneRegion()).isEqualTo("US");
        assertThat(minimal.partners()).isEmpty();
        assertThat(minimal.questions()).isEqualTo(new PortalSettings.Questions(true, true, true, true));
        assertThat(minimal.emergencyNumber()).isEqualTo("911");
        assertThat(minimal.rateLimits().perAddress().max()).isPositive();
    }

    @Test
    void namesEveryProblemOfABrokenFile() {
        assertThatThrownBy(() -> read("""
                phone-region: XX
                partners:
                  - code: harbor lane
                    name: Harbor
                  - code: PUBLIC
                    name: Not allowed
                  - code: LIB
                resources:
                  - phone: "2-1-1"
                    label: {en: Help}
                rate-limits:
                  per-address: {max: 0, window: PT1S}
                """))
                .isInstanceOf(PortalFiles.InvalidPortalException.class)
                .hasMessageContaining("site: required")
                .hasMessageContaining("phone-region")
                .hasMessageContaining("partners[0].code")
                .hasMessageContaining("partners[1].code: PUBLIC is reserved")
                .hasMessageContaining("partners[2].name: required")
                .hasMessageContaining("resources[0].phone")
                .hasMessageContaining("rate-limits.per-address.max")
                .hasMessageContaining("rate-limits.per-address.window");
    }

    @Test
    void refusesUnknownFields() {
        assertThatThrownBy(() -> read("site: demo\naccepting: true\npartnrs: []\n"))
                .isInstanceOf(PortalFiles.InvalidPortalException.class)
                .hasMessageContaining("partnrs");
    }
}
