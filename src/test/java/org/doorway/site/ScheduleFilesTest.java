package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorway.site.SiteYaml.FILE;
import static org.doorway.site.SiteYaml.SITE;
import static org.doorway.site.SiteYaml.edit;
import static org.doorway.site.SiteYaml.lineOf;
import static org.doorway.site.SiteYaml.read;
import static org.doorway.site.SiteYaml.refusal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code schedules} part of a site file: layers, rotations, overrides, and their refusals. */
class ScheduleFilesTest {

    private static final String PRIMARY_ROTATION = "    type: weekly\n    hand-off: 2026-01-05T09:00\n";

    private static Rotation primaryRotation(String siteYaml) {
        return read(siteYaml).schedules().get("primary").rotation().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "type: hourly,    PT1H",
        "type: daily,     PT24H",
        "type: weekly,    PT168H",
        "type: WEEKLY,    PT168H",
        "length: PT12H,   PT12H",
        "length: P1D,     PT24H",
        "length: P1DT12H, PT36H",
        "length: P2W,     PT336H",
        "length: P10D,    PT240H",
    })
    void readsEachKindOfRotation(String kind, Duration expected) {
        Rotation rotation = primaryRotation(edit(SITE, "    type: weekly\n", "    " + kind + "\n"));

        assertThat(rotation.shiftLength()).isEqualTo(expected);
        assertThat(rotation.firstShift()).isEqualTo(LocalDateTime.of(2026, 1, 5, 9, 0));
        assertThat(rotation.members()).containsExactly("ana", "ben");
    }

    @Test
    void readsALayersOwnTimeZoneAndDefaultsToTheSites() {
        Site site = read(SITE);

        assertThat(site.schedules().get("backup").zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(site.schedules().get("primary").zone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
    }

    @Test
    void readsOneMemberWithoutRotationAsAlwaysOnCall() {
        Schedule supervisor = read(SITE).schedules().get("supervisor");

        assertThat(supervisor.rotation()).isEmpty();
        assertThat(supervisor.onCall(Instant.parse("2019-05-01T00:00:00Z"))).contains("cy");
        assertThat(supervisor.onCall(Instant.parse("2046-05-01T00:00:00Z"))).contains("cy");
    }

    @Test
    void readsOneMemberWithARotationAsARotationOfOne() {
        Schedule supervisor = read(edit(
                        SITE,
                        "    members: [cy]\n",
                        "    type: daily\n    hand-off: 2026-01-05T08:00\n    members: [cy]\n"))
                .schedules()
                .get("supervisor");

        assertThat(supervisor.rotation())
                .hasValueSatisfying(r -> assertThat(r.shiftLength()).isEqualTo(Duration.ofDays(1)));
    }

    @Test
    void readsOverridesInTheLayersTimeZoneAsCoversAndSwaps() {
        Site site = read(SITE);

        // 18:00 and 08:00 Los Angeles time in February (PST, UTC-8)
        assertThat(site.schedules().get("primary").overrides())
                .containsExactly(
                        ScheduleOverride.cover(
                                Instant.parse("2026-02-03T02:00:00Z"), Instant.parse("2026-02-03T16:00:00Z"), "cy"),
                        ScheduleOverride.swap(
                                Instant.parse("2026-02-10T17:00:00Z"),
                                Instant.parse("2026-02-11T17:00:00Z"),
                                "cy",
                                "ben"));
    }

    @Test
    void readsAnOverrideStartingInTheSkippedSpringHourAsStartingWhenTheClocksJump() {
        String site = edit(
                SITE, "from: 2026-02-02T18:00, to: 2026-02-03T08:00", "from: 2026-03-08T02:30, to: 2026-03-08T12:00");

        assertThat(read(site).schedules().get("primary").overrides().get(0).from())
                .isEqualTo(Instant.parse("2026-03-08T10:00:00Z")); // 03:00 PDT
    }

    @Test
    void readsAnOverrideInTheRepeatedAutumnHourAtItsFirstOccurrence() {
        String site = edit(
                SITE, "from: 2026-02-02T18:00, to: 2026-02-03T08:00", "from: 2026-10-31T18:00, to: 2026-11-01T01:30");

        assertThat(read(site).schedules().get("primary").overrides().get(0).to())
                .isEqualTo(Instant.parse("2026-11-01T08:30:00Z")); // 01:30 PDT, not 01:30 PST
    }

    @Test
    void acceptsAnyLayerNames() {
        String site = edit(SITE, "  backup:\n", "  Second_Line-2:\n");
        site = edit(site, "notify: [backup, supervisor]", "notify: [Second_Line-2, supervisor]");

        assertThat(read(site).schedules().keySet()).containsExactly("primary", "Second_Line-2", "supervisor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"back up\"", "\"-backup\"", "back.up", "\"backup!\""})
    void refusesALayerNameThatIsNotASimpleName(String name) {
        String site = edit(SITE, "  backup:\n", "  " + name + ":\n");

        assertThat(refusal(site))
                .contains(": schedules." + name.replace("\"", "") + ": a layer's name is 1 to 40 letters");
    }

    @Test
    void refusesASiteWithoutLayers() {
        String site = SITE.substring(0, SITE.indexOf("schedules:")) + SITE.substring(SITE.indexOf("escalation:"));

        assertThat(refusal(site)).contains(FILE + ": schedules: needs at least one layer");
    }

    @Test
    void refusesTypeAndLengthTogether() {
        String site = edit(SITE, "    type: weekly\n", "    type: weekly\n    length: P1W\n");

        assertThat(refusal(site))
                .contains(FILE + ": line " + lineOf(site, "length: P1W")
                        + ": schedules.primary.length: give type or length, not both");
    }

    @Test
    void refusesAnUnknownRotationType() {
        String message = refusal(edit(SITE, "type: weekly", "type: fortnightly"));

        assertThat(message)
                .contains(FILE + ": line " + lineOf(SITE, "type: weekly")
                        + ": schedules.primary.type: 'fortnightly' is not hourly, daily or weekly (or give length)");
    }

    @ParameterizedTest
    @CsvSource({
        "PT90M,  must be a whole number of hours, at least one",
        "PT30M,  must be a whole number of hours, at least one",
        "PT0S,   must be a whole number of hours, at least one",
        "-PT2H,  must be a whole number of hours, at least one",
        "P1M,    months and years vary in length",
        "12h,    is not an ISO-8601 duration",
    })
    void refusesAShiftLengthThatIsNotWholeHours(String length, String reason) {
        String site = edit(SITE, "length: PT12H", "length: " + length);

        assertThat(refusal(site))
                .contains(FILE + ": line " + lineOf(SITE, "length: PT12H") + ": schedules.backup.length: ")
                .contains(reason);
    }

    @Test
    void refusesARotationWithoutTypeOrHandOff() {
        String message = refusal(edit(SITE, PRIMARY_ROTATION, ""));

        assertThat(message)
                .contains(
                        "schedules.primary.type: required: hourly, daily or weekly, or a length such as PT12H"
                                + " (a layer with more than one member rotates)",
                        "schedules.primary.hand-off: required");
    }

    @Test
    void refusesAHandOffWithoutTheRotationItStarts() {
        String message =
                refusal(edit(SITE, "    members: [cy]\n", "    hand-off: 2026-01-05T09:00\n    members: [cy]\n"));

        assertThat(message).contains("schedules.supervisor.type: required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-05", "2026-01-05 09:00", "09:00", "2026-01-05T09:00Z", "Monday 09:00"})
    void refusesAHandOffThatIsNotALocalDateTime(String handOff) {
        String site = edit(SITE, "hand-off: 2026-01-05T09:00", "hand-off: \"" + handOff + "\"");

        assertThat(refusal(site))
                .contains(FILE + ": line " + lineOf(SITE, "hand-off: 2026-01-05T09:00")
                        + ": schedules.primary.hand-off: '" + handOff
                        + "' is not a local date-time such as 2026-01-05T09:00");
    }

    @Test
    void refusesAMemberWhoIsNotACaseManagerNamingTheLine() {
        String message = refusal(edit(SITE, "members: [ben, ana]", "members: [ben, zoe]"));

        assertThat(message)
                .contains(FILE + ": line " + lineOf(SITE, "members: [ben, ana]")
                        + ": schedules.backup.members[1]: 'zoe' is not one of case-managers");
    }

    @Test
    void refusesALayerWithoutMembers() {
        assertThat(refusal(edit(SITE, "members: [ana, ben]", "members: []")))
                .contains("schedules.primary.members: needs at least one case manager");
        assertThat(refusal(edit(SITE, "members: [cy]", "members: []")))
                .contains("schedules.supervisor.members: needs at least one case manager");
    }

    @Test
    void refusesAnEmptyLayer() {
        String site = edit(SITE, "  supervisor:\n    members: [cy]\n", "  supervisor:\n");

        assertThat(refusal(site))
                .contains(FILE + ": line " + lineOf(site, "  supervisor:") + ": schedules.supervisor: empty entry")
                .doesNotContain("is not a layer");
    }

    @Test
    void refusesALayersUnknownTimeZone() {
        String message = refusal(edit(SITE, "time-zone: America/New_York", "time-zone: Eastern"));

        assertThat(message).contains("schedules.backup.time-zone: not a time zone id");
    }

    @Test
    void refusesAnOverrideThatEndsBeforeItStarts() {
        String site = edit(SITE, "to: 2026-02-03T08:00", "to: 2026-02-02T18:00");

        assertThat(refusal(site))
                .contains(FILE + ": line " + lineOf(site, "to: 2026-02-02T18:00")
                        + ": schedules.primary.overrides[0].to: must be after from");
    }

    @Test
    void refusesAnOverrideLyingWhollyInTheSkippedSpringHour() {
        String site = edit(
                SITE, "from: 2026-02-02T18:00, to: 2026-02-03T08:00", "from: 2026-03-08T02:10, to: 2026-03-08T02:50");

        assertThat(refusal(site))
                .contains(
                        "schedules.primary.overrides[0].to: must be after from (both fall in the hour the clocks skip)");
    }

    @Test
    void refusesAnOverrideWithoutMemberOrWithStrangers() {
        assertThat(refusal(edit(SITE, ", member: cy}", "}")))
                .contains("schedules.primary.overrides[0].member: required");
        assertThat(refusal(edit(SITE, "member: cy, replaces: ben", "member: zoe, replaces: yan")))
                .contains(
                        "schedules.primary.overrides[1].member: 'zoe' is not one of case-managers",
                        "schedules.primary.overrides[1].replaces: 'yan' is not one of case-managers");
    }

    @Test
    void refusesASwapOfSomeoneWithThemselves() {
        String message = refusal(edit(SITE, "member: cy, replaces: ben", "member: ben, replaces: ben"));

        assertThat(message).contains("schedules.primary.overrides[1].replaces: the same person as member");
    }

    @Test
    void refusesOverridesWithoutFromOrToOrWithBadDates() {
        String message = refusal(edit(
                SITE,
                "{from: 2026-02-02T18:00, to: 2026-02-03T08:00, member: cy}",
                "{to: 2026-02-31T08:00, member: cy}"));

        assertThat(message)
                .contains(
                        "schedules.primary.overrides[0].from: required",
                        "schedules.primary.overrides[0].to: '2026-02-31T08:00' is not a local date-time");
    }

    @Test
    void refusesAnEmptyOverride() {
        String site = edit(SITE, "    overrides:\n", "    overrides:\n      - ~\n");

        assertThat(refusal(site))
                .contains(FILE + ": line " + (lineOf(site, "overrides:") + 1)
                        + ": schedules.primary.overrides[0]: empty entry");
    }

    @Test
    void keepsLayersInFileOrder() {
        String site = edit(SITE, "  supervisor:\n    members: [cy]\n", "");
        site = edit(site, "schedules:\n", "schedules:\n  supervisor:\n    members: [cy]\n");

        assertThat(read(site).schedules().keySet()).containsExactly("supervisor", "primary", "backup");
        assertThat(new OnCallFixture(read(site)).layers()).containsExactly("supervisor", "primary", "backup");
    }

    /** The layers {@link OnCall} answers with, for a site read from a file. */
    private record OnCallFixture(Site site) {
        List<String> layers() {
            return List.copyOf(new OnCall(Sites.of(site))
                    .onCall(site.id(), Instant.parse("2026-02-01T00:00:00Z"))
                    .keySet());
        }
    }
}
