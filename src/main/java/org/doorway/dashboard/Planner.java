package org.doorway.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Charts;
import org.doorway.dashboard.report.Range;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;
import org.doorway.planner.Arrivals;
import org.doorway.planner.BackTest;
import org.doorway.planner.Breakdown;
import org.doorway.planner.CoverageResult;
import org.doorway.planner.CoverageSimulation;
import org.doorway.planner.Measured;
import org.doorway.planner.RosterInForce;
import org.doorway.planner.Scenario;
import org.doorway.site.OnCall;
import org.doorway.system.InvalidYamlException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The coverage planner over a site's stored referrals: the referrals of the chosen period (table
 * {@code referral}, read only) with the decisions triage stored for them ({@code triage_decision}),
 * replayed against staffing scenarios pasted on the planner page ({@link CoverageSimulation}). Only
 * aggregates come out: per scenario, counts, the share within the target and percentiles.
 *
 * <p>Unlike {@code coverage} on the command line, nothing is decided again: a stored referral counts
 * as the warm handoff (or the field follow-up for lack of hours) triage decided at the time.
 *
 * <p>With at least {@value #FIT_AT_LEAST} warm handoffs measured in the period (table
 * {@code handoff}, read only), the models a scenario does not state (acknowledging, travel, time on
 * scene) are fitted on them ({@link Measured}); fewer, and the stated defaults stand. The period is
 * also back-tested ({@link BackTest}): the roster really in force (the site's schedules, as
 * {@link OnCall} has them, hour by hour) against the share of warm handoffs really on scene within
 * the target. Results come by zone, hour and weekday as well.
 */
@Component
class Planner {

    /** The built-in example scenarios (examples/coverage/, shipped in the jar), in the order offered. */
    static final List<String> EXAMPLES = List.of("office-hours", "around-the-clock");

    /** At most this many scenarios at once, each at most this long. */
    static final int MAX_SCENARIOS = 6;

    static final int MAX_CHARS = 4000;

    /** Fewer measured warm handoffs than this, and the planner fits nothing on them. */
    static final int FIT_AT_LEAST = 30;

    /** The breakdown tables, by the id they have on the page and in {@code results.csv?table=}. */
    static final List<String> BREAKDOWNS = List.of("planner-by-zone", "planner-by-hour", "planner-by-weekday");

    private static final String ARRIVALS = """
            select t.at, d.outcome, d.detail->'followUp'->>'rule',
                   case when jsonb_typeof(r.body->'location'->'latitude') = 'number'
                        then (r.body->'location'->>'latitude')::double precision end,
                   case when jsonb_typeof(r.body->'location'->'longitude') = 'number'
                        then (r.body->'location'->>'longitude')::double precision end,
                   r.body->'location'->>'zone',
                   h.requested_at,
                   extract(epoch from h.acknowledged_at - h.requested_at) / 60,
                   extract(epoch from h.on_scene_at - h.acknowledged_at) / 60,
                   extract(epoch from coalesce(h.handed_off_at, h.closed_at) - h.on_scene_at) / 60,
                   h.closed_at is not null,
                   h.on_scene_at is not null,
                   extract(epoch from h.on_scene_at - h.requested_at) / 60
            from referral r
            join triage_decision d on d.referral_id = r.id
            left join handoff h on h.referral_id = r.id
            cross join lateral (select coalesce(cast(r.body->>'occurredAt' as timestamptz), r.received_at) as at) t
            where r.site = :site and t.at >= :from and t.at < :to
            order by t.at, r.id""";

    private static final String HANDOFFS = """
            select count(*),
                   percentile_cont(0.5) within group (order by extract(epoch from h.acknowledged_at - h.requested_at)),
                   percentile_cont(0.5) within group (order by extract(epoch from h.on_scene_at - h.requested_at))
            from handoff h
            where h.site = :site and h.requested_at >= :from and h.requested_at < :to""";

    private final JdbcClient db;
    private final DashboardProperties properties;
    private final OnCall onCall;

    Planner(JdbcClient db, DashboardProperties properties, OnCall onCall) {
        this.db = db;
        this.properties = properties;
        this.onCall = onCall;
    }

