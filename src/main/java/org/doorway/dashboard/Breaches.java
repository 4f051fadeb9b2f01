package org.doorway.dashboard;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Charts;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;
import org.springframework.stereotype.Component;

/**
 * Breaches of the warm-handoff target (request → on scene; 30 minutes unless the site has its own):
 * the list of handoffs that missed it, for those who may see rows, and where in the week they
 * cluster (weekday × hour of day, local to each site), for everyone who may see the section.
 */
@Component
public class Breaches {

    private final Latency latency;

    Breaches(Latency latency) {
        this.latency = latency;
    }

    /** The handoffs of {@code rows} that breached their target by {@code now}, worst first. */
    Table list(List<HandoffFacts.Row> rows, Instant now) {
        List<HandoffFacts.Row> breached = new ArrayList<>(rows.stream()
                .filter(r -> r.breached(latency.target(r.site()), now))
                .toList());
        breached.sort(java.util.Comparator.comparing((HandoffFacts.Row r) -> over(r, now))
                .reversed()
                .thenComparing(HandoffFacts.Row::requestedAt));
        List<List<Cell>> out = new ArrayList<>();
        for (HandoffFacts.Row r : breached) {
            Duration target = latency.target(r.site());
            double overSeconds = over(r, now).toMillis() / 1000.0;
            out.add(List.of(
                    Cell.text(r.shortRef()).link("/dashboard/handoffs/" + r.referralId()),
                    Cell.text(r.site()),
                    Cell.text(Latency.doorWords(r.door())),
                    Cell.text(r.zone() == null ? "–" : r.zone()),
                    Cell.time(r.requestedAt(), latency.zone(r.site())),
                    Cell.seconds(r.toOnScene()),
                    Cell.text(Board.stateWords(r.state())),
                    new Cell(Cell.duration(target.toSeconds()), Long.toString(target.toSeconds()), null, "num"),
                    Cell.seconds(overSeconds).styled("num bad"),
                    Cell.text(r.corrected() ? "corrected" : "")));
        }
        return new Table(
                "breaches",
                "Breaches of the target",
                List.of(
                        "Ref",
                        "Site",
                        "Door",
                        "Zone",
                        "Requested",
                        "On scene after",
                        "State",
                        "Target",
                        "Over by",
                        "Clock"),
                out,
                "Handoffs with nobody on scene within their site's target, the longest over first. A handoff still "
                        + "open, or that ended unanswered, counts as over by the time until now or until it ended.");
    }

    /** How far past its target a breached handoff went: to arrival, to its end, or to now. */
    private Duration over(HandoffFacts.Row r, Instant now) {
        Instant due = r.requestedAt().plus(latency.target(r.site()));
        Instant end = r.onSceneAt() != null ? r.onSceneAt() : r.closedAt() != null ? r.closedAt() : now;
        return Duration.between(due, end);
    }

    /** Handoffs and breaches in each weekday × hour-of-day slot, local to each handoff's site. */
    record Clusters(long[][] handoffs, long[][] breaches) {

        /** How many breaches fell in the slot of this weekday (1 = Monday) and hour. */
        long breachesAt(DayOfWeek day, int hour) {
            return breaches[day.getValue() - 1][hour];
        }
    }

    /** Counts each handoff in its slot. */
    Clusters clusters(List<HandoffFacts.Row> rows, Instant now) {
        long[][] handoffs = new long[7][24];
        long[][] breaches = new long[7][24];
        for (HandoffFacts.Row r : rows) {
            ZonedDateTime local = latency.local(r);
            int d = local.getDayOfWeek().getValue() - 1;
            int h = local.getHour();
            handoffs[d][h]++;
            if (r.breached(latency.target(r.site()), now)) {
                breaches[d][h]++;
            }
        }
        return new Clusters(handoffs, breaches);
    }

    /** The slots with handoffs, the most breaches first, as a table. */
    Table clusterTable(Clusters clusters, Suppression suppression) {
        record Slot(int day, int hour, long handoffs, long breaches) {}
        List<Slot> slots = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                if (clusters.handoffs()[d][h] > 0) {
                    slots.add(new Slot(d, h, clusters.handoffs()[d][h], clusters.breaches()[d][h]));
                }
            }
        }
        slots.sort(java.util.Comparator.comparingLong(Slot::breaches)
                .reversed()
                .thenComparing(java.util.Comparator.comparingDouble((Slot s) -> (double) s.breaches() / s.handoffs())
                        .reversed())
                .thenComparingInt(Slot::day)
                .thenComparingInt(Slot::hour));
        List<List<Cell>> out = new ArrayList<>();
        for (Slot s : slots) {
            boolean hidden = suppression.hides(s.handoffs()) || suppression.hides(s.breaches());
            out.add(List.of(
                    Cell.text(weekday(s.day())),
                    Cell.text(String.format(Locale.ROOT, "%02d:00", s.hour())),
                    Cell.count(s.handoffs(), suppression),
                    Cell.count(s.breaches(), suppression),
                    Cell.percent(hidden ? null : (double) s.breaches() / s.handoffs())));
        }
        return new Table(
                "breach-clusters",
                "Where breaches cluster",
                List.of("Weekday", "Hour", "Handoffs", "Breaches", "Breach rate"),
                out,
                "Each hour of the week with handoffs, the most breaches first (local time of each " + "site)"
                        + Board.suppressionNote(suppression) + ".");
    }

    /** The clusters as a heat map. */
    Charts.HeatMap heatMap(Clusters clusters, Suppression suppression) {
        List<String> days = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            days.add(weekday(d));
        }
        List<String> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(String.format(Locale.ROOT, "%02d", h));
        }
        boolean[][] hidden = new boolean[7][24];
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                hidden[d][h] = suppression.hides(clusters.breaches()[d][h]);
            }
        }
        return Charts.heat(
                "breach-heat",
                "Breaches by weekday and hour",
                "Number of handoffs that missed the target, by weekday (rows) and hour of the request (columns).",
                days,
                hours,
                clusters.breaches(),
                hidden);
    }

    static String weekday(int index) {
        return DayOfWeek.of(index + 1).getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
