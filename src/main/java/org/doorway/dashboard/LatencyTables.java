package org.doorway.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Percentiles;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;

/**
 * The dashboard's latency tables: one row per group (all handoffs first, in the overall table),
 * with how many handoffs were requested, how many were acknowledged and reached on scene, the
 * percentiles of each, and the breaches of the target. For viewers who see aggregates only, a count
 * below the threshold is suppressed together with whatever is computed from it.
 */
final class LatencyTables {

    static final List<String> COLUMNS = List.of(
            "Group",
            "Handoffs",
            "Acknowledged",
            "Ack p50",
            "Ack p90",
            "Ack p95",
            "On scene",
            "On scene p50",
            "On scene p90",
            "On scene p95",
            "Breaches",
            "Breach rate");

    static final String NOTE = "Times from the request; percentiles are over the handoffs that reached that moment "
            + "(a handoff never acknowledged, or with nobody on scene, is counted in Handoffs but has no time to rank). "
            + "A breach: nobody on scene within the site's target once the target moment has passed";

    private LatencyTables() {}

    /** The overall row. */
    static Table overall(Latency.Stats stats, Suppression suppression) {
        return new Table(
                "latency",
                "Latency, all handoffs",
                COLUMNS,
                List.of(row("All handoffs", stats, suppression)),
                NOTE + Board.suppressionNote(suppression) + ".");
    }

    /** A grouping's rows. */
    static Table grouped(Latency.Grouping grouping, Map<String, Latency.Stats> groups, Suppression suppression) {
        List<List<Cell>> rows = new ArrayList<>();
        groups.forEach((group, stats) -> rows.add(row(group, stats, suppression)));
        List<String> columns = new ArrayList<>(COLUMNS);
        columns.set(0, grouping.heading);
        return new Table(
                "latency-by-" + grouping.id,
                "Latency by " + grouping.heading.toLowerCase(java.util.Locale.ROOT),
                columns,
                rows,
                NOTE + Board.suppressionNote(suppression) + ".");
    }

    private static List<Cell> row(String group, Latency.Stats s, Suppression suppression) {
        List<Cell> cells = new ArrayList<>();
        cells.add(Cell.text(group));
        boolean hidden = suppression.hides(s.handoffs());
        cells.add(Cell.count(s.handoffs(), suppression));
        measure(cells, s.toAcknowledged(), hidden, suppression);
        measure(cells, s.toOnScene(), hidden, suppression);
        if (hidden || suppression.hides(s.breaches())) {
            cells.add(Cell.suppressed(suppression.threshold()));
            cells.add(Cell.percent(null));
        } else {
            cells.add(s.breaches() > 0 ? Cell.count(s.breaches()).styled("num bad") : Cell.count(0));
            cells.add(Cell.percent(s.handoffs() == 0 ? null : (double) s.breaches() / s.handoffs()));
        }
        return cells;
    }

    private static void measure(List<Cell> cells, Percentiles.Summary m, boolean groupHidden, Suppression suppression) {
        if (groupHidden || suppression.hides(m.count())) {
            cells.add(Cell.suppressed(suppression.threshold()));
            cells.add(Cell.seconds(null));
            cells.add(Cell.seconds(null));
            cells.add(Cell.seconds(null));
            return;
        }
        cells.add(Cell.count(m.count()));
        cells.add(Cell.seconds(m.p50()));
        cells.add(Cell.seconds(m.p90()));
        cells.add(Cell.seconds(m.p95()));
    }

    /** Percentiles a chart may draw for a group, or null where the group is suppressed or unmeasured. */
    static Double[] chartValues(Latency.Stats s, boolean onScene, Suppression suppression) {
        Percentiles.Summary m = onScene ? s.toOnScene() : s.toAcknowledged();
        if (suppression.hides(s.handoffs()) || suppression.hides(m.count()) || m.count() == 0) {
            return new Double[] {null, null, null};
        }
        return new Double[] {m.p50(), m.p90(), m.p95()};
    }
}