    /**
     * What the period held.
     *
     * @param arrivals          the stored referrals with a decision, as arrivals
     * @param handoffs          warm handoffs recorded (requested) in the period
     * @param medianAckSeconds  their median time to acknowledge, or {@code null}
     * @param medianOnSceneSeconds their median time to on scene, or {@code null}
     * @param measured          the warm handoffs' clocks, with the models fitted on them
     * @param onSceneMinutes    for each warm handoff (of the arrivals) with a handoff recorded, request →
     *                          on scene in minutes, or {@code null} when nobody was on scene
     */
    record History(
            Arrivals arrivals,
            long handoffs,
            Double medianAckSeconds,
            Double medianOnSceneSeconds,
            Measured measured,
            List<Double> onSceneMinutes) {

        /** Warm handoffs really on scene within {@code target}. */
        int actualWithin(Duration target) {
            double minutes = target.toMillis() / 60_000.0;
            return (int) onSceneMinutes.stream()
                    .filter(m -> m != null && m <= minutes)
                    .count();
        }

        /** Whether enough was measured to fit the models on. */
        boolean fitted() {
            return measured.handoffs() >= FIT_AT_LEAST;
        }

        long warmHandoffs() {
            return arrivals.arrivals().stream()
                    .filter(a -> a.need() == Arrivals.Need.WARM_HANDOFF)
                    .count();
        }
    }

    /**
     * One run of the page.
     *
     * @param errors      what is wrong with the scenarios (naming scenario, line and field); then nothing else
     * @param empty       a message when the period has no stored referrals; then no table
     * @param table       the scenarios side by side
     * @param chart       the share within the target per scenario
     * @param assumptions the assumptions used, in words
     * @param breakdowns  the scenarios side by side by zone, hour and weekday ({@link #BREAKDOWNS})
     * @param backTest    the back-test of the period, or {@code null} when it had no warm handoff
     */
    record Run(
            List<String> errors,
            String empty,
            Table table,
            Charts.BarChart chart,
            List<String> assumptions,
            List<Table> breakdowns,
            BackTest backTest) {

        Run(List<String> errors, String empty, Table table, Charts.BarChart chart, List<String> assumptions) {
            this(errors, empty, table, chart, assumptions, List.of(), null);
        }

        /** The table with this id (the results, or a breakdown), if the run has it. */
        java.util.Optional<Table> table(String id) {
            if (table != null && (id == null || id.equals(table.id()))) {
                return java.util.Optional.of(table);
            }
            return breakdowns.stream().filter(t -> t.id().equals(id)).findFirst();
        }
    }

