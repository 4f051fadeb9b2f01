package org.doorway.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.doorway.dashboard.equity.EquityReport;
import org.doorway.dashboard.report.Csv;
import org.doorway.dashboard.report.Table;
import org.doorway.staff.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
 * The administrators' dashboard, behind sign-in (the page security chain sends anyone not signed
 * in to {@code /login}); what each part shows depends on the viewer's role ({@link Viewer}).
 * <ul>
 *   <li>{@code GET /dashboard[?from&to&site&measure]}: the live board, latency charts and tables,
 *       breaches and their clusters, coverage gaps, pages;</li>
 *   <li>{@code GET /dashboard/board[?site]}: the live board alone, which the page reloads every
 *       {@code doorway.dashboard.refresh-seconds};</li>
 *   <li>{@code GET /dashboard/equity[?from&to&site]}: the equity report and missed diversions;</li>
 *   <li>{@code GET /dashboard/owg[?meeting&site]}: the OWG agenda, printable;
 *       {@code POST /dashboard/owg/extensions}: extend an intake deadline (supervisors, administrators);</li>
 *   <li>{@code GET /dashboard/tables/{id}.csv} with the page's filters: any table of these pages as CSV.</li>
 * </ul>
 */
@Controller
class DashboardController {

    private static final Logger log = LoggerFactory.getLogger(DashboardController.class);

    private final Requests requests;
    private final MainReport main;
    private final EquityReport equity;
    private final OwgAgenda owg;
    private final IntakeDeadlines deadlines;
    private final Board board;
    private final DashboardProperties properties;

    DashboardController(
            Requests requests,
            MainReport main,
            EquityReport equity,
            OwgAgenda owg,
            IntakeDeadlines deadlines,
            Board board,
            DashboardProperties properties) {
        this.requests = requests;
        this.main = main;
        this.equity = equity;
        this.owg = owg;
        this.deadlines = deadlines;
        this.board = board;
        this.properties = properties;
    }

    /** An option of a form's list. */
    record Choice(String value, String label) {}

    @GetMapping("/dashboard")
    String dashboard(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String measure,
            Authentication user,
            Model model) {
        Requests.Page page = requests.page(user, Viewer.Section.BOARD, from, to, site, measure);
        common(model, page, "main");
        model.addAttribute("content", main.content(page));
        return "dashboard/index";
    }

    @GetMapping("/dashboard/board")
    String board(@RequestParam(required = false) String site, Authentication user, Model model) {
        Requests.Page page = requests.page(user, Viewer.Section.BOARD, null, null, site, null);
        model.addAttribute("table", board.board(page.site(), page.viewer(), page.now()));
        model.addAttribute("outages", board.providerOutages());
        model.addAttribute("boardNow", page.now().toEpochMilli());
        model.addAttribute("filters", page.filters());
        return "dashboard/fragments :: boardBody";
    }

    @GetMapping("/dashboard/equity")
    String equity(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String site,
            Authentication user,
            Model model) {
        Requests.Page page = requests.page(user, Viewer.Section.EQUITY, from, to, site, null);
        common(model, page, "equity");
        model.addAttribute("content", equity.content(page));
        return "dashboard/equity";
    }

    @GetMapping("/dashboard/owg")
    String owg(
            @RequestParam(required = false) String meeting,
            @RequestParam(required = false) String site,
            Authentication user,
            Model model) {
        Requests.Page page = requests.page(user, Viewer.Section.OWG, null, null, site, null);
        common(model, page, "owg");
        OwgAgenda.Agenda agenda =
                owg.agenda(meetingDate(meeting), page.site(), page.viewer(), page.now(), requests.zone(page.site()));
        model.addAttribute("agenda", agenda);
        model.addAttribute(
                "filters", page.filters().withMeeting(agenda.meeting().toString()));
        if (page.viewer().may(Viewer.Section.CORRECT)) {
            java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE;
            model.addAttribute(
                    "openDeadlines",
                    deadlines.open(page.site(), page.viewer()).stream()
                            .map(d -> new Choice(
                                    d.referralId().toString(),
                                    d.shortRef() + " (" + d.site() + ", due "
                                            + day.format(d.dueAt().atZone(requests.zone(d.site()))) + ")"))
                            .toList());
        }
        return "dashboard/owg";
    }

