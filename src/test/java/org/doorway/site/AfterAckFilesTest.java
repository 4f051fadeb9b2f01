package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorway.site.SiteYaml.FILE;
import static org.doorway.site.SiteYaml.SITE;
import static org.doorway.site.SiteYaml.edit;
import static org.doorway.site.SiteYaml.lineOf;
import static org.doorway.site.SiteYaml.read;
import static org.doorway.site.SiteYaml.refusal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.doorway.referral.Door;
import org.junit.jupiter.api.Test;

/**
 * After the ack, as a site file says it: the arrival watch's {@code arrival-grace},
 * {@code eta-if-none} and {@code still-coming-wait}, and the {@code near-target} alert.
 */
class AfterAckFilesTest {

    private static final String TIMEOUT = "  en-route-timeout: PT15M\n";

    @Test
    void withNothingSaidArrivalIsWatchedWithTheDefaultsAndNobodyIsAlertedNearTheTarget() {
        EscalationPolicy.AfterAck afterAck = read(SITE).escalation().afterAck();

        assertThat(afterAck.arrivalGrace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(afterAck.etaIfNone()).isEqualTo(Duration.ofMinutes(20));
        assertThat(afterAck.stillComingWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(afterAck.nearTargetLayers()).isEmpty();
    }

    @Test
    void readsTheArrivalWatchAndTheNearTargetAlertOfTheSiteAndOfADoor() {
        String site = edit(SITE, TIMEOUT, TIMEOUT + """
                          arrival-grace: PT7M
                          eta-if-none: PT25M
                          still-coming-wait: PT3M
                          near-target: {after: PT15M, notify: [supervisor, backup]}
                        """);
        site = edit(site, "    community:\n", """
                    community:
                      near-target: {notify: supervisor}
                """);

        Site read = read(site);
        EscalationPolicy.AfterAck afterAck = read.escalation().afterAck();
        assertThat(afterAck.arrivalGrace()).isEqualTo(Duration.ofMinutes(7));
        assertThat(afterAck.etaIfNone()).isEqualTo(Duration.ofMinutes(25));
        assertThat(afterAck.stillComingWait()).isEqualTo(Duration.ofMinutes(3));
        assertThat(afterAck.nearTargetAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(afterAck.nearTargetLayers()).containsExactly("supervisor", "backup");
        EscalationPolicy.AfterAck community = read.escalation(Door.COMMUNITY).afterAck();
        assertThat(community.nearTargetAfter())
                .as("minute 20 of 30 unless said")
                .isEqualTo(Duration.ofMinutes(20));
        assertThat(community.nearTargetLayers()).containsExactly("supervisor");
        assertThat(community.arrivalGrace()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void refusesANearTargetAlertToNobodyOrToAnUnknownLayerAndTimesThatAreNotPositive() {
        String site = edit(SITE, TIMEOUT, TIMEOUT + """
                          arrival-grace: PT0S
                          still-coming-wait: soon
                          near-target: {after: PT20M, notify: supervisr}
                        """);
        site = edit(site, "    community:\n", """
                    community:
                      near-target: {after: PT20M}
                """);

        assertThat(refusal(site))
                .contains(FILE + ": line " + lineOf(site, "arrival-grace")
                        + ": escalation.arrival-grace: must be positive")
                .contains("escalation.still-coming-wait: 'soon' is not an ISO-8601 duration")
                .contains("escalation.near-target.notify: 'supervisr' is not a layer in schedules")
                .contains("escalation.doors.community.near-target.notify: required");
    }

    @Test
    void theArrivalTestSiteAlertsItsSupervisorAtTheDefaultMinute() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/sites/arrival/site.yaml"))) {
            EscalationPolicy.AfterAck afterAck =
                    SiteFiles.read("arrival", in).escalation().afterAck();
            assertThat(afterAck.nearTargetAfter()).isEqualTo(Duration.ofMinutes(20));
            assertThat(afterAck.nearTargetLayers()).isEqualTo(List.of("supervisor"));
            assertThat(afterAck.arrivalGrace()).isEqualTo(Duration.ofMinutes(10));
        }
    }
}
