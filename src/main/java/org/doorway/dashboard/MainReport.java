package org.doorway.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.doorway.dashboard.report.Charts;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;
import org.doorway.staff.Viewer;
import org.springframework.stereotype.Component;

/**
 * The main dashboard's content for one request, each part only when the viewer may see it: the
 * live board; latency overall and by site, door, zone, hour and weekday, as tables and charts;
 * breaches and where they cluster; coverage gaps ahead; pages.
 */
@Component
class MainReport {

    private final HandoffFacts facts;
    private final Latency latency;
    private final Board board;
    private final Breaches breaches;
    private final Coverage coverage;
    private final PageCounts pages;
    private final DashboardProperties properties;

    MainReport(
            HandoffFacts facts,
            Latency latency,
            Board board,
            Breaches breaches,
            Coverage coverage,
            PageCounts pages,
            DashboardProperties properties) {
        this.facts = facts;
        this.latency = latency;
        this.board = board;
        this.breaches = breaches;
        this.coverage = coverage;
        this.pages = pages;
        this.properties = properties;
    }

    /** A latency grouping as a table and a chart of the chosen measure. */
    record Grouped(Table table, Charts.BarChart chart) {}

    /**
     * The content; {@code null} parts are not shown.
     *
     * @param board      the live board
     * @param overall    latency of every handoff in the range
     * @param groups     latency by site, door, zone, hour and weekday
     * @param breachList the handoffs that missed the target (rows)
     * @param clusters   breaches by weekday and hour, as a table
     * @param heat       the same, as a heat map
     * @param coverage   coverage gaps ahead
     * @param pages      what became of pages
     * @param handoffs   how many handoffs the range holds (for the heading)
     */
    record Content(
            Table board,
            Table overall,
            List<Grouped> groups,
            Table breachList,
            Table clusters,
            Charts.HeatMap heat,
            Table coverage,
            Table pages,
            int handoffs) {

        /** Every table, for the CSV downloads. */
        List<Table> tables() {
            List<Table> all = new ArrayList<>();
            for (Table t : new Table[] {board, overall, breachList, clusters, coverage, pages}) {
                if (t != null) {
                    all.add(t);
                }
            }
            groups.forEach(g -> all.add(g.table()));
            return all;
        }
    }

    Content content(Requests.Page page) {
        Viewer viewer = page.viewer();
        Suppression suppression = Suppression.of(viewer, properties.smallCount());
        Table boardTable = viewer.may(Viewer.Section.BOARD) ? board.board(page.site(), viewer, page.now()) : null;
        if (!viewer.may(Viewer.Section.LATENCY)) {
            return new Content(boardTable, null, List.of(), null, null, null, null, null, 0);
        }
        List<HandoffFacts.Row> rows = facts.requested(page.range(), page.site(), viewer);
        Latency.Stats all = latency.stats(rows, page.now());
        Table overall = LatencyTables.overall(all, suppression);
        boolean onScene = page.filters().onScene();
        List<Grouped> groups = new ArrayList<>();
        for (Latency.Grouping grouping : Latency.Grouping.values()) {
            Map<String, Latency.Stats> stats = latency.grouped(rows, grouping, page.now());
            List<String> categories = new ArrayList<>(stats.keySet());
            List<Double[]> values = new ArrayList<>();
            stats.values().forEach(s -> values.add(LatencyTables.chartValues(s, onScene, suppression)));
            String measure = onScene ? "request → on scene" : "request → acknowledged";
            Double target = onScene && page.site() != null
                    ? (double) latency.target(page.site()).toSeconds()
                    : onScene ? (double) properties.target().toSeconds() : null;
            Charts.BarChart chart = Charts.bars(
                    "chart-" + grouping.id,
                    "By " + grouping.heading.toLowerCase(java.util.Locale.ROOT),
                    "p50, p90 and p95 of " + measure + " by " + grouping.heading.toLowerCase(java.util.Locale.ROOT)
                            + ", in minutes" + (target == null ? "" : ", with the target as a dashed line") + ".",
                    categories,
                    List.of("p50", "p90", "p95"),
                    values,
                    target);
            groups.add(new Grouped(LatencyTables.grouped(grouping, stats, suppression), chart));
        }
        Table breachList = null;
        Table clusterTable = null;
        Charts.HeatMap heat = null;
        Breaches.Clusters clusters = breaches.clusters(rows, page.now());
        if (viewer.may(Viewer.Section.BREACHES)) {
            if (viewer.seesRows()) {
                breachList = breaches.list(rows, page.now());
            }
            clusterTable = breaches.clusterTable(clusters, suppression);
            heat = breaches.heatMap(clusters, suppression);
        }
        Table gaps = viewer.may(Viewer.Section.COVERAGE)
                ? coverage.table(coverage.gaps(page.site(), viewer, page.now()), clusters, suppression)
                : null;
        Table pageTable =
                viewer.may(Viewer.Section.PAGES) ? pages.table(page.range(), page.site(), viewer, suppression) : null;
        return new Content(boardTable, overall, groups, breachList, clusterTable, heat, gaps, pageTable, rows.size());
    }
}
