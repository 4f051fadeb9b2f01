package org.doorway.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;
import org.doorway.site.OnCall;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.Viewer;
import org.springframework.stereotype.Component;

/**
 * Coverage gaps: the hours ahead (14 days unless configured) in which nobody is on call in any of
 * a site's layers, read from the site's schedules through {@link OnCall}, overrides included. An
 * hour counts as a gap when nobody is on call at any quarter of it (at :00, :15, :30 or :45), so a
 * gap shorter than a quarter hour between two samples can be missed; shift hand-overs in site
 * files fall on whole hours or half hours. Consecutive gap hours are shown as one span, with how
 * many breaches the period on view had in the same hours of the week: a gap where breaches already
 * cluster comes first.
 */
@Component
class Coverage {

    private static final int SAMPLES_PER_HOUR = 4;

    private final OnCall onCall;
    private final Sites sites;
    private final DashboardProperties properties;

    Coverage(OnCall onCall, Sites sites, DashboardProperties properties) {
        this.onCall = onCall;
        this.sites = sites;
        this.properties = properties;
    }

    /**
     * A span of hours with nobody on call.
     *
     * @param site  the site
     * @param from  the first hour
     * @param to    the end of the last hour
     * @param zone  the site's zone
     */
    record Gap(String site, Instant from, Instant to, ZoneId zone) {
        long hours() {
            return Duration.between(from, to).toHours();
        }
    }

    /** The gaps of the sites the viewer may see ({@code site} null: all), from the hour of {@code now}. */
    List<Gap> gaps(String site, Viewer viewer, Instant now) {
        List<Gap> gaps = new ArrayList<>();
        for (Site s : sites.all()) {
            if ((site != null && !site.equals(s.id())) || !viewer.covers(s.id())) {
                continue;
            }
            ZoneId zone = s.timeZone();
            Instant start = now.truncatedTo(ChronoUnit.HOURS);
            Instant end = start.plus(Duration.ofDays(properties.coverageDays()));
            Instant gapStart = null;
            for (Instant hour = start; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
                boolean gap = false;
                for (int q = 0; q < SAMPLES_PER_HOUR && !gap; q++) {
                    gap = onCall.onCall(s.id(), hour.plus(Duration.ofMinutes(60L / SAMPLES_PER_HOUR * q)))
                            .isEmpty();
                }
                if (gap && gapStart == null) {
                    gapStart = hour;
                } else if (!gap && gapStart != null) {
                    gaps.add(new Gap(s.id(), gapStart, hour, zone));
                    gapStart = null;
                }
            }
            if (gapStart != null) {
                gaps.add(new Gap(s.id(), gapStart, end, zone));
            }
        }
        return gaps;
    }

    /** The gaps as a table, with the breaches the period on view had in the same hours of the week. */
    Table table(List<Gap> gaps, Breaches.Clusters clusters, Suppression suppression) {
        record Scored(Gap gap, long breaches) {}
        List<Scored> scored = new ArrayList<>();
        for (Gap g : gaps) {
            long breaches = 0;
            long slots = 0;
            for (Instant h = g.from(); h.isBefore(g.to()) && slots < 24 * 7; h = h.plus(Duration.ofHours(1)), slots++) {
                ZonedDateTime local = h.atZone(g.zone());
                breaches += clusters.breachesAt(local.getDayOfWeek(), local.getHour());
            }
            scored.add(new Scored(g, breaches));
        }
        scored.sort(java.util.Comparator.comparingLong(Scored::breaches)
                .reversed()
                .thenComparing(s -> s.gap().from()));
        List<List<Cell>> rows = new ArrayList<>();
        for (Scored s : scored) {
            Gap g = s.gap();
            rows.add(List.of(
                    Cell.text(g.site()),
                    Cell.time(g.from(), g.zone()),
                    Cell.time(g.to(), g.zone()),
                    Cell.count(g.hours()),
                    Cell.count(s.breaches(), suppression)));
        }
        return new Table(
                "coverage-gaps",
                "Coverage gaps, next " + properties.coverageDays() + " days",
                List.of("Site", "From", "Until", "Hours", "Breaches in these hours of the week"),
                rows,
                "Hours with nobody on call in any layer of the site's schedule (overrides included), in the site's "
                        + "local time; gaps in hours where breaches already cluster come first.");
    }
}