    /** The example scenarios' texts, by name. */
    Map<String, String> examples() {
        Map<String, String> examples = new LinkedHashMap<>();
        for (String name : EXAMPLES) {
            try (InputStream in = Planner.class.getResourceAsStream("/planner-examples/" + name + ".yaml")) {
                if (in != null) {
                    examples.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // an example that cannot be read is simply not offered
            }
        }
        return examples;
    }

    /** Reads the scenarios (blank texts skipped); problems name the scenario's place, line and field. */
    static List<Scenario> scenarios(List<String> texts, List<String> errors) {
        List<Scenario> scenarios = new ArrayList<>();
        int given = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                continue;
            }
            given++;
            String label = "scenario " + (i + 1);
            if (text.length() > MAX_CHARS) {
                errors.add(label + ": longer than " + MAX_CHARS + " characters");
                continue;
            }
            try {
                scenarios.add(Scenario.parse(label, text.getBytes(StandardCharsets.UTF_8)));
            } catch (InvalidYamlException e) {
                errors.addAll(e.problems());
            } catch (RuntimeException e) {
                errors.add(label + ": cannot be read as a scenario ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        if (given < 2 && errors.isEmpty()) {
            errors.add("Give at least two scenarios to compare.");
        }
        if (given > MAX_SCENARIOS) {
            errors.add("At most " + MAX_SCENARIOS + " scenarios at once.");
        }
        return scenarios;
    }

    /** The stored referrals and handoffs of {@code site} in {@code range}. */
    History history(String site, Range range, ZoneId zone) {
        List<Arrivals.Arrival> arrivals = new ArrayList<>();
        List<Measured.Handoff> measured = new ArrayList<>();
        List<Double> onScene = new ArrayList<>();
        db.sql(ARRIVALS)
                .param("site", site)
                .param("from", Timestamp.from(range.from()))
                .param("to", Timestamp.from(range.to()))
                .query(rs -> {
                    Arrivals.Arrival arrival = new Arrivals.Arrival(
                            rs.getTimestamp(1).toInstant(),
                            Arrivals.need(rs.getString(2), rs.getString(3)),
                            (Double) rs.getObject(4),
                            (Double) rs.getObject(5),
                            rs.getString(6));
                    arrivals.add(arrival);
                    Timestamp requested = rs.getTimestamp(7);
                    if (arrival.need() == Arrivals.Need.WARM_HANDOFF && requested != null) {
                        measured.add(new Measured.Handoff(
                                requested.toInstant(),
                                arrival.zone(),
                                number(rs.getObject(8)),
                                number(rs.getObject(9)),
                                number(rs.getObject(10)),
                                rs.getBoolean(11),
                                rs.getBoolean(12)));
                        onScene.add(number(rs.getObject(13)));
                    }
                });
        Measured fitted = Measured.fit(measured, zone);
        return db.sql(HANDOFFS)
                .param("site", site)
                .param("from", Timestamp.from(range.from()))
                .param("to", Timestamp.from(range.to()))
                .query((rs, n) -> new History(
                        new Arrivals(zone, arrivals),
                        rs.getLong(1),
                        (Double) rs.getObject(2),
                        (Double) rs.getObject(3),
                        fitted,
                        onScene))
                .single();
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    /** Runs the scenarios over the site's stored referrals of the period. */
    Run run(String site, Range range, ZoneId zone, List<String> texts, long seed, Suppression suppression) {
        List<String> errors = new ArrayList<>();
        List<Scenario> scenarios = scenarios(texts, errors);
        if (!errors.isEmpty()) {
            return new Run(errors, null, null, null, List.of());
        }
        History history = history(site, range, zone);
        Duration target = properties.target(site);
        Measured measured = history.fitted() ? history.measured() : null;
        scenarios = scenarios.stream().map(sc -> sc.withMeasured(measured)).toList();
        List<String> assumptions = assumptions(site, range, zone, history, scenarios, target, seed, suppression);
        if (history.arrivals().arrivals().isEmpty()) {
            return new Run(
                    List.of(),
                    "Site " + site + " has no stored referrals with a triage decision from " + range.firstDay()
                            + " to " + range.lastDay() + ": there is nothing to replay. Choose a period the site"
                            + " was taking referrals in, or use the coverage command with exports.",
                    null,
                    null,
                    assumptions);
        }
        List<CoverageResult> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            results.add(CoverageSimulation.run(history.arrivals(), scenario, target, seed));
        }
        BackTest backTest = null;
        if (history.warmHandoffs() > 0) {
            Scenario inForce = RosterInForce.of(onCall, site, range.from(), range.to(), zone)
                    .withMeasured(measured);
            backTest = BackTest.run(history.arrivals(), inForce, target, seed, history.actualWithin(target));
            assumptions.add(backTest.words().get(0)
                    + " The roster in force: the site's schedules hour by hour (different case managers on call"
                    + " in any layer, the most frequent count for each weekday and hour of the period); "
                    + (measured == null
                            ? "models as stated above (fewer than " + FIT_AT_LEAST + " handoffs to fit on)."
                            : "models fitted as above."));
        }
        List<Table> breakdowns = List.of(
                breakdown(BREAKDOWNS.get(0), "By zone", "Zone", results, CoverageResult::byZone, suppression),
                breakdown(
                        BREAKDOWNS.get(1), "By hour (site time)", "Hour", results, CoverageResult::byHour, suppression),
                breakdown(BREAKDOWNS.get(2), "By weekday", "Weekday", results, CoverageResult::byWeekday, suppression));
        return new Run(
                List.of(),
                null,
                table(results, scenarios, target, suppression),
                chart(results),
                assumptions,
                breakdowns,
                backTest);
    }

    /** One breakdown: a row per key, per scenario the share within the target and the count outside hours. */
    static Table breakdown(
            String id,
            String title,
            String keyHeading,
            List<CoverageResult> results,
            Function<CoverageResult, List<Breakdown>> by,
            Suppression suppression) {
        List<String> columns = new ArrayList<>(List.of(keyHeading, "Warm handoffs"));
        for (CoverageResult r : results) {
            columns.add(r.name() + ": within target");
            columns.add(r.name() + ": outside hours");
        }
        Map<String, List<Cell>> rows = new LinkedHashMap<>();
        Map<String, Integer> warm = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            for (Breakdown b : by.apply(results.get(i))) {
                List<Cell> row = rows.computeIfAbsent(b.key(), k -> {
                    List<Cell> cells = new ArrayList<>();
                    for (int c = 0; c < 2 + 2 * results.size(); c++) {
                        cells.add(Cell.EMPTY);
                    }
                    return cells;
                });
                warm.put(b.key(), b.warmHandoffs());
                row.set(0, Cell.text(b.key()));
                row.set(2 + 2 * i, Cell.percent(b.withinTarget()));
                row.set(3 + 2 * i, Cell.count(b.outsideHours(), suppression));
            }
        }
        rows.forEach((key, row) -> row.set(1, Cell.count(warm.get(key), suppression)));
        return new Table(
                id,
                title,
                columns,
                new ArrayList<>(rows.values()),
                "Within target: the share of that " + keyHeading.toLowerCase(Locale.ROOT) + "'s warm handoffs with a"
                        + " case manager on scene within the target; outside hours: its referrals that got no warm"
                        + " handoff for lack of hours or people on call.");
    }

