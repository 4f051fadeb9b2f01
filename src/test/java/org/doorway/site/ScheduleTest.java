package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who is on call in one layer, and its shifts: rotations of each length across both
 * daylight-saving changes, covers, swaps, and overlapping overrides.
 *
 * <p>Expected instants are written in UTC, worked out by hand, so they do not come from the code
 * under test. Los Angeles is UTC-8 (PST) until Sunday 8 March 2026 02:00, when clocks jump to
 * 03:00 PDT (UTC-7); on Sunday 1 November 2026 02:00 PDT they fall back to 01:00 PST, so 01:00-02:00
 * happens twice (08:00-09:00Z, then 09:00-10:00Z).
 */
class ScheduleTest {

    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant t(String instant) {
        return Instant.parse(instant);
    }

    private static Schedule rotating(
            String firstHandOff, Duration length, List<String> members, ScheduleOverride... overrides) {
        return Schedule.rotating(
                "primary", LA, new Rotation(LocalDateTime.parse(firstHandOff), length, members), List.of(overrides));
    }

    private static Shift shift(String member, String start, String end) {
        return new Shift(member, t(start), t(end));
    }

    private static String onCall(Schedule schedule, String instant) {
        return schedule.onCall(t(instant)).orElseThrow();
    }

    // --- hourly

    private static final Schedule HOURLY_SPRING =
            rotating("2026-03-08T00:00", Duration.ofHours(1), List.of("ana", "ben", "cy"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2026-03-08T08:00:00Z, ana", // 00:00 PST, shift 0
        "2026-03-08T09:59:00Z, ben", // 01:59 PST, shift 1
        // shift 2 (cy) would start at 02:00, which does not exist: it lasts no time, and shift 3
        // starts when the clocks jump, at 03:00 PDT
        "2026-03-08T10:00:00Z, ana",
        "2026-03-08T10:59:00Z, ana",
        "2026-03-08T11:00:00Z, ben", // 04:00 PDT, shift 4
    })
    void hourlyShiftsStayOnTheHourAcrossTheSpringChange(String at, String expected) {
        assertThat(onCall(HOURLY_SPRING, at)).isEqualTo(expected);
    }

    @Test
    void hourlyShiftsLeaveOutTheShiftLostInTheSpringGap() {
        assertThat(HOURLY_SPRING.shifts(t("2026-03-08T08:00:00Z"), t("2026-03-08T12:00:00Z")))
                .containsExactly(
                        shift("ana", "2026-03-08T08:00:00Z", "2026-03-08T09:00:00Z"),
                        shift("ben", "2026-03-08T09:00:00Z", "2026-03-08T10:00:00Z"),
                        shift("ana", "2026-03-08T10:00:00Z", "2026-03-08T11:00:00Z"),
                        shift("ben", "2026-03-08T11:00:00Z", "2026-03-08T12:00:00Z"));
    }

