package org.doorway.paging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.doorway.handoff.ArrivalOverdue;
import org.doorway.handoff.NearTarget;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Texts what the handoff's arrival watch decides ({@link org.doorway.handoff.ArrivalWatch}): the
 * "still coming?" question to a case manager past their ETA (a page of kind {@code ARRIVAL},
 * wanted only while they are en route), and the near-target alert to whoever is on call in the
 * policy's {@code near-target.notify} layers (kind {@code ALERT}, wanted only while nobody is on
 * scene). Both are added in the transaction that moved the timer, so each is sent at most once;
 * the texts carry the reference and reply codes only ({@link PageText}).
 */
@Component
class AfterTheAck {

    private static final Logger log = LoggerFactory.getLogger(AfterTheAck.class);

    private final JdbcClient db;
    private final Sites sites;
    private final Pages pages;

    AfterTheAck(JdbcClient db, Sites sites, Pages pages) {
        this.db = db;
        this.sites = sites;
        this.pages = pages;
    }

    private record Referral(String site, String shortRef) {}

    private Referral referral(java.util.UUID referralId) {
        return db.sql("select site, short_ref from referral where id = ?")
                .param(referralId)
                .query((rs, n) -> new Referral(rs.getString(1), rs.getString(2)))
                .single();
    }

    /** Asks the case manager en route whether they are still coming. */
    @EventListener
    void onArrivalOverdue(ArrivalOverdue overdue) {
        Referral referral = referral(overdue.referralId());
        sites.find(referral.site())
                .flatMap(site -> site.caseManager(overdue.responderId()))
                .ifPresent(cm -> pages.add(
                        overdue.referralId(),
                        Math.toIntExact(overdue.eventId()),
                        "ARRIVAL",
                        cm.id(),
                        cm.phone(),
                        (code, id) -> PageText.stillComing(referral.shortRef(), code)));
    }

    /** Alerts whoever is on call in the near-target layers, each person once. */
    @EventListener
    void onNearTarget(NearTarget near) {
        Referral referral = referral(near.referralId());
        Site site = sites.find(referral.site()).orElse(null);
        if (site == null) {
            return;
        }
        Instant now = db.sql("select doorway_now()")
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        Map<String, Site.CaseManager> alerted = new LinkedHashMap<>();
        for (String layer : near.layers()) {
            site.onCall(layer, now).ifPresent(cm -> alerted.putIfAbsent(cm.id(), cm));
        }
        for (Site.CaseManager cm : alerted.values()) {
            pages.add(
                    near.referralId(),
                    0,
                    "ALERT",
                    cm.id(),
                    cm.phone(),
                    (code, id) -> PageText.nearTarget(referral.shortRef(), near.minutes(), near.state()));
        }
        log.info("Handoff {}: near-target alert to {}", referral.shortRef(), alerted.keySet());
    }
}
