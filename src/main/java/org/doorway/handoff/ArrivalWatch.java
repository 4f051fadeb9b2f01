package org.doorway.handoff;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.doorway.referral.Door;
import org.doorway.site.EscalationPolicy;
import org.doorway.site.Sites;
import org.doorway.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After the ack: fires the handoff timers that follow an acknowledgement.
 * <ul>
 *   <li><b>Arrival</b>: a case manager en route and not on scene by their ETA plus the site's
 *       {@code arrival-grace} ({@link HandoffClock#report} sets the timer) is asked once whether
 *       they are still coming ({@link ArrivalOverdue}, texted by paging). Still not on scene
 *       {@code still-coming-wait} later, and no "still coming" answer: the handoff is paging
 *       again from the step after the one they took it at, with them passed over (as if they had
 *       declined; a late "on scene" from them is still taken), and an {@code OVERDUE} event tells
 *       whoever waits ({@link HandoffMoved}).</li>
 *   <li><b>Near target</b>: a handoff still open with nobody on scene at its policy's
 *       {@code near-target.after} ({@link Handoffs#request} sets the timer) publishes one
 *       {@link NearTarget}, and paging alerts the layers it names.</li>
 * </ul>
 * Timers are rows of {@code handoff}, read against {@code doorway_now()}. Each is fired in a
 * transaction of its own, with its handoff locked {@code FOR UPDATE SKIP LOCKED} and re-checked:
 * on several instances a timer fires once, the question or alert commits with the timer's move,
 * and a handoff that fails is logged and left for the next round without holding up the others.
 */
@Component
public class ArrivalWatch {

    private static final Logger log = LoggerFactory.getLogger(ArrivalWatch.class);

    private final JdbcClient db;
    private final Sites sites;
    private final HandoffClock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;

    ArrivalWatch(
            JdbcClient db,
            Sites sites,
            HandoffClock clock,
            ApplicationEventPublisher events,
            TransactionTemplate transaction) {
        this.db = db;
        this.sites = sites;
        this.clock = clock;
        this.events = events;
        this.transaction = transaction;
    }

    /** Fires up to {@code limit} due arrival timers and as many near-target timers; returns how many fired. */
    public int fireDue(int limit) {
        int fired = 0;
        List<UUID> arrivals = db.sql("""
                        select referral_id from handoff
                        where state = 'EN_ROUTE' and arrival_due_at <= doorway_now()
                        order by arrival_due_at limit ?""").param(limit).query(UUID.class).list();
        for (UUID referralId : arrivals) {
            fired += inTransaction(referralId, () -> arrivalIfStillDue(referralId));
        }
        List<UUID> near = db.sql("""
                        select referral_id from handoff
                        where near_target_at <= doorway_now() and near_target_alerted_at is null
                        order by near_target_at limit ?""").param(limit).query(UUID.class).list();
        for (UUID referralId : near) {
            fired += inTransaction(referralId, () -> nearTargetIfStillDue(referralId));
        }
        return fired;
    }

    private int inTransaction(UUID referralId, java.util.function.BooleanSupplier fire) {
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> fire.getAsBoolean())) ? 1 : 0;
        } catch (RuntimeException e) {
            log.error("Arrival watch of handoff {} failed; retried next round: {}", referralId, SafeLog.describe(e));
            return 0;
        }
    }

    private record Due(String site, Door door, String responderId, boolean asked) {}

    private boolean arrivalIfStillDue(UUID referralId) {
        Optional<Due> due = db.sql("""
                        select h.site, r.door, h.responder_id, h.arrival_asked
                        from handoff h join referral r on r.id = h.referral_id
                        where h.referral_id = ? and h.state = 'EN_ROUTE' and h.arrival_due_at <= doorway_now()
                        for update of h skip locked""")
                .param(referralId)
                .query((rs, n) ->
                        new Due(rs.getString(1), Door.valueOf(rs.getString(2)), rs.getString(3), rs.getBoolean(4)))
                .optional();
        if (due.isEmpty()) {
            return false;
        }
        EscalationPolicy.AfterAck afterAck = afterAck(due.get());
        if (!due.get().asked()) {
            db.sql("""
                            update handoff set arrival_asked = true,
                                               arrival_due_at = doorway_now() + make_interval(secs => ?)
                            where referral_id = ?""")
                    .params(afterAck.stillComingWait().toMillis() / 1000.0, referralId)
                    .update();
            long eventId = db.sql("""
                            insert into handoff_event (referral_id, kind, at, via, actor)
                            values (?, 'ARRIVAL_ASKED', doorway_now(), 'SYSTEM', ?) returning id""")
                    .params(referralId, due.get().responderId())
                    .query(Long.class)
                    .single();
            events.publishEvent(
                    new ArrivalOverdue(referralId, eventId, due.get().responderId()));
            log.info(
                    "Handoff {}: not on scene by the ETA and grace; asking {}",
                    referralId,
                    due.get().responderId());
            return true;
        }
        // Asked, no answer, nobody on scene: the next person is paged; this one is passed over.
        db.sql("""
                        insert into handoff_decline (referral_id, recipient_id, at) values (?, ?, doorway_now())
                        on conflict do nothing""").params(referralId, due.get().responderId()).update();
        db.sql("""
                        update handoff set state = 'PAGING', responder_id = null, acknowledged_at = null, en_route_at = null,
                                           eta_minutes = null, reminders = 0, arrival_due_at = null,
                                           arrival_asked = false, escalate_at = doorway_now()
                        where referral_id = ?""").param(referralId).update();
        clock.event(referralId, "OVERDUE", HandoffClock.Via.SYSTEM, due.get().responderId(), null);
        log.warn(
                "Handoff {}: {} never arrived; paging the next person",
                referralId,
                due.get().responderId());
        return true;
    }

    private EscalationPolicy.AfterAck afterAck(Due due) {
        return sites.find(due.site())
                .map(site -> site.escalation(due.door()).afterAck())
                .orElse(EscalationPolicy.AfterAck.DEFAULT);
    }

    private record Near(String site, Door door, String state, boolean open) {}

    private boolean nearTargetIfStillDue(UUID referralId) {
        Optional<Near> due = db.sql("""
                        select h.site, r.door, h.state, (h.on_scene_at is null
                                                         and h.state in ('PAGING', 'ACKNOWLEDGED', 'EN_ROUTE', 'UNANSWERED'))
                        from handoff h join referral r on r.id = h.referral_id
                        where h.referral_id = ? and h.near_target_at <= doorway_now() and h.near_target_alerted_at is null
                        for update of h skip locked""")
                .param(referralId)
                .query((rs, n) ->
                        new Near(rs.getString(1), Door.valueOf(rs.getString(2)), rs.getString(3), rs.getBoolean(4)))
                .optional();
        if (due.isEmpty()) {
            return false;
        }
        if (!due.get().open()) {
            // Someone is on scene, or the handoff ended: no alert, and no timer left.
            db.sql("update handoff set near_target_at = null where referral_id = ?")
                    .param(referralId)
                    .update();
            return false;
        }
        EscalationPolicy.AfterAck afterAck = sites.find(due.get().site())
                .map(site -> site.escalation(due.get().door()).afterAck())
                .orElse(EscalationPolicy.AfterAck.DEFAULT);
        db.sql("update handoff set near_target_alerted_at = doorway_now() where referral_id = ?")
                .param(referralId)
                .update();
        db.sql("""
                        insert into handoff_event (referral_id, kind, at, via)
                        values (?, 'NEAR_TARGET', doorway_now(), 'SYSTEM')""").param(referralId).update();
        events.publishEvent(new NearTarget(
                referralId,
                afterAck.nearTargetLayers(),
                due.get().state(),
                afterAck.nearTargetAfter().toMinutes()));
        log.info(
                "Handoff {}: near its target with nobody on scene; alerting {}",
                referralId,
                afterAck.nearTargetLayers());
        return true;
    }
}
