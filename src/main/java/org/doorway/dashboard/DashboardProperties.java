package org.doorway.dashboard;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dashboard's settings ({@code doorway.dashboard.*}); every one has a default.
 *
 * @param target          the warm-handoff target, request → on scene, for sites without their own
 *                        (DOMAIN.md: ideally within 30 minutes)
 * @param siteTargets     targets of particular sites, by site id
 * @param smallCount      counts below this are suppressed for viewers who see aggregates only
 *                        (PCG viewers): shown as "fewer than {@code smallCount}", never the number
 * @param intakeWithin    how long after an arrest diversion the intake must happen (DOMAIN.md: 30 days),
 *                        for sites whose policy does not say ({@code owg-review.intake-within})
 * @param owgFirstMeeting a date the Operations Work Group met or will meet; meetings repeat every
 *                        {@code owgEvery} from it, before and after
 * @param owgEvery        how often the OWG meets (DOMAIN.md: every two weeks); this and
 *                        {@code owgFirstMeeting} for sites whose policy does not say
 *                        ({@code owg-review.every}, {@code first-meeting})
 * @param coverageDays    how many days ahead coverage gaps are looked for
 * @param refreshSeconds  how often the live board reloads itself in the browser
 * @param timeZone        the zone dates and hours are read in when no single site is chosen;
 *                        {@code null}: UTC (a chosen site's own zone always wins)
 * @param maxRangeDays    the longest date range one request may ask for
 */
@ConfigurationProperties("doorway.dashboard")
public record DashboardProperties(
        @DefaultValue("PT30M") Duration target,
        Map<String, Duration> siteTargets,
        @DefaultValue("11") int smallCount,
        @DefaultValue("P30D") Duration intakeWithin,
        @DefaultValue("2025-01-07") LocalDate owgFirstMeeting,
        @DefaultValue("P14D") Duration owgEvery,
        @DefaultValue("14") int coverageDays,
        @DefaultValue("30") int refreshSeconds,
        ZoneId timeZone,
        @DefaultValue("400") int maxRangeDays) {

    public DashboardProperties {
        siteTargets = siteTargets == null ? Map.of() : Map.copyOf(siteTargets);
        if (target.isNegative() || target.isZero()) {
            throw new IllegalArgumentException("doorway.dashboard.target must be positive");
        }
        if (smallCount < 1) {
            throw new IllegalArgumentException("doorway.dashboard.small-count must be at least 1");
        }
        if (owgEvery.isNegative() || owgEvery.toDays() < 1) {
            throw new IllegalArgumentException("doorway.dashboard.owg-every must be at least a day");
        }
    }

    /** The warm-handoff target of a site: its own, else the default. */
    Duration target(String site) {
        return siteTargets.getOrDefault(site, target);
    }
}
