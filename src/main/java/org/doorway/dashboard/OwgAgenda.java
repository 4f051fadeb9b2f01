package org.doorway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Stages;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;
import org.doorway.referral.ReferralStore;
import org.doorway.staff.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Operations Work Group's biweekly agenda, generated from the data (toolkit: the OWG reviews new
 * referrals, new diversions and social contacts, and whether intakes were completed):
 * <ol>
 *   <li>referrals sent to the OWG since the last meeting and still pending, then those pending
 *       from before;</li>
 *   <li>referrals approved and denied since the last meeting, with who and why;</li>
 *   <li>case review: eligible arrest diversions and social contacts received since the last meeting,
 *       how each went, and whether the intake is done;</li>
 *   <li>intake deadlines not yet met, overdue first, and extensions granted since the last meeting;
 *       intakes completed since.</li>
 * </ol>
 * Meetings fall as the site's {@link OwgCalendar} says (its policy, else {@code owg-every} from
 * {@code owg-first-meeting}); the agenda is for the next
 * meeting on or after today unless a date is asked for, and "since the last meeting" runs from the
 * meeting before it up to now (or to the meeting, for a meeting already held). A viewer who sees
 * aggregates only gets the counts, small counts suppressed; a case manager the rows of their own
 * referrals; supervisors and administrators everything.
 */
@Component
class OwgAgenda {

    private final JdbcClient db;
    private final ObjectMapper json;
    private final IntakeDeadlines deadlines;
    private final OwgCalendar calendar;
    private final Latency latency;
    private final ReferralStore referrals;

    OwgAgenda(
            JdbcClient db,
            ObjectMapper json,
            IntakeDeadlines deadlines,
            OwgCalendar calendar,
            Latency latency,
            ReferralStore referrals) {
        this.db = db;
        this.json = json;
        this.deadlines = deadlines;
        this.calendar = calendar;
        this.latency = latency;
        this.referrals = referrals;
    }

    /**
     * The agenda.
     *
     * @param meeting     the meeting's date
     * @param lastMeeting the meeting before
     * @param nextMeeting the meeting after
     * @param since       the start of "since the last meeting"
     * @param until       its end
     * @param zone        the zone of the dates
     * @param summary     counts of every item
     * @param tables      the items' rows, in agenda order (empty for viewers who see aggregates only)
     */
    record Agenda(
            LocalDate meeting,
            LocalDate lastMeeting,
            LocalDate nextMeeting,
            Instant since,
            Instant until,
            ZoneId zone,
            Table summary,
            List<Table> tables) {}

