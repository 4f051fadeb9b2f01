package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.doorway.site.SiteYaml.FILE;
import static org.doorway.site.SiteYaml.SITE;
import static org.doorway.site.SiteYaml.edit;
import static org.doorway.site.SiteYaml.lineOf;
import static org.doorway.site.SiteYaml.read;
import static org.doorway.site.SiteYaml.refusal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.doorway.referral.Door;
import org.doorway.site.EscalationPolicy.Channel;
import org.doorway.site.EscalationPolicy.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code escalation} part of a site file: steps, repeat, en-route timeout, door policies. */
class EscalationFilesTest {

    private static final String DOORS = """
              doors:
                community:
                  steps:
                    - {delay: PT20M, notify: primary, by: sms}
            """;

    @Test
    void readsStepsWithOneOrSeveralLayersAndChannels() {
        EscalationPolicy policy = read(SITE).escalation();

        assertThat(policy.steps())
                .containsExactly(
                        new Step(Duration.ofMinutes(3), List.of("primary"), Set.of(Channel.SMS)),
                        new Step(
                                Duration.ofMinutes(5),
                                List.of("backup", "supervisor"),
                                Set.of(Channel.SMS, Channel.VOICE)));
        assertThat(policy.steps().get(1).channels()).containsExactly(Channel.SMS, Channel.VOICE);
        assertThat(policy.repeat()).isEqualTo(3);
        assertThat(policy.enRouteTimeout()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void timesEachStepFromTheStartOfItsRound() {
        EscalationPolicy policy = read(SITE).escalation();

        assertThat(policy.startOf(0)).isEqualTo(Duration.ZERO);
        assertThat(policy.startOf(1)).isEqualTo(Duration.ofMinutes(3));
        assertThat(policy.roundLength()).isEqualTo(Duration.ofMinutes(8));
    }

    @Test
    void readsChannelsInAnyCase() {
        EscalationPolicy policy =
                read(edit(SITE, "by: [sms, voice]", "by: [SMS, Voice]")).escalation();

        assertThat(policy.steps().get(1).channels()).containsExactly(Channel.SMS, Channel.VOICE);
    }

    @Test
    void defaultsRepeatToOnceAndTheEnRouteTimeoutToTenMinutes() {
        EscalationPolicy policy =
                read(edit(SITE, "  repeat: 3\n  en-route-timeout: PT15M\n", "")).escalation();

        assertThat(policy.repeat()).isEqualTo(1);
        assertThat(policy.enRouteTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aDoorsPolicyReplacesTheDefaultForThatDoorOnly() {
        Site site = read(SITE);

        EscalationPolicy community = site.escalation(Door.COMMUNITY);
        assertThat(community.steps())
                .containsExactly(new Step(Duration.ofMinutes(20), List.of("primary"), Set.of(Channel.SMS)));
        // a whole policy: it does not inherit the default's repeat or en-route timeout
        assertThat(community.repeat()).isEqualTo(1);
        assertThat(community.enRouteTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(site.escalation(Door.ARREST_DIVERSION)).isEqualTo(site.escalation());
        assertThat(site.escalation(Door.SOCIAL_CONTACT)).isEqualTo(site.escalation());
        assertThat(site.doorEscalations()).containsOnlyKeys(Door.COMMUNITY);
    }

    @Test
    void readsAPolicyForEveryDoor() {
        String site = edit(SITE, DOORS, DOORS + """
                    arrest-diversion:
                      steps:
                        - {delay: PT1M, notify: [primary, backup], by: [sms, voice]}
                      repeat: 5
                      en-route-timeout: PT5M
                    social-contact:
                      steps:
                        - {delay: PT10M, notify: backup, by: voice}
                """);

        Site read = read(site);

        assertThat(read.escalation(Door.ARREST_DIVERSION).repeat()).isEqualTo(5);
        assertThat(read.escalation(Door.ARREST_DIVERSION).enRouteTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(read.escalation(Door.SOCIAL_CONTACT).steps().get(0).layers()).containsExactly("backup");
        assertThat(read.escalation(Door.COMMUNITY).steps().get(0).delay()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void refusesAStepNamingALayerThatDoesNotExist() {
        String site = edit(SITE, "{delay: PT3M, notify: primary, by: sms}", "{delay: PT3M, notify: primray, by: sms}");

        assertThat(refusal(site))
                .contains(
                        FILE + ": line " + lineOf(site, "primray")
                                + ": escalation.steps[0].notify: 'primray' is not a layer in schedules (primary, backup, supervisor)");
    }

    @Test
    void refusesAStepNamingALayerTwice() {
        String message = refusal(edit(SITE, "notify: [backup, supervisor]", "notify: [backup, backup]"));

        assertThat(message).contains("escalation.steps[1].notify[1]: 'backup' named twice");
    }

    @Test
    void refusesAPolicyWithoutSteps() {
        String site = edit(SITE, """
                  steps:
                    - {delay: PT3M, notify: primary, by: sms}
                    - {delay: PT5M, notify: [backup, supervisor], by: [sms, voice]}
                """, "  steps: []\n");

        assertThat(refusal(site))
                .contains(FILE + ": line " + lineOf(site, "steps: []") + ": escalation.steps: needs at least one step");
        String without = edit(site, "  steps: []\n", "");
        assertThat(refusal(without)).contains("escalation.steps: needs at least one step");
    }

    @Test
    void refusesASiteWithoutEscalation() {
        String site = SITE.substring(0, SITE.indexOf("escalation:")) + SITE.substring(SITE.indexOf("officers:"));

        assertThat(refusal(site)).contains(FILE + ": escalation: required");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void refusesRepeatBelowOne(int repeat) {
        String message = refusal(edit(SITE, "repeat: 3", "repeat: " + repeat));

        assertThat(message)
                .contains(FILE + ": line " + lineOf(SITE, "repeat: 3") + ": escalation.repeat: must be at least 1");
    }

    @ParameterizedTest
    @CsvSource({
        "fax,   by: fax,          escalation.steps[0].by: 'fax' is not sms or voice",
        "email, 'by: [sms, email]', escalation.steps[0].by[1]: 'email' is not sms or voice",
    })
    void refusesAnUnknownChannel(String channel, String by, String expected) {
        String message = refusal(
                edit(SITE, "{delay: PT3M, notify: primary, by: sms}", "{delay: PT3M, notify: primary, " + by + "}"));

        assertThat(message).contains(expected);
    }

    @Test
    void refusesAStepWithoutNotifyOrBy() {
        String message = refusal(edit(SITE, "{delay: PT3M, notify: primary, by: sms}", "{delay: PT3M}"));

        assertThat(message).contains("escalation.steps[0].notify: required", "escalation.steps[0].by: required");
    }

    @ParameterizedTest
    @CsvSource({
        "PT0S,  must be positive",
        "-PT1M, must be positive",
        "3m,    '''3m'' is not an ISO-8601 duration such as PT3M or PT30S'",
    })
    void refusesADelayThatIsNotAPositiveDuration(String delay, String reason) {
        String message = refusal(edit(SITE, "delay: PT3M", "delay: " + delay));

        assertThat(message).contains("escalation.steps[0].delay: " + reason);
    }

    @Test
    void refusesAStepWithoutDelay() {
        String message = refusal(edit(SITE, "{delay: PT3M, notify: primary, by: sms}", "{notify: primary, by: sms}"));

        assertThat(message).contains("escalation.steps[0].delay: required");
    }

    @Test
    void refusesANonPositiveEnRouteTimeout() {
        String message = refusal(edit(SITE, "en-route-timeout: PT15M", "en-route-timeout: PT0S"));

        assertThat(message).contains("escalation.en-route-timeout: must be positive");
    }

    @Test
    void refusesAnUnknownDoor() {
        String site = edit(SITE, "    community:\n", "    walk-in:\n");

        assertThat(refusal(site))
                .contains(FILE + ": line " + lineOf(site, "walk-in:")
                        + ": escalation.doors.walk-in: not a door: arrest-diversion, social-contact or community");
    }

    @Test
    void refusesADoorPolicyWithItsOwnProblemsNamingTheDoor() {
        String site =
                edit(SITE, "{delay: PT20M, notify: primary, by: sms}", "{delay: PT20M, notify: nightshift, by: pager}");

        assertThat(refusal(site))
                .contains(
                        "escalation.doors.community.steps[0].notify: 'nightshift' is not a layer in schedules",
                        "escalation.doors.community.steps[0].by: 'pager' is not sms or voice");
    }

    @Test
    void refusesDoorsInsideADoorsPolicy() {
        String site = edit(SITE, DOORS, DOORS + "      doors: {}\n");

        assertThat(refusal(site)).contains("unknown field 'doors' (at escalation.doors.community.doors)");
    }

    @Test
    void refusesAnEmptyDoorPolicyOrStep() {
        assertThat(refusal(edit(SITE, DOORS, "  doors:\n    community:\n")))
                .contains("escalation.doors.community: empty entry");
        assertThat(refusal(edit(SITE, "escalation:\n  steps:\n", "escalation:\n  steps:\n    - ~\n")))
                .contains("escalation.steps[0]: empty entry");
    }

    @Test
    void policiesAndStepsRefuseWhatTheFileWouldRefuse() {
        Step step = new Step(Duration.ofMinutes(1), List.of("primary"), Set.of(Channel.SMS));

        assertThatThrownBy(() -> new EscalationPolicy(List.of(), 1, Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EscalationPolicy(List.of(step), 0, Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EscalationPolicy(List.of(step), 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Step(Duration.ZERO, List.of("primary"), Set.of(Channel.SMS)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Step(Duration.ofMinutes(1), List.of(), Set.of(Channel.SMS)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Step(Duration.ofMinutes(1), List.of("primary"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
