package org.doorway.handoff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.doorway.referral.Door;
import org.doorway.site.Sites;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Warm handoffs and their clocks, as stored. */
@Repository
public class Handoffs {

    private final JdbcClient db;
    private final ApplicationEventPublisher events;
    private final Sites sites;

    Handoffs(JdbcClient db, ApplicationEventPublisher events, Sites sites) {
        this.db = db;
        this.events = events;
        this.sites = sites;
    }

    /**
     * Opens a handoff whose first escalation step is due at once, in the caller's transaction, and
     * announces it to the paging engine (which acts after commit).
     *
     * @param ownCaseManager the case manager of the enrolled participant this referral is about (the
     *                       golden thread), paged first with the on-call rotation as backup; or null
     */
    public void request(UUID referralId, String site, Instant requestedAt, String ownCaseManager) {
        db.sql("""
                        insert into handoff (referral_id, site, state, requested_at, next_step, escalate_at, own_case_manager)
                        values (?, ?, 'PAGING', ?, 0, doorway_now(), ?)""")
                .params(referralId, site, Timestamp.from(requestedAt), ownCaseManager)
                .update();
        db.sql("insert into handoff_event (referral_id, kind, at, via) values (?, 'REQUESTED', ?, 'SYSTEM')")
                .params(referralId, Timestamp.from(requestedAt))
                .update();
        nearTargetAlert(referralId, site, requestedAt);
        events.publishEvent(new HandoffRequested(referralId, site, requestedAt));
    }

    /**
     * Sets the near-target alert's timer when the policy of the referral's site and door has one:
     * its {@code near-target.after} past the request (by Doorway's clock, which tests move).
     */
    private void nearTargetAlert(UUID referralId, String site, Instant requestedAt) {
        Optional<Door> door = db.sql("select door from referral where id = ?")
                .param(referralId)
                .query(String.class)
                .optional()
                .map(Door::valueOf);
        sites.find(site)
                .flatMap(s -> door.map(d -> s.escalation(d).afterAck()))
                .filter(afterAck -> !afterAck.nearTargetLayers().isEmpty())
                .ifPresent(afterAck -> db.sql("""
                                update handoff set near_target_at = cast(? as timestamptz) + make_interval(secs => ?) + (doorway_now() - now())
                                where referral_id = ?""")
                        .params(
                                Timestamp.from(requestedAt),
                                afterAck.nearTargetAfter().toMillis() / 1000.0,
                                referralId)
                        .update());
    }

    /** The clock of the handoff for this referral, if one was requested. */
    public Optional<Handoff> find(UUID referralId) {
        return db.sql("""
                        select referral_id, site, state, requested_at, paged_at, delivered_at, acknowledged_at,
                               responder_id, eta_minutes, en_route_at, on_scene_at, handed_off_at, closed_at, close_reason
                        from handoff where referral_id = ?""").param(referralId).query(Handoffs::handoff).optional();
    }

    /**
     * A handoff with its referral's short reference, for lists.
     *
     * @param shortRef the referral's short reference
     * @param handoff  the handoff's clock
     */
    public record Listed(String shortRef, Handoff handoff) {}

    /** The most recently requested handoffs, newest first. */
    public java.util.List<Listed> recent(int limit) {
        return db.sql("""
                        select h.referral_id, h.site, h.state, h.requested_at, h.paged_at, h.delivered_at,
                               h.acknowledged_at, h.responder_id, h.eta_minutes, h.en_route_at, h.on_scene_at,
                               h.handed_off_at, h.closed_at, h.close_reason, r.short_ref
                        from handoff h join referral r on r.id = h.referral_id
                        order by h.requested_at desc limit ?""")
                .param(limit)
                .query((rs, n) -> new Listed(rs.getString(15), handoff(rs, n)))
                .list();
    }

    private static Handoff handoff(ResultSet rs, int row) throws SQLException {
        return new Handoff(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                instant(rs, 4),
                instant(rs, 5),
                instant(rs, 6),
                instant(rs, 7),
                rs.getString(8),
                (Integer) rs.getObject(9),
                instant(rs, 10),
                instant(rs, 11),
                instant(rs, 12),
                instant(rs, 13),
                rs.getString(14));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
