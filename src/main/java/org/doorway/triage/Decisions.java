package org.doorway.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Triage decisions as stored: one in force per referral, with everything it decided, the equity
 * fields for reporting, and the earlier decisions it replaced. Recording a decision also opens
 * what it asks for: an OWG review ({@link Outcome#OWG_REVIEW}) or a field follow-up with its
 * deadline ({@link Outcome#FIELD_FOLLOW_UP}). (A warm handoff is opened by the caller, through
 * {@code Handoffs}.)
 */
@Repository
public class Decisions {

    private final JdbcClient db;
    private final ObjectMapper json;
    private final OwgReviews reviews;
    private final FollowUps followUps;

    Decisions(JdbcClient db, ObjectMapper json, OwgReviews reviews, FollowUps followUps) {
        this.db = db;
        this.json = json;
        this.reviews = reviews;
        this.followUps = followUps;
    }

    /**
     * A stored decision.
     *
     * @param decision  the decision, with its OWG review as it now stands
     * @param decidedAt when it was taken
     */
    public record Recorded(Decision decision, Instant decidedAt) {}

    /**
     * Records the decision on a referral already stored, in the caller's transaction, and opens the
     * OWG review or field follow-up it asks for.
     */
    public void record(UUID referralId, Decision decision, Instant decidedAt) {
        db.sql("""
                        insert into triage_decision (referral_id, outcome, reasons, policy_version, decided_at, door, detail,
                                                     race, ethnicity, gender, own_case_manager, override_by, override_rank,
                                                     override_at, override_ok)
                        values (?, ?, cast(? as jsonb), ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?)""").params(columns(referralId, decision, decidedAt)).update();
        opened(referralId, decision, decidedAt);
    }

    /**
     * Replaces the decision on a referral with a new one (a late override, or the decision on a
     * newer version of the source's record), keeping the earlier one in the history with who or
     * what replaced it; in the caller's transaction.
     */
    public void replace(UUID referralId, Decision decision, Instant decidedAt, String by) {
        db.sql("""
                        insert into triage_decision_history (referral_id, outcome, reasons, policy_version, detail,
                                                             decided_at, replaced_at, replaced_by)
                        select referral_id, outcome, reasons, policy_version, detail, decided_at, ?, ?
                        from triage_decision where referral_id = ?""").params(Timestamp.from(decidedAt), by, referralId).update();
        Object[] c = columns(referralId, decision, decidedAt);
        db.sql("""
                        update triage_decision set outcome = ?, reasons = cast(? as jsonb), policy_version = ?, decided_at = ?,
                               door = ?, detail = cast(? as jsonb), race = ?, ethnicity = ?, gender = ?,
                               own_case_manager = ?, override_by = ?, override_rank = ?, override_at = ?, override_ok = ?
                        where referral_id = ?""")
                .params(
                        c[1],
                        c[2],
                        c[3],
                        c[4],
                        c[5],
                        c[6],
                        c[7],
                        c[8],
                        c[9],
                        c[10],
                        c[11],
                        c[12],
                        c[13],
                        c[14],
                        referralId)
                .update();
        withdrawn(referralId, decision, decidedAt);
        opened(referralId, decision, decidedAt);
    }

    /**
     * What the replaced decision asked for and the new one does not: a pending OWG review, an open
     * field follow-up. Withdrawn with when and why (the new outcome), so the OWG's agenda and the
     * outreach list no longer show it; a review already decided stays as it was.
     */
    private void withdrawn(UUID referralId, Decision decision, Instant at) {
        String why = "re-triaged: " + decision.outcome().name();
        if (decision.outcome() != Outcome.OWG_REVIEW) {
            db.sql("""
                            update owg_review set state = 'WITHDRAWN', reviewed_by = 'doorway', reviewed_at = ?, reason = ?
                            where referral_id = ? and state = 'PENDING'""").params(Timestamp.from(at), why, referralId).update();
        }
        if (decision.outcome() != Outcome.FIELD_FOLLOW_UP) {
            db.sql("""
                            update follow_up set state = 'WITHDRAWN', withdrawn_at = ?, withdrawn_reason = ?
                            where referral_id = ? and state = 'OPEN'""").params(Timestamp.from(at), why, referralId).update();
        }
    }

    private void opened(UUID referralId, Decision decision, Instant at) {
        if (decision.outcome() != Outcome.OWG_REVIEW && decision.outcome() != Outcome.FIELD_FOLLOW_UP) {
            return;
        }
        String site = db.sql("select site from referral where id = ?")
                .param(referralId)
                .query(String.class)
                .single();
        if (decision.outcome() == Outcome.OWG_REVIEW) {
            reviews.open(referralId, site, decision.door(), decision.queue(), at);
        } else {
            followUps.open(
                    referralId,
                    site,
                    decision.door(),
                    decision.followUp().deadline(),
                    decision.ownCaseManager() == null
                            ? null
                            : decision.ownCaseManager().caseManagerId(),
                    decision.followUp().rule(),
                    at);
        }
    }

    private Object[] columns(UUID referralId, Decision decision, Instant decidedAt) {
        Decision.Override o = decision.override();
        return new Object[] {
            referralId,
            decision.outcome().name(),
            toJson(decision.reasons()),
            decision.policyVersion(),
            Timestamp.from(decidedAt),
            decision.door() == null ? null : decision.door().name(),
            toJson(decision),
            decision.equity().race(),
            decision.equity().ethnicity(),
            decision.equity().gender(),
            decision.ownCaseManager() == null ? null : decision.ownCaseManager().caseManagerId(),
            o == null ? null : o.by(),
            o == null ? null : o.rank(),
            o == null || o.at() == null ? null : Timestamp.from(o.at()),
            o == null ? null : o.accepted()
        };
    }

    /** The decision in force on a referral, if one was taken, with its OWG review as it now stands. */
    public Optional<Recorded> find(UUID referralId) {
        return db.sql("select outcome, reasons::text, policy_version, decided_at, detail::text from triage_decision "
                        + "where referral_id = ?")
                .param(referralId)
                .query(this::recorded)
                .optional()
                .map(recorded -> recorded.decision().outcome() != Outcome.OWG_REVIEW
                        ? recorded
                        : new Recorded(
                                recorded.decision()
                                        .withReview(reviews.find(referralId)
                                                .orElse(recorded.decision().review())),
                                recorded.decidedAt()));
    }

    /** The decisions a referral had before the one in force, oldest first. */
    public List<Recorded> history(UUID referralId) {
        return db.sql("select outcome, reasons::text, policy_version, decided_at, detail::text "
                        + "from triage_decision_history where referral_id = ? order by id")
                .param(referralId)
                .query(this::recorded)
                .list();
    }

    /**
     * An override of arrest-diversion exclusions, for the PCG's and OWG's reports.
     *
     * @param referralId the referral
     * @param shortRef   its short reference
     * @param site       its site
     * @param by         who overrode
     * @param rank       their rank
     * @param at         when
     * @param accepted   whether the policy accepted it
     * @param outcome    the outcome of the decision that carries it
     */
    public record OverrideMade(
            UUID referralId,
            String shortRef,
            String site,
            String by,
            String rank,
            Instant at,
            boolean accepted,
            Outcome outcome) {}

    /** Overrides made (on decisions in force), of one site or all when {@code site} is null, newest first. */
    public List<OverrideMade> overrides(String site) {
        return db.sql("""
                        select d.referral_id, r.short_ref, r.site, d.override_by, d.override_rank, d.override_at,
                               d.override_ok, d.outcome
                        from triage_decision d join referral r on r.id = d.referral_id
                        where d.override_at is not null and (cast(? as text) is null or r.site = ?)
                        order by d.override_at desc""")
                .params(site, site)
                .query((rs, n) -> new OverrideMade(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getBoolean(7),
                        Outcome.valueOf(rs.getString(8))))
                .list();
    }

    private Recorded recorded(ResultSet rs, int row) throws SQLException {
        String detail = rs.getString(5);
        Decision decision = detail != null
                ? fromJson(detail, Decision.class)
                : new Decision(
                        Outcome.valueOf(rs.getString(1)),
                        fromJson(rs.getString(2), new TypeReference<>() {}),
                        rs.getString(3));
        return new Recorded(decision, rs.getTimestamp(4).toInstant());
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T fromJson(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored decision is not readable", e);
        }
    }

    private List<String> fromJson(String text, TypeReference<List<String>> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reasons are not readable", e);
        }
    }
}
