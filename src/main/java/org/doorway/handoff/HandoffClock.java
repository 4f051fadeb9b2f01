package org.doorway.handoff;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.doorway.referral.Door;
import org.doorway.site.EscalationPolicy;
import org.doorway.site.Sites;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Moves a warm handoff along its clock: acknowledged → en route → on scene → handed off, or a
 * case manager declining. Every move locks the handoff's row, so two answers at once (an SMS and a
 * tap on the link, two case managers) are settled one after the other, and records an event saying
 * how it was recorded. All methods run in the caller's transaction.
 *
 * <p>It writes only the handoff's own tables. When a handoff no longer needs paging (acknowledged,
 * or closed), it publishes a {@link HandoffStoodDown} in that same transaction, and paging stands
 * down the pages it has not sent yet.
 *
 * <p>A step may skip ahead (a case manager who replies "on scene" to a page has acknowledged it
 * too); a step never goes back, and a handoff taken by one case manager cannot be moved by another.
 */
@Repository
public class HandoffClock {

    /** A step of the handoff a case manager reports. */
    public enum Step {
        ACKNOWLEDGE,
        EN_ROUTE,
        ON_SCENE,
        HANDED_OFF
    }

    /** How a moment was recorded. */
    public enum Via {
        SMS,
        LINK,
        VOICE,
        DISPATCHER,
        ADMIN,
        SYSTEM
    }

    /** What became of a reported step. */
    public enum Result {
        /** Recorded. */
        DONE,
        /** This case manager had already reported it (or a later step). */
        ALREADY,
        /** Another case manager has the handoff. */
        TAKEN,
        /** The handoff is over (handed off, cancelled, person left). */
        CLOSED
    }

    /**
     * The handoff as locked for a move.
     *
     * @param state       its state
     * @param responderId who has it, if anyone
     */
    public record Locked(String state, String responderId) {}

    private final JdbcClient db;
    private final Sites sites;
    private final org.doorway.system.Metrics metrics;
    private final ApplicationEventPublisher events;

    /** The events that tell the people waiting on a handoff something (see {@link HandoffMoved}). */
    private static final Set<String> MOVES = Set.of(
            "ACKNOWLEDGED",
            "EN_ROUTE",
            "ON_SCENE",
            "HANDED_OFF",
            "LAPSED",
            "OVERDUE",
            "UNANSWERED",
            "PERSON_LEFT",
            "CANCELLED");

    HandoffClock(JdbcClient db, Sites sites, org.doorway.system.Metrics metrics, ApplicationEventPublisher events) {
        this.db = db;
        this.sites = sites;
        this.metrics = metrics;
        this.events = events;
    }

    /** Records how long after its request the handoff reached {@code to}, for the latency metric. */
    private void measure(UUID referralId, String to) {
        db.sql("""
                        select h.site, r.door, extract(epoch from (doorway_now() - h.requested_at))
                        from handoff h join referral r on r.id = h.referral_id where h.referral_id = ?""")
                .param(referralId)
                .query((rs, n) -> {
                    metrics.handoff(
                            to, rs.getString(1), rs.getString(2), Duration.ofMillis((long) (rs.getDouble(3) * 1000)));
                    return true;
                })
                .list();
    }

    /** How long the responder has to report "en route": the referral's site and door's policy decide. */
    private Duration enRouteTimeout(UUID referralId) {
        return policy(referralId)
                .map(EscalationPolicy::enRouteTimeout)
                .orElse(EscalationPolicy.DEFAULT_EN_ROUTE_TIMEOUT);
    }

    /** The escalation policy of the referral's site and door; empty if the site is no longer configured. */
    private Optional<EscalationPolicy> policy(UUID referralId) {
        return db.sql(
                        "select h.site, r.door from handoff h join referral r on r.id = h.referral_id where h.referral_id = ?")
                .param(referralId)
                .query((rs, n) -> {
                    Door door = Door.valueOf(rs.getString(2));
                    return sites.find(rs.getString(1)).map(site -> site.escalation(door));
                })
                .single();
    }

    /**
     * Starts (or restarts) the arrival watch of a handoff en route: arrival is expected by the ETA,
     * counted from now when {@code etaGivenNow}, else from the acknowledgement when one was given
     * then (but not before now: one who sets off late still has the whole grace), else the
     * policy's {@code eta-if-none} from now; the policy's {@code arrival-grace} later the case
     * manager is asked (see {@link ArrivalWatch}).
     */
    private void watchArrival(UUID referralId, boolean etaGivenNow) {
        EscalationPolicy.AfterAck afterAck =
                policy(referralId).map(EscalationPolicy::afterAck).orElse(EscalationPolicy.AfterAck.DEFAULT);
        db.sql("""
                        update handoff set arrival_asked = false,
                               arrival_due_at = case
                                   when eta_minutes is not null and ? then doorway_now() + make_interval(mins => eta_minutes)
                                   when eta_minutes is not null then greatest(
                                       coalesce(acknowledged_at, doorway_now()) + make_interval(mins => eta_minutes),
                                       doorway_now())
                                   else doorway_now() + make_interval(secs => ?) end
                                 + make_interval(secs => ?)
                        where referral_id = ?""")
                .params(
                        etaGivenNow,
                        afterAck.etaIfNone().toMillis() / 1000.0,
                        afterAck.arrivalGrace().toMillis() / 1000.0,
                        referralId)
                .update();
    }

