package org.doorway.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.doorway.dashboard.report.Csv;
import org.doorway.dashboard.report.Suppression;
import org.doorway.planner.CoverageCommand;
import org.doorway.staff.Viewer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The coverage planner's page, for site administrators, supervisors, administrators and PCG viewers
 * (others get 403): choose a site's period and paste (or start from the examples) two or more
 * staffing scenarios; the page replays the site's stored referrals of the period against each
 * ({@link Planner}) and shows them side by side, as a table, a chart and CSV, with the assumptions
 * used. A plain form: it works without JavaScript.
 * <ul>
 *   <li>{@code GET /dashboard/planner[?from&to&site]}: the form, with the example scenarios;</li>
 *   <li>{@code POST /dashboard/planner} ({@code from, to, site, seed, scenario…}): the form and the results;</li>
 *   <li>{@code GET|POST /dashboard/planner/results.csv} with the same fields: the results table as CSV;
 *       with {@code table=planner-by-zone}, {@code planner-by-hour} or {@code planner-by-weekday}, that
 *       breakdown instead.</li>
 * </ul>
 *
 * <p>The results state the assumptions used (the models, fitted on the period's measured handoffs
 * when there are enough, and on how many) and the period's back-test: the roster really in force
 * against the share of warm handoffs really on scene within the target.
 */
@Controller
class PlannerPage {

    /** Textareas on the page: two for the examples and one spare. */
    private static final int BOXES = 3;

    /** A CSV link longer than this (Tomcat's request line limit is 8 KiB) is offered as a button instead. */
    private static final int LONGEST_LINK = 6000;

    private final Requests requests;
    private final Planner planner;
    private final DashboardProperties properties;

    PlannerPage(Requests requests, Planner planner, DashboardProperties properties) {
        this.requests = requests;
        this.planner = planner;
        this.properties = properties;
    }

    /** One field of the CSV button's form. */
    record Field(String name, String value) {}

    @GetMapping("/dashboard/planner")
    String form(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String site,
            Authentication user,
            Model model) {
        Requests.Page page = requests.page(user, Viewer.Section.PLANNER, from, to, site, null);
        List<String> texts = new ArrayList<>(planner.examples().values());
        common(model, page, site(page), texts, CoverageCommand.DEFAULT_SEED);
        return "dashboard/planner";
    }

    @PostMapping("/dashboard/planner")
    String run(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String seed,
            @RequestParam(name = "scenario", required = false) List<String> scenarios,
            Authentication user,
            Model model) {
        Requests.Page page = requests.page(user, Viewer.Section.PLANNER, from, to, site, null);
        String chosen = site(page);
        List<String> texts = scenarios == null ? List.of() : scenarios;
        Long seedValue = seed(seed);
        common(model, page, chosen, texts, seedValue == null ? CoverageCommand.DEFAULT_SEED : seedValue);
        Planner.Run run;
        if (seedValue == null) {
            run = new Planner.Run(List.of("The seed must be a whole number."), null, null, null, List.of());
        } else {
            run = planner.run(
                    chosen, page.range(), requests.zone(chosen), texts, seedValue, suppression(page.viewer()));
        }
        model.addAttribute("run", run);
        if (run.table() != null) {
            List<Field> fields = fields(page, chosen, seedValue, texts);
            String link = link(fields);
            model.addAttribute("csvLink", link.length() <= LONGEST_LINK ? link : null);
            model.addAttribute("csvFields", fields);
        }
        return "dashboard/planner";
    }

    @RequestMapping(
            path = "/dashboard/planner/results.csv",
            method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<String> csv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String seed,
            @RequestParam(name = "scenario", required = false) List<String> scenarios,
            @RequestParam(required = false) String table,
            Authentication user) {
        Requests.Page page = requests.page(user, Viewer.Section.PLANNER, from, to, site, null);
        String chosen = site(page);
        Long seedValue = seed(seed);
        if (seedValue == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "seed must be a whole number");
        }
        Planner.Run run = planner.run(
                chosen,
                page.range(),
                requests.zone(chosen),
                scenarios == null ? List.of() : scenarios,
                seedValue,
                suppression(page.viewer()));
        if (run.table() == null) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, run.errors().isEmpty() ? run.empty() : String.join("; ", run.errors()));
        }
        if (table != null && !table.isBlank() && !Planner.BREAKDOWNS.contains(table)) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "table must be one of " + String.join(", ", Planner.BREAKDOWNS));
        }
        String id = table == null || table.isBlank() ? null : table;
        String name = id == null ? "doorway-planner-results.csv" : "doorway-" + id + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(Csv.write(run.table(id).orElseThrow()));
    }

    /** The site planned for: the viewer's or the chosen one, else the first they may see. */
    private static String site(Requests.Page page) {
        if (page.site() != null) {
            return page.site();
        }
        if (page.sites().isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no site to plan for");
        }
        return page.sites().contains("demo") ? "demo" : page.sites().get(0);
    }

    private static Long seed(String seed) {
        if (seed == null || seed.isBlank()) {
            return CoverageCommand.DEFAULT_SEED;
        }
        try {
            return Long.parseLong(seed.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Suppression suppression(Viewer viewer) {
        return Suppression.of(viewer, properties.smallCount());
    }

    private void common(Model model, Requests.Page page, String site, List<String> texts, long seed) {
        List<String> boxes = new ArrayList<>(texts);
        while (boxes.size() < BOXES) {
            boxes.add("");
        }
        model.addAttribute("page", page);
        model.addAttribute("viewer", page.viewer());
        model.addAttribute("filters", page.filters());
        model.addAttribute("plannerSite", site);
        model.addAttribute("seed", seed);
        model.addAttribute("boxes", boxes);
        model.addAttribute("examples", planner.examples());
        model.addAttribute("tab", "planner");
        model.addAttribute("mayEquity", page.viewer().may(Viewer.Section.EQUITY));
        model.addAttribute("mayOwg", page.viewer().may(Viewer.Section.OWG));
        model.addAttribute("mayPlanner", true);
    }

    private static List<Field> fields(Requests.Page page, String site, long seed, List<String> texts) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("from", page.filters().from()));
        fields.add(new Field("to", page.filters().to()));
        fields.add(new Field("site", site));
        fields.add(new Field("seed", Long.toString(seed)));
        for (String text : texts) {
            if (text != null && !text.isBlank()) {
                fields.add(new Field("scenario", text));
            }
        }
        return fields;
    }

    private static String link(List<Field> fields) {
        StringBuilder link = new StringBuilder("/dashboard/planner/results.csv");
        char sep = '?';
        for (Field f : fields) {
            link.append(sep).append(f.name()).append('=').append(URLEncoder.encode(f.value(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return link.toString();
    }
}
