package org.doorway.triage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.triage.internal.PolicyEngine;
import org.doorway.triage.participants.Participants;
import org.springframework.stereotype.Component;

/**
 * Triage for intake: finds the version of the referral's site policy in force when the referral was
 * received, gathers what the {@link PolicyEngine} needs from the database (the team's load, the
 * enrolled participant the referral matches), and lets the engine decide.
 */
@Component
public class Triage {

    private final Policies policies;
    private final Sites sites;
    private final Participants participants;
    private final OwgReviews reviews;

    Triage(Policies policies, Sites sites, Participants participants, OwgReviews reviews) {
        this.policies = policies;
        this.sites = sites;
        this.participants = participants;
        this.reviews = reviews;
    }

    /**
     * Why the site does not take this referral at all, or empty when it does: its call type (or
     * charge, or lack of either) is not routed by the policy in force at {@code receivedAt}, or no
     * version of the site's policy was in force yet. Such referrals are not stored, only counted.
     */
    public Optional<String> notRouted(Referral referral) {
        Optional<Policy> policy = policies.inForce(referral.site(), referral.receivedAt());
        if (policy.isEmpty()) {
            return Optional.of("no policy of site " + referral.site() + " is in force at " + referral.receivedAt()
                    + ", so nothing is routed");
        }
        return PolicyEngine.notRouted(referral, policy.get());
    }

    /**
     * The door the policy of {@code site} in force at {@code at} gives a call type, service code or
     * charge code ({@code null} code: a record without one), for mappers whose source does not say
     * the door; {@code null} when the policy routes no such code (such a record will not be routed).
     */
    public Door doorFor(String site, Instant at, String code) {
        return policies.inForce(site, at).flatMap(p -> p.doorFor(code)).orElse(null);
    }

    /**
     * The referrer role the policy of {@code site} in force at {@code at} routes a call type or
     * service code with ({@code null} code: a record without one), or {@code null} when it names
     * none ({@link Policy#referrerRoleFor}).
     */
    public String referrerRoleFor(String site, Instant at, String code) {
        return policies.inForce(site, at).flatMap(p -> p.referrerRoleFor(code)).orElse(null);
    }

    /**
     * Decides what should happen to a referral the site takes ({@link #notRouted} empty), under the
     * policy in force when it was received.
     *
     * @throws IllegalStateException when no policy of the referral's site is in force then
     */
    public Decision decide(Referral referral) {
        Policy policy = policies.inForce(referral.site(), referral.receivedAt())
                .orElseThrow(() -> new IllegalStateException("no policy of site " + referral.site() + " is in force"));
        return decide(referral, policy, referral.receivedAt());
    }

    /** Decides under a given policy version, as of {@code now} (a late override is decided when it is made). */
    Decision decide(Referral referral, Policy policy, Instant now) {
        return PolicyEngine.decide(referral, policy, facts(referral, policy, now));
    }

    private TriageFacts facts(Referral referral, Policy policy, Instant now) {
        Site site = sites.get(referral.site());
        TriageFacts.Capacity capacity = new TriageFacts.Capacity(
                site.caseManagers().size(), participants.activeCount(site.id()), reviews.queuedByPriority(site.id()));
        List<TriageFacts.Participant> matches =
                participants.match(site.id(), policy.goldenThread().match(), PolicyEngine.referredPerson(referral));
        return new TriageFacts(now, capacity, matches.size() == 1 ? matches.get(0) : null, matches.size() > 1);
    }
}