    /** Locks the handoff of a referral for the rest of the caller's transaction. */
    public Optional<Locked> lock(UUID referralId) {
        return db.sql("select state, responder_id from handoff where referral_id = ? for update")
                .param(referralId)
                .query((rs, n) -> new Locked(rs.getString(1), rs.getString(2)))
                .optional();
    }

    /**
     * Records that case manager {@code who} reached {@code step}, with an ETA in minutes if given.
     * Acknowledging stops the escalation and stands down pages not yet sent; the clock then waits
     * for "en route" (the escalation policy's {@code en-route-timeout}). Once en route, the arrival
     * is watched ({@link ArrivalWatch}); "en route" again from the one en route, with a new ETA or
     * after they were asked whether they are still coming, restarts that watch.
     */
    public Result report(UUID referralId, String who, Step step, Integer etaMinutes, Via via) {
        Locked handoff = lock(referralId).orElseThrow(() -> new IllegalStateException("no handoff for this referral"));
        String state = handoff.state();
        if (isClosed(state)) {
            return "HANDED_OFF".equals(state) && who.equals(handoff.responderId()) ? Result.ALREADY : Result.CLOSED;
        }
        boolean open = "PAGING".equals(state) || "UNANSWERED".equals(state);
        if (!open && !who.equals(handoff.responderId())) {
            return Result.TAKEN;
        }
        if ("EN_ROUTE".equals(state)
                && step == Step.EN_ROUTE
                && who.equals(handoff.responderId())
                && (etaMinutes != null || arrivalAsked(referralId))) {
            // Still coming (an answer to "still coming?", or a new ETA): the arrival watch starts over.
            if (etaMinutes != null) {
                db.sql("update handoff set eta_minutes = ? where referral_id = ?")
                        .params(etaMinutes, referralId)
                        .update();
            }
            watchArrival(referralId, etaMinutes != null);
            record(referralId, "STILL_COMING", via, who, null);
            return Result.DONE;
        }
        if (!open && rank(state) >= rank(step)) {
            return Result.ALREADY;
        }
        if (etaMinutes != null) {
            db.sql("update handoff set eta_minutes = ? where referral_id = ?")
                    .params(etaMinutes, referralId)
                    .update();
        }
        if (open) {
            db.sql("""
                            update handoff set state = 'ACKNOWLEDGED', acknowledged_at = coalesce(acknowledged_at, doorway_now()),
                                               responder_id = ?, reminders = 0
                            where referral_id = ?""").params(who, referralId).update();
            events.publishEvent(new HandoffStoodDown(referralId));
            event(referralId, "ACKNOWLEDGED", via, who, null);
            measure(referralId, "acknowledged");
        }
        switch (step) {
            case ACKNOWLEDGE ->
                db.sql("""
                            update handoff set escalate_at = doorway_now() + make_interval(secs => ?) where referral_id = ?""")
                        .params(enRouteTimeout(referralId).toMillis() / 1000.0, referralId)
                        .update();
            case EN_ROUTE -> {
                advance(referralId, "EN_ROUTE", "en_route_at", via, who);
                watchArrival(referralId, etaMinutes != null);
            }
            case ON_SCENE -> {
                advance(referralId, "ON_SCENE", "on_scene_at", via, who);
                measure(referralId, "on_scene");
                db.sql("update handoff set en_route_at = coalesce(en_route_at, on_scene_at) where referral_id = ?")
                        .param(referralId)
                        .update();
            }
            case HANDED_OFF -> {
                if (rank(state) < rank(Step.ON_SCENE)) {
                    measure(referralId, "on_scene");
                }
                advance(referralId, "HANDED_OFF", "handed_off_at", via, who);
                db.sql("""
                                update handoff set en_route_at = coalesce(en_route_at, handed_off_at),
                                                   on_scene_at = coalesce(on_scene_at, handed_off_at),
                                                   closed_at = handed_off_at, close_reason = 'HANDED_OFF'
                                where referral_id = ?""").param(referralId).update();
            }
        }
        return Result.DONE;
    }

    private boolean arrivalAsked(UUID referralId) {
        return db.sql("select arrival_asked from handoff where referral_id = ?")
                .param(referralId)
                .query(Boolean.class)
                .single();
    }

    private void advance(UUID referralId, String state, String column, Via via, String who) {
        db.sql("update handoff set state = ?, " + column + " = coalesce(" + column
                        + ", doorway_now()), escalate_at = null" + " where referral_id = ?")
                .params(state, referralId)
                .update();
        event(referralId, state, via, who, null);
    }

