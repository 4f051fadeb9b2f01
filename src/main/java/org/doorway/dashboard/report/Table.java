package org.doorway.dashboard.report;

import java.util.List;

/**
 * One table of the dashboard, as the page shows it and the CSV export writes it: every table on
 * a page can be downloaded ({@code /dashboard/tables/{id}.csv} with the page's filters).
 *
 * @param id      the table's name in its CSV link, e.g. {@code latency-by-door}
 * @param title   its heading
 * @param columns its column headings
 * @param rows    its rows, each as many cells as there are columns
 * @param note    a line under the table saying how to read it (definitions, suppression), or {@code null}
 */
public record Table(String id, String title, List<String> columns, List<List<Cell>> rows, String note) {

    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<Cell> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(
                        "table " + id + ": a row has " + row.size() + " cells for " + columns.size() + " columns");
            }
        }
    }

    /** Whether there is nothing to show. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
