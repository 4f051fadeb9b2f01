package org.doorway.dashboard.equity;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorway.dashboard.Board;
import org.doorway.dashboard.Scope;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Range;
import org.doorway.dashboard.report.Stages;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The equity report (DOMAIN.md, "Capture and Review Racial Data"): for race, ethnicity and gender
 * as the sources gave them, how many referrals received in the period reached each stage (see
 * {@link Stages}) and what share of the stage each group is. "not recorded" is a group of its own,
 * always shown. For viewers who see aggregates only, counts from 1 to the threshold − 1 are
 * suppressed, and where a stage would then hide a single group (which its total would give away)
 * the next smallest group of that stage is suppressed too; shares of suppressed counts are not shown.
 */
@Repository
public class Equity {

    /** A dimension of the report: its column on {@code triage_decision} and its heading. */
    enum Dimension {
        RACE("race", "Race"),
        ETHNICITY("ethnicity", "Ethnicity"),
        GENDER("gender", "Gender");

        final String column;
        final String heading;

        Dimension(String column, String heading) {
            this.column = column;
            this.heading = heading;
        }
    }

    /** The stages, in order. */
    public static final List<String> STAGES = List.of(
            "Eligible contacts",
            "Referrals: arrest diversion",
            "Referrals: social contact",
            "Referrals: community",
            "Diverted",
            "Handoffs completed",
            "Enrolled");

    static final String NOT_RECORDED = "not recorded";

    private final JdbcClient db;

    Equity(JdbcClient db) {
        this.db = db;
    }

