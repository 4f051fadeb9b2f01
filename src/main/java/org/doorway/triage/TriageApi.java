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
import org.doorway.staff.ReferralAccess;
import org.doorway.staff.StaffRoles;
import org.doorway.staff.StaffSites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What staff do with triage's decisions. Signed-in staff only; errors are
 * {@code application/problem+json}.
 *
 * <ul>
 *   <li>{@code GET /api/v1/owg/pending[?site=]}: referrals waiting for the Operations Work Group
 *       (queued community referrals by priority, then the oldest first). The OWG's business:
 *       administrators, supervisors and OWG members.</li>
 *   <li>{@code POST /api/v1/referrals/{id}/review} {@code {"decision":"approve"|"deny","reason":"…"}}:
 *       the OWG's decision, with who and when; an approval queues field follow-up with the
 *       policy's deadline. Administrators, supervisors and OWG members.</li>
 *   <li>{@code GET /api/v1/follow-ups[?site=]}: open field follow-ups, the earliest deadline first.
 *       Administrators, supervisors and OWG members.</li>
 *   <li>{@code POST /api/v1/referrals/{id}/override} {@code {"by","rank","reason"}}: a sergeant's or
 *       commander's late override of an arrest diversion refused for an exclusion; the referral is
 *       decided again under the same policy version and the earlier decision kept in its history.
 *       Supervisors and administrators.</li>
 *   <li>{@code GET /api/v1/overrides[?site=]}: every override, accepted or refused, newest first.
 *       Administrators, supervisors and OWG members.</li>
 *   <li>{@code GET /api/v1/referrals/{id}/decisions}: the decision in force and the ones before it.
 *       Administrators, supervisors and OWG members; a case manager only for a referral they were
 *       part of ({@link ReferralAccess}), else 403.</li>
 * </ul>
 */
@RestController
class TriageApi {

    private static final Logger log = LoggerFactory.getLogger(TriageApi.class);

    private final ReferralStore referrals;
    private final Decisions decisions;
    private final OwgReviews reviews;
    private final FollowUps followUps;
    private final Policies policies;
    private final Triage triage;
    private final Handoffs handoffs;
    private final TransactionTemplate transaction;
    private final StaffSites staffSites;
    private final ReferralAccess access;

    TriageApi(
            ReferralStore referrals,
            Decisions decisions,
            OwgReviews reviews,
            FollowUps followUps,
            Policies policies,
            Triage triage,
            Handoffs handoffs,
            TransactionTemplate transaction,
            StaffSites staffSites,
            ReferralAccess access) {
        this.referrals = referrals;
        this.decisions = decisions;
        this.reviews = reviews;
        this.followUps = followUps;
        this.policies = policies;
        this.triage = triage;
        this.handoffs = handoffs;
        this.transaction = transaction;
        this.staffSites = staffSites;
        this.access = access;
    }

    /** The OWG's decision on a referral. */
    record ReviewRequest(String decision, String reason) {}

    /** A late override. */
    record OverrideRequest(String by, String rank, String reason) {}

    /** The OWG's decision as stored, and the follow-up an approval queued. */
    record Reviewed(UUID referralId, Decision.Review review, Instant followUpDue) {}

    /** A decision with when it was taken. */
    record DecisionView(Decision decision, Instant decidedAt) {}

    /** A referral's decisions: the one in force and the ones before it, oldest first. */
    record DecisionsView(UUID referralId, DecisionView current, List<DecisionView> history) {}

    @GetMapping("/api/v1/owg/pending")
    List<OwgReviews.Pending> pending(@RequestParam(required = false) String site, Authentication user) {
        StaffRoles.require(user, StaffRoles.OWG);
        return reviews.pending(staffSites.scope(user, site));
    }

    @PostMapping("/api/v1/referrals/{id}/review")
    Reviewed review(@PathVariable String id, @RequestBody ReviewRequest request, Authentication user) {
        String by = StaffRoles.require(user, StaffRoles.OWG);
        List<Map<String, String>> errors = new ArrayList<>();
        String decision =
                request.decision() == null ? "" : request.decision().trim().toLowerCase(Locale.ROOT);
        if (!decision.equals("approve") && !decision.equals("deny")) {
            errors.add(Map.of("field", "decision", "reason", "must be approve or deny"));
        }
        if (request.reason() == null || request.reason().isBlank()) {
            errors.add(Map.of("field", "reason", "reason", "required: the OWG's reason, in words"));
        }
        if (!errors.isEmpty()) {
            throw StaffRoles.invalid(errors);
        }
        ReferralStore.Stored referral = referral(id, user);
        boolean approve = decision.equals("approve");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL stores it
        return transaction.execute(tx -> {
            Decision.Review review = reviews.decide(
                            referral.id(), approve, by, request.reason().trim(), now)
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

    @GetMapping("/api/v1/follow-ups")
    List<FollowUps.Open> followUps(@RequestParam(required = false) String site, Authentication user) {
        StaffRoles.require(user, StaffRoles.OWG);
        return followUps.open(staffSites.scope(user, site));
    }

    @GetMapping("/api/v1/overrides")
    List<Decisions.OverrideMade> overrides(@RequestParam(required = false) String site, Authentication user) {
        StaffRoles.require(user, StaffRoles.OWG);
        return decisions.overrides(staffSites.scope(user, site));
    }

    @GetMapping("/api/v1/referrals/{id}/decisions")
    DecisionsView decisions(@PathVariable String id, Authentication user) {
        StaffRoles.require(user, StaffRoles.STAFF);
        ReferralStore.Stored referral = referral(id, user);
        if (!StaffRoles.holds(user, StaffRoles.OWG)
                && access.level(null, user, referral) != ReferralAccess.Level.FULL) {
            throw StaffRoles.problem(
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "Not allowed",
                    "A case manager sees the decisions of referrals they were part of only.");
        }
        Decisions.Recorded current = decisions
                .find(referral.id())
                .orElseThrow(() -> StaffRoles.problem(
                        HttpStatus.NOT_FOUND, "not-found", "No decision", "This referral has no decision."));
        return new DecisionsView(
                referral.id(),
                new DecisionView(current.decision(), current.decidedAt()),
                decisions.history(referral.id()).stream()
                        .map(r -> new DecisionView(r.decision(), r.decidedAt()))
                        .toList());
    }

    @PostMapping("/api/v1/referrals/{id}/override")
    DecisionView override(@PathVariable String id, @RequestBody OverrideRequest request, Authentication user) {
        String recordedBy = StaffRoles.require(user, StaffRoles.DECIDERS);
        List<Map<String, String>> errors = new ArrayList<>();
        for (String[] field :
                new String[][] {{"by", request.by()}, {"rank", request.rank()}, {"reason", request.reason()}}) {
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
        if (stored.door() != Door.ARREST_DIVERSION
                || earlier.outcome() != Outcome.NOT_ELIGIBLE
                || earlier.exclusions().isEmpty()) {
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
                        new Referral.Override(
                                request.by().trim(),
                                request.rank().trim(),
                                now,
                                request.reason().trim())));
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
