package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * The demo site's rotation: ana, ben, chris, handing over on Mondays at 09:00 Los Angeles time,
 * the first shift starting Monday 2026-01-05. All instants below are written in UTC on purpose, so
 * the expected hand-over instants do not come from the code under test: 09:00 PST is 17:00Z and
 * 09:00 PDT is 16:00Z. In 2026, PDT runs from Sunday 8 March to Sunday 1 November.
 */
class RotationTest {

    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    private static final Rotation DEMO =
            new Rotation(LocalDateTime.of(2026, 1, 5, 9, 0), List.of("ana", "ben", "chris"));

    private static String onCall(String instant) {
        return DEMO.memberForStep(Instant.parse(instant), LA, 0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // first hand-over of the rotation, week 0 -> 1 (Mon 12 Jan, 09:00 PST)
        "2026-01-12T16:59:00Z, ana",
        "2026-01-12T17:00:00Z, ben",
        "2026-01-12T17:01:00Z, ben",
        // mid-week is still the same member
        "2026-01-15T03:00:00Z, ben",
        // week 1 -> 2 (Mon 19 Jan)
        "2026-01-19T16:59:00Z, ben",
        "2026-01-19T17:01:00Z, chris",
    })
    void handsOverAtNineLocalTimeOnMondayInWinter(String instant, String expected) {
        assertThat(onCall(instant)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // last hand-over before the change, still PST (Mon 2 Mar 09:00 PST = 17:00Z): week 7 -> 8
        "2026-03-02T16:59:00Z, ben",
        "2026-03-02T17:01:00Z, chris",
        // first hand-over after clocks sprang forward on Sun 8 Mar (Mon 9 Mar 09:00 PDT = 16:00Z): week 8 -> 9
        "2026-03-09T15:59:00Z, chris",
        "2026-03-09T16:00:00Z, ana",
        "2026-03-09T16:01:00Z, ana",
        // 09:30 PDT: after the hand-over, though still before 09:00 PST
        "2026-03-09T16:30:00Z, ana",
        // the following week, still PDT: week 9 -> 10
        "2026-03-16T15:59:00Z, ana",
        "2026-03-16T16:01:00Z, ben",
    })
    void handsOverAtNineLocalTimeAcrossSpringDaylightSavingChange(String instant, String expected) {
        assertThat(onCall(instant)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // last hand-over in PDT (Mon 26 Oct 09:00 PDT = 16:00Z): week 41 -> 42
        "2026-10-26T15:59:00Z, chris",
        "2026-10-26T16:01:00Z, ana",
        // first hand-over after clocks fell back on Sun 1 Nov (Mon 2 Nov 09:00 PST = 17:00Z): week 42 -> 43
        "2026-11-02T16:01:00Z, ana",
        "2026-11-02T16:59:00Z, ana",
        "2026-11-02T17:00:00Z, ben",
        "2026-11-02T17:01:00Z, ben",
        // the night of the change itself, in the repeated hour (01:30 PDT and 01:30 PST)
        "2026-11-01T08:30:00Z, ana",
        "2026-11-01T09:30:00Z, ana",
    })
    void handsOverAtNineLocalTimeAcrossAutumnDaylightSavingChange(String instant, String expected) {
        assertThat(onCall(instant)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> index {1}")
    @CsvSource({
        // one minute before the first shift belongs to week -1 (chris), not week 0
        "2026-01-05T16:59:00Z, 2",
        "2026-01-05T17:00:00Z, 0",
        // one week before the first shift: week -1 starts exactly then
        "2025-12-29T17:01:00Z, 2",
        "2025-12-29T17:00:00Z, 2",
        "2025-12-29T16:59:00Z, 1",
        // ten weeks before, across the 2025 autumn change (Mon 27 Oct 2025 09:00 PDT = 16:00Z)
        "2025-10-27T16:01:00Z, 2",
        "2025-10-27T15:59:00Z, 1",
    })
    void roundsDownBeforeTheFirstShiftRatherThanTowardsZero(String instant, int expectedIndex) {
        assertThat(DEMO.onCallIndex(Instant.parse(instant), LA)).isEqualTo(expectedIndex);
    }

    @Test
    void wrapsAroundToTheFirstMemberAfterTheLastOne() {
        assertThat(onCall("2026-01-26T16:59:00Z")).isEqualTo("chris"); // week 2
        assertThat(onCall("2026-01-26T17:01:00Z")).isEqualTo("ana"); // week 3
        assertThat(onCall("2026-02-02T17:01:00Z")).isEqualTo("ben"); // week 4
        // week 300 (Mon 6 Oct 2031, 09:00 PDT = 16:00Z): 300 = 3 * 100
        assertThat(onCall("2031-10-06T15:59:00Z")).isEqualTo("chris");
        assertThat(onCall("2031-10-06T16:01:00Z")).isEqualTo("ana");
    }

    @ParameterizedTest(name = "step {0} -> {1}")
    @CsvSource({
        "0, ben",
        "1, chris",
        "2, ana",
        "3, ben",
        "4, chris",
    })
    void stepPagesTheKthNextMemberAfterWhoeverWasOnCallAtTheRequest(int step, String expected) {
        Instant requestedInBensWeek = Instant.parse("2026-03-16T16:01:00Z"); // week 10
        assertThat(DEMO.memberForStep(requestedInBensWeek, LA, step)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "step {0} -> {1}")
    @CsvSource({
        "0, chris",
        "1, ana",
        "2, ben",
        "3, chris",
        "4, ana",
    })
    void stepsCountFromTheMemberOnCallAtTheRequestEvenBeforeTheFirstShift(int step, String expected) {
        Instant requestedJustBeforeFirstShift = Instant.parse("2026-01-05T16:59:00Z");
        assertThat(DEMO.memberForStep(requestedJustBeforeFirstShift, LA, step)).isEqualTo(expected);
    }

    @Test
    void stepsFollowTheMemberOnCallAtTheRequestNotAtTheTimeOfPaging() {
        // requested one minute before a hand-over: the steps stay anchored on chris
        Instant requested = Instant.parse("2026-03-09T15:59:00Z");
        List<String> paged = new ArrayList<>();
        for (int step = 0; step <= 3; step++) {
            paged.add(DEMO.memberForStep(requested, LA, step));
        }
        assertThat(paged).containsExactly("chris", "ana", "ben", "chris");
    }

    @Test
    void singleMemberRotationAlwaysPagesThatMember() {
        Rotation solo = new Rotation(LocalDateTime.of(2026, 1, 5, 9, 0), List.of("ana"));
        for (String at : List.of(
                "2025-06-01T00:00:00Z",
                "2026-01-05T16:59:00Z",
                "2026-01-05T17:00:00Z",
                "2026-03-09T16:01:00Z",
                "2026-11-02T17:01:00Z",
                "2040-01-01T00:00:00Z")) {
            assertThat(solo.onCallIndex(Instant.parse(at), LA)).as(at).isZero();
            for (int step = 0; step <= 2; step++) {
                assertThat(solo.memberForStep(Instant.parse(at), LA, step))
                        .as(at + " step " + step)
                        .isEqualTo("ana");
            }
        }
    }

    @Test
    void handOverInsideTheSpringForwardGapTakesEffectWhenTheClocksJump() {
        // Sundays at 02:30, a local time that does not exist on Sun 8 Mar 2026 (02:00 PST -> 03:00 PDT)
        Rotation rotation = new Rotation(LocalDateTime.of(2026, 3, 1, 2, 30), List.of("ana", "ben"));

        assertThat(rotation.memberForStep(Instant.parse("2026-03-08T09:59:00Z"), LA, 0))
                .isEqualTo("ana"); // 01:59 PST
        assertThat(rotation.memberForStep(Instant.parse("2026-03-08T10:00:00Z"), LA, 0))
                .isEqualTo("ben"); // 03:00 PDT
    }

    @Test
    void neverHandsOnCallBackWhenTheClocksFallBackAfterAHandOver() {
        // Sundays at 01:30; on Sun 1 Nov 2026 01:00-02:00 happens twice (PDT, then PST)
        Rotation rotation = new Rotation(LocalDateTime.of(2026, 10, 25, 1, 30), List.of("ana", "ben"));

        assertThat(rotation.memberForStep(Instant.parse("2026-11-01T08:31:00Z"), LA, 0))
                .isEqualTo("ben"); // 01:31 PDT
        // 01:10 PST, 39 minutes after ben took over: still ben
        assertThat(rotation.memberForStep(Instant.parse("2026-11-01T09:10:00Z"), LA, 0))
                .isEqualTo("ben");
    }

    @Test
    void refusesARotationWithoutMembers() {
        LocalDateTime start = LocalDateTime.of(2026, 1, 5, 9, 0);

        assertThatThrownBy(() -> new Rotation(start, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rotation(start, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesShiftsThatAreNotAWholePositiveNumberOfMinutes() {
        LocalDateTime start = LocalDateTime.of(2026, 1, 5, 9, 0);
        List<String> members = List.of("ana");

        assertThatThrownBy(() -> new Rotation(start, Duration.ZERO, members))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rotation(start, Duration.ofHours(-1), members))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rotation(start, Duration.ofSeconds(90), members))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rotation(null, Duration.ofHours(1), members))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRotationWithoutALengthIsWeekly() {
        assertThat(DEMO.shiftLength()).isEqualTo(Duration.ofDays(7));
    }

    @ParameterizedTest(name = "shift {0} begins {1}")
    @CsvSource({
        "0,  2026-01-05T17:00:00Z",
        "1,  2026-01-12T17:00:00Z",
        "-1, 2025-12-29T17:00:00Z",
        "9,  2026-03-09T16:00:00Z", // the first Monday in PDT
        "43, 2026-11-02T17:00:00Z", // the first Monday back in PST
    })
    void numbersShiftsFromTheFirstHandOffInBothDirections(long n, Instant expected) {
        assertThat(DEMO.handOver(n, LA)).isEqualTo(expected);
        assertThat(DEMO.shiftNumber(expected, LA)).isEqualTo(n);
        assertThat(DEMO.shiftNumber(expected.minusSeconds(1), LA)).isEqualTo(n - 1);
    }

    @Test
    void keepsItsOwnCopyOfTheMembers() {
        List<String> members = new ArrayList<>(List.of("ana", "ben"));
        Rotation rotation = new Rotation(LocalDateTime.of(2026, 1, 5, 9, 0), members);
        members.add("chris");

        assertThat(rotation.members()).containsExactly("ana", "ben");
    }
}
