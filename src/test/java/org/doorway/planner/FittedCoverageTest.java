package org.doorway.planner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.doorway.planner.Arrivals.Arrival;
import org.doorway.planner.Arrivals.Need;
import org.junit.jupiter.api.Test;

/**
 * The planner with models fitted on a site's measured handoffs, and what it counts besides the
 * contract: escalations past the primary, the peak of open handoffs, and the breakdowns.
 */
class FittedCoverageTest {

    private static final ZoneId SEATTLE = ZoneId.of("America/Los_Angeles");
    private static final Duration TARGET = Duration.ofMinutes(30);

    /** A site's quarter: arrivals and, for each warm handoff, its clock as the site measured it. */
    private record Quarter(Arrivals arrivals, List<Measured.Handoff> handoffs, int within) {}

    private static Quarter aQuarter(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] zones = {"Central", "North", "South"};
        double[] travelMedians = {8, 15, 18};
        List<Arrival> arrivals = new ArrayList<>();
        List<Measured.Handoff> handoffs = new ArrayList<>();
        int within = 0;
        LocalDate day = LocalDate.of(2025, 1, 6);
        for (int d = 0; d < 90; d++, day = day.plusDays(1)) {
            for (int k = 0; k < 5; k++) {
                Instant at = day.atTime(LocalTime.ofSecondOfDay(random.nextInt(24 * 3600)))
                        .atZone(SEATTLE)
                        .toInstant();
                int z = random.nextInt(zones.length);
                arrivals.add(new Arrival(at, Need.WARM_HANDOFF, null, null, zones[z]));
                int hour = at.atZone(SEATTLE).getHour();
                double ack = lognormal(random, hour < 7 ? 6 : 2.5, 0.7);
                double travel = lognormal(random, travelMedians[z], 0.45);
                boolean left = random.nextDouble() < 0.04;
                handoffs.add(
                        new Measured.Handoff(at, zones[z], ack, left ? null : travel, left ? null : 40.0, true, !left));
                if (!left && ack + travel <= 30) {
                    within++;
                }
            }
        }
        return new Quarter(new Arrivals(SEATTLE, arrivals), handoffs, within);
    }

    private static double lognormal(SplittableRandom random, double median, double spread) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return median * Math.exp(spread * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }

    private static int[][] everyHour(int people) {
        int[][] roster = new int[7][24];
        for (int[] day : roster) {
            java.util.Arrays.fill(day, people);
        }
        return roster;
    }

    @Test
    void theBackTestUnderTheRosterInForceReproducesTheMeasuredWithinTargetShare() {
        Quarter quarter = aQuarter(7);
        Measured measured = Measured.fit(quarter.handoffs(), SEATTLE);
        Scenario inForce = Scenario.weekly("roster in force", everyHour(3)).withMeasured(measured);

        BackTest backTest = BackTest.run(quarter.arrivals(), inForce, TARGET, 1, quarter.within());

        assertThat(measured.handoffs()).isEqualTo(450);
        assertThat(backTest.actual()).isBetween(0.6, 0.95);
        assertThat(backTest.holds())
                .as("model %s against actual %s", backTest.model(), backTest.actual())
                .isTrue();
        assertThat(backTest.words().get(0)).contains("450 warm handoffs").contains("within the stated tolerance");
    }

    @Test
    void aStatedModelIsUsedAndAnUnstatedOneIsFitted() {
        Quarter quarter = aQuarter(8);
        Measured measured = Measured.fit(quarter.handoffs(), SEATTLE);
        Scenario fitted = Scenario.weekly("fitted", everyHour(3)).withMeasured(measured);
        Scenario stated = new Scenario(
                        "stated",
                        fitted.onCall(),
                        null,
                        Distribution.fixed(Duration.ofMinutes(40)),
                        Scenario.ESCALATE_AFTER,
                        Scenario.Travel.of(Scenario.TRAVEL),
                        Scenario.ON_SCENE)
                .withMeasured(measured);

        assertThat(fitted.assumptions().get(0)).contains("fitted on the site's measured times by hour");
        assertThat(stated.assumptions().get(0)).contains("always 40 min");
        assertThat(CoverageSimulation.run(quarter.arrivals(), stated, TARGET, 1).withinTarget())
                .as("40 minutes to acknowledge: never within 30")
                .isZero();
        assertThat(measured.words()).anySatisfy(w -> assertThat(w).startsWith("fitted on 450 warm handoffs"));
    }

    @Test
    void acknowledgingPastEscalateAfterCountsAsEscalatedPastThePrimary() {
        LocalDate day = LocalDate.of(2025, 3, 3);
        List<Arrival> arrivals = new ArrayList<>();
        for (int h = 8; h < 12; h++) {
            arrivals.add(new Arrival(day.atTime(h, 0).atZone(SEATTLE).toInstant(), Need.WARM_HANDOFF, null, null));
        }
        Scenario slow = scenario(Duration.ofMinutes(8), 2);
        Scenario quick = scenario(Duration.ofMinutes(2), 2);

        assertThat(CoverageSimulation.run(new Arrivals(SEATTLE, arrivals), slow, TARGET, 1)
                        .escalatedPastPrimary())
                .isEqualTo(4);
        assertThat(CoverageSimulation.run(new Arrivals(SEATTLE, arrivals), quick, TARGET, 1)
                        .escalatedPastPrimary())
                .isZero();
    }

    @Test
    void thePeakIsTheMostHandoffsOpenAtOnce() {
        LocalDate day = LocalDate.of(2025, 3, 3);
        List<Arrival> arrivals = List.of(
                new Arrival(day.atTime(10, 0).atZone(SEATTLE).toInstant(), Need.WARM_HANDOFF, null, null),
                new Arrival(day.atTime(10, 5).atZone(SEATTLE).toInstant(), Need.WARM_HANDOFF, null, null),
                new Arrival(day.atTime(10, 10).atZone(SEATTLE).toInstant(), Need.WARM_HANDOFF, null, null),
                new Arrival(day.atTime(15, 0).atZone(SEATTLE).toInstant(), Need.WARM_HANDOFF, null, null));

        CoverageResult result =
                CoverageSimulation.run(new Arrivals(SEATTLE, arrivals), scenario(Duration.ofMinutes(2), 4), TARGET, 1);

        assertThat(result.peakSimultaneous()).isEqualTo(3);
    }

    @Test
    void theBreakdownsByZoneHourAndWeekdayAddUpToTheTotals() {
        Arrivals arrivals = CoverageSimulationTest.aYear(3, 6);
        List<Arrival> zoned = new ArrayList<>();
        String[] zones = {"W1", "W2", "W4", null};
        for (int i = 0; i < arrivals.arrivals().size(); i++) {
            Arrival a = arrivals.arrivals().get(i);
            zoned.add(new Arrival(a.at(), a.need(), null, null, zones[i % zones.length]));
        }
        Scenario office = Scenario.of(
                "office",
                List.of(new Scenario.Shift(
                        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                        LocalTime.of(8, 0),
                        LocalTime.of(20, 0),
                        2)));

        CoverageResult result = CoverageSimulation.run(new Arrivals(SEATTLE, zoned), office, TARGET, 1);

        int within = (int) Math.round(result.withinTarget() * result.warmHandoffs());
        for (List<Breakdown> rows : List.of(result.byZone(), result.byHour(), result.byWeekday())) {
            assertThat(rows.stream().mapToInt(Breakdown::warmHandoffs).sum()).isEqualTo(result.warmHandoffs());
            assertThat(rows.stream().mapToInt(Breakdown::reached).sum()).isEqualTo(within);
            assertThat(rows.stream().mapToInt(Breakdown::outsideHours).sum()).isEqualTo(result.outsideHours());
        }
        assertThat(result.byZone()).extracting(Breakdown::key).containsExactly("(no zone)", "W1", "W2", "W4");
        assertThat(result.byHour())
                .hasSize(24)
                .first()
                .extracting(Breakdown::key)
                .isEqualTo("00");
        assertThat(result.byWeekday())
                .extracting(Breakdown::key)
                .startsWith("Mon")
                .endsWith("Sun");
        assertThat(result.byHour().get(3).withinTarget())
                .as("nobody on call at 3 a.m.")
                .isZero();
        assertThat(result.byWeekday().get(6).outsideHours())
                .as("on Sunday every referral is outside hours")
                .isEqualTo(result.byWeekday().get(6).warmHandoffs()
                        + (int) arrivals.arrivals().stream()
                                .filter(a -> a.need() == Need.OUTSIDE_POLICY_HOURS
                                        && a.at().atZone(SEATTLE).getDayOfWeek() == DayOfWeek.SUNDAY)
                                .count());
    }

    @Test
    void detailsAddTheBreakdownsAfterTheContractsFieldsAndPlainJsonKeepsTheContractExactly() throws Exception {
        CoverageResult result = CoverageSimulation.run(
                CoverageSimulationTest.aYear(4, 2), scenario(Duration.ofMinutes(2), 1), TARGET, 1);
        ObjectMapper json = new ObjectMapper();

        JsonNode plain = json.readTree(CoverageCommand.json(List.of(result)))
                .get("scenarios")
                .get(0);
        JsonNode details = json.readTree(CoverageCommand.json(List.of(result), true))
                .get("scenarios")
                .get(0);

        List<String> plainFields = new ArrayList<>();
        plain.fieldNames().forEachRemaining(plainFields::add);
        List<String> detailFields = new ArrayList<>();
        details.fieldNames().forEachRemaining(detailFields::add);
        assertThat(plainFields)
                .containsExactly(
                        "name",
                        "referrals",
                        "warmHandoffs",
                        "withinTarget",
                        "p50Minutes",
                        "p90Minutes",
                        "outsideHours");
        assertThat(detailFields)
                .startsWith(plainFields.toArray(String[]::new))
                .endsWith("escalatedPastPrimary", "peakSimultaneous", "byZone", "byHour", "byWeekday");
        assertThat(details.get("byHour")).hasSize(24);
        assertThat(details.get("byHour").get(0).get("key").asText()).isEqualTo("00");
    }

    private static Scenario scenario(Duration ack, int people) {
        return new Scenario(
                "fixed",
                List.of(new Scenario.Shift(EnumSet.allOf(DayOfWeek.class), LocalTime.of(0, 0), null, people)),
                null,
                Distribution.fixed(ack),
                Duration.ofMinutes(5),
                Scenario.Travel.of(Distribution.fixed(Duration.ofMinutes(10))),
                Distribution.fixed(Duration.ofMinutes(40)));
    }
}
