package org.doorway.intake;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.StaffRole;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * What administrators see of the HTTP doors' dead letter ({@link IntakeDeadLetters}): the page
 * {@code /dashboard/dead-letters} and {@code GET /api/v1/dead-letters[?site=]} (JSON), the latest
 * {@value #SHOWN} kept bodies, newest first. Only site, feed, door, times, count, size and reason,
 * never a body. Administrators only (others: {@code 404} for the page, {@code 403} for the API);
 * a site's administrator sees that site's.
 */
@Controller
class DeadLettersPage {

    static final int SHOWN = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final IntakeDeadLetters deadLetters;
    private final Viewers viewers;
    private final Sites sites;

    DeadLettersPage(IntakeDeadLetters deadLetters, Viewers viewers, Sites sites) {
        this.deadLetters = deadLetters;
        this.viewers = viewers;
        this.sites = sites;
    }

    /** One line of the page, times in the site's zone. */
    record Line(
            long id,
            String site,
            String channel,
            String route,
            String first,
            String last,
            int times,
            int bytes,
            String reason) {}

    @GetMapping("/dashboard/dead-letters")
    String page(Authentication user, Model model) {
        Viewer viewer = admin(user).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        List<Line> lines = deadLetters.recent(viewer.site(), SHOWN).stream()
                .map(kept -> {
                    ZoneId zone = sites.find(kept.site()).map(Site::timeZone).orElse(ZoneId.of("UTC"));
                    return new Line(
                            kept.id(),
                            kept.site(),
                            kept.channel(),
                            kept.route(),
                            TIME.format(kept.receivedAt().atZone(zone)),
                            TIME.format(kept.lastSeenAt().atZone(zone)),
                            kept.times(),
                            kept.bytes(),
                            kept.reason());
                })
                .toList();
        model.addAttribute("deadLetters", lines);
        model.addAttribute("viewer", viewer);
        model.addAttribute("tab", "dead-letters");
        model.addAttribute("mayEquity", viewer.may(Viewer.Section.EQUITY));
        model.addAttribute("mayOwg", viewer.may(Viewer.Section.OWG));
        model.addAttribute("mayPlanner", viewer.may(Viewer.Section.PLANNER));
        return "dashboard/dead-letters";
    }

    @GetMapping(value = "/api/v1/dead-letters", produces = "application/json")
    @ResponseBody
    Map<String, Object> api(Authentication user, @RequestParam(required = false) String site) {
        Viewer viewer = admin(user).orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
        String only;
        try {
            only = viewer.siteFilter(site);
        } catch (SecurityException e) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        return Map.of("deadLetters", deadLetters.recent(only, SHOWN));
    }

    private java.util.Optional<Viewer> admin(Authentication user) {
        return viewers.of(user).filter(v -> v.role() == StaffRole.ADMIN);
    }
}
