package org.doorway.paging;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.doorway.referral.Door;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires escalation steps that have fallen due. Step 0 pages whoever was on call when the handoff
 * was requested; each later step pages the next member of the rotation, after the site's
 * acknowledgement timeout, for the configured number of rounds; then the handoff is marked
 * {@code UNANSWERED}.
 *
 * <p>Each due handoff is locked ({@code FOR UPDATE SKIP LOCKED}) while its step fires, and the
 * step's page and the handoff's next timer are written in the same transaction: a step fires once,
 * on one instance, and a crash before commit fires it again later rather than never.
 */
@Component
class Escalations {

    private static final Logger log = LoggerFactory.getLogger(Escalations.class);

    private final JdbcClient db;
    private final Pages pages;
    private final Sites sites;
    private final TransactionTemplate transaction;

    Escalations(JdbcClient db, Pages pages, Sites sites, TransactionTemplate transaction) {
        this.db = db;
        this.pages = pages;
        this.sites = sites;
        this.transaction = transaction;
    }

    private record Due(UUID referralId, String site, int step, Timestamp requestedAt, String shortRef, Door door,
                       String place) {}

    /** Fires up to {@code limit} due steps; returns how many fired. */
    int fireDue(int limit) {
        Integer fired = transaction.execute(status -> {
            List<Due> due = db.sql("""
                            select h.referral_id, h.site, h.next_step, h.requested_at, r.short_ref, r.door,
                                   r.body -> 'location' ->> 'text'
                            from handoff h join referral r on r.id = h.referral_id
                            where h.state = 'PAGING' and h.escalate_at <= now()
                            order by h.escalate_at
                            limit ?
                            for update of h skip locked""")
                    .param(limit)
                    .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                            rs.getTimestamp(4), rs.getString(5), Door.valueOf(rs.getString(6)), rs.getString(7)))
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
            db.sql("update handoff set escalate_at = now() + interval '60 seconds' where referral_id = ?")
                    .param(due.referralId())
                    .update();
            return;
        }
        Site.Paging paging = site.paging();
        int steps = paging.rotation().members().size() * paging.rounds();
        if (due.step() >= steps) {
            db.sql("update handoff set state = 'UNANSWERED', escalate_at = null where referral_id = ?")
                    .param(due.referralId())
                    .update();
            log.warn("Handoff {} unanswered after {} pages at site {}", due.shortRef(), steps, site.id());
            return;
        }
        String memberId = paging.rotation().memberForStep(due.requestedAt().toInstant(), site.timeZone(), due.step());
        Site.CaseManager member = site.caseManager(memberId).orElseThrow();
        pages.add(due.referralId(), due.step(), member.id(), member.phone(),
                code -> PageText.page(due.shortRef(), due.door(), due.place(), code));
        db.sql("""
                        update handoff set next_step = ?, escalate_at = now() + make_interval(secs => ?)
                        where referral_id = ?""")
                .params(due.step() + 1, paging.ackTimeout().toMillis() / 1000.0, due.referralId())
                .update();
        log.info("Handoff {} step {}: paging {}", due.shortRef(), due.step(), member.id());
    }
}
