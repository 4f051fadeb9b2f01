package org.doorway.handoff;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the paging engine records on a handoff while it escalates: the escalation timer
 * ({@code escalate_at}, {@code next_step}, {@code reminders}), the moments a page went out and
 * was delivered ({@code paged_at}, {@code delivered_at}), an acknowledgement that lapsed, and a
 * handoff nobody answered, each with its event in {@code handoff_event}. Paging decides when; this
 * class is how it writes the handoff's tables, which only package {@code handoff} writes.
 *
 * <p>Every method runs in the caller's transaction and opens none of its own: the page that caused
 * a change and the change to its handoff commit together or not at all, so nothing is paged twice
 * and nothing is lost. The paging engine holds the handoff's row lock where it decides on the
 * handoff's state ({@code FOR UPDATE SKIP LOCKED} on due handoffs).
 */
@Repository
public class HandoffEscalation {

    private final JdbcClient db;
    private final HandoffClock clock;

    HandoffEscalation(JdbcClient db, HandoffClock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** What a sent page was, for the handoff's event log. */
    public enum Sent {
        /** A page of an escalation step (text or call): starts the handoff's "paged" clock. */
        PAGED,
        /** A reminder to the responder who has not gone en route: starts the "paged" clock too, if not started. */
        REMINDED,
        /** A notice to someone waiting on the handoff: not paging, so the "paged" clock is left alone. */
        NOTIFIED
    }

    /** The handoff's site is no longer configured: its timer fires again in a minute. */
    public void retryInAMinute(UUID referralId) {
        db.sql("update handoff set escalate_at = doorway_now() + interval '60 seconds' where referral_id = ?")
                .param(referralId)
                .update();
    }

    /** The responder, acknowledged but not en route, was reminded: the acknowledgement lapses after {@code enRouteTimeout} more. */
    public void reminded(UUID referralId, Duration enRouteTimeout) {
        db.sql("""
                        update handoff set reminders = 1, escalate_at = doorway_now() + make_interval(secs => ?)
                        where referral_id = ?""").params(enRouteTimeout.toMillis() / 1000.0, referralId).update();
    }

    /**
     * The responder acknowledged but never went en route: the handoff is paging again, at once, and
     * a {@code LAPSED} event is recorded (and published, see {@link HandoffClock#event}).
     */
    public void lapse(UUID referralId, String responderId) {
        db.sql("""
                        update handoff set state = 'PAGING', responder_id = null, acknowledged_at = null,
                                           eta_minutes = null, reminders = 0, escalate_at = doorway_now()
                        where referral_id = ?""").param(referralId).update();
        clock.event(referralId, "LAPSED", HandoffClock.Via.SYSTEM, responderId, null);
    }

    /**
     * The escalation ran out after {@code steps} steps with nobody to page: the handoff is
     * {@code UNANSWERED} (a late answer is still taken), and an {@code UNANSWERED} event is recorded
     * (and published).
     */
    public void unanswered(UUID referralId, int steps) {
        db.sql("update handoff set state = 'UNANSWERED', escalate_at = null, next_step = ? where referral_id = ?")
                .params(steps, referralId)
                .update();
        clock.event(referralId, "UNANSWERED", HandoffClock.Via.SYSTEM, null, null);
    }

    /** A step fired: {@code nextStep} fires after {@code wait}. */
    public void stepFired(UUID referralId, int nextStep, Duration wait) {
        db.sql("""
                        update handoff set next_step = ?, escalate_at = doorway_now() + make_interval(secs => ?)
                        where referral_id = ?""").params(nextStep, wait.toMillis() / 1000.0, referralId).update();
    }

    /**
     * A page of step {@code step} failed: if that is the latest step fired and the handoff is still
     * paging, nobody will answer it, so the next step falls due now. Otherwise nothing changes.
     */
    public void escalateNowIfAwaiting(UUID referralId, int step) {
        db.sql("""
                        update handoff set escalate_at = doorway_now()
                        where referral_id = ? and state = 'PAGING' and next_step = ? + 1""").params(referralId, step).update();
    }

    /**
     * The provider accepted a page to {@code recipientId}: starts the handoff's "paged" clock (unless
     * it was a notice; the first page sets it) and records the event, {@code via} SMS or voice.
     */
    public void sent(UUID referralId, Sent what, HandoffClock.Via via, String recipientId) {
        if (what != Sent.NOTIFIED) {
            db.sql("update handoff set paged_at = coalesce(paged_at, doorway_now()) where referral_id = ?")
                    .param(referralId)
                    .update();
        }
        db.sql("""
                        insert into handoff_event (referral_id, kind, at, via, actor)
                        values (?, ?, doorway_now(), ?, ?)""").params(referralId, what.name(), via.name(), recipientId).update();
    }

    /**
     * A page (not a notice) to {@code recipientId} was delivered at {@code deliveredAt}: the first
     * delivery sets the handoff's "delivered" moment and records a {@code DELIVERED} event; later
     * ones change nothing.
     */
    public void delivered(UUID referralId, Instant deliveredAt, String recipientId) {
        db.sql("""
                        with newly as (
                            update handoff set delivered_at = ?
                            where referral_id = ? and delivered_at is null
                            returning referral_id)
                        insert into handoff_event (referral_id, kind, at, via, actor)
                        select referral_id, 'DELIVERED', doorway_now(), 'SMS', ? from newly""").params(Timestamp.from(deliveredAt), referralId, recipientId).update();
    }
}
