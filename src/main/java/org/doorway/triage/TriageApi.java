package org.doorway.triage;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.doorway.referral.ReferralStore;
import org.doorway.staff.ReferralAccess;
import org.doorway.staff.StaffRoles;
import org.doorway.staff.StaffSites;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
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
 * Reviews and overrides are taken by {@link StaffDecisions}, as on the dashboard's screens.
 */
@RestController
class TriageApi {

    private final ReferralStore referrals;
    private final Decisions decisions;
    private final OwgReviews reviews;
    private final FollowUps followUps;
    private final StaffSites staffSites;
    private final ReferralAccess access;
    private final StaffDecisions staffDecisions;

    TriageApi(
            ReferralStore referrals,
            Decisions decisions,
            OwgReviews reviews,
            FollowUps followUps,
            StaffSites staffSites,
            ReferralAccess access,
            StaffDecisions staffDecisions) {
        this.referrals = referrals;
        this.decisions = decisions;
        this.reviews = reviews;
        this.followUps = followUps;
        this.staffSites = staffSites;
        this.access = access;
        this.staffDecisions = staffDecisions;
    }

    /** The OWG's decision on a referral. */
    record ReviewRequest(String decision, String reason) {}

    /** A late override. */
    record OverrideRequest(String by, String rank, String reason) {}

    /** A referral's decisions: the one in force and the ones before it, oldest first. */
    record DecisionsView(
            UUID referralId, StaffDecisions.DecisionView current, List<StaffDecisions.DecisionView> history) {}

    @GetMapping("/api/v1/owg/pending")
    List<OwgReviews.Pending> pending(@RequestParam(required = false) String site, Authentication user) {
        StaffRoles.require(user, StaffRoles.OWG);
        return reviews.pending(staffSites.scope(user, site));
    }

    @PostMapping("/api/v1/referrals/{id}/review")
    StaffDecisions.Reviewed review(@PathVariable String id, @RequestBody ReviewRequest request, Authentication user) {
        return staffDecisions.review(id, request.decision(), request.reason(), user);
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
                new StaffDecisions.DecisionView(current.decision(), current.decidedAt()),
                decisions.history(referral.id()).stream()
                        .map(r -> new StaffDecisions.DecisionView(r.decision(), r.decidedAt()))
                        .toList());
    }

    @PostMapping("/api/v1/referrals/{id}/override")
    StaffDecisions.DecisionView override(
            @PathVariable String id, @RequestBody OverrideRequest request, Authentication user) {
        return staffDecisions.override(id, request.by(), request.rank(), request.reason(), user);
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
