package org.doorway.planner;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.doorway.referral.Referral;
import org.doorway.triage.Decision;
import org.doorway.triage.Outcome;
import org.doorway.triage.Policy;
import org.doorway.triage.PolicyReplay;

/**
 * Referrals as the planner sees them: decided by the site's policy exactly as {@code policy replay}
 * decides them ({@link PolicyReplay#decide}), then sorted by when they happened. Referrals the
 * policy does not take are left out.
 *
 * @param zone     the site's time zone, in which on-call lines are read
 * @param arrivals the referrals the policy took, in time order
 */
public record Arrivals(ZoneId zone, List<Arrival> arrivals) {

    /** What the policy says a referral needs. */
    public enum Need {
        /** A warm handoff now: a case manager must go. */
        WARM_HANDOFF,
        /** A warm handoff, but outside the policy's operating hours or pilot zone: field follow-up. */
        OUTSIDE_POLICY_HOURS,
        /** Anything else (field follow-up by door, OWG review, redirect, not eligible). */
        NO_HANDOFF
    }

    /**
     * One referral the policy took.
     *
     * @param at        when it happened ({@code occurredAt}, else {@code receivedAt})
     * @param need      what the policy says it needs
     * @param latitude  where, if known
     * @param longitude where, if known
     * @param zone      the beat, precinct or dispatch group, if known
     */
    public record Arrival(Instant at, Need need, Double latitude, Double longitude, String zone) {

        /** One without a zone. */
        public Arrival(Instant at, Need need, Double latitude, Double longitude) {
            this(at, need, latitude, longitude, null);
        }
    }

    public Arrivals {
        arrivals = arrivals.stream().sorted(Comparator.comparing(Arrival::at)).toList();
    }

    /** The referrals {@code policy} takes, decided by it; those without any time are left out. */
    public static Arrivals of(List<Referral> referrals, Policy policy) {
        List<Arrival> arrivals = new ArrayList<>();
        for (Referral referral : referrals) {
            Instant at = referral.occurredAt() != null ? referral.occurredAt() : referral.receivedAt();
            Optional<Decision> decision = PolicyReplay.decide(referral, policy);
            if (at == null || decision.isEmpty()) {
                continue;
            }
            Referral.Location place = referral.location();
            arrivals.add(new Arrival(
                    at,
                    need(decision.get()),
                    place == null ? null : place.latitude(),
                    place == null ? null : place.longitude(),
                    place == null ? null : place.zone()));
        }
        return new Arrivals(policy.timeZone(), arrivals);
    }

    /**
     * A warm handoff; or field follow-up because of the operating hours, a holiday's hours
     * ({@code operating-hours.holidays[…]}) or the pilot zone; or anything else.
     */
    static Need need(Decision decision) {
        return need(
                decision.outcome().name(),
                decision.followUp() == null ? null : decision.followUp().rule());
    }

    /**
     * The same for a decision as stored ({@code triage_decision.outcome} and the follow-up's rule in
     * its {@code detail}), for planning over a site's stored referrals rather than exports.
     *
     * @param outcome      the decision's outcome ({@link Outcome#name()})
     * @param followUpRule the rule that set a field follow-up, or {@code null}
     */
    public static Need need(String outcome, String followUpRule) {
        if (Outcome.WARM_HANDOFF_NOW.name().equals(outcome)) {
            return Need.WARM_HANDOFF;
        }
        if (Outcome.FIELD_FOLLOW_UP.name().equals(outcome)
                && followUpRule != null
                && (followUpRule.startsWith("operating-hours") || followUpRule.startsWith("pilot-zone"))) {
            return Need.OUTSIDE_POLICY_HOURS;
        }
        return Need.NO_HANDOFF;
    }
}
