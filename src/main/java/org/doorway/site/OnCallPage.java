package org.doorway.site;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The schedule page of a site, server-rendered and usable without JavaScript:
 * <ul>
 *   <li>{@code GET /dashboard/oncall}: to the schedule of the viewer's site (the first site for
 *       those of every site);</li>
 *   <li>{@code GET /dashboard/oncall/{site}}: who is on call now in each layer, each day of the
 *       next two weeks per layer with the overrides made in Doorway marked, and the overrides in
 *       force; for the site's administrators and supervisors, a form to add an override, filled in
 *       for tonight (from now until the first 09:00 at least three hours away: the 2 a.m. sick
 *       call until this morning, an evening's until tomorrow morning), and a button to remove
 *       each;</li>
 *   <li>{@code POST /dashboard/oncall/{site}/overrides} (fields {@code schedule, caseManager,
 *       from, to, reason}) and {@code POST /dashboard/oncall/{site}/overrides/{id}/remove}: as
 *       the API's {@code POST} and {@code DELETE}, then back to the page with what happened.</li>
 * </ul>
 * The page also says which version of the site is in force (its {@code site.yaml} on disk or an
 * edit made in the browser, by whom and when), shows why a changed {@code site.yaml} was refused,
 * and links the site's administrators to {@link SiteEditPage}.
 * Anyone of the site's staff who may ask who is on call may see the page (not PCG viewers); a site
 * they may not see is {@code 404}. Changing it is for the site's administrators and supervisors
 * ({@code 403} for others). Names only, never phone numbers. Times are the site's local time, and
 * "now" is Doorway's clock, by which escalation steps fire.
 */
@Controller
class OnCallPage {

    /** How far ahead the page shows. */
    static final int DAYS = 14;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm");
    private static final DateTimeFormatter FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final Sites sites;
    private final Overrides overrides;
    private final Viewers viewers;
    private final SiteRevisions revisions;
    private final SiteEditPage edits;

    OnCallPage(Sites sites, Overrides overrides, Viewers viewers, SiteRevisions revisions, SiteEditPage edits) {
        this.sites = sites;
        this.overrides = overrides;
        this.viewers = viewers;
        this.revisions = revisions;
        this.edits = edits;
    }

    /** Who is on call in a layer now. */
    record Now(String layer, String name, String until, boolean changed) {}

    /** A stretch of one day in one layer. */
    record Piece(String from, String to, String name, boolean changed) {}

    /** One day: its shifts per layer, in the layers' order. */
    record Day(String date, List<List<Piece>> layers) {}

    /** An override in force, as the page lists it. */
    record Listed(String id, String layer, String name, String from, String to, String reason, String by) {}

    @GetMapping("/dashboard/oncall")
    String first(Authentication user) {
        Viewer viewer = viewer(user);
        return sites.all().stream()
                .map(Site::id)
                .filter(viewer::covers)
                .findFirst()
                .map(id -> "redirect:/dashboard/oncall/" + encode(id))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    @GetMapping("/dashboard/oncall/{site}")
    String page(@PathVariable String site, Authentication user, Model model) {
        Viewer viewer = viewer(user);
        Site s = sites.find(site)
                .filter(found -> viewer.covers(found.id()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Site file = overrides.fromFile(site).orElseThrow();
        boolean mayEdit = overrides.editor(user, site).isPresent();
        ZoneId zone = s.timeZone();
        Instant now = overrides.now();

        List<Now> current = new ArrayList<>();
        for (Map.Entry<String, Schedule> layer : s.schedules().entrySet()) {
            List<Shift> shifts = layer.getValue().shifts(now, now.plusSeconds(1));
            Shift shift = shifts.isEmpty() ? null : shifts.get(0);
            String until =
                    shift == null || layer.getValue().rotation().isEmpty() && !changed(file, layer.getKey(), shift)
                            ? ""
                            : shift.end().atZone(zone).format(WHEN);
            current.add(new Now(
                    layer.getKey(),
                    shift == null ? "nobody" : name(s, shift.member()),
                    until,
                    shift != null && changed(file, layer.getKey(), shift)));
        }

        List<Day> days = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (int d = 0; d < DAYS; d++) {
            LocalDate date = today.plusDays(d);
            Instant start = date.atStartOfDay(zone).toInstant();
            Instant end = date.plusDays(1).atStartOfDay(zone).toInstant();
            List<List<Piece>> layers = new ArrayList<>();
            for (Map.Entry<String, Schedule> layer : s.schedules().entrySet()) {
                List<Piece> pieces = new ArrayList<>();
                for (Shift shift : layer.getValue().shifts(start, end)) {
                    Instant from = shift.start().isBefore(start) ? start : shift.start();
                    Instant to = shift.end().isAfter(end) ? end : shift.end();
                    pieces.add(new Piece(
                            from.atZone(zone).format(TIME),
                            to.equals(end) ? "24:00" : to.atZone(zone).format(TIME),
                            name(s, shift.member()),
                            changed(file, layer.getKey(), shift)));
                }
                layers.add(pieces);
            }
            days.add(new Day(date.format(DAY), layers));
        }

        List<Listed> listed = overrides.inForce(site).stream()
                .filter(o -> o.to().isAfter(now))
                .map(o -> new Listed(
                        o.id().toString(),
                        o.layer(),
                        name(s, o.caseManager()),
                        o.from().atZone(zone).format(WHEN),
                        o.to().atZone(zone).format(WHEN),
                        o.reason(),
                        o.createdBy()))
                .toList();

        ZonedDateTime local = now.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime morning = local.with(LocalTime.of(9, 0));
        if (morning.isBefore(local.plusHours(3))) { // from 06:00 on, "tonight" is the coming night
            morning = morning.plusDays(1);
        }

        model.addAttribute("site", s);
        model.addAttribute("layers", List.copyOf(s.schedules().keySet()));
        model.addAttribute(
                "caseManagers",
                s.caseManagers().values().stream()
                        .filter(Site.CaseManager::active)
                        .toList());
        model.addAttribute("now", current);
        model.addAttribute("nowText", local.format(WHEN) + " (" + zone.getId() + ")");
        model.addAttribute("days", days);
        model.addAttribute("overrides", listed);
        model.addAttribute("mayEdit", mayEdit);
        model.addAttribute("mayEditSite", edits.administrator(user, site).isPresent());
        model.addAttribute("revision", edits.revisionText(site, zone));
        model.addAttribute("fileProblem", revisions.fileProblem(site).orElse(null));
        model.addAttribute("tonightFrom", local.format(FIELD));
        model.addAttribute("tonightTo", morning.format(FIELD));
        model.addAttribute(
                "otherSites",
                sites.all().stream()
                        .map(Site::id)
                        .filter(viewer::covers)
                        .filter(id -> !id.equals(site))
                        .toList());
        model.addAttribute("viewer", viewer);
        model.addAttribute("tab", "oncall");
        model.addAttribute("mayEquity", viewer.may(Viewer.Section.EQUITY));
        model.addAttribute("mayOwg", viewer.may(Viewer.Section.OWG));
        model.addAttribute("mayPlanner", viewer.may(Viewer.Section.PLANNER));
        return "site/oncall";
    }

    @PostMapping("/dashboard/oncall/{site}/overrides")
    String add(
            @PathVariable String site,
            @RequestParam(required = false) String schedule,
            @RequestParam(required = false) String caseManager,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String reason,
            Authentication user,
            RedirectAttributes redirect) {
        StaffAccounts.Staff editor = editor(user, site);
        Site s = sites.find(site).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Overrides.Outcome outcome =
                overrides.make(s, new Overrides.Request(schedule, caseManager, from, to, reason), editor.username());
        if (outcome.made()) {
            redirect.addFlashAttribute(
                    "done",
                    "Override saved: " + name(s, caseManager.strip()) + " is on call in " + schedule.strip() + ".");
        } else {
            redirect.addFlashAttribute(
                    "errors",
                    outcome.errors().stream()
                            .map(e -> label(e.get("field")) + ": " + e.get("reason"))
                            .toList());
        }
        return "redirect:/dashboard/oncall/" + encode(site);
    }

    @PostMapping("/dashboard/oncall/{site}/overrides/{id}/remove")
    String remove(
            @PathVariable String site, @PathVariable String id, Authentication user, RedirectAttributes redirect) {
        StaffAccounts.Staff editor = editor(user, site);
        if (sites.find(site).isEmpty() || !overrides.remove(site, id, editor.username())) {
            redirect.addFlashAttribute("errors", List.of("That override is no longer in force."));
        } else {
            redirect.addFlashAttribute("done", "Override removed.");
        }
        return "redirect:/dashboard/oncall/" + encode(site);
    }

    private Viewer viewer(Authentication user) {
        return viewers.of(user)
                .filter(v -> v.role() != null && v.role() != StaffRole.PCG_VIEWER)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private StaffAccounts.Staff editor(Authentication user, String site) {
        return overrides.editor(user, site).orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
    }

    /** Whether the overrides stored in Doorway put someone else on call at the shift's start than the file does. */
    private static boolean changed(Site file, String layer, Shift shift) {
        return !Optional.ofNullable(file.schedules().get(layer))
                .flatMap(schedule -> schedule.onCall(shift.start()))
                .map(shift.member()::equals)
                .orElse(false);
    }

    private static String name(Site site, String id) {
        return site.caseManager(id).map(Site.CaseManager::name).orElse(id);
    }

    private static String label(String field) {
        return switch (field) {
            case "schedule" -> "Layer";
            case "caseManager" -> "Case manager";
            case "from" -> "From";
            case "to" -> "To";
            case "reason" -> "Reason";
            default -> field;
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
