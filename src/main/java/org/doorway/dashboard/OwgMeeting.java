package org.doorway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Csv;
import org.doorway.dashboard.report.Table;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Operations Work Group's meeting screen, for its members, supervisors and administrators of
 * the site (viewers who see every row; case managers and PCG viewers get 403). Plain forms that work
 * without JavaScript and at phone size:
 * <ul>
 *   <li>{@code GET /dashboard/owg/meeting[?site&meeting]}: the referrals waiting for the OWG, each
 *       with only what the OWG needs to decide (short reference, door, when it was sent, how long it
 *       has waited, its place in the queue, triage's reasons: never a name), and the approve / deny
 *       form; the open intake deadlines with their clock (day n of the site's window, days left) and
 *       the "intake done" and "extend" forms;</li>
 *   <li>{@code POST /dashboard/owg/meeting/review} ({@code referral, decision=approve|deny, reason}):
 *       the decision, taken by {@link StaffDecisions} exactly as {@code POST /api/v1/referrals/{id}/review};</li>
 *   <li>{@code POST /dashboard/owg/meeting/extension} ({@code referral, until, reason}): a later intake
 *       deadline, as {@code POST /api/v1/referrals/{id}/intake-deadline};</li>
 *   <li>{@code POST /dashboard/owg/meeting/intake} ({@code referral[, doneOn]}): the intake happened;</li>
 *   <li>{@code GET /dashboard/owg/minutes[?site&meeting]} and {@code /dashboard/owg/minutes.csv}: the
 *       minutes, printable: every decision recorded on the meeting's day (the site's time zone) —
 *       reviews, extensions, intakes recorded — with who, when and why.</li>
 * </ul>
 * Meetings fall as the site's {@link OwgCalendar} says. Every change redirects back to the screen
 * with a message (or the reason it was refused) and changes nothing when refused.
 */
@Controller
class OwgMeeting {

    private static final Logger log = LoggerFactory.getLogger(OwgMeeting.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    private final Requests requests;
    private final OwgCalendar calendar;
    private final IntakeDeadlines deadlines;
    private final StaffDecisions decisions;
    private final JdbcClient db;
    private final ObjectMapper json;
    private final Board board;

    OwgMeeting(
            Requests requests,
            OwgCalendar calendar,
            IntakeDeadlines deadlines,
            StaffDecisions decisions,
            JdbcClient db,
            ObjectMapper json,
            Board board) {
        this.requests = requests;
        this.calendar = calendar;
        this.deadlines = deadlines;
        this.decisions = decisions;
        this.db = db;
        this.json = json;
        this.board = board;
    }

    /**
     * A referral waiting for the OWG, as the meeting sees it.
     *
     * @param id      the referral
     * @param ref     its short reference
     * @param site    its site
     * @param door    its door, in words
     * @param sent    when it was sent to the OWG (site time)
     * @param waiting whole days since
     * @param queue   its place in the capacity queue, in words, or empty
     * @param reasons triage's reasons for sending it
     */
    record Pending(
            String id,
            String ref,
            String site,
            String door,
            String sent,
            long waiting,
            String queue,
            List<String> reasons) {}

    /**
     * An open intake deadline with its clock.
     *
     * @param id         the referral
     * @param ref        its short reference
     * @param site       its site
     * @param diverted   when it was diverted (site date)
     * @param due        when the intake is due (site date)
     * @param clock      the clock in words: "day 12 of 30", "overdue by 3 days"
     * @param style      {@code bad} when overdue, {@code warn} when due before the next meeting, else empty
     * @param extensions how many times it was extended
     * @param minExtend  the earliest date an extension may give (the day after the deadline)
     */
    record Deadline(
            String id,
            String ref,
            String site,
            String diverted,
            String due,
            String clock,
            String style,
            int extensions,
            String minExtend) {}

    @GetMapping("/dashboard/owg/meeting")
    String meeting(
            @RequestParam(required = false) String meeting,
            @RequestParam(required = false) String site,
            Authentication user,
            Model model) {
        Requests.Page page = page(user, site);
        ZoneId zone = requests.zone(page.site());
        OwgCalendar.Cadence cadence = calendar.of(page.site(), page.now());
        LocalDate day = meetingDay(meeting, cadence, page.now(), zone);
        common(model, page, day, cadence);
        model.addAttribute("pending", pending(page.site(), page.viewer(), page.now()));
        model.addAttribute(
                "deadlines", deadlines(page.site(), page.viewer(), page.now(), day.plusDays(cadence.everyDays())));
        return "dashboard/owg-meeting";
    }

    @GetMapping("/dashboard/owg/minutes")
    String minutes(
            @RequestParam(required = false) String meeting,
            @RequestParam(required = false) String site,
            Authentication user,
            Model model) {
        Requests.Page page = page(user, site);
        ZoneId zone = requests.zone(page.site());
        OwgCalendar.Cadence cadence = calendar.of(page.site(), page.now());
        LocalDate day = meetingDay(meeting, cadence, page.now(), zone);
        common(model, page, day, cadence);
        model.addAttribute("minutes", minutesTable(page.site(), page.viewer(), day, zone));
        return "dashboard/owg-minutes";
    }

    @GetMapping("/dashboard/owg/minutes.csv")
    ResponseEntity<String> minutesCsv(
            @RequestParam(required = false) String meeting,
            @RequestParam(required = false) String site,
            Authentication user) {
        Requests.Page page = page(user, site);
        ZoneId zone = requests.zone(page.site());
        LocalDate day = meetingDay(meeting, calendar.of(page.site(), page.now()), page.now(), zone);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"doorway-owg-minutes-" + day + ".csv\"")
                .body(Csv.write(minutesTable(page.site(), page.viewer(), day, zone)));
    }

    @PostMapping("/dashboard/owg/meeting/review")
    String review(
            @RequestParam(required = false) String referral,
            @RequestParam(required = false) String decision,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String meeting,
            Authentication user,
            RedirectAttributes redirect) {
        page(user, site);
        try {
            StaffDecisions.Reviewed reviewed =
                    decisions.review(referral == null ? "" : referral, decision, reason, user);
            redirect.addFlashAttribute(
                    "message",
                    refOf(reviewed.referralId()) + " "
                            + reviewed.review().state().name().toLowerCase(java.util.Locale.ROOT) + ".");
        } catch (ErrorResponseException e) {
            redirect.addFlashAttribute("error", "Not recorded: " + words(e));
        }
        return back(site, meeting, "pending");
    }

    @PostMapping("/dashboard/owg/meeting/extension")
    String extend(
            @RequestParam(required = false) String referral,
            @RequestParam(required = false) String until,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String meeting,
            Authentication user,
            RedirectAttributes redirect) {
        Viewer viewer = page(user, site).viewer();
        IntakeDeadlines.Deadline deadline = deadline(referral, viewer);
        List<Map<String, String>> errors = new ArrayList<>();
        Instant at = deadline == null
                ? null
                : ClockApi.instant(until, requests.zone(deadline.site()), "until", errors, true);
        if (deadline == null) {
            redirect.addFlashAttribute("error", "That referral has no intake deadline you may extend.");
        } else if (!errors.isEmpty() || reason == null || reason.isBlank() || reason.length() > ClockApi.MAX_REASON) {
            redirect.addFlashAttribute("error", "Give the new date (yyyy-mm-dd) and the OWG's reason.");
        } else {
            try {
                deadlines.extend(deadline.referralId(), at, reason.trim(), viewer.name());
                log.info("Referral {}: intake deadline extended at the OWG meeting", deadline.referralId());
                redirect.addFlashAttribute("message", "Intake deadline of " + deadline.shortRef() + " extended.");
            } catch (IntakeDeadlines.Refused e) {
                redirect.addFlashAttribute("error", "Not extended: the new date " + e.getMessage() + ".");
            }
        }
        return back(site, meeting, "deadlines");
    }

    @PostMapping("/dashboard/owg/meeting/intake")
    String intake(
            @RequestParam(required = false) String referral,
            @RequestParam(required = false) String doneOn,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String meeting,
            Authentication user,
            RedirectAttributes redirect) {
        Requests.Page page = page(user, site);
        IntakeDeadlines.Deadline deadline = deadline(referral, page.viewer());
        List<Map<String, String>> errors = new ArrayList<>();
        Instant at = deadline == null || doneOn == null || doneOn.isBlank()
                ? null
                : ClockApi.instant(doneOn, requests.zone(deadline.site()), "doneOn", errors, true);
        if (deadline == null) {
            redirect.addFlashAttribute("error", "That referral has no open intake deadline.");
        } else if (!errors.isEmpty() || (at != null && at.isAfter(page.now()))) {
            redirect.addFlashAttribute("error", "The intake date must be a date (yyyy-mm-dd), today or before.");
        } else {
            try {
                if (deadlines.recordIntake(
                        deadline.referralId(), at, null, page.viewer().name())) {
                    log.info("Referral {}: intake recorded at the OWG meeting", deadline.referralId());
                    redirect.addFlashAttribute("message", "Intake of " + deadline.shortRef() + " recorded.");
                } else {
                    redirect.addFlashAttribute(
                            "error", "The intake of " + deadline.shortRef() + " was recorded before.");
                }
            } catch (IntakeDeadlines.Refused e) {
                redirect.addFlashAttribute("error", "Not recorded: " + e.getMessage() + ".");
            }
        }
        return back(site, meeting, "deadlines");
    }

    /** The page request of a meeting's viewer: OWG members, supervisors, administrators; else 403. */
    private Requests.Page page(Authentication user, String site) {
        Requests.Page page = requests.page(user, Viewer.Section.OWG, null, null, site, null);
        if (page.viewer().sight() != Viewer.Sight.ALL) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        return page;
    }

    private IntakeDeadlines.Deadline deadline(String referral, Viewer viewer) {
        try {
            return deadlines
                    .find(UUID.fromString(referral == null ? "" : referral.trim()))
                    .filter(d -> viewer.covers(d.site()))
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static LocalDate meetingDay(String asked, OwgCalendar.Cadence cadence, Instant now, ZoneId zone) {
        if (asked == null || asked.isBlank()) {
            return cadence.meetingOnOrAfter(now.atZone(zone).toLocalDate());
        }
        try {
            return LocalDate.parse(asked.trim());
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "meeting must be a date yyyy-mm-dd");
        }
    }

    private void common(Model model, Requests.Page page, LocalDate day, OwgCalendar.Cadence cadence) {
        Viewer viewer = page.viewer();
        model.addAttribute("page", page);
        model.addAttribute("viewer", viewer);
        model.addAttribute("filters", page.filters().withMeeting(day.toString()));
        model.addAttribute("tab", "owg-meeting");
        model.addAttribute("outages", board.providerOutages());
        model.addAttribute("mayLatency", viewer.may(Viewer.Section.LATENCY));
        model.addAttribute("mayEquity", viewer.may(Viewer.Section.EQUITY));
        model.addAttribute("mayOwg", viewer.may(Viewer.Section.OWG));
        model.addAttribute("mayCorrect", viewer.may(Viewer.Section.CORRECT));
        model.addAttribute("mayPlanner", viewer.may(Viewer.Section.PLANNER));
        model.addAttribute("meeting", day);
        model.addAttribute("lastMeeting", day.minusDays(cadence.everyDays()));
        model.addAttribute("nextMeeting", day.plusDays(cadence.everyDays()));
        model.addAttribute("meetsOn", cadence.meetsOn(day));
        model.addAttribute("everyDays", cadence.everyDays());
        model.addAttribute("windowDays", cadence.intakeWithin().toDays());
    }

    private List<Pending> pending(String site, Viewer viewer, Instant now) {
        return db.sql("""
                        select o.referral_id, r.short_ref, r.site, o.door, o.created_at, o.queued, o.queue_priority,
                               d.reasons
                        from owg_review o join referral r on r.id = o.referral_id
                        left join triage_decision d on d.referral_id = o.referral_id
                        where o.state = 'PENDING' and""" + " " + Scope.REFERRAL + """
                         order by o.queued, o.queue_priority nulls first, o.created_at, o.referral_id""")
                .paramSource(Scope.params(site, viewer))
                .query((rs, n) -> {
                    Instant created = HandoffFacts.instant(rs, 5);
                    ZoneId zone = requests.zone(rs.getString(3));
                    return new Pending(
                            rs.getObject(1, UUID.class).toString(),
                            rs.getString(2),
                            rs.getString(3),
                            Latency.doorWords(rs.getString(4)),
                            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm").format(created.atZone(zone)),
                            Math.max(0, Duration.between(created, now).toDays()),
                            rs.getBoolean(6) ? "waiting for a place, priority " + rs.getObject(7) : "",
                            reasons(rs.getString(8)));
                })
                .list();
    }

    private List<String> reasons(String array) {
        List<String> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        try {
            for (JsonNode r : json.readTree(array)) {
                out.add(r.asText());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // stored by triage as a JSON array; nothing to show if it is not
        }
        return out;
    }

    private List<Deadline> deadlines(String site, Viewer viewer, Instant now, LocalDate nextMeeting) {
        List<Deadline> out = new ArrayList<>();
        for (IntakeDeadlines.Deadline d : deadlines.open(site, viewer)) {
            ZoneId zone = requests.zone(d.site());
            LocalDate today = now.atZone(zone).toLocalDate();
            LocalDate diverted = d.divertedAt().atZone(zone).toLocalDate();
            LocalDate due = d.dueAt().atZone(zone).toLocalDate();
            long window = java.time.temporal.ChronoUnit.DAYS.between(diverted, due);
            long dayOf = java.time.temporal.ChronoUnit.DAYS.between(diverted, today) + 1;
            String clock;
            String style = "";
            if (d.dueAt().isBefore(now)) {
                long late = java.time.temporal.ChronoUnit.DAYS.between(due, today);
                clock = "overdue" + (late > 0 ? " by " + late + (late == 1 ? " day" : " days") : "");
                style = "bad";
            } else {
                long left = java.time.temporal.ChronoUnit.DAYS.between(today, due);
                clock = "day " + dayOf + " of " + window + " · " + left + (left == 1 ? " day" : " days") + " left";
                if (due.isBefore(nextMeeting)) {
                    style = "warn";
                }
            }
            out.add(new Deadline(
                    d.referralId().toString(),
                    d.shortRef(),
                    d.site(),
                    DAY.format(diverted),
                    DAY.format(due),
                    clock,
                    style,
                    d.extensions(),
                    DAY.format(due.plusDays(1))));
        }
        return out;
    }

    private Table minutesTable(String site, Viewer viewer, LocalDate day, ZoneId zone) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        List<List<Cell>> rows = db.sql(
                        """
                        select * from (
                          select o.reviewed_at, r.short_ref, r.site, 'OWG review' as item,
                                 case o.state when 'APPROVED' then 'approved' else 'denied' end as what,
                                 o.reviewed_by, o.reason
                          from owg_review o join referral r on r.id = o.referral_id
                          where o.state in ('APPROVED', 'DENIED') and o.reviewed_at >= :from and o.reviewed_at < :to and""" + " " + Scope.REFERRAL + """
                          union all
                          select e.extended_at, r.short_ref, r.site, 'Intake deadline extended',
                                 'extended', e.extended_by, e.reason
                          from intake_extension e join referral r on r.id = e.referral_id
                          where e.extended_at >= :from and e.extended_at < :to and""" + " " + Scope.REFERRAL + """
                          union all
                          select i.recorded_at, r.short_ref, r.site, 'Intake recorded', 'intake done',
                                 i.recorded_by, null
                          from intake_done i join referral r on r.id = i.referral_id
                          where i.recorded_at >= :from and i.recorded_at < :to and""" + " " + Scope.REFERRAL + """
                        ) m order by 1, 2""")
                .paramSource(Scope.params(site, viewer)
                        .addValue("from", Timestamp.from(from))
                        .addValue("to", Timestamp.from(to)))
                .query((rs, n) -> List.of(
                        Cell.time(HandoffFacts.instant(rs, 1), zone),
                        Cell.text(rs.getString(2)),
                        Cell.text(rs.getString(3)),
                        Cell.text(rs.getString(4)),
                        Cell.text(rs.getString(5)),
                        Cell.text(rs.getString(6)),
                        Cell.text(rs.getString(7) == null ? "" : rs.getString(7))))
                .list();
        return new Table(
                "owg-minutes",
                "Decisions recorded on "
                        + DateTimeFormatter.ofPattern("d MMMM yyyy").format(day),
                List.of("When", "Ref", "Site", "Item", "Decision", "By", "Why"),
                rows,
                "Times in " + zone + ". Everything the OWG recorded in Doorway that day.");
    }

    private String refOf(UUID referral) {
        return db.sql("select short_ref from referral where id = ?")
                .param(referral)
                .query(String.class)
                .optional()
                .orElse("The referral");
    }

    /** A refusal in words: the problem's detail, and the fields at fault. */
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

    private static String back(String site, String meeting, String anchor) {
        StringBuilder url = new StringBuilder("redirect:/dashboard/owg/meeting");
        String sep = "?";
        if (site != null && !site.isBlank()) {
            url.append(sep).append("site=").append(URLEncoder.encode(site, StandardCharsets.UTF_8));
            sep = "&";
        }
        if (meeting != null && !meeting.isBlank()) {
            url.append(sep).append("meeting=").append(URLEncoder.encode(meeting, StandardCharsets.UTF_8));
        }
        return url.append("#").append(anchor).toString();
    }
}
