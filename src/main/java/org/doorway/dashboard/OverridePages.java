package org.doorway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Csv;
import org.doorway.dashboard.report.Table;
import org.doorway.staff.StaffRole;
import org.doorway.staff.Viewer;
import org.doorway.triage.StaffDecisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A sergeant's or commander's late override of an exclusion (DOMAIN.md: exclusions apply to arrest
 * diversions only and can be overridden case by case), and the PCG's report of every override.
 * <ul>
 *   <li>{@code GET /dashboard/overrides[?site]}: supervisors and administrators see the arrest
 *       diversions of the last {@value #DAYS} days refused for an exclusion, each with the exclusions
 *       that applied and a form: the rank (from the policy's allowed list) and the reason. Who
 *       overrides is the signed-in account, never typed in;</li>
 *   <li>{@code POST /dashboard/overrides/{id}} ({@code rank, reason}): the override, taken by
 *       {@link StaffDecisions} exactly as {@code POST /api/v1/referrals/{id}/override};</li>
 *   <li>{@code GET /dashboard/overrides/report[?from&to&site]} and {@code /dashboard/overrides/report.csv}:
 *       every override in the period, accepted or refused (those made with the referral and those
 *       made later, including ones a later decision replaced), for OWG members, supervisors,
 *       administrators and PCG viewers. Short references only, never a participant's name; the
 *       free-text reason only for viewers who see rows (not PCG viewers).</li>
 * </ul>
 */
@Controller
class OverridePages {

    private static final Logger log = LoggerFactory.getLogger(OverridePages.class);

    /** How far back the screen looks for arrest diversions to override. */
    static final int DAYS = 30;

    private final Requests requests;
    private final StaffDecisions decisions;
    private final JdbcClient db;
    private final ObjectMapper json;
    private final Board board;

    OverridePages(Requests requests, StaffDecisions decisions, JdbcClient db, ObjectMapper json, Board board) {
        this.requests = requests;
        this.decisions = decisions;
        this.db = db;
        this.json = json;
        this.board = board;
    }

    /**
     * An arrest diversion refused for an exclusion.
     *
     * @param id         the referral
     * @param ref        its short reference
     * @param site       its site
     * @param received   when it came (site time)
     * @param exclusions the exclusions that applied
     * @param ranks      the ranks the policy allows to override
     */
    record Overridable(
            String id, String ref, String site, String received, List<String> exclusions, List<String> ranks) {}

    /** One override as the report shows it. */
    record Made(
            Instant at,
            String ref,
            String site,
            String by,
            String rank,
            List<String> exclusions,
            boolean accepted,
            String reason,
            String outcome) {}

    @GetMapping("/dashboard/overrides")
    String screen(@RequestParam(required = false) String site, Authentication user, Model model) {
        Requests.Page page = requests.page(user, Viewer.Section.OWG, null, null, site, null);
        if (!decider(page.viewer())) {
            return "redirect:/dashboard/overrides/report";
        }
        common(model, page);
        model.addAttribute("overridable", overridable(page, user));
        return "dashboard/overrides";
    }

    @PostMapping("/dashboard/overrides/{id}")
    String override(
            @PathVariable String id,
            @RequestParam(required = false) String rank,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String site,
            Authentication user,
            RedirectAttributes redirect) {
        Viewer viewer = requests.viewer(user, Viewer.Section.OWG);
        if (!decider(viewer)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        String ref = db.sql("select short_ref from referral where id::text = ?")
                .param(id)
                .query(String.class)
                .optional()
                .orElse("The referral");
        try {
            StaffDecisions.DecisionView view = decisions.override(id, viewer.name(), rank, reason, user);
            log.info("Override recorded from the screen");
            redirect.addFlashAttribute(
                    "message",
                    "Override of " + ref + " recorded: decided again as "
                            + view.decision()
                                    .outcome()
                                    .name()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .replace('_', ' ')
                            + ".");
        } catch (ErrorResponseException e) {
            redirect.addFlashAttribute("error", "Override of " + ref + " not recorded: " + words(e));
        }
        return "redirect:/dashboard/overrides"
                + (site == null || site.isBlank()
                        ? ""
                        : "?site=" + java.net.URLEncoder.encode(site, StandardCharsets.UTF_8));
    }

    @GetMapping("/dashboard/overrides/report")
    String report(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String site,
            Authentication user,
            Model model) {
        Requests.Page page = reportPage(user, from, to, site);
        common(model, page);
        model.addAttribute("report", table(page));
        model.addAttribute("mayOverride", decider(page.viewer()));
        return "dashboard/overrides-report";
    }

    @GetMapping("/dashboard/overrides/report.csv")
    ResponseEntity<String> reportCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String site,
            Authentication user) {
        Requests.Page page = reportPage(user, from, to, site);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"doorway-overrides.csv\"")
                .body(Csv.write(table(page)));
    }

    /** Supervisors and administrators record overrides; OWG members and PCG viewers only read the report. */
    private static boolean decider(Viewer viewer) {
        return viewer.sight() == Viewer.Sight.ALL
                && (viewer.role() == StaffRole.SUPERVISOR || viewer.role() == StaffRole.ADMIN);
    }

    private Requests.Page reportPage(Authentication user, String from, String to, String site) {
        Requests.Page page = requests.page(user, Viewer.Section.OWG, from, to, site, null);
        if (page.viewer().role() == StaffRole.CASE_MANAGER || page.viewer().sight() == Viewer.Sight.STATUS) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        return page;
    }

    private void common(Model model, Requests.Page page) {
        Viewer viewer = page.viewer();
        model.addAttribute("page", page);
        model.addAttribute("viewer", viewer);
        model.addAttribute("filters", page.filters());
        model.addAttribute("tab", "overrides");
        model.addAttribute("outages", board.providerOutages());
        model.addAttribute("mayLatency", viewer.may(Viewer.Section.LATENCY));
        model.addAttribute("mayEquity", viewer.may(Viewer.Section.EQUITY));
        model.addAttribute("mayOwg", viewer.may(Viewer.Section.OWG));
        model.addAttribute("mayCorrect", viewer.may(Viewer.Section.CORRECT));
        model.addAttribute("mayPlanner", viewer.may(Viewer.Section.PLANNER));
    }

    private List<Overridable> overridable(Requests.Page page, Authentication user) {
        return db
                .sql("""
                        select r.id, r.short_ref, r.site, r.received_at, d.detail->'exclusions'
                        from triage_decision d join referral r on r.id = d.referral_id
                        where r.door = 'ARREST_DIVERSION' and d.outcome = 'NOT_ELIGIBLE'
                          and jsonb_typeof(d.detail->'exclusions') = 'array'
                          and jsonb_array_length(d.detail->'exclusions') > 0
                          and r.received_at >= :since and""" + " " + Scope.SITE + """
                         order by r.received_at desc, r.id
                         limit 200""")
                .param("site", page.site())
                .param("since", Timestamp.from(page.now().minus(Duration.ofDays(DAYS))))
                .query((rs, n) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    ZoneId zone = requests.zone(rs.getString(3));
                    return new Overridable(
                            id.toString(),
                            rs.getString(2),
                            rs.getString(3),
                            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm")
                                    .format(rs.getTimestamp(4).toInstant().atZone(zone)),
                            texts(rs.getString(5)),
                            List.of());
                })
                .list()
                .stream()
                .filter(o -> page.viewer().covers(o.site()))
                .map(o -> new Overridable(
                        o.id(),
                        o.ref(),
                        o.site(),
                        o.received(),
                        o.exclusions(),
                        decisions.overrideRanks(UUID.fromString(o.id()), user).orElse(List.of())))
                .toList();
    }

    private List<String> texts(String array) {
        List<String> out = new ArrayList<>();
        try {
            if (array != null) {
                for (JsonNode n : json.readTree(array)) {
                    out.add(n.asText());
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // stored by triage as an array of keys; nothing to show if it is not
        }
        return out;
    }

    /** Every override in the page's period and site, newest first. */
    private Table table(Requests.Page page) {
        List<Made> made = new ArrayList<>();
        String current = """
                select r.short_ref, r.site, d.detail, d.outcome
                from triage_decision d join referral r on r.id = d.referral_id
                where jsonb_typeof(d.detail->'override') = 'object' and""" + " " + Scope.SITE;
        String earlier = """
                select r.short_ref, r.site, h.detail, h.outcome
                from triage_decision_history h join referral r on r.id = h.referral_id
                where jsonb_typeof(h.detail->'override') = 'object' and""" + " " + Scope.SITE;
        for (boolean inForce : new boolean[] {true, false}) {
            db.sql(inForce ? current : earlier).param("site", page.site()).query(rs -> {
                if (!page.viewer().covers(rs.getString(2))) {
                    return;
                }
                try {
                    JsonNode o = json.readTree(rs.getString(3)).path("override");
                    Instant at = instant(o.path("at"));
                    if (at == null
                            || at.isBefore(page.range().from())
                            || !at.isBefore(page.range().to())) {
                        return;
                    }
                    String outcome =
                            rs.getString(4).toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                    made.add(new Made(
                            at,
                            rs.getString(1),
                            rs.getString(2),
                            o.path("by").asText(""),
                            o.path("rank").asText(""),
                            texts(o.path("exclusions").toString()),
                            o.path("accepted").asBoolean(false),
                            o.path("reason").asText(""),
                            inForce ? outcome : outcome + " (replaced since)"));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // a decision stored by triage is JSON; skip one that is not
                }
            });
        }
        made.sort(Comparator.comparing(Made::at).reversed().thenComparing(Made::ref));
        boolean reasons = page.viewer().seesRows();
        List<String> columns = new ArrayList<>(
                List.of("When", "Ref", "Site", "By", "Rank", "Exclusions", "Accepted", "Decision after it"));
        if (reasons) {
            columns.add("Reason");
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (Made m : made) {
            List<Cell> row = new ArrayList<>(List.of(
                    Cell.time(m.at(), requests.zone(m.site())),
                    Cell.text(m.ref()),
                    Cell.text(m.site()),
                    Cell.text(m.by()),
                    Cell.text(m.rank()),
                    Cell.text(String.join(", ", m.exclusions())),
                    Cell.text(m.accepted() ? "accepted" : "refused").styled(m.accepted() ? "ok" : "bad"),
                    Cell.text(m.outcome())));
            if (reasons) {
                row.add(Cell.text(m.reason()));
            }
            rows.add(row);
        }
        long accepted = made.stream().filter(Made::accepted).count();
        return new Table(
                "overrides-report",
                "Overrides of exclusions",
                columns,
                rows,
                made.size() + " override" + (made.size() == 1 ? "" : "s") + " from "
                        + page.range().firstDay()
                        + " to " + page.range().lastDay() + ": " + accepted + " accepted, " + (made.size() - accepted)
                        + " refused by the policy. Short references only; no participant is named.");
    }

    private static Instant instant(JsonNode at) {
        if (at == null || at.isMissingNode() || at.isNull()) {
            return null;
        }
        if (at.isNumber()) {
            BigDecimal seconds = at.decimalValue();
            return Instant.ofEpochSecond(
                    seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        try {
            return Instant.parse(at.asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String words(ErrorResponseException e) {
        ProblemDetail problem = e.getBody();
        StringBuilder text = new StringBuilder(problem.getDetail() == null ? problem.getTitle() : problem.getDetail());
        Object errors =
                problem.getProperties() == null ? null : problem.getProperties().get("errors");
        if (errors instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m) {
                    text.append(" ")
                            .append(m.get("field"))
                            .append(": ")
                            .append(m.get("reason"))
                            .append(".");
                }
            }
        }
        return text.toString();
    }
}