    /** The agenda of the meeting on {@code asked} (or the next one on or after today), as the viewer may see it. */
    Agenda agenda(LocalDate asked, String site, Viewer viewer, Instant now, ZoneId zone) {
        OwgCalendar.Cadence cadence = calendar.of(site, now);
        long every = cadence.everyDays();
        LocalDate meeting = asked != null
                ? asked
                : cadence.meetingOnOrAfter(now.atZone(zone).toLocalDate());
        LocalDate last = meeting.minusDays(every);
        Instant since = last.atStartOfDay(zone).toInstant();
        Instant meetingStart = meeting.atStartOfDay(zone).toInstant();
        Instant until = now.isBefore(meetingStart) ? now : meetingStart;
        if (!since.isBefore(until)) {
            until = since.plusSeconds(1);
        }
        Suppression suppression = Suppression.of(viewer, calendar.smallCount());

        List<Review> reviews = reviews(site, viewer);
        List<Review> newPending = new ArrayList<>();
        List<Review> oldPending = new ArrayList<>();
        List<Review> approved = new ArrayList<>();
        List<Review> denied = new ArrayList<>();
        for (Review r : reviews) {
            if ("PENDING".equals(r.state())) {
                if (!r.createdAt().isBefore(since) && r.createdAt().isBefore(until)) {
                    newPending.add(r);
                } else if (r.createdAt().isBefore(since)) {
                    oldPending.add(r);
                }
            } else if (r.reviewedAt() != null
                    && !r.reviewedAt().isBefore(since)
                    && r.reviewedAt().isBefore(until)) {
                if ("APPROVED".equals(r.state())) {
                    approved.add(r);
                } else if ("DENIED".equals(r.state())) {
                    denied.add(r);
                } // WITHDRAWN: re-triaged otherwise, no longer the OWG's to decide
            }
        }
        List<CaseReview> cases = cases(since, until, site, viewer);
        List<IntakeDeadlines.Deadline> open = deadlines.open(site, viewer);
        Instant nextMeetingStart = meeting.plusDays(every).atStartOfDay(zone).toInstant();
        long overdue = open.stream().filter(d -> d.dueAt().isBefore(now)).count();
        long dueSoon = open.stream()
                .filter(d -> !d.dueAt().isBefore(now) && d.dueAt().isBefore(nextMeetingStart))
                .count();
        List<IntakeDeadlines.Extension> extensions = deadlines.extensionsBetween(since, until, site, viewer);
        List<IntakeDeadlines.Deadline> done = deadlines.doneBetween(since, until, site, viewer);

        List<List<Cell>> counts = new ArrayList<>();
        counts.add(count("New referrals pending OWG review", newPending.size(), suppression));
        counts.add(count("Referrals pending from earlier meetings", oldPending.size(), suppression));
        counts.add(count("Approved since the last meeting", approved.size(), suppression));
        counts.add(count("Denied since the last meeting", denied.size(), suppression));
        counts.add(count("New diversions and social contacts", cases.size(), suppression));
        counts.add(count("Intake deadlines open", open.size(), suppression));
        counts.add(count("Intake deadlines overdue", overdue, suppression));
        counts.add(count("Intakes due before the next meeting", dueSoon, suppression));
        counts.add(count("Deadlines extended since the last meeting", extensions.size(), suppression));
        counts.add(count("Intakes completed since the last meeting", done.size(), suppression));
        Table summary = new Table(
                "owg-summary",
                "Counts",
                List.of("Item", "Count"),
                counts,
                "Since the last meeting: from " + last + " to " + (until.equals(now) ? "now" : meeting.toString())
                        + Board.suppressionNote(suppression) + ".");

        List<Table> tables = new ArrayList<>();
        if (viewer.seesRows()) {
            tables.add(reviewTable("owg-new-pending", "New referrals pending review", newPending, false));
            tables.add(reviewTable("owg-earlier-pending", "Pending from earlier meetings", oldPending, false));
            tables.add(reviewTable(
                    "owg-approved", "Approved since the last meeting", approved, viewer.sight() == Viewer.Sight.ALL));
            tables.add(reviewTable(
                    "owg-denied", "Denied since the last meeting", denied, viewer.sight() == Viewer.Sight.ALL));
            tables.add(caseTable(cases, viewer));
            tables.add(deadlineTable(open, now, nextMeetingStart, cadence));
            tables.add(extensionTable(extensions));
            tables.add(doneTable(done));
        }
        return new Agenda(meeting, last, meeting.plusDays(every), since, until, zone, summary, tables);
    }

    private static List<Cell> count(String item, long n, Suppression suppression) {
        return List.of(Cell.text(item), Cell.count(n, suppression));
    }

    /** A referral's OWG review. */
    record Review(
            UUID referralId,
            String shortRef,
            String site,
            String door,
            Instant createdAt,
            boolean queued,
            Integer priority,
            String state,
            String reviewedBy,
            Instant reviewedAt,
            String reason) {}

    private List<Review> reviews(String site, Viewer viewer) {
        return db.sql("""
                        select o.referral_id, r.short_ref, r.site, o.door, o.created_at, o.queued, o.queue_priority, o.state,
                               o.reviewed_by, o.reviewed_at, o.reason
                        from owg_review o join referral r on r.id = o.referral_id
                        where""" + " " + Scope.REFERRAL + """
                         order by o.queued, o.queue_priority nulls first, o.created_at, o.referral_id""")
                .paramSource(Scope.params(site, viewer))
                .query((rs, n) -> new Review(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        HandoffFacts.instant(rs, 5),
                        rs.getBoolean(6),
                        (Integer) rs.getObject(7),
                        rs.getString(8),
                        rs.getString(9),
                        HandoffFacts.instant(rs, 10),
                        rs.getString(11)))
                .list();
    }