    /** Counts of one dimension: per group, one count per stage; groups by size, "not recorded" last. */
    Map<String, long[]> counts(Dimension dimension, Range range, String site) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        db.sql("select " + Stages.descriptor(dimension.column) + " as grp,"
                        + " count(*) filter (where " + Stages.ELIGIBLE + "),"
                        + " count(*) filter (where r.door = 'ARREST_DIVERSION'),"
                        + " count(*) filter (where r.door = 'SOCIAL_CONTACT'),"
                        + " count(*) filter (where r.door = 'COMMUNITY'),"
                        + " count(*) filter (where " + Stages.DIVERTED + "),"
                        + " count(*) filter (where " + Stages.HANDED_OFF + "),"
                        + " count(*) filter (where " + Stages.ENROLLED + ")"
                        + " from referral r " + Stages.JOINS
                        + " where r.duplicate_of is null and r.received_at >= :from and r.received_at < :to and "
                        + Scope.SITE + " group by 1 order by count(*) desc, 1")
                .paramSource(new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                        .addValue("site", site)
                        .addValue("from", Timestamp.from(range.from()))
                        .addValue("to", Timestamp.from(range.to())))
                .query((rs, n) -> {
                    long[] c = new long[STAGES.size()];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = rs.getLong(i + 2);
                    }
                    counts.put(rs.getString(1), c);
                    return true;
                })
                .list();
        long[] notRecorded = counts.remove(NOT_RECORDED);
        counts.put(NOT_RECORDED, notRecorded == null ? new long[STAGES.size()] : notRecorded);
        return counts;
    }

    /** Which counts a viewer may not see: primary suppression, then complementary within each stage. */
    public static Map<String, boolean[]> hidden(Map<String, long[]> counts, Suppression suppression) {
        Map<String, boolean[]> hidden = new LinkedHashMap<>();
        counts.forEach((group, c) -> {
            boolean[] h = new boolean[c.length];
            for (int i = 0; i < c.length; i++) {
                h[i] = suppression.hides(c[i]);
            }
            hidden.put(group, h);
        });
        if (!suppression.active()) {
            return hidden;
        }
        for (int stage = 0; stage < STAGES.size(); stage++) {
            int suppressed = 0;
            String smallestVisible = null;
            for (Map.Entry<String, long[]> e : counts.entrySet()) {
                long v = e.getValue()[stage];
                if (hidden.get(e.getKey())[stage]) {
                    suppressed++;
                } else if (v > 0 && (smallestVisible == null || v < counts.get(smallestVisible)[stage])) {
                    smallestVisible = e.getKey();
                }
            }
            if (suppressed == 1 && smallestVisible != null) {
                hidden.get(smallestVisible)[stage] = true;
            }
        }
        return hidden;
    }

    /** The report of one dimension as a table: per group, each stage's count and share, and enrolled per eligible. */
    Table table(Dimension dimension, Map<String, long[]> counts, Suppression suppression) {
        Map<String, boolean[]> hidden = hidden(counts, suppression);
        long[] totals = new long[STAGES.size()];
        counts.values().forEach(c -> {
            for (int i = 0; i < c.length; i++) {
                totals[i] += c[i];
            }
        });
        List<String> columns = new ArrayList<>();
        columns.add(dimension.heading);
        for (String stage : STAGES) {
            columns.add(stage);
            columns.add(stage + " %");
        }
        columns.add("Enrolled per eligible");
        List<List<Cell>> rows = new ArrayList<>();
        counts.forEach((group, c) -> {
            boolean[] h = hidden.get(group);
            List<Cell> row = new ArrayList<>();
            row.add(Cell.text(group).styled(NOT_RECORDED.equals(group) ? "muted" : null));
            for (int i = 0; i < c.length; i++) {
                row.add(h[i] ? Cell.suppressed(suppression.threshold()) : Cell.count(c[i]));
                row.add(Cell.percent(h[i] || totals[i] == 0 ? null : (double) c[i] / totals[i]));
            }
            row.add(Cell.percent(h[0] || h[6] || c[0] == 0 ? null : (double) c[6] / c[0]));
            rows.add(row);
        });
        List<Cell> total = new ArrayList<>();
        total.add(Cell.text("All").styled("total"));
        for (long t : totals) {
            total.add(Cell.count(t, suppression).styled("num total"));
            total.add(Cell.percent(t == 0 || suppression.hides(t) ? null : 1.0));
        }
        total.add(Cell.percent(
                totals[0] == 0 || suppression.hides(totals[0]) || suppression.hides(totals[6])
                        ? null
                        : (double) totals[6] / totals[0]));
        rows.add(total);
        return new Table(
                "equity-" + dimension.column,
                "By " + dimension.heading.toLowerCase(java.util.Locale.ROOT),
                columns,
                rows,
                "Referrals received in the period, each counted once, by the " + dimension.column
                        + " the source gave (\"not recorded\" when it gave none). Eligible: triage found it eligible. Diverted: "
                        + "an eligible arrest diversion not booked (handed off, follow-up queued, or approved by the OWG). "
                        + "Enrolled: intake recorded, or already a participant" + Board.suppressionNote(suppression)
                        + (suppression.active()
                                ? ", and where one group alone would be hidden in a stage, the next "
                                        + "smallest is hidden too"
                                : "")
                        + ".");
    }

    /** A segment of a stage's composition bar. */
    record Segment(String label, double percent, String css) {

        /**
         * The segment's width in whole percent, 0 to 100, for its {@code data-width} attribute:
         * {@code dashboard.css} draws each value ({@code .seg[data-width="37"]}), since the page's
         * Content-Security-Policy refuses inline styles and a width cannot be written into the element.
         */
        public long width() {
            return Math.max(0, Math.min(100, Math.round(percent)));
        }
    }

    /** A stage's composition: what share of it each group is. */
    record StageBar(String stage, List<Segment> segments) {}

    /** The composition of every stage, suppressed groups merged into one grey segment. */
    static List<StageBar> composition(Map<String, long[]> counts, Suppression suppression) {
        Map<String, boolean[]> hidden = hidden(counts, suppression);
        List<String> groups = new ArrayList<>(counts.keySet());
        List<StageBar> bars = new ArrayList<>();
        for (int stage = 0; stage < STAGES.size(); stage++) {
            long total = 0;
            for (long[] c : counts.values()) {
                total += c[stage];
            }
            List<Segment> segments = new ArrayList<>();
            if (total > 0 && !suppression.hides(total)) {
                long merged = 0;
                for (int g = 0; g < groups.size(); g++) {
                    long v = counts.get(groups.get(g))[stage];
                    if (hidden.get(groups.get(g))[stage]) {
                        merged += v;
                    } else if (v > 0) {
                        segments.add(new Segment(
                                groups.get(g),
                                Math.round(1000.0 * v / total) / 10.0,
                                NOT_RECORDED.equals(groups.get(g)) ? "nr" : "c" + (g % 8)));
                    }
                }
                if (merged > 0) {
                    segments.add(new Segment(
                            "small groups (suppressed)", Math.round(1000.0 * merged / total) / 10.0, "sup"));
                }
            }
            bars.add(new StageBar(STAGES.get(stage), segments));
        }
        return bars;
    }
}
