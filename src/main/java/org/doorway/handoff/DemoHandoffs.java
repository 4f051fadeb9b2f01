package org.doorway.handoff;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finished warm handoffs from the past, written as the clock would have left them, for the demo
 * site's fictional history ({@code doorway.demo.history}). Unlike {@link Handoffs#request} nothing
 * is started: no escalation timer, no near-target or arrival watch, no event for paging or the
 * dispatch notices, so nobody is paged or told. Only for handoffs that are over.
 */
@Repository
public class DemoHandoffs {

    private final JdbcClient db;

    DemoHandoffs(JdbcClient db) {
        this.db = db;
    }

    /** How a past handoff ended. */
    public enum Ending {
        /** A case manager was on scene and took the person on. */
        HANDED_OFF,
        /** The person had gone before anyone arrived. */
        PERSON_LEFT,
        /** Nobody acknowledged through every round of the escalation. */
        UNANSWERED
    }

    /**
     * One finished handoff's clock; moments after the ending's last are {@code null}.
     *
     * @param requestedAt    when it was requested
     * @param acknowledgedAt when someone acknowledged, or {@code null} (unanswered)
     * @param responder      the case manager who acknowledged, or {@code null}
     * @param etaMinutes     the ETA they gave, or {@code null}
     * @param enRouteAt      when they set out, or {@code null}
     * @param onSceneAt      when they were on scene, or {@code null}
     * @param endedAt        when it ended: handed off, person left, or marked unanswered
     * @param ending         how it ended
     * @param step           the escalation step that was answered (0: the primary's first page)
     */
    public record Past(
            Instant requestedAt,
            Instant acknowledgedAt,
            String responder,
            Integer etaMinutes,
            Instant enRouteAt,
            Instant onSceneAt,
            Instant endedAt,
            Ending ending,
            int step) {}

    /** Writes the finished handoff of a stored referral and its events, in the caller's transaction. */
    public void record(UUID referralId, String site, Past past) {
        boolean handedOff = past.ending() == Ending.HANDED_OFF;
        db.sql("""
                        insert into handoff (referral_id, site, state, requested_at, paged_at, delivered_at, acknowledged_at,
                                             responder_id, eta_minutes, next_step, escalate_at, en_route_at, on_scene_at,
                                             handed_off_at, closed_at, close_reason)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?)""")
                .params(
                        referralId,
                        site,
                        past.ending().name(),
                        ts(past.requestedAt()),
                        ts(past.requestedAt().plusSeconds(2)),
                        ts(past.requestedAt().plusSeconds(6)),
                        ts(past.acknowledgedAt()),
                        past.responder(),
                        past.etaMinutes(),
                        past.step() + 1,
                        ts(past.enRouteAt()),
                        ts(past.onSceneAt()),
                        handedOff ? ts(past.endedAt()) : null,
                        ts(past.endedAt()),
                        past.ending().name())
                .update();
        event(referralId, "REQUESTED", past.requestedAt(), "SYSTEM", null);
        event(referralId, "PAGED", past.requestedAt().plusSeconds(2), "SYSTEM", null);
        event(referralId, "DELIVERED", past.requestedAt().plusSeconds(6), "SYSTEM", null);
        if (past.acknowledgedAt() != null) {
            event(referralId, "ACKNOWLEDGED", past.acknowledgedAt(), "SMS", past.responder());
        }
        if (past.enRouteAt() != null) {
            event(referralId, "EN_ROUTE", past.enRouteAt(), "SMS", past.responder());
        }
        if (past.onSceneAt() != null) {
            event(referralId, "ON_SCENE", past.onSceneAt(), "LINK", past.responder());
        }
        event(referralId, past.ending().name(), past.endedAt(), handedOff ? "LINK" : "SYSTEM", past.responder());
    }

    private void event(UUID referralId, String kind, Instant at, String via, String actor) {
        db.sql("insert into handoff_event (referral_id, kind, at, via, actor) values (?, ?, ?, ?, ?)")
                .params(referralId, kind, ts(at), via, actor)
                .update();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
