package org.doorway.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.doorway.planner.Arrivals.Arrival;
import org.doorway.planner.Arrivals.Need;
import org.junit.jupiter.api.Test;

/** The planner's simulation, on arrivals generated here: a year of referrals at a LEAD site. */
class CoverageSimulationTest {

    private static final ZoneId SEATTLE = ZoneId.of("America/Los_Angeles");
    private static final Duration TARGET = Duration.ofMinutes(30);
    private static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);
    private static final Set<DayOfWeek> WEEKDAYS =
            EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);

    /** A year of referrals, {@code perDay} on average at any time of day: mostly warm handoffs. */
    static Arrivals aYear(long seed, int perDay) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Arrival> arrivals = new ArrayList<>();
        LocalDate day = LocalDate.of(2025, 1, 1);
        for (int d = 0; d < 365; d++, day = day.plusDays(1)) {
            int count = random.nextInt(2 * perDay + 1);
            for (int k = 0; k < count; k++) {
                LocalTime time = LocalTime.ofSecondOfDay(random.nextInt(24 * 3600));
                double kind = random.nextDouble();
                Need need = kind < 0.7 ? Need.WARM_HANDOFF : kind < 0.8 ? Need.OUTSIDE_POLICY_HOURS : Need.NO_HANDOFF;
                arrivals.add(new Arrival(day.atTime(time).atZone(SEATTLE).toInstant(), need, null, null));
            }
        }
        return new Arrivals(SEATTLE, arrivals);
    }

    private static Scenario.Shift shift(Set<DayOfWeek> days, int from, int to, int people) {
        return new Scenario.Shift(days, LocalTime.of(from, 0), to == 24 ? null : LocalTime.of(to, 0), people);
    }

    /** Scenarios in the order of staffing: each has at least as many people on call as the one before, always. */
    private static List<List<Scenario.Shift>> ladder() {
        return List.of(
                List.of(shift(WEEKDAYS, 9, 17, 1)),
                List.of(shift(WEEKDAYS, 8, 20, 1)),
                List.of(shift(WEEKDAYS, 8, 20, 1), shift(EVERY_DAY, 10, 18, 1)),
                List.of(shift(WEEKDAYS, 8, 20, 2), shift(EVERY_DAY, 10, 18, 1)),
                List.of(shift(WEEKDAYS, 8, 20, 2), shift(EVERY_DAY, 10, 18, 1), shift(EVERY_DAY, 20, 8, 1)),
                List.of(shift(WEEKDAYS, 8, 20, 3), shift(EVERY_DAY, 0, 24, 1), shift(EVERY_DAY, 20, 8, 1)),
                List.of(shift(EVERY_DAY, 0, 24, 4)));
    }

    @Test
    void morePeopleOnCallNeverLowersWithinTargetForTheSameArrivalsAndSeed() {
        for (long seed = 1; seed <= 8; seed++) {
            // A busy site (people are often all on scene) and a quiet one.
            for (int perDay : new int[] {3, 12}) {
                Arrivals arrivals = aYear(seed * 31, perDay);
                double before = -1;
                String previous = null;
                for (List<Scenario.Shift> lines : ladder()) {
                    Scenario scenario = Scenario.of(lines.toString(), lines);
                    CoverageResult result = CoverageSimulation.run(arrivals, scenario, TARGET, seed);
                    assertThat(result.withinTarget())
                            .as("seed %d, %d a day: %s after %s", seed, perDay, scenario.name(), previous)
                            .isGreaterThanOrEqualTo(before)
                            .isBetween(0.0, 1.0);
                    before = result.withinTarget();
                    previous = scenario.name();
                }
                assertThat(before).as("round the clock, four on call").isGreaterThan(0.5);
            }
        }
    }

    @Test
    void aScenarioWithNobodyOnCallAtNightSendsNightReferralsToOutsideHours() {
        LocalDate day = LocalDate.of(2025, 3, 3);
        List<Arrival> arrivals = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            // three at night (nobody on call), two by day, and one the policy puts outside its hours
            arrivals.add(warm(day.plusDays(d), 2));
            arrivals.add(warm(day.plusDays(d), 4));
            arrivals.add(warm(day.plusDays(d), 23));
            arrivals.add(warm(day.plusDays(d), 11));
            arrivals.add(warm(day.plusDays(d), 15));
            arrivals.add(new Arrival(
                    day.plusDays(d).atTime(12, 30).atZone(SEATTLE).toInstant(), Need.OUTSIDE_POLICY_HOURS, null, null));
            arrivals.add(new Arrival(
                    day.plusDays(d).atTime(13, 30).atZone(SEATTLE).toInstant(), Need.NO_HANDOFF, null, null));
        }
        Scenario daysOnly = Scenario.of("days-only", List.of(shift(EVERY_DAY, 8, 20, 2)));

        CoverageResult result = CoverageSimulation.run(new Arrivals(SEATTLE, arrivals), daysOnly, TARGET, 5);

        assertThat(result.referrals()).isEqualTo(140);
        assertThat(result.warmHandoffs()).isEqualTo(100);
        assertThat(result.nobodyOnCall()).as("the night's warm handoffs").isEqualTo(60);
        assertThat(result.outsideHours())
                .as("night warm handoffs and the policy's own")
                .isEqualTo(80);
        assertThat(result.reached()).as("only the day's are reached").isEqualTo(40);
        assertThat(result.withinTarget()).isLessThanOrEqualTo(0.4);

        CoverageResult roundTheClock = CoverageSimulation.run(
                new Arrivals(SEATTLE, arrivals),
                Scenario.of("round-the-clock", List.of(shift(EVERY_DAY, 0, 24, 2))),
                TARGET,
                5);
        assertThat(roundTheClock.outsideHours()).as("only the policy's own").isEqualTo(20);
        assertThat(roundTheClock.reached()).isEqualTo(100);
    }

    private static Arrival warm(LocalDate day, int hour) {
        return new Arrival(day.atTime(hour, 17).atZone(SEATTLE).toInstant(), Need.WARM_HANDOFF, null, null);
    }

    @Test
    void theSameSeedGivesTheSameAnswer() {
        Arrivals arrivals = aYear(99, 6);
        Scenario scenario = Scenario.of("evenings", List.of(shift(WEEKDAYS, 8, 20, 2), shift(EVERY_DAY, 20, 8, 1)));

        CoverageResult first = CoverageSimulation.run(arrivals, scenario, TARGET, 42);
        CoverageResult again = CoverageSimulation.run(arrivals, scenario, TARGET, 42);
        CoverageResult otherSeed = CoverageSimulation.run(arrivals, scenario, TARGET, 43);

        assertThat(again).isEqualTo(first);
        assertThat(first.p50Minutes()).isNotNull();
        assertThat(otherSeed).as("another seed draws other times").isNotEqualTo(first);
    }

    @Test
    void aCaseManagerOnSceneCannotTakeTheNextHandoff() {
        LocalDate day = LocalDate.of(2025, 3, 3);
        // Two requests a minute apart, one person, fixed times: the second waits for the first to finish.
        List<Arrival> arrivals = List.of(
                new Arrival(day.atTime(10, 0).atZone(SEATTLE).toInstant(), Need.WARM_HANDOFF, null, null),
                new Arrival(day.atTime(10, 1).atZone(SEATTLE).toInstant(), Need.WARM_HANDOFF, null, null));
        Scenario one = new Scenario(
                "one",
                List.of(shift(EVERY_DAY, 0, 24, 1)),
                null,
                Distribution.fixed(Duration.ofMinutes(2)),
                Duration.ofMinutes(5),
                Scenario.Travel.of(Distribution.fixed(Duration.ofMinutes(10))),
                Distribution.fixed(Duration.ofMinutes(40)));

        CoverageResult result = CoverageSimulation.run(new Arrivals(SEATTLE, arrivals), one, TARGET, 1);

        // first: 2 + 10 = 12 min; second: waits until 10:52, then 12 more: 63 min after its request
        assertThat(result.p50Minutes()).isEqualTo(12.0);
        assertThat(result.p90Minutes()).isEqualTo(63.0);
        assertThat(result.withinTarget()).isEqualTo(0.5);
    }
}