    /**
     * Records that case manager {@code who} cannot take the handoff. If they were the one being
     * waited for (the latest page, or they had acknowledged), the next person is paged at once;
     * escalation skips them for this handoff from now on.
     *
     * @return {@link Result#DONE}, or {@link Result#TAKEN}/{@link Result#CLOSED} when it was no
     *         longer theirs to decline
     */
    public Result decline(UUID referralId, String who, Via via) {
        Locked handoff = lock(referralId).orElseThrow(() -> new IllegalStateException("no handoff for this referral"));
        if (isClosed(handoff.state())) {
            return Result.CLOSED;
        }
        boolean theirs = who.equals(handoff.responderId());
        boolean open = "PAGING".equals(handoff.state()) || "UNANSWERED".equals(handoff.state());
        if (!open && !theirs) {
            return Result.TAKEN;
        }
        db.sql("""
                        insert into handoff_decline (referral_id, recipient_id, at) values (?, ?, doorway_now())
                        on conflict do nothing""").params(referralId, who).update();
        long declined = record(referralId, "DECLINED", via, who, null);
        if (theirs) {
            db.sql("""
                            update handoff set state = 'PAGING', responder_id = null, eta_minutes = null, escalate_at = doorway_now()
                            where referral_id = ?""").param(referralId).update();
            // The person who was coming is not: whoever waits must know.
            events.publishEvent(new HandoffMoved(referralId, declined, "DECLINED", who));
        } else if ("PAGING".equals(handoff.state())) {
            // Waiting on this person's answer? Then don't: page the next one now.
            db.sql("""
                            update handoff set escalate_at = doorway_now()
                            where referral_id = ? and state = 'PAGING' and exists (
                                select 1 from page p where p.referral_id = handoff.referral_id and p.kind in ('PAGE', 'VOICE')
                                  and p.recipient_id = ? and p.step = handoff.next_step - 1)""").params(referralId, who).update();
        }
        return Result.DONE;
    }

    /**
     * Closes a handoff that will not be handed off: {@code PERSON_LEFT} (the person was gone when
     * the case manager came) or {@code CANCELLED} (the officer or dispatch called it off). The
     * escalation stops, pages not yet sent are stood down, and whoever waits is told.
     *
     * @param outcome      {@code PERSON_LEFT} or {@code CANCELLED}
     * @param reason       in staff's words, kept in the event log; may be null
     * @param responderOnly whether only the case manager who has the handoff may close it (their SMS)
     * @return {@link Result#DONE}; {@link Result#CLOSED} when it already was; {@link Result#TAKEN}
     *         when {@code responderOnly} and it is not {@code who}'s
     */
    public Result close(UUID referralId, String outcome, Via via, String who, String reason, boolean responderOnly) {
        if (!"PERSON_LEFT".equals(outcome) && !"CANCELLED".equals(outcome)) {
            throw new IllegalArgumentException("a handoff closes as PERSON_LEFT or CANCELLED");
        }
        Locked handoff = lock(referralId).orElseThrow(() -> new IllegalStateException("no handoff for this referral"));
        if (isClosed(handoff.state())) {
            return Result.CLOSED;
        }
        if (responderOnly && !who.equals(handoff.responderId())) {
            return Result.TAKEN;
        }
        db.sql("""
                        update handoff set state = ?, closed_at = doorway_now(), close_reason = ?, escalate_at = null
                        where referral_id = ?""").params(outcome, outcome, referralId).update();
        events.publishEvent(new HandoffStoodDown(referralId));
        event(referralId, outcome, via, who, reason);
        return Result.DONE;
    }

    /**
     * Appends to the handoff's event log, and publishes a {@link HandoffMoved} (in the caller's
     * transaction) when the event is one the people waiting on the handoff are told of. A decline
     * is published by {@link #decline} only when the one declining had the handoff.
     */
    public void event(UUID referralId, String kind, Via via, String actor, String note) {
        long id = record(referralId, kind, via, actor, note);
        if (MOVES.contains(kind)) {
            events.publishEvent(new HandoffMoved(referralId, id, kind, actor));
        }
    }

    private long record(UUID referralId, String kind, Via via, String actor, String note) {
        return db.sql("""
                        insert into handoff_event (referral_id, kind, at, via, actor, note)
                        values (?, ?, doorway_now(), ?, ?, ?) returning id""")
                .params(referralId, kind, via.name(), actor, note)
                .query(Long.class)
                .single();
    }

    private static boolean isClosed(String state) {
        return "HANDED_OFF".equals(state) || "CANCELLED".equals(state) || "PERSON_LEFT".equals(state);
    }

    private static int rank(String state) {
        return switch (state) {
            case "ACKNOWLEDGED" -> 1;
            case "EN_ROUTE" -> 2;
            case "ON_SCENE" -> 3;
            case "HANDED_OFF" -> 4;
            default -> 0;
        };
    }

    private static int rank(Step step) {
        return step.ordinal() + 1;
    }
}