    @Test
    void hourlyShiftAcrossTheRepeatedAutumnHourLastsTwoHours() {
        Schedule hourly = rotating("2026-11-01T00:00", Duration.ofHours(1), List.of("ana", "ben", "cy"));

        // 00:00 PDT ana; 01:00 (first occurrence, PDT) ben; the next hand-over is 02:00 PST
        assertThat(onCall(hourly, "2026-11-01T08:30:00Z")).isEqualTo("ben");
        assertThat(onCall(hourly, "2026-11-01T09:30:00Z")).isEqualTo("ben"); // 01:30 again, now PST
        assertThat(onCall(hourly, "2026-11-01T10:00:00Z")).isEqualTo("cy");
        assertThat(hourly.shifts(t("2026-11-01T07:00:00Z"), t("2026-11-01T11:00:00Z")))
                .containsExactly(
                        shift("ana", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z"),
                        shift("ben", "2026-11-01T08:00:00Z", "2026-11-01T10:00:00Z"),
                        shift("cy", "2026-11-01T10:00:00Z", "2026-11-01T11:00:00Z"));
    }

    // --- daily

    @Test
    void dailyHandOverInsideTheSpringGapHappensWhenTheClocksJump() {
        // daily at 02:30: Fri 6 Mar ana, Sat 7 Mar ben, Sun 8 Mar (02:30 does not exist) ana, Mon 9 Mar ben
        Schedule daily = rotating("2026-03-06T02:30", Duration.ofDays(1), List.of("ana", "ben"));

        assertThat(onCall(daily, "2026-03-08T09:59:00Z")).isEqualTo("ben"); // 01:59 PST
        assertThat(onCall(daily, "2026-03-08T10:00:00Z")).isEqualTo("ana"); // 03:00 PDT
        assertThat(daily.shifts(t("2026-03-07T12:00:00Z"), t("2026-03-09T12:00:00Z")))
                .containsExactly(
                        shift("ben", "2026-03-07T10:30:00Z", "2026-03-08T10:00:00Z"), // 23 h 30 min
                        shift("ana", "2026-03-08T10:00:00Z", "2026-03-09T09:30:00Z"), // 23 h 30 min, back at 02:30 PDT
                        shift("ben", "2026-03-09T09:30:00Z", "2026-03-10T09:30:00Z"));
    }

    @Test
    void dailyHandOverInsideTheRepeatedAutumnHourHappensOnceAtItsFirstOccurrence() {
        // daily at 01:30: Sat 31 Oct ben, Sun 1 Nov ana (at 01:30 PDT), Mon 2 Nov ben (01:30 PST)
        Schedule daily = rotating("2026-10-30T01:30", Duration.ofDays(1), List.of("ana", "ben"));

        assertThat(onCall(daily, "2026-11-01T08:29:00Z")).isEqualTo("ben");
        assertThat(onCall(daily, "2026-11-01T08:30:00Z")).isEqualTo("ana");
        assertThat(onCall(daily, "2026-11-01T09:30:00Z"))
                .as("01:30 PST: no second hand-over")
                .isEqualTo("ana");
        assertThat(daily.shifts(t("2026-11-01T09:00:00Z"), t("2026-11-01T10:00:00Z")))
                .containsExactly(shift("ana", "2026-11-01T08:30:00Z", "2026-11-02T09:30:00Z")); // 25 hours
    }

    @Test
    void dailyRotationInALayersOwnTimeZoneHandsOverOnItsClock() {
        Schedule eastern = Schedule.rotating(
                "backup",
                NEW_YORK,
                new Rotation(LocalDateTime.parse("2026-03-06T09:00"), Duration.ofDays(1), List.of("ana", "ben")),
                List.of());

        // 09:00 EST = 14:00Z before 8 March, 09:00 EDT = 13:00Z after
        assertThat(onCall(eastern, "2026-03-07T13:59:00Z")).isEqualTo("ana");
        assertThat(onCall(eastern, "2026-03-07T14:00:00Z")).isEqualTo("ben");
        assertThat(onCall(eastern, "2026-03-09T12:59:00Z")).isEqualTo("ana");
        assertThat(onCall(eastern, "2026-03-09T13:00:00Z")).isEqualTo("ben");
    }

    // --- weekly and other lengths

    @Test
    void weeklyShiftsAreAnHourShorterOrLongerInTheWeeksTheClocksChange() {
        Schedule weekly = rotating("2026-01-05T09:00", Duration.ofDays(7), List.of("ana", "ben", "cy"));

        List<Shift> spring = weekly.shifts(t("2026-03-05T00:00:00Z"), t("2026-03-05T00:00:01Z"));
        List<Shift> autumn = weekly.shifts(t("2026-10-30T00:00:00Z"), t("2026-10-30T00:00:01Z"));

        assertThat(spring).containsExactly(shift("cy", "2026-03-02T17:00:00Z", "2026-03-09T16:00:00Z"));
        assertThat(Duration.between(spring.get(0).start(), spring.get(0).end())).isEqualTo(Duration.ofHours(167));
        assertThat(autumn).containsExactly(shift("ana", "2026-10-26T16:00:00Z", "2026-11-02T17:00:00Z"));
        assertThat(Duration.between(autumn.get(0).start(), autumn.get(0).end())).isEqualTo(Duration.ofHours(169));
    }

    @Test
    void twelveHourShiftsKeepHandingOverAtEightAndEightLocalTime() {
        Schedule halfDays = rotating("2026-03-06T08:00", Duration.ofHours(12), List.of("day", "night"));

        assertThat(halfDays.shifts(t("2026-03-07T17:00:00Z"), t("2026-03-09T03:00:00Z")))
                .containsExactly(
                        shift("day", "2026-03-07T16:00:00Z", "2026-03-08T04:00:00Z"), // Sat 08:00-20:00 PST
                        shift("night", "2026-03-08T04:00:00Z", "2026-03-08T15:00:00Z"), // 20:00 PST - 08:00 PDT: 11 h
                        shift("day", "2026-03-08T15:00:00Z", "2026-03-09T03:00:00Z")); // Sun 08:00-20:00 PDT
    }

    @Test
    void fortnightlyRotationHoldsEachMemberForTwoWeeks() {
        Schedule fortnightly = rotating("2026-01-05T09:00", Duration.ofDays(14), List.of("ana", "ben"));

        assertThat(onCall(fortnightly, "2026-01-18T12:00:00Z")).isEqualTo("ana");
        assertThat(onCall(fortnightly, "2026-01-19T17:00:00Z")).isEqualTo("ben");
        assertThat(onCall(fortnightly, "2026-02-02T16:59:00Z")).isEqualTo("ben");
        assertThat(onCall(fortnightly, "2026-02-02T17:00:00Z")).isEqualTo("ana");
    }

    // --- fixed member

    @Test
    void aFixedMemberIsAlwaysOnCallAndTheirShiftsAreCutAtTheWindow() {
        Schedule supervisor = Schedule.fixed("supervisor", LA, "dana", List.of());

        assertThat(onCall(supervisor, "2020-01-01T00:00:00Z")).isEqualTo("dana");
        assertThat(supervisor.shifts(t("2026-03-01T00:00:00Z"), t("2026-04-01T00:00:00Z")))
                .containsExactly(shift("dana", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"));
    }

    @Test
    void aCoverOfAFixedMemberSplitsTheirShift() {
        Schedule supervisor = Schedule.fixed(
                "supervisor",
                LA,
                "dana",
                List.of(ScheduleOverride.cover(t("2026-03-10T00:00:00Z"), t("2026-03-12T00:00:00Z"), "eve")));

        assertThat(supervisor.shifts(t("2026-03-01T00:00:00Z"), t("2026-04-01T00:00:00Z")))
                .containsExactly(
                        shift("dana", "2026-03-01T00:00:00Z", "2026-03-10T00:00:00Z"),
                        shift("eve", "2026-03-10T00:00:00Z", "2026-03-12T00:00:00Z"),
                        shift("dana", "2026-03-12T00:00:00Z", "2026-04-01T00:00:00Z"));
    }

    // --- overrides

    /** Weekly, Mondays 09:00 PST (17:00Z): ana from 5 Jan, ben from 12 Jan, cy from 19 Jan, ana from 26 Jan. */
    private static Schedule weekly(ScheduleOverride... overrides) {
        return rotating("2026-01-05T09:00", Duration.ofDays(7), List.of("ana", "ben", "cy"), overrides);
    }

    @Test
    void aCoverHoldsTheLayerForItsWindowFromStartToJustBeforeItsEnd() {
        Schedule schedule = weekly(ScheduleOverride.cover(t("2026-01-07T02:00:00Z"), t("2026-01-07T16:00:00Z"), "eve"));

        assertThat(onCall(schedule, "2026-01-07T01:59:59Z")).isEqualTo("ana");
        assertThat(onCall(schedule, "2026-01-07T02:00:00Z")).isEqualTo("eve");
        assertThat(onCall(schedule, "2026-01-07T15:59:59Z")).isEqualTo("eve");
        assertThat(onCall(schedule, "2026-01-07T16:00:00Z")).isEqualTo("ana");
        assertThat(schedule.shifts(t("2026-01-06T00:00:00Z"), t("2026-01-08T00:00:00Z")))
                .containsExactly(
                        shift("ana", "2026-01-05T17:00:00Z", "2026-01-07T02:00:00Z"),
                        shift("eve", "2026-01-07T02:00:00Z", "2026-01-07T16:00:00Z"),
                        shift("ana", "2026-01-07T16:00:00Z", "2026-01-12T17:00:00Z"));
    }

    @Test
    void aCoverAcrossAHandOverCoversBothMembersAndIsCutAtTheHandOver() {
        Schedule schedule = weekly(ScheduleOverride.cover(t("2026-01-12T12:00:00Z"), t("2026-01-13T12:00:00Z"), "eve"));

        assertThat(onCall(schedule, "2026-01-12T16:00:00Z")).isEqualTo("eve");
        assertThat(onCall(schedule, "2026-01-12T18:00:00Z")).isEqualTo("eve");
        assertThat(schedule.shifts(t("2026-01-12T00:00:00Z"), t("2026-01-14T00:00:00Z")))
                .containsExactly(
                        shift("ana", "2026-01-05T17:00:00Z", "2026-01-12T12:00:00Z"),
                        shift("eve", "2026-01-12T12:00:00Z", "2026-01-12T17:00:00Z"),
                        shift("eve", "2026-01-12T17:00:00Z", "2026-01-13T12:00:00Z"),
                        shift("ben", "2026-01-13T12:00:00Z", "2026-01-19T17:00:00Z"));
    }

    @Test
    void aSwapStandsInOnlyWhileTheReplacedMemberWouldBeOnCall() {
        // cy replaces ana from Sun 11 Jan to Wed 14 Jan: only until ana hands over to ben on Mon 12 Jan
        Schedule schedule =
                weekly(ScheduleOverride.swap(t("2026-01-11T12:00:00Z"), t("2026-01-14T12:00:00Z"), "cy", "ana"));

        assertThat(onCall(schedule, "2026-01-11T11:59:59Z")).isEqualTo("ana");
        assertThat(onCall(schedule, "2026-01-11T12:00:00Z")).isEqualTo("cy");
        assertThat(onCall(schedule, "2026-01-12T16:59:59Z")).isEqualTo("cy");
        assertThat(onCall(schedule, "2026-01-12T17:00:00Z")).isEqualTo("ben");
        assertThat(onCall(schedule, "2026-01-13T12:00:00Z")).isEqualTo("ben");
        assertThat(schedule.shifts(t("2026-01-11T00:00:00Z"), t("2026-01-15T00:00:00Z")))
                .containsExactly(
                        shift("ana", "2026-01-05T17:00:00Z", "2026-01-11T12:00:00Z"),
                        shift("cy", "2026-01-11T12:00:00Z", "2026-01-12T17:00:00Z"),
                        shift("ben", "2026-01-12T17:00:00Z", "2026-01-19T17:00:00Z"));
    }

    @Test
    void aSwapWhoseReplacedMemberIsNotOnCallChangesNothing() {
        Schedule plain = weekly();
        Schedule swapped =
                weekly(ScheduleOverride.swap(t("2026-01-13T00:00:00Z"), t("2026-01-16T00:00:00Z"), "cy", "ana"));

        Instant from = t("2026-01-10T00:00:00Z");
        Instant to = t("2026-01-20T00:00:00Z");
        assertThat(swapped.shifts(from, to)).isEqualTo(plain.shifts(from, to));
        for (Instant at = from; at.isBefore(to); at = at.plus(Duration.ofMinutes(30))) {
            assertThat(swapped.onCall(at)).as(at.toString()).isEqualTo(plain.onCall(at));
        }
    }

    @Test
    void coveringSomeoneWithThemselvesChangesNoShift() {
        Schedule plain = weekly();
        Schedule covered = weekly(ScheduleOverride.cover(t("2026-01-06T00:00:00Z"), t("2026-01-07T00:00:00Z"), "ana"));

        Instant from = t("2026-01-01T00:00:00Z");
        Instant to = t("2026-02-01T00:00:00Z");
        assertThat(covered.shifts(from, to)).isEqualTo(plain.shifts(from, to));
    }

    @Test
    void whereTwoCoversOverlapTheLaterInTheFileWins() {
        ScheduleOverride first = ScheduleOverride.cover(t("2026-01-06T00:00:00Z"), t("2026-01-08T00:00:00Z"), "eve");
        ScheduleOverride second = ScheduleOverride.cover(t("2026-01-07T00:00:00Z"), t("2026-01-09T00:00:00Z"), "fay");

        Schedule eveThenFay = weekly(first, second);
        Schedule fayThenEve = weekly(second, first);

        assertThat(onCall(eveThenFay, "2026-01-06T12:00:00Z")).isEqualTo("eve");
        assertThat(onCall(eveThenFay, "2026-01-07T12:00:00Z")).isEqualTo("fay");
        assertThat(onCall(eveThenFay, "2026-01-08T12:00:00Z")).isEqualTo("fay");
        assertThat(onCall(fayThenEve, "2026-01-07T12:00:00Z")).isEqualTo("eve");
        assertThat(eveThenFay.shifts(t("2026-01-05T18:00:00Z"), t("2026-01-09T01:00:00Z")))
                .containsExactly(
                        shift("ana", "2026-01-05T17:00:00Z", "2026-01-06T00:00:00Z"),
                        shift("eve", "2026-01-06T00:00:00Z", "2026-01-07T00:00:00Z"),
                        shift("fay", "2026-01-07T00:00:00Z", "2026-01-09T00:00:00Z"),
                        shift("ana", "2026-01-09T00:00:00Z", "2026-01-12T17:00:00Z"));
    }

    @Test
    void aLaterSwapAppliesToWhoeverEarlierOverridesLeftOnCall() {
        ScheduleOverride eveCovers =
                ScheduleOverride.cover(t("2026-01-06T00:00:00Z"), t("2026-01-08T00:00:00Z"), "eve");
        ScheduleOverride fayForEve =
                ScheduleOverride.swap(t("2026-01-07T00:00:00Z"), t("2026-01-09T00:00:00Z"), "fay", "eve");
        ScheduleOverride fayForAna =
                ScheduleOverride.swap(t("2026-01-07T00:00:00Z"), t("2026-01-09T00:00:00Z"), "fay", "ana");

        // the swap of eve applies where eve covers; past the cover's end ana is back and it does nothing
        Schedule forEve = weekly(eveCovers, fayForEve);
        assertThat(onCall(forEve, "2026-01-07T12:00:00Z")).isEqualTo("fay");
        assertThat(onCall(forEve, "2026-01-08T12:00:00Z")).isEqualTo("ana");
        // the swap of ana does nothing while eve covers, and applies once ana is back
        Schedule forAna = weekly(eveCovers, fayForAna);
        assertThat(onCall(forAna, "2026-01-07T12:00:00Z")).isEqualTo("eve");
        assertThat(onCall(forAna, "2026-01-08T12:00:00Z")).isEqualTo("fay");
        // a cover listed after a swap wins over it
        Schedule coverLast = weekly(fayForAna, eveCovers);
        assertThat(onCall(coverLast, "2026-01-07T12:00:00Z")).isEqualTo("eve");
    }

    @Test
    void shiftsKeepTheirRealStartAndEndBeyondTheWindow() {
        Schedule schedule = weekly();

        assertThat(schedule.shifts(t("2026-01-14T00:00:00Z"), t("2026-01-14T00:00:01Z")))
                .containsExactly(shift("ben", "2026-01-12T17:00:00Z", "2026-01-19T17:00:00Z"));
        assertThat(schedule.shifts(t("2026-01-12T17:00:00Z"), t("2026-01-19T17:00:00Z")))
                .as("a window from one hand-over to the next holds one shift")
                .containsExactly(shift("ben", "2026-01-12T17:00:00Z", "2026-01-19T17:00:00Z"));
    }

    @Test
    void anEmptyOrBackwardsWindowHasNoShifts() {
        Schedule schedule = weekly();

        assertThat(schedule.shifts(t("2026-01-14T00:00:00Z"), t("2026-01-14T00:00:00Z")))
                .isEmpty();
        assertThat(schedule.shifts(t("2026-01-15T00:00:00Z"), t("2026-01-14T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void shiftsAndOnCallAgreeEverywhereAndLeaveNoGaps() {
        // hourly across the spring change, with overlapping covers and swaps
        Schedule schedule = rotating(
                "2026-03-07T22:30",
                Duration.ofHours(1),
                List.of("ana", "ben", "cy"),
                ScheduleOverride.cover(t("2026-03-08T09:15:00Z"), t("2026-03-08T10:45:00Z"), "eve"),
                ScheduleOverride.swap(t("2026-03-08T10:30:00Z"), t("2026-03-08T13:00:00Z"), "fay", "ben"),
                ScheduleOverride.swap(t("2026-03-08T08:00:00Z"), t("2026-03-08T16:00:00Z"), "ana", "cy"),
                ScheduleOverride.cover(t("2026-03-08T12:10:00Z"), t("2026-03-08T12:20:00Z"), "ana"));
        Instant from = t("2026-03-08T06:00:00Z");
        Instant to = t("2026-03-08T18:00:00Z");

        List<Shift> shifts = schedule.shifts(from, to);

        assertThat(shifts.get(0).start()).isBeforeOrEqualTo(from);
        assertThat(shifts.get(shifts.size() - 1).end()).isAfterOrEqualTo(to);
        for (int i = 1; i < shifts.size(); i++) {
            assertThat(shifts.get(i).start())
                    .as("shift %d starts where %d ends", i, i - 1)
                    .isEqualTo(shifts.get(i - 1).end());
        }
        List<Shift> seen = new ArrayList<>();
        for (Instant at = from; at.isBefore(to); at = at.plus(Duration.ofMinutes(5))) {
            Instant now = at;
            Shift holding =
                    shifts.stream().filter(s -> s.contains(now)).findFirst().orElseThrow();
            assertThat(schedule.onCall(at)).as(at.toString()).contains(holding.member());
            if (!seen.contains(holding)) {
                seen.add(holding);
            }
        }
        assertThat(seen).as("every shift is on call somewhere in the window").containsExactlyElementsOf(shifts);
    }

    // --- overrides stored in Doorway, on top of the file's

    @Test
    void overridesAddedLaterApplyAfterTheFilesOwnSoTheNewestCoverWinsAndTheRestIsUntouched() {
        // weekly from Mon 5 Jan 2026 09:00 PST (17:00Z): ana, then ben; the file has chris cover 12 Jan
        Schedule file = rotating(
                "2026-01-05T09:00",
                Duration.ofDays(7),
                List.of("ana", "ben"),
                ScheduleOverride.cover(t("2026-01-13T06:00:00Z"), t("2026-01-13T18:00:00Z"), "chris"));

        Schedule stored = file.withOverrides(
                List.of(ScheduleOverride.cover(t("2026-01-13T10:00:00Z"), t("2026-01-13T14:00:00Z"), "dee")));

        assertThat(onCall(stored, "2026-01-13T07:00:00Z")).isEqualTo("chris");
        assertThat(onCall(stored, "2026-01-13T10:00:00Z")).isEqualTo("dee");
        assertThat(onCall(stored, "2026-01-13T14:00:00Z")).isEqualTo("chris");
        assertThat(onCall(stored, "2026-01-13T19:00:00Z")).isEqualTo("ben");
        assertThat(onCall(file, "2026-01-13T10:00:00Z"))
                .as("the file's schedule is unchanged")
                .isEqualTo("chris");
        assertThat(stored.shifts(t("2026-01-13T09:00:00Z"), t("2026-01-13T15:00:00Z")))
                .containsExactly(
                        shift("chris", "2026-01-13T06:00:00Z", "2026-01-13T10:00:00Z"),
                        shift("dee", "2026-01-13T10:00:00Z", "2026-01-13T14:00:00Z"),
                        shift("chris", "2026-01-13T14:00:00Z", "2026-01-13T18:00:00Z"));
        assertThat(file.withOverrides(List.of())).isSameAs(file);
    }
}
