package org.doorway.paging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.doorway.handoff.HandoffClock;
import org.doorway.handoff.HandoffEscalation;
import org.doorway.referral.Door;
import org.doorway.referral.ReferralStore;
import org.doorway.site.EscalationPolicy;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.system.SafeLog;
import org.doorway.triage.Caseloads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires handoff timers that have fallen due.
 * <ul>
 *   <li><b>Paging</b> walks the escalation policy of the referral's site and door
 *       ({@link Site#escalation}): each step pages whoever is on call in its layers at the moment it
 *       fires, by SMS and/or voice, then waits its delay; the steps are walked {@code repeat} times,
 *       and then the handoff is marked {@code UNANSWERED}, but never while one of its pages waits
 *       for the provider or a provider channel is down (it is looked at again a minute later). Anyone who declined this handoff is
 *       skipped; a step with nobody left to page is passed over at once (so outside on-call hours
 *       a handoff is unanswered at once, and whoever waits is told). When triage found the
 *       participant's own case manager (the golden thread), they are asked first, by SMS, for the
 *       first step's delay. Someone paged while over their site's caseload limit
 *       ({@link Caseloads}) is paged all the same, and an {@code OVER_CASELOAD} event in the
 *       handoff's log tells staff (counts only, never in the text).</li>
 *   <li><b>Acknowledged but not en route</b> within the policy's {@code en-route-timeout}: the
 *       responder is reminded once; after a second such wait the acknowledgement lapses and the
 *       paging resumes where it stopped.</li>
 * </ul>
 * Each due handoff is locked ({@code FOR UPDATE SKIP LOCKED}) while its timer fires, and what it
 * sends and its next timer are written in the same transaction, one transaction per handoff (one
 * that fails never holds up the others): a timer fires once, on one
 * instance, and a crash before commit fires it again later rather than never. The handoff's side
 * of it (its next timer, a lapse, {@code UNANSWERED}) is written by {@link HandoffEscalation}.
 */
@Component
class Escalations {

    private static final Logger log = LoggerFactory.getLogger(Escalations.class);

    private final JdbcClient db;
    private final Pages pages;
    private final Sites sites;
    private final HandoffEscalation handoffs;
    private final PageLinks links;
    private final TransactionTemplate transaction;
    private final Counter failures;
    private final ProviderBreakers breakers;
    private final ReferralStore referrals;
    private final Caseloads caseloads;
    private final HandoffClock clock;

    Escalations(
            JdbcClient db,
            Pages pages,
            Sites sites,
            HandoffEscalation handoffs,
            PageLinks links,
            TransactionTemplate transaction,
            MeterRegistry registry,
            ProviderBreakers breakers,
            ReferralStore referrals,
            Caseloads caseloads,
            HandoffClock clock) {
        this.caseloads = caseloads;
        this.clock = clock;
        this.db = db;
        this.referrals = referrals;
        this.pages = pages;
        this.sites = sites;
        this.handoffs = handoffs;
        this.links = links;
        this.transaction = transaction;
        this.breakers = breakers;
        this.failures = Counter.builder("doorway.escalation.failures")
                .description("Handoff escalation steps that failed and were skipped (retried a minute later)")
                .register(registry);
    }

    private record Due(
            UUID referralId,
            String site,
            String state,
            int step,
            Timestamp requestedAt,
            String shortRef,
            Door door,
            String place,
            String responderId,
            int reminders,
            String ownCaseManager,
            Instant now) {}

    /**
     * The handoffs whose timers are due by the database's clock, the longest due first, at most
     * {@code limit}. Reading them claims nothing: {@link #fire} locks each as it fires it.
     */
    List<UUID> due(int limit) {
        return db.sql("""
                        select referral_id from handoff
                        where state in ('PAGING', 'ACKNOWLEDGED') and escalate_at <= doorway_now()
                        order by escalate_at
                        limit ?""").param(limit).query(UUID.class).list();
    }

    /**
     * Fires one due handoff's timer in a transaction of its own; false if it was no longer due or
     * another thread or instance holds it. A handoff whose step throws is rolled back alone, logged
     * (its id and the exception's type, nothing of the person), counted
     * ({@code doorway.escalation.failures}) and looked at again in a minute; it never throws, so one
     * failing handoff holds up no other. Safe to call from several threads at once.
     */
    boolean fire(UUID referralId) {
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> fireIfStillDue(referralId)));
        } catch (RuntimeException e) {
            failures.increment();
            log.error(
                    "Escalation of handoff {} failed and was skipped; retrying in 60 s: {}",
                    referralId,
                    SafeLog.describe(e));
            try {
                transaction.executeWithoutResult(status -> handoffs.retryInAMinute(referralId));
            } catch (RuntimeException again) {
                log.error("Handoff {} could not be put off: {}", referralId, SafeLog.describe(again));
            }
            return false;
        }
    }

    /**
     * Locks one handoff if its timer is still due and nobody else holds it ({@code SKIP LOCKED}),
     * and fires it, in the caller's transaction; false if another instance got there first.
     */
    private boolean fireIfStillDue(UUID referralId) {
        List<Due> due = db.sql("""
                        select h.referral_id, h.site, h.state, h.next_step, h.requested_at, r.short_ref, r.door,
                               coalesce(r.sealed, r.body::text), h.responder_id, h.reminders, h.own_case_manager,
                               doorway_now()
                        from handoff h join referral r on r.id = h.referral_id
                        where h.referral_id = ? and h.state in ('PAGING', 'ACKNOWLEDGED')
                          and h.escalate_at <= doorway_now()
                        for update of h skip locked""")
                .param(referralId)
                .query((rs, n) -> new Due(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getTimestamp(5),
                        rs.getString(6),
                        Door.valueOf(rs.getString(7)),
                        referrals
                                .whole(rs.getString(8))
                                .path("location")
                                .path("text")
                                .asText(null),
                        rs.getString(9),
                        rs.getInt(10),
                        rs.getString(11),
                        rs.getTimestamp(12).toInstant()))
                .list();
        due.forEach(this::fire);
        return !due.isEmpty();
    }

    private void fire(Due due) {
        Site site = sites.find(due.site()).orElse(null);
        if (site == null) {
            // The site's configuration was removed while this handoff waited. Keep the handoff (and
            // the rest of this batch) alive and look again in a minute, loudly.
            log.error(
                    "Handoff {} belongs to site {}, which is no longer configured; retrying in 60 s",
                    due.shortRef(),
                    due.site());
            handoffs.retryInAMinute(due.referralId());
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
                pages.add(
                        due.referralId(),
                        0,
                        "REMINDER",
                        responder.id(),
                        responder.phone(),
                        (code, id) -> PageText.reminder(due.shortRef(), code));
            }
            handoffs.reminded(due.referralId(), site.escalation(due.door()).enRouteTimeout());
            log.info("Handoff {}: acknowledged but not en route; reminding {}", due.shortRef(), due.responderId());
            return;
        }
        handoffs.lapse(due.referralId(), due.responderId());
        log.warn(
                "Handoff {}: {} acknowledged but never went en route; paging the next person",
                due.shortRef(),
                due.responderId());
    }

    /** Who a step pages, and how. */
    private record Recipient(Site.CaseManager member, EscalationPolicy.Channel channel) {}

    private void pageNext(Due due, Site site) {
        EscalationPolicy policy = site.escalation(due.door());
        // The golden thread: a participant's own case manager is asked first, by SMS, for as long as
        // the policy's first step waits; then the policy's steps follow.
        String own = due.ownCaseManager() != null
                        && site.caseManager(due.ownCaseManager()).isPresent()
                ? due.ownCaseManager()
                : null;
        int first = own == null ? 0 : 1;
        int stepsPerRound = policy.steps().size();
        int steps = first + stepsPerRound * policy.repeat();
        Set<String> declined = Set.copyOf(db.sql("select recipient_id from handoff_decline where referral_id = ?")
                .param(due.referralId())
                .query(String.class)
                .list());
        int step = due.step();
        List<Recipient> recipients = List.of();
        // A step whose layers have nobody on call now (or only people who declined) is passed over at
        // once: waiting out its delay would page nobody.
        for (; step < steps && recipients.isEmpty(); step++) {
            recipients = step < first
                    ? List.of(new Recipient(site.caseManager(own).orElseThrow(), EscalationPolicy.Channel.SMS))
                    : recipients(
                            site,
                            policy.steps().get((step - first) % stepsPerRound),
                            (step - first) / stepsPerRound == 0 ? own : null,
                            declined,
                            due.now());
        }
        if (recipients.isEmpty() && (breakers.anyDown() || pages.awaitingProvider(due.referralId()))) {
            // Nobody may be marked unanswered because of the provider alone: while its pages wait
            // for the provider (or a channel is down), the end of the policy is looked at again later.
            handoffs.retryInAMinute(due.referralId());
            log.warn(
                    "Handoff {}: escalation of site {} at its end while the provider is down; looking again in 60 s",
                    due.shortRef(),
                    site.id());
            return;
        }
        if (recipients.isEmpty()) {
            handoffs.unanswered(due.referralId(), steps);
            log.warn(
                    "Handoff {} unanswered: escalation of site {} exhausted after {} steps",
                    due.shortRef(),
                    site.id(),
                    steps);
            return;
        }
        int fired = step - 1;
        Set<String> warned = new java.util.HashSet<>();
        for (Recipient recipient : recipients) {
            Site.CaseManager member = recipient.member();
            // Over the caseload limit: paged all the same, and staff are told in the handoff's event
            // log (its details and clock pages), never in the text, which carries counts of nobody.
            if (warned.add(member.id())) {
                caseloads
                        .over(site.id(), member.id())
                        .ifPresent(load -> clock.event(
                                due.referralId(),
                                "OVER_CASELOAD",
                                HandoffClock.Via.SYSTEM,
                                member.id(),
                                load.warning()));
            }
            if (recipient.channel() == EscalationPolicy.Channel.VOICE) {
                pages.add(
                        due.referralId(),
                        fired,
                        "VOICE",
                        member.id(),
                        member.phone(),
                        (code, id) -> PageText.speech(due.shortRef(), due.door(), due.place()));
            } else {
                pages.add(
                        due.referralId(),
                        fired,
                        "PAGE",
                        member.id(),
                        member.phone(),
                        (code, id) -> PageText.page(due.shortRef(), due.door(), due.place(), code, links.unminted()));
            }
        }
        Duration wait = fired < first
                ? policy.steps().get(0).delay()
                : policy.steps().get((fired - first) % stepsPerRound).delay();
        handoffs.stepFired(due.referralId(), fired + 1, wait);
        log.info(
                "Handoff {} step {}: paging {}",
                due.shortRef(),
                fired,
                recipients.stream()
                        .map(r -> r.member().id() + " by " + r.channel())
                        .toList());
    }

    /**
     * Whom one step pages now: the case manager on call in each of its layers, by each of its
     * channels, each person once, leaving out anyone who declined this handoff and, in the first
     * round, the SMS to an own case manager already asked by SMS.
     */
    private static List<Recipient> recipients(
            Site site, EscalationPolicy.Step step, String alreadyAsked, Set<String> declined, Instant now) {
        Map<String, Site.CaseManager> members = new LinkedHashMap<>();
        for (String layer : step.layers()) {
            site.onCall(layer, now)
                    .filter(m -> !declined.contains(m.id()))
                    .ifPresent(m -> members.putIfAbsent(m.id(), m));
        }
        List<Recipient> recipients = new ArrayList<>();
        for (Site.CaseManager member : members.values()) {
            for (EscalationPolicy.Channel channel : step.channels()) {
                if (!(channel == EscalationPolicy.Channel.SMS && member.id().equals(alreadyAsked))) {
                    recipients.add(new Recipient(member, channel));
                }
            }
        }
        return recipients;
    }
}