    @PostMapping("/dashboard/owg/extensions")
    String extend(
            @RequestParam String referral,
            @RequestParam String until,
            @RequestParam String reason,
            @RequestParam(required = false) String site,
            Authentication user,
            RedirectAttributes redirect) {
        Viewer viewer = requests.viewer(user, Viewer.Section.CORRECT);
        String back = "redirect:/dashboard/owg"
                + (site == null || site.isBlank()
                        ? ""
                        : "?site=" + java.net.URLEncoder.encode(site, java.nio.charset.StandardCharsets.UTF_8));
        UUID id;
        try {
            id = UUID.fromString(referral);
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", "Choose a referral.");
            return back;
        }
        IntakeDeadlines.Deadline deadline =
                deadlines.find(id).filter(d -> viewer.covers(d.site())).orElse(null);
        List<Map<String, String>> errors = new ArrayList<>();
        Instant at = deadline == null
                ? null
                : ClockApi.instant(until, requests.zone(deadline.site()), "until", errors, true);
        if (deadline == null) {
            redirect.addFlashAttribute("error", "That referral has no intake deadline you may extend.");
        } else if (!errors.isEmpty() || reason.isBlank() || reason.length() > ClockApi.MAX_REASON) {
            redirect.addFlashAttribute("error", "Give the new date (yyyy-mm-dd) and the OWG's reason.");
        } else {
            try {
                deadlines.extend(id, at, reason.trim(), viewer.name());
                log.info("Referral {}: intake deadline extended", id);
                redirect.addFlashAttribute("message", "Deadline of " + deadline.shortRef() + " extended.");
            } catch (IntakeDeadlines.Refused e) {
                redirect.addFlashAttribute("error", "Not extended: the new date " + e.getMessage() + ".");
            }
        }
        return back;
    }

    @GetMapping("/dashboard/tables/{id}.csv")
    ResponseEntity<String> csv(
            @PathVariable String id,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String measure,
            @RequestParam(required = false) String meeting,
            Authentication user) {
        List<Table> tables;
        if (id.startsWith("equity-") || id.equals("missed-diversions")) {
            tables = equity.content(requests.page(user, Viewer.Section.EQUITY, from, to, site, measure))
                    .tables();
        } else if (id.startsWith("owg-")) {
            Requests.Page page = requests.page(user, Viewer.Section.OWG, from, to, site, measure);
            OwgAgenda.Agenda agenda = owg.agenda(
                    meetingDate(meeting), page.site(), page.viewer(), page.now(), requests.zone(page.site()));
            tables = new ArrayList<>(agenda.tables());
            tables.add(agenda.summary());
        } else {
            tables = main.content(requests.page(user, Viewer.Section.BOARD, from, to, site, measure))
                    .tables();
        }
        Table table = tables.stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"doorway-" + id + ".csv\"")
                .body(Csv.write(table));
    }

    private void common(Model model, Requests.Page page, String tab) {
        model.addAttribute("page", page);
        model.addAttribute("viewer", page.viewer());
        model.addAttribute("filters", page.filters());
        model.addAttribute("tab", tab);
        model.addAttribute("refreshSeconds", properties.refreshSeconds());
        model.addAttribute("boardNow", page.now().toEpochMilli());
        model.addAttribute("outages", board.providerOutages());
        model.addAttribute("mayLatency", page.viewer().may(Viewer.Section.LATENCY));
        model.addAttribute("mayEquity", page.viewer().may(Viewer.Section.EQUITY));
        model.addAttribute("mayOwg", page.viewer().may(Viewer.Section.OWG));
        model.addAttribute("mayCorrect", page.viewer().may(Viewer.Section.CORRECT));
        model.addAttribute("mayPlanner", page.viewer().may(Viewer.Section.PLANNER));
    }

    private static LocalDate meetingDate(String meeting) {
        if (meeting == null || meeting.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(meeting.trim());
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "meeting must be a date yyyy-mm-dd");
        }
    }
}
