package org.doorway.triage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.doorway.referral.Door;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Referrals waiting for the Operations Work Group, and what it decided: pending, then approved or
 * denied by a person, with who, when and why. Community referrals queued because the team is full
 * wait here too, in priority order.
 */
@Repository
public class OwgReviews {

    private final JdbcClient db;

    OwgReviews(JdbcClient db) {
        this.db = db;
    }

    /**
     * A referral waiting for the OWG.
     *
     * @param referralId    the referral
     * @param shortRef      its short reference
     * @param site          its site
     * @param door          its door
     * @param queued        whether it waits for a place because the team is full
     * @param queuePriority its priority in that queue (1 first), or {@code null}
     * @param createdAt     when it was sent to the OWG
     */
    public record Pending(
            UUID referralId,
            String shortRef,
            String site,
            Door door,
            boolean queued,
            Integer queuePriority,
            Instant createdAt) {}

    /** Sends a referral to the OWG, pending, in the caller's transaction (a second time changes nothing). */
    void open(UUID referralId, String site, Door door, Decision.Queue queue, Instant at) {
        db.sql("""
                        insert into owg_review (referral_id, site, door, state, queued, queue_priority, created_at)
                        values (?, ?, ?, 'PENDING', ?, ?, ?)
                        on conflict (referral_id) do nothing""")
                .params(
                        referralId,
                        site,
                        door == null ? Door.COMMUNITY.name() : door.name(),
                        queue != null,
                        queue == null ? null : queue.priority(),
                        Timestamp.from(at))
                .update();
    }

    /** Community referrals of a site waiting for a place, counted by priority. */
    Map<Integer, Integer> queuedByPriority(String site) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        db.sql("""
                        select queue_priority, count(*) from owg_review
                        where site = ? and state = 'PENDING' and queued group by queue_priority""")
                .param(site)
                .query((rs, n) -> counts.put(rs.getInt(1), rs.getInt(2)))
                .list();
        return counts;
    }

    /** Pending referrals (of one site, or all when {@code site} is null): queued ones by priority, then oldest first. */
    public List<Pending> pending(String site) {
        return db.sql("""
                        select o.referral_id, r.short_ref, o.site, o.door, o.queued, o.queue_priority, o.created_at
                        from owg_review o join referral r on r.id = o.referral_id
                        where o.state = 'PENDING' and (cast(? as text) is null or o.site = ?)
                        order by o.queued, o.queue_priority nulls first, o.created_at, o.referral_id""")
                .params(site, site)
                .query((rs, n) -> new Pending(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        Door.valueOf(rs.getString(4)),
                        rs.getBoolean(5),
                        (Integer) rs.getObject(6),
                        rs.getTimestamp(7).toInstant()))
                .list();
    }

    /**
     * Records the OWG's decision on a pending referral, in the caller's transaction.
     *
     * @return the review as now stored, or empty when the referral is not pending (never sent to
     *         the OWG, or already decided)
     */
    Optional<Decision.Review> decide(UUID referralId, boolean approve, String by, String reason, Instant at) {
        int changed = db.sql("""
                        update owg_review set state = ?, reviewed_by = ?, reviewed_at = ?, reason = ?
                        where referral_id = ? and state = 'PENDING'""")
                .params(approve ? "APPROVED" : "DENIED", by, Timestamp.from(at), reason, referralId)
                .update();
        return changed == 0 ? Optional.empty() : find(referralId);
    }

    /** The review of a referral, if it was sent to the OWG. */
    public Optional<Decision.Review> find(UUID referralId) {
        return db.sql("select state, reviewed_by, reviewed_at, reason from owg_review where referral_id = ?")
                .param(referralId)
                .query((rs, n) -> new Decision.Review(
                        Decision.ReviewState.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
                        rs.getString(4)))
                .optional();
    }
}
