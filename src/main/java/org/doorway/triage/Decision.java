package org.doorway.triage;

import java.util.List;

/**
 * Triage's decision on one referral, with the reasons in words a sergeant and a public defender can
 * read, each naming the policy rule it applied.
 *
 * @param outcome       what happens next
 * @param reasons       why; never empty
 * @param policyVersion the version of the site policy that decided
 */
public record Decision(Outcome outcome, List<String> reasons, String policyVersion) {

    public Decision {
        if (reasons == null || reasons.isEmpty()) {
            throw new IllegalArgumentException("a decision always says why");
        }
        reasons = List.copyOf(reasons);
    }
}
