package org.doorway.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.triage.Policies;
import org.doorway.triage.Policy;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * When each site's Operations Work Group meets and how long an intake may take: the site's policy
 * in force ({@code owg-review.first-meeting}, {@code every}, {@code intake-within}) where it says,
 * else the instance's defaults ({@code doorway.dashboard.owg-first-meeting}, {@code owg-every},
 * {@code intake-within}). With no site chosen (a viewer of every site), the defaults.
 */
@Component
class OwgCalendar {

    private final Policies policies;
    private final Sites sites;
    private final DashboardProperties properties;

    OwgCalendar(Policies policies, Sites sites, DashboardProperties properties) {
        this.policies = policies;
        this.sites = sites;
        this.properties = properties;
    }

    /**
     * A site's cadence.
     *
     * @param firstMeeting a date its OWG met or will meet
     * @param everyDays    days between meetings
     * @param intakeWithin how long after an arrest diversion the intake is due
     */
    record Cadence(LocalDate firstMeeting, long everyDays, Duration intakeWithin) {

        /** The meeting on or after {@code day}. */
        LocalDate meetingOnOrAfter(LocalDate day) {
            long offset = ChronoUnit.DAYS.between(firstMeeting, day);
            long k = Math.floorDiv(offset + everyDays - 1, everyDays);
            return firstMeeting.plusDays(k * everyDays);
        }

        /** Whether {@code day} is a meeting day. */
        boolean meetsOn(LocalDate day) {
            return meetingOnOrAfter(day).equals(day);
        }
    }

    /** The cadence of {@code site} (null: the instance's defaults) under the policy in force at {@code now}. */
    Cadence of(String site, Instant now) {
        Policy.OwgReview owg = site == null
                ? null
                : policies.inForce(site, now).map(Policy::owgReview).orElse(null);
        LocalDate first = owg != null && owg.firstMeeting() != null ? owg.firstMeeting() : properties.owgFirstMeeting();
        Duration every = owg != null && owg.every() != null ? owg.every() : properties.owgEvery();
        Duration within = owg != null && owg.intakeWithin() != null ? owg.intakeWithin() : properties.intakeWithin();
        return new Cadence(first, Math.max(1, every.toDays()), within);
    }

    /**
     * The intake window as a SQL expression over {@code r.site} (seconds), with its parameters
     * added to {@code params}: each site whose policy sets its own window, else {@code :within}.
     */
    String withinSeconds(MapSqlParameterSource params, Instant now) {
        Map<String, Duration> own = new LinkedHashMap<>();
        for (Site site : sites.all()) {
            policies.inForce(site.id(), now)
                    .map(Policy::owgReview)
                    .filter(o -> o.intakeWithin() != null)
                    .ifPresent(o -> own.put(site.id(), o.intakeWithin()));
        }
        params.addValue("within", properties.intakeWithin().toSeconds());
        if (own.isEmpty()) {
            return ":within";
        }
        StringBuilder sql = new StringBuilder("(case r.site");
        int i = 0;
        for (Map.Entry<String, Duration> e : own.entrySet()) {
            sql.append(" when :withinSite")
                    .append(i)
                    .append(" then :withinSecs")
                    .append(i);
            params.addValue("withinSite" + i, e.getKey());
            params.addValue("withinSecs" + i, e.getValue().toSeconds());
            i++;
        }
        return sql.append(" else :within end)").toString();
    }

    /** Counts below this are suppressed for viewers who see aggregates only. */
    int smallCount() {
        return properties.smallCount();
    }
}