    static Table table(
            List<CoverageResult> results, List<Scenario> scenarios, Duration target, Suppression suppression) {
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            CoverageResult r = results.get(i);
            Duration t = scenarios.get(i).target() != null ? scenarios.get(i).target() : target;
            rows.add(List.of(
                    Cell.text(r.name()),
                    minutes(t.toMillis() / 60_000.0),
                    Cell.count(r.referrals(), suppression),
                    Cell.count(r.warmHandoffs(), suppression),
                    Cell.percent(r.warmHandoffs() == 0 ? null : r.withinTarget()),
                    minutes(r.p50Minutes()),
                    minutes(r.p90Minutes()),
                    Cell.count(r.outsideHours(), suppression),
                    Cell.count(r.nobodyOnCall(), suppression),
                    Cell.count(r.escalatedPastPrimary(), suppression),
                    Cell.count(r.peakSimultaneous())));
        }
        return new Table(
                "planner-results",
                "Scenarios side by side",
                List.of(
                        "Scenario",
                        "Target (min)",
                        "Referrals",
                        "Warm handoffs",
                        "Within target",
                        "p50 (min)",
                        "p90 (min)",
                        "Outside hours",
                        "Nobody on call",
                        "Escalated past primary",
                        "Peak at once"),
                rows,
                "Within target: the share of warm handoffs with a case manager on scene within the target (request →"
                        + " on scene); a warm handoff with nobody on call never is. p50, p90: request → on scene over"
                        + " the warm handoffs someone went to. Outside hours: referrals triage put outside its hours"
                        + " or pilot zone, plus warm handoffs with nobody on call. Escalated past primary: the first"
                        + " page unanswered past escalate-after. Peak at once: the most warm handoffs open together."
                        + (suppression.active()
                                ? " Counts below " + suppression.threshold() + " are shown as <"
                                        + suppression.threshold() + "."
                                : ""));
    }

    private static Charts.BarChart chart(List<CoverageResult> results) {
        return Charts.shares(
                "planner-chart",
                "Warm handoffs within the target, by scenario",
                "Share of warm handoffs with a case manager on scene within the target, for each scenario",
                results.stream().map(CoverageResult::name).toList(),
                results.stream()
                        .map(r -> r.warmHandoffs() == 0 ? null : r.withinTarget())
                        .toList(),
                "within target");
    }

    private static List<String> assumptions(
            String site,
            Range range,
            ZoneId zone,
            History history,
            List<Scenario> scenarios,
            Duration target,
            long seed,
            Suppression suppression) {
        List<String> lines = new ArrayList<>();
        lines.add("Arrivals: site " + site + "'s stored referrals from " + range.firstDay() + " to " + range.lastDay()
                + " (" + zone + "), " + count(history.arrivals().arrivals().size(), suppression)
                + " with a triage decision, " + count(history.warmHandoffs(), suppression)
                + " of them warm handoffs now, each as triage decided it at the time.");
        lines.add("History: " + count(history.handoffs(), suppression)
                + " warm handoffs recorded in the period (median request → acknowledged "
                + seconds(history.medianAckSeconds()) + ", request → on scene "
                + seconds(history.medianOnSceneSeconds())
                + ")."
                + (history.fitted()
                        ? " The models a scenario does not state are fitted on them: "
                                + String.join("; ", history.measured().words()) + "."
                        : " The acknowledging and travel models below are the scenarios' own (defaults unless a"
                                + " scenario sets them), not fitted to these handoffs (fewer than " + FIT_AT_LEAST
                                + "): compare them with the recorded medians."));
        lines.add("Target: " + minutesText(target.toMillis() / 60_000.0)
                + " request → on scene (the site's dashboard target), unless a scenario sets its own.");
        lines.add("Seed " + seed + ": the same period, scenarios and seed give the same answer; every scenario meets"
                + " the same random draws, so differences come from the staffing.");
        for (Scenario s : scenarios) {
            lines.add(s.name() + ": " + String.join("; ", s.assumptions()) + ".");
        }
        lines.add("A case manager is busy from the page until done on scene; with everyone on call busy a request"
                + " waits for the first free. The golden thread (a participant's own case manager) is not"
                + " simulated. Escalated past the primary: handoffs whose first page went unanswered past the"
                + " scenario's escalate-after. Peak: the most warm handoffs open at once.");
        return lines;
    }

    private static String count(long n, Suppression suppression) {
        return suppression.hides(n) ? "<" + suppression.threshold() : Long.toString(n);
    }

    private static String seconds(Double seconds) {
        return seconds == null ? "none measured" : Cell.duration(seconds);
    }

    private static Cell minutes(Double minutes) {
        if (minutes == null) {
            return new Cell("–", "", null, "num muted");
        }
        String text = String.format(Locale.ROOT, "%.1f", minutes);
        return new Cell(text, text, null, "num");
    }

    private static String minutesText(double minutes) {
        return String.format(Locale.ROOT, "%.1f min", minutes);
    }
}
