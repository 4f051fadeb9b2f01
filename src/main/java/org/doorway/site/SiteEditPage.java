package org.doorway.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffMembers;
import org.doorway.staff.StaffRole;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.doorway.system.Problems;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A site's people, layers and escalation steps, edited in the browser or through the API by the
 * site's administrators (or those of every site); anyone else gets {@code 403}, whether or not
 * the site exists:
 * <ul>
 *   <li>{@code GET /dashboard/oncall/{site}/edit}: the forms, with who changed the site last and
 *       how (the file on disk or the browser);</li>
 *   <li>{@code POST …/edit/people} (fields {@code id, name, phone, active, shiftTexts}): a person
 *       changed, or added when the id is new; {@code POST …/edit/layers/{layer}} (fields
 *       {@code members, handOff, length}); {@code POST …/edit/escalation} (repeated fields
 *       {@code delay, notify, by}, one per step): each then back to the page with what happened;</li>
 *   <li>{@code GET /dashboard/oncall/{site}/site.yaml} and {@code GET /api/v1/sites/{site}/site.yaml}:
 *       the site as a {@code site.yaml} (download);</li>
 *   <li>{@code PUT /api/v1/sites/{site}/site.yaml} (a whole {@code site.yaml}) and
 *       {@code PATCH /api/v1/sites/{site}/case-managers/{id}} ({@code {"name", "phone", "active",
 *       "shiftTexts"}}): {@code 200} with the revision, or {@code 422} naming each field at fault.</li>
 * </ul>
 * Every edit is checked by {@link SiteEdits} as the file is, stored as the site's newest revision
 * (who and when) and in force at once; a refused one changes nothing.
 */
@Controller
class SiteEditPage {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm");
    /** Blank step rows the form offers beyond the site's own. */
    private static final int SPARE_STEPS = 2;

    private final Sites sites;
    private final SiteRevisions revisions;
    private final StaffMembers staff;
    private final Problems problems;
    private final ObjectMapper json;
    private final Viewers viewers;

    SiteEditPage(
            Sites sites,
            SiteRevisions revisions,
            StaffMembers staff,
            Problems problems,
            ObjectMapper json,
            Viewers viewers) {
        this.viewers = viewers;
        this.sites = sites;
        this.revisions = revisions;
        this.staff = staff;
        this.problems = problems;
        this.json = json;
    }

    /** The signed-in administrator of {@code site} (or of every site), if that is who this is. */
    Optional<StaffAccounts.Staff> administrator(Authentication user, String site) {
        return staff.of(user).filter(p -> p.covers(site) && p.role() == StaffRole.ADMIN);
    }

    /** A layer's fields as the form shows them. */
    record LayerForm(String name, String members, String handOff, String length) {}

    @GetMapping("/dashboard/oncall/{site}/edit")
    String page(@PathVariable String site, Authentication user, Model model) {
        admin(user, site);
        Site s = sites.fromFile(site).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        String yaml = yaml(site);
        List<LayerForm> layers = new ArrayList<>();
        for (String layer : s.schedules().keySet()) {
            Map<String, String> f = SiteEdits.layerFields(yaml, layer);
            layers.add(new LayerForm(layer, f.get("members"), f.get("handOff"), f.get("length")));
        }
        List<SiteEdits.Step> steps = new ArrayList<>(SiteEdits.steps(yaml));
        for (int i = 0; i < SPARE_STEPS; i++) {
            steps.add(new SiteEdits.Step("", "", ""));
        }
        model.addAttribute("site", s);
        model.addAttribute("people", List.copyOf(s.caseManagers().values()));
        model.addAttribute("layers", layers);
        model.addAttribute("steps", steps);
        model.addAttribute("revision", revisionText(site, s.timeZone()));
        model.addAttribute("fileProblem", revisions.fileProblem(site).orElse(null));
        Viewer viewer = viewers.of(user).orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
        model.addAttribute("viewer", viewer);
        model.addAttribute("tab", "oncall");
        model.addAttribute("mayEquity", viewer.may(Viewer.Section.EQUITY));
        model.addAttribute("mayOwg", viewer.may(Viewer.Section.OWG));
        model.addAttribute("mayPlanner", viewer.may(Viewer.Section.PLANNER));
        return "site/edit";
    }

