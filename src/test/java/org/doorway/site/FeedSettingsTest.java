package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorway.site.SiteYaml.SITE;
import static org.doorway.site.SiteYaml.edit;
import static org.doorway.site.SiteYaml.read;
import static org.doorway.site.SiteYaml.refusal;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A site's feed settings: each source's rhythm ({@code expect-every}) and its administrator's phone. */
class FeedSettingsTest {

    private static final String WATCHED = edit(SITE, "  - name: cad\n", "  - name: cad\n    expect-every: PT30M\n");

    @Test
    void aSourceWithARhythmIsWatchedAndOneWithoutIsNot() {
        Site site = read(WATCHED);

        assertThat(site.source("cad").orElseThrow().rhythm()).contains(Duration.ofMinutes(30));
        assertThat(site.source("kafka:doorway.eido").orElseThrow().rhythm()).isEmpty();
    }

    @Test
    void aSourceIsRecordedUnderItsChannel() {
        Site site = read(SITE);

        assertThat(site.source("cad").orElseThrow().channel()).isEqualTo("http:cad");
        assertThat(site.source("kafka:doorway.eido").orElseThrow().channel()).isEqualTo("kafka:doorway.eido");
    }

    @Test
    void theAdministratorsPhoneIsReadAndIsOptional() {
        assertThat(read(SITE).administrator()).isEmpty();
        Site site = read(edit(
                SITE,
                "time-zone: America/Los_Angeles\n",
                "time-zone: America/Los_Angeles\nadministrator:\n  phone: \"+12065550199\"\n"));

        assertThat(site.administrator()).contains("+12065550199");
    }

    @Test
    void aRhythmThatIsNotAPositiveDurationIsRefusedNamingItsField() {
        assertThat(refusal(edit(WATCHED, "expect-every: PT30M", "expect-every: half an hour")))
                .contains("sources[0].expect-every")
                .contains("not an ISO-8601 duration");
        assertThat(refusal(edit(WATCHED, "expect-every: PT30M", "expect-every: PT0S")))
                .contains("sources[0].expect-every");
    }

    @Test
    void anAdministratorPhoneThatIsNotE164IsRefused() {
        assertThat(refusal(edit(
                        SITE,
                        "time-zone: America/Los_Angeles\n",
                        "time-zone: America/Los_Angeles\nadministrator:\n  phone: \"555 0199\"\n")))
                .contains("administrator.phone")
                .contains("E.164");
    }
}
