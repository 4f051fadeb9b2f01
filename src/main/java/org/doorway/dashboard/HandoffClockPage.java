package org.doorway.dashboard;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.doorway.dashboard.report.Cell;
import org.doorway.staff.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
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
 * {@code /dashboard/handoffs/{id}}: one handoff's clock as the dashboard counts it (corrected values,
 * each marked with the value it replaced), its corrections with who and why, and its event log; for
 * those who may see the handoff as a row (its case managers, supervisors, administrators). No one's
 * name or details: those are on {@code /handoffs/{id}} for those allowed. Supervisors and
 * administrators get a form to correct a moment ({@code POST …/corrections}), in the site's local time.
 */
@Controller
class HandoffClockPage {

    private static final Logger log = LoggerFactory.getLogger(HandoffClockPage.class);
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final Requests requests;
    private final HandoffFacts facts;
    private final Corrections corrections;
    private final Latency latency;
    private final JdbcClient db;

    HandoffClockPage(Requests requests, HandoffFacts facts, Corrections corrections, Latency latency, JdbcClient db) {
        this.requests = requests;
        this.facts = facts;
        this.corrections = corrections;
        this.latency = latency;
        this.db = db;
    }

    /** A moment of the clock as the page shows it. */
    record Moment(String name, String words, Cell value, String inputValue, Cell replaced) {}

    /** A line of the event log. */
    record Event(Cell at, String kind, String via, String actor, String note) {}

    @GetMapping("/dashboard/handoffs/{id}")
    String clock(@PathVariable String id, Authentication user, Model model) {
        Viewer viewer = requests.viewer(user, Viewer.Section.LATENCY);
        UUID referral = uuid(id);
        HandoffFacts.Row row = facts.find(referral, viewer)
                .filter(r -> viewer.seesRows())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        ZoneId zone = latency.zone(row.site());
        Map<Corrections.Moment, Instant> clock = clock(referral);
        Map<Corrections.Moment, Instant> replaced = new EnumMap<>(Corrections.Moment.class);
        List<Corrections.Correction> history = corrections.of(referral);
        for (Corrections.Correction c : history) {
            replaced.putIfAbsent(c.moment(), c.oldValue());
        }
        List<Moment> moments = new ArrayList<>();
        for (Corrections.Moment m : Corrections.Moment.values()) {
            Instant at = clock.get(m);
            boolean wasCorrected = history.stream().anyMatch(c -> c.moment() == m);
            moments.add(new Moment(
                    m.name(),
                    m.words(),
                    Cell.time(at, zone).styled(wasCorrected ? "corrected" : null),
                    at == null ? "" : INPUT.format(at.atZone(zone)),
                    wasCorrected ? Cell.time(replaced.get(m), zone) : null));
        }
        List<Event> events = db.sql(
                        "select at, kind, via, actor, note from handoff_event where referral_id = ? order by at, id")
                .param(referral)
                .query((rs, n) -> new Event(
                        Cell.time(rs.getTimestamp(1).toInstant(), zone),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)))
                .list();
        model.addAttribute("row", row);
        model.addAttribute("zone", zone.getId());
        model.addAttribute("moments", moments);
        model.addAttribute(
                "corrections",
                history.stream()
                        .map(c -> List.of(
                                Cell.text(c.moment().words()),
                                Cell.time(c.oldValue(), zone),
                                Cell.time(c.newValue(), zone),
                                Cell.text(c.reason()),
                                Cell.text(c.correctedBy()),
                                Cell.time(c.correctedAt(), zone)))
                        .toList());
        model.addAttribute("events", events);
        model.addAttribute("toAck", Cell.seconds(row.toAcknowledged()));
        model.addAttribute("toOnScene", Cell.seconds(row.toOnScene()));
        model.addAttribute("target", Cell.duration(latency.target(row.site()).toSeconds()));
        model.addAttribute("breached", row.breached(latency.target(row.site()), facts.now()));
        model.addAttribute("mayCorrect", viewer.may(Viewer.Section.CORRECT));
        model.addAttribute("viewer", viewer);
        model.addAttribute("tab", "main");
        model.addAttribute("mayEquity", viewer.may(Viewer.Section.EQUITY));
        model.addAttribute("mayOwg", viewer.may(Viewer.Section.OWG));
        model.addAttribute("mayPlanner", viewer.may(Viewer.Section.PLANNER));
        return "dashboard/handoff";
    }

    @PostMapping("/dashboard/handoffs/{id}/corrections")
    String correct(
            @PathVariable String id,
            @RequestParam String moment,
            @RequestParam String at,
            @RequestParam String reason,
            Authentication user,
            RedirectAttributes redirect) {
        Viewer viewer = requests.viewer(user, Viewer.Section.CORRECT);
        UUID referral = uuid(id);
        HandoffFacts.Row row =
                facts.find(referral, viewer).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        String back = "redirect:/dashboard/handoffs/" + referral;
        List<Map<String, String>> errors = new ArrayList<>();
        Instant value = ClockApi.instant(at, latency.zone(row.site()), "at", errors, false);
        Corrections.Moment which;
        try {
            which = Corrections.Moment.valueOf(moment);
        } catch (IllegalArgumentException e) {
            which = null;
        }
        if (which == null || value == null || reason.isBlank() || reason.length() > ClockApi.MAX_REASON) {
            redirect.addFlashAttribute("error", "Choose the moment, give its time and say why.");
            return back;
        }
        try {
            corrections.correct(referral, which, value, reason.trim(), viewer.name());
            log.info("Handoff {}: {} corrected by a supervisor or administrator", referral, which);
            redirect.addFlashAttribute("message", "Corrected: " + which.words() + ".");
        } catch (Corrections.Refused e) {
            redirect.addFlashAttribute("error", "Not corrected: " + e.getMessage() + ".");
        }
        return back;
    }

    private Map<Corrections.Moment, Instant> clock(UUID referral) {
        Map<Corrections.Moment, Instant> clock = new EnumMap<>(Corrections.Moment.class);
        db.sql("""
                        select requested_at, paged_at, delivered_at, acknowledged_at, en_route_at, on_scene_at, handed_off_at
                        from handoff where referral_id = ?""")
                .param(referral)
                .query((rs, n) -> {
                    Corrections.Moment[] moments = Corrections.Moment.values();
                    for (int i = 0; i < moments.length; i++) {
                        Timestamp t = rs.getTimestamp(i + 1);
                        if (t != null) {
                            clock.put(moments[i], t.toInstant());
                        }
                    }
                    return true;
                })
                .list();
        return clock;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