    @PostMapping("/dashboard/oncall/{site}/edit/people")
    String person(
            @PathVariable String site,
            @RequestParam(required = false) String id,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String phone,
            @RequestParam(required = false) String active,
            @RequestParam(required = false) String shiftTexts,
            Authentication user,
            RedirectAttributes redirect) {
        StaffAccounts.Staff editor = admin(user, site);
        return edit(
                site,
                SiteEdits.person(id, name, phone, active != null, shiftTexts != null),
                "case manager " + (id == null ? "" : id.strip()) + ": name, phone, active, shift texts",
                editor,
                redirect);
    }

    @PostMapping("/dashboard/oncall/{site}/edit/layers/{layer}")
    String layer(
            @PathVariable String site,
            @PathVariable String layer,
            @RequestParam(required = false) String members,
            @RequestParam(required = false) String handOff,
            @RequestParam(required = false) String length,
            Authentication user,
            RedirectAttributes redirect) {
        StaffAccounts.Staff editor = admin(user, site);
        return edit(
                site,
                SiteEdits.layer(layer, members, handOff, length),
                "layer " + layer + ": members, hand-off, length",
                editor,
                redirect);
    }

    @PostMapping("/dashboard/oncall/{site}/edit/escalation")
    String escalation(
            @PathVariable String site,
            jakarta.servlet.http.HttpServletRequest form,
            Authentication user,
            RedirectAttributes redirect) {
        StaffAccounts.Staff editor = admin(user, site);
        // Each field once per step, in order (a list parameter would split a value at its commas).
        List<String> delay = values(form, "delay");
        List<String> notify = values(form, "notify");
        List<String> by = values(form, "by");
        List<SiteEdits.Step> steps = new ArrayList<>();
        int n = Math.max(size(delay), Math.max(size(notify), size(by)));
        for (int i = 0; i < n; i++) {
            steps.add(new SiteEdits.Step(at(delay, i), at(notify, i), at(by, i)));
        }
        return edit(site, SiteEdits.steps(steps), "escalation steps", editor, redirect);
    }

    @GetMapping({"/dashboard/oncall/{site}/site.yaml", "/api/v1/sites/{site}/site.yaml"})
    @ResponseBody
    ResponseEntity<String> export(@PathVariable String site, Authentication user) {
        if (administrator(user, site).isEmpty()) {
            return forbidden();
        }
        if (sites.fromFile(site).isEmpty()) {
            return notFound();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"site.yaml\"")
                .body(yaml(site));
    }

