package org.doorway.triage;

import java.util.List;
import org.doorway.referral.Referral;
import org.doorway.site.Site;
import org.springframework.stereotype.Component;

/**
 * Applies a site's policy to a referral. Pure: the same referral and policy always give the same
 * decision, so a decision can be replayed against a draft policy.
 */
@Component
public class Triage {

    /**
     * Why the site does not take this referral at all, or empty when it does. A referral whose call
     * type the policy does not name is not a LEAD referral (most of a CAD feed); one without any
     * call type is a dispatcher's forward and is decided on.
     */
    public java.util.Optional<String> notRouted(Referral referral, Site site) {
        String code = referral.callType() == null ? null : referral.callType().code();
        if (code == null || code.isBlank() || site.policy().warmHandoffCallTypes().contains(code)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("call type " + code + " is not routed by policy " + site.policy().version()
                + " of site " + site.id());
    }

    /** Decides what should happen to {@code referral} under {@code site}'s policy in force. */
    public Decision decide(Referral referral, Site site) {
        Site.Policy policy = site.policy();
        String code = referral.callType() == null ? null : referral.callType().code();
        if (code == null || code.isBlank()) {
            return new Decision(Outcome.NOT_ELIGIBLE, List.of(
                    "The referral has no call type, and policy " + policy.version()
                            + " asks for a warm handoff only on the call types in warm-handoff-now.call-types"),
                    policy.version());
        }
        if (policy.warmHandoffCallTypes().contains(code)) {
            return new Decision(Outcome.WARM_HANDOFF_NOW, List.of(
                    "Call type " + code + " is listed in warm-handoff-now.call-types of policy " + policy.version()),
                    policy.version());
        }
        return new Decision(Outcome.NOT_ELIGIBLE, List.of(
                "Call type " + code + " is not listed in warm-handoff-now.call-types of policy " + policy.version()),
                policy.version());
    }
}
