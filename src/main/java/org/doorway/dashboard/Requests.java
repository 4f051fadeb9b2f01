package org.doorway.dashboard;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.doorway.dashboard.report.Filters;
import org.doorway.dashboard.report.Range;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * What every dashboard page reads from its request: who is looking (refused with 403 when their
 * role may not see the page), the site they may report on, and the date range, with the defaults
 * (the last seven days) and a warning in place of filters that cannot be read.
 */
@Component
public class Requests {

    private final Viewers viewers;
    private final Sites sites;
    private final HandoffFacts facts;
    private final DashboardProperties properties;

    Requests(Viewers viewers, Sites sites, HandoffFacts facts, DashboardProperties properties) {
        this.viewers = viewers;
        this.sites = sites;
        this.facts = facts;
        this.properties = properties;
    }

    /**
     * One page request.
     *
     * @param viewer  who is looking
     * @param site    the site reported on, or {@code null} for every site they may see
     * @param range   the dates reported on
     * @param filters the filters as the page shows them
     * @param now     the database's clock
     * @param sites   the sites the viewer may choose from
     */
    public record Page(Viewer viewer, String site, Range range, Filters filters, Instant now, List<String> sites) {}

    /** The viewer, when they may see {@code section}; otherwise 403. */
    Viewer viewer(Authentication user, Viewer.Section section) {
        return viewers.of(user)
                .filter(v -> v.may(section))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
    }

    /** A page request for {@code section}. */
    Page page(Authentication user, Viewer.Section section, String from, String to, String site, String measure) {
        Viewer viewer = viewer(user, section);
        String chosen;
        try {
            chosen = viewer.siteFilter(site);
        } catch (SecurityException e) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        ZoneId zone = zone(chosen);
        Instant now = facts.now();
        Range range;
        String warning = null;
        try {
            range = Range.parse(from, to, zone, now, properties.maxRangeDays());
        } catch (Range.InvalidRange e) {
            warning = "The dates could not be used (" + e.field + " " + e.reason + "); showing the last seven days.";
            range = Range.parse(null, null, zone, now, properties.maxRangeDays());
        }
        String m = "acknowledged".equals(measure) ? "acknowledged" : "onScene";
        Filters filters = new Filters(
                range.firstDay().toString(), range.lastDay().toString(), chosen == null ? "" : chosen, m, warning);
        List<String> choices =
                sites.all().stream().map(Site::id).filter(viewer::covers).toList();
        return new Page(viewer, chosen, range, filters, now, choices);
    }

    /** The zone dates are read in: the site's own, else the configured one, else UTC. */
    ZoneId zone(String site) {
        if (site != null) {
            return sites.find(site).map(Site::timeZone).orElse(defaultZone());
        }
        return defaultZone();
    }

    private ZoneId defaultZone() {
        return properties.timeZone() != null ? properties.timeZone() : ZoneId.of("UTC");
    }
}
