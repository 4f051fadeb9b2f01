package org.doorway.dashboard;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Range;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;
import org.doorway.staff.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What became of the pages created in a range, by kind (a page of an escalation step, a reminder to
 * a responder not yet en route, a voice call, a notice to the officer waiting):
 * <ul>
 *   <li><b>sent</b>: the provider accepted it ({@code sent_at} set);</li>
 *   <li><b>delivered</b>: the carrier reported it reached the phone;</li>
 *   <li><b>failed</b>: refused or undeliverable (state {@code FAILED});</li>
 *   <li><b>retried</b>: it took more than one attempt to send;</li>
 *   <li><b>held</b>: throttled — held back to keep pages to one phone apart ({@code held_at} set);</li>
 *   <li><b>uncertain</b>: the sender died mid-send; never resent;</li>
 *   <li><b>cancelled</b>: stood down because someone answered first;</li>
 *   <li><b>waiting</b>: not sent yet.</li>
 * </ul>
 * A case manager sees their own pages; everyone else who may see the section, every page of their site.
 */
@Repository
class PageCounts {

    private final JdbcClient db;

    PageCounts(JdbcClient db) {
        this.db = db;
    }

    static final List<String> COLUMNS = List.of(
            "Kind",
            "Pages",
            "Sent",
            "Delivered",
            "Failed",
            "Retried",
            "Held (throttled)",
            "Uncertain",
            "Cancelled",
            "Waiting");

    /** The counts as a table, one row per kind and a total, small counts suppressed as the viewer needs. */
    Table table(Range range, String site, Viewer viewer, Suppression suppression) {
        List<long[]> counts = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        db.sql("""
                        select p.kind, count(*), count(p.sent_at), count(p.delivered_at),
                               count(*) filter (where p.state = 'FAILED'), count(*) filter (where p.attempts > 1),
                               count(p.held_at), count(*) filter (where p.state = 'UNCERTAIN'),
                               count(*) filter (where p.state = 'CANCELLED'),
                               count(*) filter (where p.state in ('PENDING', 'SENDING'))
                        from page p join referral r on r.id = p.referral_id
                        where p.created_at >= :from and p.created_at < :to and""" + " " + Scope.PAGE + """
                         group by p.kind order by p.kind""")
                .paramSource(Scope.params(site, viewer)
                        .addValue("from", Timestamp.from(range.from()))
                        .addValue("to", Timestamp.from(range.to())))
                .query((rs, n) -> {
                    kinds.add(rs.getString(1));
                    long[] c = new long[9];
                    for (int i = 0; i < 9; i++) {
                        c[i] = rs.getLong(i + 2);
                    }
                    counts.add(c);
                    return true;
                })
                .list();
        long[] total = new long[9];
        List<List<Cell>> rows = new ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) {
            rows.add(row(kindWords(kinds.get(k)), counts.get(k), suppression));
            for (int i = 0; i < 9; i++) {
                total[i] += counts.get(k)[i];
            }
        }
        rows.add(row("All pages", total, suppression));
        return new Table(
                "pages",
                "Pages",
                COLUMNS,
                rows,
                "Pages created in the period, by what became of them: "
                        + "held means throttled (held back to keep pages to one phone apart), retried means sent again after a "
                        + "temporary failure, uncertain means the sender stopped mid-send (never resent)"
                        + Board.suppressionNote(suppression) + ".");
    }

    private static List<Cell> row(String kind, long[] c, Suppression suppression) {
        List<Cell> cells = new ArrayList<>();
        cells.add(Cell.text(kind));
        for (long v : c) {
            cells.add(Cell.count(v, suppression));
        }
        return cells;
    }

    private static String kindWords(String kind) {
        return switch (kind) {
            case "PAGE" -> "Page (SMS)";
            case "REMINDER" -> "Reminder (SMS)";
            case "VOICE" -> "Voice call";
            case "NOTICE" -> "Notice to the officer (SMS)";
            default -> kind;
        };
    }
}
