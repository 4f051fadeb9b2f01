package org.doorway.paging;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.doorway.handoff.HandoffClock;
import org.doorway.referral.Door;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires handoff timers that have fallen due.
 * <ul>
 *   <li><b>Paging</b>: step 0 pages the referred participant's own case manager, if triage found
 *       one (the golden thread), else whoever was on call when the handoff was requested; each
 *       later step pages the next member of the rotation after the site's acknowledgement timeout,
 *       for the configured number of rounds, skipping anyone who declined this handoff (and, in the
 *       first round, the own case manager already asked); then the handoff is marked
 *       {@code UNANSWERED}.</li>
 *   <li><b>Acknowledged but not en route</b> within {@code doorway.paging.en-route-timeout}: the
 *       responder is reminded once; after a second such wait the acknowledgement lapses and the
 *       next person is paged.</li>
 * </ul>
 * Each due handoff is locked ({@code FOR UPDATE SKIP LOCKED}) while its timer fires, and what it
 * sends and its next timer are written in the same transaction: a timer fires once, on one
 * instance, and a crash before commit fires it again later rather than never.
 */
@Component
class Escalations {

    private static final Logger log = LoggerFactory.getLogger(Escalations.class);

    private final JdbcClient db;
    private final Pages pages;
    private final Sites sites;
    private final HandoffClock clock;
    private final PageLinks links;
    private final TransactionTemplate transaction;
    private final double enRouteTimeoutSeconds;

    Escalations(JdbcClient db, Pages pages, Sites sites, HandoffClock clock, PageLinks links,
                TransactionTemplate transaction, org.doorway.system.DoorwayProperties properties) {
        this.db = db;
        this.pages = pages;
        this.sites = sites;
        this.clock = clock;
        this.links = links;
        this.transaction = transaction;
        this.enRouteTimeoutSeconds = properties.paging().enRouteTimeout().toMillis() / 1000.0;
    }

    private record Due(UUID referralId, String site, String state, int step, Timestamp requestedAt, String shortRef,
                       Door door, String place, String responderId, int reminders, String ownCaseManager) {}

    /** Fires up to {@code limit} due timers; returns how many fired. */
    int fireDue(int limit) {
        Integer fired = transaction.execute(status -> {
            List<Due> due = db.sql("""
                            select h.referral_id, h.site, h.state, h.next_step, h.requested_at, r.short_ref, r.door,
                                   r.body -> 'location' ->> 'text', h.responder_id, h.reminders, h.own_case_manager
                            from handoff h join referral r on r.id = h.referral_id
                            where h.state in ('PAGING', 'ACKNOWLEDGED') and h.escalate_at <= doorway_now()
                            order by h.escalate_at
                            limit ?
                            for update of h skip locked""")
                    .param(limit)
                    .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getTimestamp(5), rs.getString(6), Door.valueOf(rs.getString(7)), rs.getString(8),
                            rs.getString(9), rs.getInt(10), rs.getString(11)))
                    .list();
            due.forEach(this::fire);
            return due.size();
        });
        return fired == null ? 0 : fired;
    }

    private void fire(Due due) {
        Site site = sites.find(due.site()).orElse(null);
        if (site == null) {
            // The site's configuration was removed while this handoff waited. Keep the handoff (and
            // the rest of this batch) alive and look again in a minute, loudly.
            log.error("Handoff {} belongs to site {}, which is no longer configured; retrying in 60 s",
                    due.shortRef(), due.site());
            db.sql("update handoff set escalate_at = doorway_now() + interval '60 seconds' where referral_id = ?")
                    .param(due.referralId())
                    .update();
            return;
        }
        if ("ACKNOWLEDGED".equals(due.state())) {
            notEnRoute(due, site);
        } else {
            pageNext(due, site);
        }
    }

    private void notEnRoute(Due due, Site site) {
        if (due.reminders() == 0) {
            Site.CaseManager responder = site.caseManager(due.responderId()).orElse(null);
            if (responder != null) {
                pages.add(due.referralId(), 0, "REMINDER", responder.id(), responder.phone(),
                        (code, id) -> PageText.reminder(due.shortRef(), code));
            }
            db.sql("""
                            update handoff set reminders = 1, escalate_at = doorway_now() + make_interval(secs => ?)
                            where referral_id = ?""")
                    .params(enRouteTimeoutSeconds, due.referralId())
                    .update();
            log.info("Handoff {}: acknowledged but not en route; reminding {}", due.shortRef(), due.responderId());
            return;
        }
        db.sql("""
                        update handoff set state = 'PAGING', responder_id = null, acknowledged_at = null,
                                           eta_minutes = null, reminders = 0, escalate_at = doorway_now()
                        where referral_id = ?""")
                .param(due.referralId())
                .update();
        clock.event(due.referralId(), "LAPSED", HandoffClock.Via.SYSTEM, due.responderId(), null);
        log.warn("Handoff {}: {} acknowledged but never went en route; paging the next person", due.shortRef(),
                due.responderId());
    }

    private void pageNext(Due due, Site site) {
        Site.Paging paging = site.paging();
        // The golden thread: a participant's own case manager is step 0, the rotation follows.
        String own = due.ownCaseManager() != null && site.caseManager(due.ownCaseManager()).isPresent()
                ? due.ownCaseManager() : null;
        int first = own == null ? 0 : 1;
        int steps = first + paging.rotation().members().size() * paging.rounds();
        Set<String> declined = Set.copyOf(db.sql("select recipient_id from handoff_decline where referral_id = ?")
                .param(due.referralId()).query(String.class).list());
        int step = due.step();
        String memberId = null;
        for (; step < steps; step++) {
            String candidate = step < first ? own
                    : paging.rotation().memberForStep(due.requestedAt().toInstant(), site.timeZone(), step - first);
            boolean alreadyAsked = own != null && step >= first && candidate.equals(own) && step - first < paging.rotation().members().size();
            if (!declined.contains(candidate) && !alreadyAsked) {
                memberId = candidate;
                break;
            }
        }
        if (memberId == null) {
            db.sql("update handoff set state = 'UNANSWERED', escalate_at = null where referral_id = ?")
                    .param(due.referralId())
                    .update();
            clock.event(due.referralId(), "UNANSWERED", HandoffClock.Via.SYSTEM, null, null);
            log.warn("Handoff {} unanswered after {} pages at site {}", due.shortRef(), steps, site.id());
            return;
        }
        Site.CaseManager member = site.caseManager(memberId).orElseThrow();
        pages.add(due.referralId(), step, "PAGE", member.id(), member.phone(),
                (code, id) -> PageText.page(due.shortRef(), due.door(), due.place(), code, links.url(id)));
        db.sql("""
                        update handoff set next_step = ?, escalate_at = doorway_now() + make_interval(secs => ?)
                        where referral_id = ?""")
                .params(step + 1, paging.ackTimeout().toMillis() / 1000.0, due.referralId())
                .update();
        log.info("Handoff {} step {}: paging {}", due.shortRef(), step, member.id());
    }
}
