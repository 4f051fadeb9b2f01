package org.doorway.dashboard;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.doorway.dashboard.report.Percentiles;
import org.doorway.dashboard.report.Range;
import org.doorway.dashboard.report.Suppression;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/handoffs/latency?from=…&to=…[&site=…]}: how quickly warm handoffs were
 * answered, for acceptance checks and other systems.
 *
 * <p>{@code from} and {@code to} are ISO-8601 instants or dates (see {@link Range}: a date as
 * {@code to} includes that day; dates are read in the site's zone, else the configured one, else
 * UTC); without them, the last seven days. The handoffs counted are those <em>requested</em> in
 * {@code [from, to)}. The answer:
 *
 * <pre>{@code
 * {"from":"…","to":"…","site":null,"unit":"seconds","count":42,
 *  "requestToAcknowledged":{"count":40,"p50":312.5,"p90":1104.0,"p95":1380.2,"suppressed":false},
 *  "requestToOnScene":{"count":35,"p50":1210.0,"p90":2400.0,"p95":2710.9,"suppressed":false}}
 * }</pre>
 *
 * <p>{@code count} is the number of handoffs requested; each measure's {@code count} is how many
 * of them reached that moment, and its percentiles (PostgreSQL's {@code percentile_cont}: linear
 * interpolation) are over those only. A handoff never acknowledged (or never reached on scene) has
 * no time to rank and is left out of that measure's percentiles rather than guessed; the difference
 * of the counts is how many were left out. Percentiles are {@code null} when nothing was measured.
 *
 * <p>Who may ask: signed-in staff other than dispatchers (who see intake status only), and source
 * systems by API key (their own site only). For PCG viewers and source systems, who see aggregates
 * only, a count below {@code doorway.dashboard.small-count} is {@code null} with its percentiles,
 * and {@code suppressed} is true. Staff of one site see only that site. Errors are
 * {@code application/problem+json}.
 */
@RestController
class LatencyApi {

    private final Viewers viewers;
    private final HandoffFacts facts;
    private final Latency latency;
    private final DashboardProperties properties;

    LatencyApi(Viewers viewers, HandoffFacts facts, Latency latency, DashboardProperties properties) {
        this.viewers = viewers;
        this.facts = facts;
        this.latency = latency;
        this.properties = properties;
    }

    /** One measure: how many reached the moment, and the percentiles of their times in seconds. */
    record Measure(Integer count, Double p50, Double p90, Double p95, boolean suppressed) {}

    /** The answer. */
    record LatencyView(
            Instant from,
            Instant to,
            String site,
            String unit,
            Integer count,
            Measure requestToAcknowledged,
            Measure requestToOnScene) {}

    @GetMapping("/api/v1/handoffs/latency")
    LatencyView latency(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String site,
            Authentication user) {
        Viewer viewer =
                viewers.of(user).filter(v -> v.may(Viewer.Section.LATENCY)).orElseThrow(ApiProblems::forbidden);
        String siteFilter;
        try {
            siteFilter = viewer.siteFilter(site);
        } catch (SecurityException e) {
            throw ApiProblems.forbidden();
        }
        ZoneId zone = siteFilter != null
                ? latency.zone(siteFilter)
                : properties.timeZone() != null ? properties.timeZone() : ZoneId.of("UTC");
        Range range;
        try {
            range = Range.parse(from, to, zone, facts.now(), properties.maxRangeDays());
        } catch (Range.InvalidRange e) {
            throw ApiProblems.invalid(e.field, e.reason);
        }
        List<HandoffFacts.Row> rows = facts.requested(range, siteFilter, viewer);
        Latency.Stats stats = latency.stats(rows, facts.now());
        Suppression suppression = Suppression.of(viewer, properties.smallCount());
        return new LatencyView(
                range.from(),
                range.to(),
                siteFilter,
                "seconds",
                suppression.hides(stats.handoffs()) ? null : stats.handoffs(),
                measure(stats.toAcknowledged(), suppression),
                measure(stats.toOnScene(), suppression));
    }

    private static Measure measure(Percentiles.Summary summary, Suppression suppression) {
        if (suppression.hides(summary.count())) {
            return new Measure(null, null, null, null, true);
        }
        return new Measure(summary.count(), round(summary.p50()), round(summary.p90()), round(summary.p95()), false);
    }

    /** Seconds to the millisecond, as the clock stores them (PostgreSQL keeps microseconds). */
    private static Double round(Double seconds) {
        return seconds == null ? null : Math.round(seconds * 1000.0) / 1000.0;
    }
}
