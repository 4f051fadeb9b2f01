package org.doorway.dashboard.equity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.doorway.dashboard.DashboardProperties;
import org.doorway.dashboard.Requests;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;
import org.doorway.staff.Viewer;
import org.springframework.stereotype.Component;

/**
 * The equity page's content for one request: race, ethnicity and gender at each stage, as tables
 * and composition bars, and the missed diversion opportunities (rows for supervisors and
 * administrators, counts for viewers who see aggregates only).
 */
@Component
public class EquityReport {

    private final Equity equity;
    private final MissedDiversions missed;
    private final DashboardProperties properties;

    EquityReport(Equity equity, MissedDiversions missed, DashboardProperties properties) {
        this.equity = equity;
        this.missed = missed;
        this.properties = properties;
    }

    /** One dimension: its table and its composition bars. */
    record Dimension(String heading, Table table, List<Equity.StageBar> bars) {}

    /** The content; {@code missed} is {@code null} for viewers who may not see it. */
    public record Content(List<Dimension> dimensions, Table missed) {

        public List<Table> tables() {
            List<Table> all = new ArrayList<>();
            dimensions.forEach(d -> all.add(d.table()));
            if (missed != null) {
                all.add(missed);
            }
            return all;
        }
    }

    public Content content(Requests.Page page) {
        Viewer viewer = page.viewer();
        Suppression suppression = Suppression.of(viewer, properties.smallCount());
        List<Dimension> dimensions = new ArrayList<>();
        for (Equity.Dimension d : Equity.Dimension.values()) {
            Map<String, long[]> counts = equity.counts(d, page.range(), page.site());
            dimensions.add(new Dimension(
                    d.heading, equity.table(d, counts, suppression), Equity.composition(counts, suppression)));
        }
        Table missedTable = null;
        if (viewer.may(Viewer.Section.MISSED)) {
            List<MissedDiversions.Missed> list = missed.list(page.range(), page.site());
            missedTable = viewer.sight() == Viewer.Sight.ALL ? missed.table(list) : missed.counts(list, suppression);
        }
        return new Content(dimensions, missedTable);
    }
}