    private Table reviewTable(String id, String title, List<Review> reviews, boolean decided) {
        List<List<Cell>> rows = new ArrayList<>();
        for (Review r : reviews) {
            ZoneId zone = latency.zone(r.site());
            List<Cell> row = new ArrayList<>(List.of(
                    Cell.text(r.shortRef()).link("/handoffs/" + r.referralId()),
                    Cell.text(r.site()),
                    Cell.text(Latency.doorWords(r.door())),
                    Cell.time(r.createdAt(), zone)));
            if (decided) {
                row.add(Cell.time(r.reviewedAt(), zone));
                row.add(Cell.text(r.reviewedBy()));
                row.add(Cell.text(r.reason()));
            } else {
                row.add(Cell.text(r.queued() ? "waiting for a place, priority " + r.priority() : ""));
            }
            rows.add(row);
        }
        List<String> columns = decided
                ? List.of("Ref", "Site", "Door", "Sent to OWG", "Decided", "By", "Reason")
                : List.of("Ref", "Site", "Door", "Sent to OWG", "Queue");
        return new Table(id, title, columns, rows, null);
    }

    /** An eligible arrest diversion or social contact, for case review. */
    record CaseReview(
            UUID referralId,
            String shortRef,
            String site,
            String door,
            Instant receivedAt,
            String how,
            String caseManager,
            boolean intakeDone,
            String what) {}

    private List<CaseReview> cases(Instant since, Instant until, String site, Viewer viewer) {
        return db.sql("select r.id, r.short_ref, r.site, r.door, r.received_at, d.outcome, h.state, o.state,"
                        + " coalesce(h.responder_id, h.own_case_manager, d.own_case_manager),"
                        + " " + Stages.ENROLLED + ", " + ReferralStore.WHOLE
                        + " from referral r " + Stages.JOINS
                        + " where r.duplicate_of is null and r.door in ('ARREST_DIVERSION', 'SOCIAL_CONTACT') and "
                        + Stages.ELIGIBLE + " and r.received_at >= :from and r.received_at < :to and " + Scope.REFERRAL
                        + " order by r.received_at, r.id")
                .paramSource(Scope.params(site, viewer)
                        .addValue("from", Timestamp.from(since))
                        .addValue("to", Timestamp.from(until)))
                .query((rs, n) -> new CaseReview(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        HandoffFacts.instant(rs, 5),
                        how(rs.getString(6), rs.getString(7), rs.getString(8)),
                        rs.getString(9),
                        rs.getBoolean(10),
                        what(referrals.whole(rs.getString(11)))))
                .list();
    }

    private static String how(String outcome, String handoff, String review) {
        if ("HANDED_OFF".equals(handoff)) {
            return "handed off";
        }
        if ("FIELD_FOLLOW_UP".equals(outcome)) {
            return "field follow-up";
        }
        if ("OWG_REVIEW".equals(outcome)) {
            return "OWG review " + (review == null ? "" : review.toLowerCase(java.util.Locale.ROOT));
        }
        return handoff == null ? "no handoff" : "handoff " + Board.stateWords(handoff);
    }

