package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorway.site.SiteYaml.FILE;
import static org.doorway.site.SiteYaml.SITE;
import static org.doorway.site.SiteYaml.edit;
import static org.doorway.site.SiteYaml.read;
import static org.doorway.site.SiteYaml.refusal;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A site's own pace windows ({@code pace} in site.yaml): optional, each part on its own. */
class SitePaceTest {

    private static String withPace(String pace) {
        return edit(SITE, "officers:\n", "pace:\n" + pace + "officers:\n");
    }

    @Test
    void aSiteWithoutPaceKeepsEveryDefault() {
        assertThat(read(SITE).pace()).isEqualTo(Site.Pace.DEFAULTS);
    }

    @Test
    void readsEachPartASiteSets() {
        Site site = read(withPace("  texts-per-phone: 3\n  text-window: PT10M\n  call-gap: PT2M\n"));

        assertThat(site.pace()).isEqualTo(new Site.Pace(3, Duration.ofMinutes(10), Duration.ofMinutes(2)));
    }

    @Test
    void aPartLeftOutIsTheDefault() {
        Site site = read(withPace("  call-gap: PT5M\n"));

        assertThat(site.pace()).isEqualTo(new Site.Pace(null, null, Duration.ofMinutes(5)));
    }

    @Test
    void refusesNoTextsAtAllAndWindowsThatAreNotPositiveDurations() {
        String message = refusal(withPace("  texts-per-phone: 0\n  text-window: 10 minutes\n  call-gap: PT0S\n"));

        assertThat(message)
                .contains(FILE)
                .contains("pace.texts-per-phone: must be at least 1")
                .contains("pace.text-window: '10 minutes' is not an ISO-8601 duration")
                .contains("pace.call-gap: must be positive");
    }

    @Test
    void refusesAnUnknownPacePart() {
        assertThat(refusal(withPace("  texts-per-minute: 3\n"))).contains("unknown field 'texts-per-minute'");
    }
}
