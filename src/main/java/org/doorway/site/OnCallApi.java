package org.doorway.site;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorway.staff.SourcePrincipal;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffMembers;
import org.doorway.staff.StaffRole;
import org.doorway.system.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/sites/{site}/oncall?at=<instant>}: who is on call in each layer of a site,
 * now or at {@code at} (an ISO-8601 instant or offset date-time), overrides applied:
 * {@code {"site", "at", "layers": {"primary": {"id", "name"}, …}}}, a layer with nobody on call
 * being {@code null}. Names only, never phone numbers. A source (by API key) may ask about its own
 * site; so may signed-in dispatchers, case managers, supervisors and administrators of that site
 * (or of every site), who need to know who is coming; PCG viewers, who see aggregates only, may
 * not. A site that does not exist, or that the caller may not see, is {@code 404}, so that sites
 * cannot be probed.
 */
@RestController
class OnCallApi {

    private final Sites sites;
    private final Problems problems;
    private final StaffMembers staff;
    private final CalendarLinks calendars;

    OnCallApi(Sites sites, Problems problems, StaffMembers staff, CalendarLinks calendars) {
        this.sites = sites;
        this.problems = problems;
        this.staff = staff;
        this.calendars = calendars;
    }

    /**
     * {@code GET /api/v1/sites/{site}/calendars}: the secret addresses of the site's iCalendar
     * feeds, to subscribe to in a calendar application, {@code {"site", "people": [{"id", "name",
     * "url"}], "layers": [{"layer", "url"}]}}. Supervisors and administrators of the site get every
     * feed, to hand out; a case manager gets their own and the layers'. Anyone else: {@code 404}.
     */
    @GetMapping("/api/v1/sites/{site}/calendars")
    ResponseEntity<?> calendars(@PathVariable String site, Authentication user) {
        Optional<StaffAccounts.Staff> person = staff.of(user).filter(p -> p.covers(site));
        Optional<Site> found = sites.find(site)
                .filter(s -> person.isPresent()
                        && switch (person.get().role()) {
                            case ADMIN, SUPERVISOR -> true;
                            case CASE_MANAGER -> person.get().caseManagerId() != null;
                            default -> false;
                        });
        if (found.isEmpty()) {
            return problem(
                    HttpStatus.NOT_FOUND,
                    "site-not-found",
                    "Site not found",
                    "No calendars of this site are visible with these credentials.",
                    List.of());
        }
        Site s = found.get();
        boolean everyone = person.get().role() != StaffRole.CASE_MANAGER;
        List<Map<String, Object>> people = s.caseManagers().values().stream()
                .filter(cm -> everyone || cm.id().equals(person.get().caseManagerId()))
                .map(cm -> Map.<String, Object>of(
                        "id",
                        cm.id(),
                        "name",
                        cm.name(),
                        "url",
                        calendars
                                .url(s.id(), CalendarLinks.Feed.person(cm.id()))
                                .toString()))
                .toList();
        List<Map<String, Object>> layers = s.schedules().keySet().stream()
                .map(layer -> Map.<String, Object>of(
                        "layer",
                        layer,
                        "url",
                        calendars.url(s.id(), CalendarLinks.Feed.layer(layer)).toString()))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("site", s.id());
        body.put("people", people);
        body.put("layers", layers);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping("/api/v1/sites/{site}/oncall")
    ResponseEntity<?> onCall(
            @PathVariable String site,
            @RequestParam(required = false) String at,
            HttpServletRequest request,
            Authentication user) {
        Object source = request.getAttribute(SourcePrincipal.REQUEST_ATTRIBUTE);
        Optional<Site> found = sites.find(site)
                .filter(s -> source instanceof SourcePrincipal p ? p.site().equals(s.id()) : staffMayAsk(user, s.id()));
        if (found.isEmpty()) {
            return problem(
                    HttpStatus.NOT_FOUND,
                    "site-not-found",
                    "Site not found",
                    "No site with this id is visible with these credentials.",
                    List.of());
        }
        Instant when;
        if (at == null || at.isBlank()) {
            when = Instant.now();
        } else {
            try {
                when = OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeParseException e) {
                return problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        "Invalid request",
                        "The query parameter 'at' could not be read.",
                        List.of(Map.of(
                                "field", "at", "reason", "not an ISO-8601 instant such as 2026-03-09T16:00:00Z")));
            }
        }
        Site s = found.get();
        Map<String, Object> layers = new LinkedHashMap<>();
        for (String layer : s.schedules().keySet()) {
            layers.put(
                    layer,
                    s.onCall(layer, when)
                            .map(cm -> Map.of("id", cm.id(), "name", cm.name()))
                            .orElse(null));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("site", s.id());
        body.put("at", when.toString());
        body.put("layers", layers);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** Whether a signed-in member of staff may see who is on call at this site. */
    private boolean staffMayAsk(Authentication user, String site) {
        // By account, or by the role and site an identity-provider user's groups map to.
        return staff.of(user)
                .filter(person -> person.covers(site) && person.role() != StaffRole.PCG_VIEWER)
                .isPresent();
    }

    private ResponseEntity<String> problem(
            HttpStatus status, String type, String title, String detail, List<Map<String, String>> errors) {
        return ResponseEntity.status(status)
                .contentType(MediaType.parseMediaType(Problems.MEDIA_TYPE))
                .body(problems.body(status, type, title, detail, errors));
    }
}