    @PutMapping("/api/v1/sites/{site}/site.yaml")
    @ResponseBody
    ResponseEntity<String> replace(
            @PathVariable String site, @RequestBody(required = false) String body, Authentication user) {
        Optional<StaffAccounts.Staff> editor = administrator(user, site);
        if (editor.isEmpty()) {
            return forbidden();
        }
        if (sites.fromFile(site).isEmpty()) {
            return notFound();
        }
        if (body == null || body.isBlank()) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "Invalid request",
                    "The body must be a site.yaml.",
                    List.of());
        }
        return answer(site, SiteEdits.check(site, body), "site.yaml replaced through the API", editor.get());
    }

    @PatchMapping("/api/v1/sites/{site}/case-managers/{id}")
    @ResponseBody
    ResponseEntity<String> patchPerson(
            @PathVariable String site,
            @PathVariable String id,
            @RequestBody(required = false) String body,
            Authentication user) {
        Optional<StaffAccounts.Staff> editor = administrator(user, site);
        if (editor.isEmpty()) {
            return forbidden();
        }
        Optional<Site> found = sites.fromFile(site);
        if (found.isEmpty()) {
            return notFound();
        }
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "Invalid request",
                    "The body must be a JSON object {\"name\", \"phone\", \"active\", \"shiftTexts\"}.",
                    List.of());
        }
        Site.CaseManager now = found.get().caseManager(id).orElse(new Site.CaseManager(id, null, null, true, false));
        String name = request.has("name") ? request.path("name").asText(null) : now.name();
        String phone = request.has("phone") ? request.path("phone").asText(null) : now.phone();
        boolean active = request.has("active") ? request.path("active").asBoolean(true) : now.active();
        boolean texts = request.has("shiftTexts") ? request.path("shiftTexts").asBoolean(false) : now.shiftTexts();
        return answer(
                site,
                SiteEdits.apply(site, yaml(site), SiteEdits.person(id, name, phone, active, texts)),
                "case manager " + id + ": " + String.join(", ", fieldNames(request)),
                editor.get());
    }

    private ResponseEntity<String> answer(
            String site, SiteEdits.Outcome outcome, String summary, StaffAccounts.Staff editor) {
        if (!outcome.accepted()) {
            return problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "invalid-site",
                    "Invalid site",
                    "site.yaml would refuse this; nothing was changed.",
                    outcome.errors());
        }
        revisions.storeEdit(site, outcome.yaml(), editor.username(), summary);
        Map<String, Object> body = new LinkedHashMap<>();
        SiteRevisions.Revision made = revisions.newest(site).orElseThrow();
        body.put("site", site);
        body.put("revision", made.seq());
        body.put("source", made.source().name());
        body.put("madeBy", made.madeBy());
        body.put("madeAt", made.madeAt().toString());
        try {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String edit(
            String site,
            Consumer<ObjectNode> change,
            String summary,
            StaffAccounts.Staff editor,
            RedirectAttributes redirect) {
        if (sites.fromFile(site).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        SiteEdits.Outcome outcome = SiteEdits.apply(site, yaml(site), change);
        if (outcome.accepted()) {
            revisions.storeEdit(site, outcome.yaml(), editor.username(), summary);
            redirect.addFlashAttribute("done", "Saved and in force: " + summary + ".");
        } else {
            redirect.addFlashAttribute(
                    "errors",
                    outcome.errors().stream()
                            .map(e -> e.get("field") + ": " + e.get("reason"))
                            .toList());
        }
        return "redirect:/dashboard/oncall/" + URLEncoder.encode(site, StandardCharsets.UTF_8) + "/edit";
    }

    /** The site's newest site.yaml: its newest revision, else its file as read at start. */
    private String yaml(String site) {
        Optional<SiteRevisions.Revision> newest = revisions.newest(site);
        if (newest.isPresent()) {
            return newest.get().yaml();
        }
        Sites.Origin origin = sites.origin(site);
        try {
            if (origin.folder() != null) {
                return java.nio.file.Files.readString(origin.folder().resolve("site.yaml"));
            }
            return new String(
                    new ClassPathResource(origin.classpathFolder() + "/site.yaml")
                            .getInputStream()
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("site.yaml of " + site + " cannot be read", e);
        }
    }

    /** "Browser edit by ana, Sun 6 Dec 2026 17:20: layer primary: members" or the file's. */
    String revisionText(String site, ZoneId zone) {
        return revisions
                .newest(site)
                .map(r -> (r.source() == SiteRevisions.Source.FILE
                                ? "site.yaml on disk"
                                : "edited in the browser by " + r.madeBy())
                        + ", " + r.madeAt().atZone(zone).format(WHEN) + " (" + r.summary() + ")")
                .orElse("site.yaml on disk, as read at start");
    }

    private StaffAccounts.Staff admin(Authentication user, String site) {
        return administrator(user, site).orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
    }

    private static List<String> fieldNames(JsonNode request) {
        List<String> names = new ArrayList<>();
        request.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> values(jakarta.servlet.http.HttpServletRequest form, String name) {
        String[] values = form.getParameterValues(name);
        return values == null ? List.of() : List.of(values);
    }

    private static int size(List<String> list) {
        return list == null ? 0 : list.size();
    }

    private static String at(List<String> list, int i) {
        return list == null || i >= list.size() ? "" : list.get(i);
    }

    private ResponseEntity<String> forbidden() {
        return problem(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Not allowed",
                "Only the site's administrators may change its people, schedules and escalation.",
                List.of());
    }

    private ResponseEntity<String> notFound() {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No site with this id.", List.of());
    }

    private ResponseEntity<String> problem(
            HttpStatus status, String type, String title, String detail, List<Map<String, String>> errors) {
        return ResponseEntity.status(status)
                .contentType(MediaType.parseMediaType(Problems.MEDIA_TYPE))
                .body(problems.body(status, type, title, detail, errors));
    }
}
