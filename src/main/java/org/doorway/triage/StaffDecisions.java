package org.doorway.triage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.doorway.handoff.Handoffs;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.referral.ReferralStore;
import org.doorway.staff.StaffRoles;
import org.doorway.staff.StaffSites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * What staff decide about a referral after triage: the Operations Work Group's approval or denial,
 * and a sergeant's or commander's late override of an exclusion. The JSON API ({@code TriageApi})
 * and the dashboard's meeting and override screens both come here, so a decision taken in the
 * browser is checked, stored and followed up exactly as one sent as JSON.
 *
 * <p>Every refusal is an {@link ErrorResponseException} carrying a problem detail (status, type,
 * a sentence without personal data, and for bad input the fields at fault); nothing is stored then.
 */
@Component
public class StaffDecisions {

    private static final Logger log = LoggerFactory.getLogger(StaffDecisions.class);

    private final ReferralStore referrals;
    private final Decisions decisions;
    private final OwgReviews reviews;
    private final FollowUps followUps;
    private final Policies policies;
    private final Triage triage;
    private final Handoffs handoffs;
    private final TransactionTemplate transaction;
    private final StaffSites staffSites;

    StaffDecisions(
            ReferralStore referrals,
            Decisions decisions,
            OwgReviews reviews,
            FollowUps followUps,
            Policies policies,
            Triage triage,
            Handoffs handoffs,
            TransactionTemplate transaction,
            StaffSites staffSites) {
        this.referrals = referrals;
        this.decisions = decisions;
        this.reviews = reviews;
        this.followUps = followUps;
        this.policies = policies;
        this.triage = triage;
        this.handoffs = handoffs;
        this.transaction = transaction;
        this.staffSites = staffSites;
    }

    /** The OWG's decision as stored, and the follow-up an approval queued. */
    public record Reviewed(UUID referralId, Decision.Review review, Instant followUpDue) {}

    /** A decision with when it was taken. */
    public record DecisionView(Decision decision, Instant decidedAt) {}

    /**
     * The OWG's decision on a referral waiting for it, taken by the signed-in {@code user}
     * (administrator, supervisor or OWG member of the referral's site). An approval opens a field
     * follow-up due within the policy's {@code owg-review.approved-follow-up-within}.
     *
     * @param id       the referral's id, as given
     * @param decision {@code approve} or {@code deny}
     * @param reason   the OWG's reason, in words (required)
     * @throws ErrorResponseException 400 for a bad decision or no reason, 404 for a referral the
     *                                user may not see, 409 when it is not pending review
     */
    public Reviewed review(String id, String decision, String reason, Authentication user) {
        String by = StaffRoles.require(user, StaffRoles.OWG);
        List<Map<String, String>> errors = new ArrayList<>();
        String chosen = decision == null ? "" : decision.trim().toLowerCase(Locale.ROOT);
        if (!chosen.equals("approve") && !chosen.equals("deny")) {
            errors.add(Map.of("field", "decision", "reason", "must be approve or deny"));
        }
        if (reason == null || reason.isBlank()) {
            errors.add(Map.of("field", "reason", "reason", "required: the OWG's reason, in words"));
        }
        if (!errors.isEmpty()) {
            throw StaffRoles.invalid(errors);
        }
        ReferralStore.Stored referral = referral(id, user);
        boolean approve = chosen.equals("approve");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL stores it
        return transaction.execute(tx -> {
            Decision.Review review = reviews.decide(referral.id(), approve, by, reason.trim(), now)
                    .orElseThrow(() -> StaffRoles.problem(
                            HttpStatus.CONFLICT,
                            "not-pending",
                            "Not pending review",
                            "This referral is not waiting for the Operations Work Group."));
            Instant due = null;
            if (approve) {
                Decisions.Recorded recorded = decisions.find(referral.id()).orElseThrow();
                Policy policy = policy(referral.site(), recorded.decision().policyVersion(), now);
                due = now.plus(policy.owgReview().approvedFollowUpWithin());
                Decision.OwnCaseManager own = recorded.decision().ownCaseManager();
                followUps.open(
                        referral.id(),
                        referral.site(),
                        referral.door(),
                        due,
                        own == null ? null : own.caseManagerId(),
                        "owg-review.approved-follow-up-within",
                        now);
            }
            log.info("Referral {}: OWG review {}", referral.id(), review.state());
            return new Reviewed(referral.id(), review, due);
        });
    }

    /**
     * The ranks the policy of a referral's decision allows to override an exclusion (lower case,
     * such as {@code sergeant}), if the referral is an arrest diversion refused for an exclusion
     * that {@code user} may override; empty otherwise.
     */
    public Optional<List<String>> overrideRanks(UUID referralId, Authentication user) {
        if (!StaffRoles.holds(user, StaffRoles.DECIDERS)) {
            return Optional.empty();
        }
        return referrals
                .find(referralId)
                .filter(r -> staffSites.allows(user, r.site()) && r.door() == Door.ARREST_DIVERSION)
                .flatMap(r -> decisions
                        .find(r.id())
                        .filter(d -> overridable(d.decision()))
                        .flatMap(d -> policies.version(r.site(), d.decision().policyVersion())
                                .or(() -> policies.inForce(r.site(), d.decidedAt()))))
                .map(p -> {
                    Policy.DoorRules rules = p.door(Door.ARREST_DIVERSION);
                    return rules == null || rules.override() == null
                            ? List.<String>of()
                            : rules.override().ranks();
                });
    }

