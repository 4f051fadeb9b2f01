package org.doorway.triage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.doorway.referral.Door;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Active field outreach owed to referrals that got no warm handoff (outside hours or zone, or a
 * door without one) or that the OWG approved, each with its deadline.
 */
@Repository
public class FollowUps {

    private final JdbcClient db;

    FollowUps(JdbcClient db) {
        this.db = db;
    }

    /**
     * An open follow-up.
     *
     * @param referralId     the referral
     * @param shortRef       its short reference
     * @param site           its site
     * @param door           its door
     * @param dueAt          when outreach must have begun
     * @param ownCaseManager the participant's own case manager (golden thread), or {@code null}
     * @param rule           the policy rule that queued it
     * @param createdAt      when it was queued
     */
    public record Open(
            UUID referralId,
            String shortRef,
            String site,
            Door door,
            Instant dueAt,
            String ownCaseManager,
            String rule,
            Instant createdAt) {}

    /** Queues outreach for a referral, in the caller's transaction; one that is already queued keeps its deadline. */
    void open(UUID referralId, String site, Door door, Instant dueAt, String ownCaseManager, String rule, Instant at) {
        db.sql("""
                        insert into follow_up (referral_id, site, door, due_at, own_case_manager, rule, created_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (referral_id) do nothing""")
                .params(
                        referralId,
                        site,
                        door == null ? Door.COMMUNITY.name() : door.name(),
                        Timestamp.from(dueAt),
                        ownCaseManager,
                        rule,
                        Timestamp.from(at))
                .update();
    }

    /** Open follow-ups (of one site, or all when {@code site} is null), the earliest deadline first. */
    public List<Open> open(String site) {
        return db.sql("""
                        select f.referral_id, r.short_ref, f.site, f.door, f.due_at, f.own_case_manager, f.rule, f.created_at
                        from follow_up f join referral r on r.id = f.referral_id
                        where f.state = 'OPEN' and (cast(? as text) is null or f.site = ?)
                        order by f.due_at, f.referral_id""")
                .params(site, site)
                .query((rs, n) -> new Open(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        Door.valueOf(rs.getString(4)),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getTimestamp(8).toInstant()))
                .list();
    }
}