    private String what(JsonNode whole) {
        String charges = whole.hasNonNull("charges") ? whole.get("charges").toString() : null;
        String callType = whole.hasNonNull("callType") ? whole.get("callType").toString() : null;
        try {
            List<String> parts = new ArrayList<>();
            if (charges != null) {
                for (JsonNode c : json.readTree(charges)) {
                    parts.add((c.path("code").asText("") + " "
                                    + c.path("description").asText(""))
                            .trim());
                }
            }
            if (parts.isEmpty() && callType != null) {
                JsonNode t = json.readTree(callType);
                if (!t.isNull()) {
                    parts.add((t.path("code").asText("") + " " + t.path("text").asText("")).trim());
                }
            }
            return String.join("; ", parts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "";
        }
    }

    private Table caseTable(List<CaseReview> cases, Viewer viewer) {
        List<List<Cell>> rows = new ArrayList<>();
        for (CaseReview c : cases) {
            rows.add(List.of(
                    Cell.text(c.shortRef()).link("/handoffs/" + c.referralId()),
                    Cell.text(c.site()),
                    Cell.text(Latency.doorWords(c.door())),
                    Cell.time(c.receivedAt(), latency.zone(c.site())),
                    Cell.text(c.what()),
                    Cell.text(c.how()),
                    Cell.text(c.caseManager() == null ? "–" : c.caseManager()),
                    Cell.text(c.intakeDone() ? "yes" : "no").styled(c.intakeDone() ? "ok" : null)));
        }
        return new Table(
                "owg-case-review",
                "Case review: new diversions and social contacts",
                List.of(
                        "Ref",
                        "Site",
                        "Door",
                        "Received",
                        "Charges or call type",
                        "How it went",
                        "Case manager",
                        "Intake done"),
                rows,
                null);
    }

    private Table deadlineTable(
            List<IntakeDeadlines.Deadline> open, Instant now, Instant nextMeeting, OwgCalendar.Cadence cadence) {
        List<List<Cell>> rows = new ArrayList<>();
        for (IntakeDeadlines.Deadline d : open) {
            ZoneId zone = latency.zone(d.site());
            Cell status = d.dueAt().isBefore(now)
                    ? Cell.text("overdue").styled("bad")
                    : d.dueAt().isBefore(nextMeeting)
                            ? Cell.text("due before the next meeting").styled("warn")
                            : Cell.text("later");
            rows.add(List.of(
                    Cell.text(d.shortRef()).link("/handoffs/" + d.referralId()),
                    Cell.text(d.site()),
                    Cell.time(d.divertedAt(), zone),
                    Cell.time(d.dueAt(), zone),
                    status,
                    Cell.count(d.extensions()),
                    Cell.text(d.caseManager() == null ? "–" : d.caseManager())));
        }
        return new Table(
                "owg-intake-deadlines",
                "Intake deadlines not yet met",
                List.of("Ref", "Site", "Diverted", "Intake due", "Status", "Extensions", "Case manager"),
                rows,
                "Intake is due " + cadence.intakeWithin().toDays() + " days after an arrest diversion unless the OWG "
                        + "extends it.");
    }

    private Table extensionTable(List<IntakeDeadlines.Extension> extensions) {
        List<List<Cell>> rows = new ArrayList<>();
        for (IntakeDeadlines.Extension e : extensions) {
            ZoneId zone = latency.zone(e.site());
            rows.add(List.of(
                    Cell.text(e.shortRef()),
                    Cell.text(e.site()),
                    Cell.time(e.previousDue(), zone),
                    Cell.time(e.dueAt(), zone),
                    Cell.text(e.reason()),
                    Cell.text(e.by()),
                    Cell.time(e.at(), zone)));
        }
        return new Table(
                "owg-extensions",
                "Deadlines extended since the last meeting",
                List.of("Ref", "Site", "Was due", "Now due", "Reason", "Recorded by", "Recorded"),
                rows,
                null);
    }

    private Table doneTable(List<IntakeDeadlines.Deadline> done) {
        List<List<Cell>> rows = new ArrayList<>();
        for (IntakeDeadlines.Deadline d : done) {
            ZoneId zone = latency.zone(d.site());
            rows.add(List.of(
                    Cell.text(d.shortRef()),
                    Cell.text(d.site()),
                    Cell.time(d.divertedAt(), zone),
                    Cell.time(d.doneAt(), zone),
                    Cell.text(d.doneAt().isAfter(d.dueAt()) ? "late" : "in time")
                            .styled(d.doneAt().isAfter(d.dueAt()) ? "bad" : "ok")));
        }
        return new Table(
                "owg-intakes-done",
                "Intakes completed since the last meeting",
                List.of("Ref", "Site", "Diverted", "Intake done", "Against the deadline"),
                rows,
                null);
    }
}
