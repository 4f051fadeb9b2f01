package org.doorway.intake;

import jakarta.servlet.http.HttpServletRequest;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.doorway.audit.AccessAudit;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.StaffRole;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.doorway.system.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * What administrators see of the HTTP doors' dead letter ({@link IntakeDeadLetters}): the page
 * {@code /dashboard/dead-letters} and {@code GET /api/v1/dead-letters[?site=]} (JSON), the latest
 * {@value #SHOWN} kept bodies, newest first. Only site, feed, door, times, count, size and reason,
 * never a body. Administrators only (others: {@code 404} for the page, {@code 403} for the API);
 * a site's administrator sees that site's.
 *
 * <p>When an administrator needs an original to inspect or send again, two answers give it back,
 * each recorded in the access audit as a read: {@code GET /api/v1/dead-letters/{id}/body} (a kept
 * body, linked from the page) and {@code POST /api/v1/dead-letters/open} (the body: a sealed copy,
 * i.e. a Kafka dead letter's value or a file from {@code done/} or {@code failed/}). Both answer
 * {@code application/octet-stream}; a site's administrator opens only what its site's data key
 * sealed ({@code 403} otherwise); bytes that are not a sealed copy are a {@code 400} problem.
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

    @GetMapping(value = "/api/v1/dead-letters/{id}/body", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<byte[]> body(Authentication user, @PathVariable long id, HttpServletRequest request) {
        Viewer viewer = admin(user).orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
        IntakeDeadLetters.Opened opened = deadLetters
                .original(id)
                .filter(o -> viewer.site() == null || viewer.site().equals(o.site()))
                .orElseThrow(() -> Problems.exception(
                        HttpStatus.NOT_FOUND, "not-found", "No such dead letter", "No kept body has this id.", null));
        AccessAudit.fields(request, "dead letter " + id + " of site " + opened.site() + ": the original body");
        return download(opened, "dead-letter-" + id);
    }

    @PostMapping(value = "/api/v1/dead-letters/open", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<byte[]> open(
            Authentication user, @RequestBody(required = false) byte[] sealed, HttpServletRequest request) {
        Viewer viewer = admin(user).orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
        IntakeDeadLetters.Opened opened;
        try {
            opened = deadLetters
                    .open(sealed == null ? new byte[0] : sealed)
                    .orElseThrow(
                            () -> notSealed("not a sealed copy, or sealed under a key this database does not hold"));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw notSealed("does not open under the key it names (altered or cut short)");
        }
        if (viewer.site() != null && !viewer.site().equals(opened.site())) {
            throw Problems.exception(
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "Not allowed",
                    "This copy was sealed under another site's data key.",
                    null);
        }
        AccessAudit.fields(request, "sealed copy of site " + opened.site() + ": the original bytes");
        return download(opened, "original");
    }

    private static org.springframework.web.ErrorResponseException notSealed(String reason) {
        return Problems.invalid(List.of(Map.of("field", "body", "reason", reason)));
    }

    private static ResponseEntity<byte[]> download(IntakeDeadLetters.Opened opened, String name) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .body(opened.body());
    }

    private java.util.Optional<Viewer> admin(Authentication user) {
        return viewers.of(user).filter(v -> v.role() == StaffRole.ADMIN);
    }
}
