package org.doorway.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.doorway.dashboard.report.Stages;
import org.doorway.staff.Viewer;
import org.doorway.triage.IntakeRecords;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Intake deadlines (DOMAIN.md: intake within 30 days of an arrest diversion, ideally 48 hours; the
 * OWG may extend it). Every diverted arrest diversion (see {@link Stages#DIVERTED}) has one, from the
 * moment it was diverted — handed off, else approved by the OWG, else decided (follow-up queued) —
 * plus the site's intake window ({@link OwgCalendar}: the policy's {@code owg-review.intake-within},
 * else {@code doorway.dashboard.intake-within}); the newest OWG extension replaces it. The deadline
 * is met once the intake is recorded; a person triage already matched to an enrolled participant
 * needs none.
 *
 * <p>This class reads the deadlines and checks extensions and intakes in its transactions;
 * {@link IntakeRecords} writes them (only package {@code triage} writes its tables).
 */
@Repository
class IntakeDeadlines {

    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final OwgCalendar calendar;
    private final IntakeRecords records;

    IntakeDeadlines(JdbcClient db, TransactionTemplate transaction, OwgCalendar calendar, IntakeRecords records) {
        this.db = db;
        this.transaction = transaction;
        this.calendar = calendar;
        this.records = records;
    }

    /**
     * A deadline.
     *
     * @param referralId  the referral
     * @param shortRef    its short reference
     * @param site        its site
     * @param divertedAt  when it was diverted
     * @param dueAt       when the intake is due (extended, if it was)
     * @param extensions  how many times the OWG extended it
     * @param doneAt      when the intake happened, or {@code null}
     * @param caseManager the responder or the participant's own case manager, or {@code null}
     */
    record Deadline(
            UUID referralId,
            String shortRef,
            String site,
            Instant divertedAt,
            Instant dueAt,
            int extensions,
            Instant doneAt,
            String caseManager) {}

    private static final String DIVERTED_AT =
            "coalesce(h.handed_off_at, case when o.state = 'APPROVED' then o.reviewed_at end, d.decided_at)";

    private String select(MapSqlParameterSource params) {
        String within = calendar.withinSeconds(params, Instant.now());
        return "select r.id, r.short_ref, r.site, " + DIVERTED_AT + ","
                + " coalesce((select e.due_at from intake_extension e where e.referral_id = r.id order by e.id desc limit 1),"
                + "          " + DIVERTED_AT + " + make_interval(secs => " + within + ")),"
                + " (select count(*) from intake_extension e where e.referral_id = r.id),"
                + " i.done_at, coalesce(h.responder_id, h.own_case_manager)"
                + " from referral r " + Stages.JOINS + " left join intake_done i on i.referral_id = r.id"
                + " where r.duplicate_of is null and d.own_case_manager is null and " + Stages.DIVERTED;
    }

    /** Deadlines not yet met, of the referrals the viewer may see, the earliest due first. */
    List<Deadline> open(String site, Viewer viewer) {
        MapSqlParameterSource params = Scope.params(site, viewer);
        return db.sql(select(params) + " and i.done_at is null and " + Scope.REFERRAL + " order by 5, r.id")
                .paramSource(params)
                .query(IntakeDeadlines::deadline)
                .list();
    }

    /** The deadline of one referral, whether met or not, if it has one. */
    Optional<Deadline> find(UUID referralId) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", referralId);
        return db.sql(select(params) + " and r.id = :id")
                .paramSource(params)
                .query(IntakeDeadlines::deadline)
                .optional();
    }

    /** Intakes recorded in {@code [from, to)} of the referrals the viewer may see, with their deadlines. */
    List<Deadline> doneBetween(Instant from, Instant to, String site, Viewer viewer) {
        MapSqlParameterSource params = Scope.params(site, viewer);
        return db.sql(select(params) + " and i.done_at >= :from and i.done_at < :to and " + Scope.REFERRAL
                        + " order by i.done_at, r.id")
                .paramSource(params.addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)))
                .query(IntakeDeadlines::deadline)
                .list();
    }

    private static Deadline deadline(ResultSet rs, int n) throws SQLException {
        return new Deadline(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                HandoffFacts.instant(rs, 4),
                HandoffFacts.instant(rs, 5),
                rs.getInt(6),
                HandoffFacts.instant(rs, 7),
                rs.getString(8));
    }

    /**
     * An extension as recorded.
     *
     * @param referralId  the referral
     * @param shortRef    its short reference
     * @param site        its site
     * @param previousDue the deadline it replaced
     * @param dueAt       the new deadline
     * @param reason      the OWG's reason
     * @param by          who recorded it
     * @param at          when
     */
    record Extension(
            UUID referralId,
            String shortRef,
            String site,
            Instant previousDue,
            Instant dueAt,
            String reason,
            String by,
            Instant at) {}

    /** Why an extension or an intake was refused, naming the field and the rule, never a value. */
    static final class Refused extends RuntimeException {
        final String field;

        Refused(String field, String reason) {
            super(reason);
            this.field = field;
        }
    }

    /**
     * Extends a referral's deadline to {@code until}, for the OWG's {@code reason}, in one
     * transaction (the referral's row locked, so two extensions at once are recorded one after the
     * other).
     *
     * @return the extension, or empty when the referral has no intake deadline
     * @throws Refused when the intake is already done or {@code until} is not after the deadline in force
     */
    Optional<Extension> extend(UUID referralId, Instant until, String reason, String by) {
        return transaction.execute(tx -> {
            db.sql("select id from referral where id = ? for update")
                    .param(referralId)
                    .query(UUID.class)
                    .optional();
            Optional<Deadline> deadline = find(referralId);
            if (deadline.isEmpty()) {
                return Optional.<Extension>empty();
            }
            Deadline d = deadline.get();
            if (d.doneAt() != null) {
                throw new Refused("until", "the intake is already done");
            }
            if (!until.isAfter(d.dueAt())) {
                throw new Refused("until", "must be after the deadline in force");
            }
            Instant at = records.extend(referralId, d.dueAt(), until, reason, by);
            return Optional.of(new Extension(referralId, d.shortRef(), d.site(), d.dueAt(), until, reason, by, at));
        });
    }

    /** Extensions recorded in {@code [from, to)} of the referrals the viewer may see, oldest first. */
    List<Extension> extensionsBetween(Instant from, Instant to, String site, Viewer viewer) {
        return db.sql("""
                        select e.referral_id, r.short_ref, r.site, e.previous_due, e.due_at, e.reason, e.extended_by,
                               e.extended_at
                        from intake_extension e join referral r on r.id = e.referral_id
                        where e.extended_at >= :from and e.extended_at < :to and""" + " " + Scope.REFERRAL + """
                         order by e.id""")
                .paramSource(Scope.params(site, viewer)
                        .addValue("from", Timestamp.from(from))
                        .addValue("to", Timestamp.from(to)))
                .query((rs, n) -> new Extension(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        HandoffFacts.instant(rs, 4),
                        HandoffFacts.instant(rs, 5),
                        rs.getString(6),
                        rs.getString(7),
                        HandoffFacts.instant(rs, 8)))
                .list();
    }

    /**
     * Records that a referred person's intake happened (interview done, release of information
     * signed), optionally naming the participant enrolled.
     *
     * @return false when an intake was already recorded for this referral (nothing changed)
     * @throws Refused when the participant does not exist
     */
    boolean recordIntake(UUID referralId, Instant doneAt, UUID participantId, String by) {
        return Boolean.TRUE.equals(transaction.execute(tx -> {
            if (participantId != null
                    && db.sql("select count(*) from participant where id = ?")
                                    .param(participantId)
                                    .query(Integer.class)
                                    .single()
                            == 0) {
                throw new Refused("participantId", "no participant has this id");
            }
            return records.recordIntake(referralId, doneAt, participantId, by);
        }));
    }

    /** The site of a referral the viewer may see as a row, if there is one. */
    Optional<String> siteIfVisible(UUID referralId, Viewer viewer) {
        return db.sql("select r.site from referral r where r.id = :id and " + Scope.REFERRAL)
                .paramSource(Scope.params(viewer.site(), viewer).addValue("id", referralId))
                .query(String.class)
                .optional();
    }

    /** The intake window of {@code site} (null: the instance's default). */
    Duration within(String site) {
        return calendar.of(site, Instant.now()).intakeWithin();
    }
}