    private static boolean overridable(Decision decision) {
        return decision.outcome() == Outcome.NOT_ELIGIBLE
                && !decision.exclusions().isEmpty();
    }

    /**
     * A sergeant's or commander's late override of an arrest diversion refused for an exclusion,
     * recorded by the signed-in {@code user} (supervisor or administrator): the referral is decided
     * again under the same policy version with the override in its screening, the earlier decision
     * kept in its history, and a warm handoff requested when the new decision says so.
     *
     * @param by     who overrides (the API takes it as given; the screen passes the signed-in user)
     * @param rank   their rank, which the policy must allow
     * @param reason why, in words
     * @throws ErrorResponseException 400 when a field is missing, 404 for a referral the user may not
     *                                see, 409 when there is nothing to override, 422 when the policy
     *                                does not accept the override (nothing stored)
     */
    public DecisionView override(String id, String by, String rank, String reason, Authentication user) {
        String recordedBy = StaffRoles.require(user, StaffRoles.DECIDERS);
        List<Map<String, String>> errors = new ArrayList<>();
        for (String[] field : new String[][] {{"by", by}, {"rank", rank}, {"reason", reason}}) {
            if (field[1] == null || field[1].isBlank()) {
                errors.add(Map.of("field", field[0], "reason", "required: an override says who, what rank and why"));
            }
        }
        if (!errors.isEmpty()) {
            throw StaffRoles.invalid(errors);
        }
        ReferralStore.Stored stored = referral(id, user);
        Decisions.Recorded current = decisions
                .find(stored.id())
                .orElseThrow(() -> StaffRoles.problem(
                        HttpStatus.CONFLICT,
                        "not-overridable",
                        "Nothing to override",
                        "This referral has no decision."));
        Decision earlier = current.decision();
        if (stored.door() != Door.ARREST_DIVERSION || !overridable(earlier)) {
            throw StaffRoles.problem(
                    HttpStatus.CONFLICT,
                    "not-overridable",
                    "Nothing to override",
                    "Only an arrest diversion refused for an exclusion can be overridden.");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL stores it
        Referral referral = referrals.body(stored.id()).orElseThrow();
        Referral.Screening s = referral.screening();
        Referral overridden = new Referral(
                referral.site(),
                referral.door(),
                referral.source(),
                referral.sourceId(),
                referral.occurredAt(),
                referral.receivedAt(),
                referral.location(),
                referral.callType(),
                referral.charges(),
                referral.referrer(),
                referral.persons(),
                referral.notes(),
                referral.warnings(),
                new Referral.Screening(
                        s.imminentDanger(),
                        s.consentToContact(),
                        s.unableToConsent(),
                        s.drugQuantityGrams(),
                        s.saleAboveSubsistence(),
                        s.exploitsMinors(),
                        s.violentOffence(),
                        s.protectionOrderViolation(),
                        s.victim(),
                        s.chronicLawViolations(),
                        s.expectsCriminalLegalResponse(),
                        new Referral.Override(by.trim(), rank.trim(), now, reason.trim())));
        Policy policy = policy(stored.site(), earlier.policyVersion(), referral.receivedAt());
        Decision next = triage.decide(overridden, policy, now);
        if (next.override() == null || !next.override().accepted()) {
            throw StaffRoles.problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "override-refused",
                    "Override not accepted",
                    "The policy does not accept this override; nothing was changed. "
                            + String.join(
                                    " ",
                                    next.reasons().stream()
                                            .filter(r -> r.contains(".override"))
                                            .toList()));
        }
        transaction.executeWithoutResult(tx -> {
            decisions.replace(stored.id(), next, now, recordedBy);
            if (next.outcome() == Outcome.WARM_HANDOFF_NOW) {
                handoffs.request(
                        stored.id(),
                        stored.site(),
                        now,
                        next.ownCaseManager() == null
                                ? null
                                : next.ownCaseManager().caseManagerId());
            }
        });
        log.info("Referral {}: exclusion overridden late; decided again as {}", stored.id(), next.outcome());
        return new DecisionView(next, now);
    }

    /** The policy version a decision used if it is still loaded, else the one in force at {@code at}. */
    private Policy policy(String site, String version, Instant at) {
        return policies.version(site, version)
                .or(() -> policies.inForce(site, at))
                .orElseThrow(() -> StaffRoles.problem(
                        HttpStatus.CONFLICT,
                        "no-policy",
                        "No policy in force",
                        "No version of this site's policy can decide this referral now."));
    }

    /** The referral, if {@code user} may work on its site; else 404, as if there were none. */
    private ReferralStore.Stored referral(String id, Authentication user) {
        Optional<ReferralStore.Stored> stored;
        try {
            stored = referrals.find(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            stored = Optional.empty();
        }
        return stored.filter(r -> staffSites.allows(user, r.site()))
                .orElseThrow(() -> StaffRoles.problem(
                        HttpStatus.NOT_FOUND, "not-found", "Referral not found", "No referral has this id."));
    }
}
