package org.doorway.dashboard;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.doorway.dashboard.report.Percentiles;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.springframework.stereotype.Component;

/**
 * Warm-handoff latency: how long from the request to acknowledgement and to arrival on scene, as
 * percentiles (p50, p90, p95; see {@link Percentiles}), overall and by site, door, zone, hour of
 * day and weekday, with the breaches of each site's target.
 *
 * <p><b>Handoffs that never reached a moment.</b> A handoff nobody acknowledged (unanswered,
 * cancelled, the person left, or still being paged) has no request → acknowledged time: it counts
 * among the handoffs requested but not among the measured ones, and the percentiles are of the
 * measured times only. The same holds for arrival on scene. Such handoffs are not lost from view:
 * {@code handoffs − measured} says how many there were, and every handoff with nobody on scene
 * within the target once the target moment has passed counts as a breach.
 *
 * <p>Hours of day and weekdays are local to each handoff's site (UTC, or the configured zone, for a
 * site no longer configured).
 */
@Component
public class Latency {

    private final Sites sites;
    private final DashboardProperties properties;

    Latency(Sites sites, DashboardProperties properties) {
        this.sites = sites;
        this.properties = properties;
    }

    /**
     * The latencies of a set of handoffs.
     *
     * @param handoffs       how many handoffs were requested
     * @param toAcknowledged request → acknowledged, over those acknowledged
     * @param toOnScene      request → on scene, over those someone reached
     * @param breaches       how many missed their site's target
     */
    record Stats(int handoffs, Percentiles.Summary toAcknowledged, Percentiles.Summary toOnScene, int breaches) {}

    /** The stats of {@code rows} as of {@code now} (which decides whether an open handoff has breached). */
    Stats stats(List<HandoffFacts.Row> rows, Instant now) {
        List<Double> ack = new ArrayList<>();
        List<Double> onScene = new ArrayList<>();
        int breaches = 0;
        for (HandoffFacts.Row row : rows) {
            if (row.toAcknowledged() != null) {
                ack.add(row.toAcknowledged());
            }
            if (row.toOnScene() != null) {
                onScene.add(row.toOnScene());
            }
            if (row.breached(properties.target(row.site()), now)) {
                breaches++;
            }
        }
        return new Stats(rows.size(), Percentiles.of(ack), Percentiles.of(onScene), breaches);
    }

    /** A way of grouping handoffs. */
    enum Grouping {
        SITE("site", "Site"),
        DOOR("door", "Door"),
        ZONE("zone", "Zone"),
        HOUR("hour", "Hour of day"),
        WEEKDAY("weekday", "Weekday");

        final String id;
        final String heading;

        Grouping(String id, String heading) {
            this.id = id;
            this.heading = heading;
        }
    }

    /** The stats of each group, in display order (every hour and weekday, even without handoffs). */
    Map<String, Stats> grouped(List<HandoffFacts.Row> rows, Grouping grouping, Instant now) {
        Map<String, List<HandoffFacts.Row>> groups = new LinkedHashMap<>();
        switch (grouping) {
            case HOUR -> {
                for (int h = 0; h < 24; h++) {
                    groups.put(String.format(Locale.ROOT, "%02d:00", h), new ArrayList<>());
                }
            }
            case WEEKDAY -> {
                for (DayOfWeek d : DayOfWeek.values()) {
                    groups.put(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH), new ArrayList<>());
                }
            }
            default -> {}
        }
        Function<HandoffFacts.Row, String> key = switch (grouping) {
            case SITE -> HandoffFacts.Row::site;
            case DOOR -> row -> doorWords(row.door());
            case ZONE -> row -> row.zone() == null ? "no zone given" : row.zone();
            case HOUR -> row -> String.format(Locale.ROOT, "%02d:00", local(row).getHour());
            case WEEKDAY -> row -> local(row).getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        };
        List<HandoffFacts.Row> sorted = new ArrayList<>(rows);
        if (grouping == Grouping.SITE || grouping == Grouping.DOOR || grouping == Grouping.ZONE) {
            sorted.sort(java.util.Comparator.comparing(key));
        }
        for (HandoffFacts.Row row : sorted) {
            groups.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row);
        }
        Map<String, Stats> stats = new LinkedHashMap<>();
        groups.forEach((group, members) -> stats.put(group, stats(members, now)));
        return stats;
    }

    /** When a handoff was requested, in its site's zone. */
    ZonedDateTime local(HandoffFacts.Row row) {
        return row.requestedAt().atZone(zone(row.site()));
    }

    /** A site's zone: its own, else the configured one, else UTC. */
    public ZoneId zone(String site) {
        return sites.find(site)
                .map(Site::timeZone)
                .orElse(properties.timeZone() == null ? ZoneId.of("UTC") : properties.timeZone());
    }

    /** A site's target, request → on scene. */
    Duration target(String site) {
        return properties.target(site);
    }

    /** A door as people say it. */
    static String doorWords(String door) {
        if (door == null) {
            return "unknown";
        }
        return switch (door) {
            case "ARREST_DIVERSION" -> "arrest diversion";
            case "SOCIAL_CONTACT" -> "social contact";
            case "COMMUNITY" -> "community";
            default -> door.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }
}
