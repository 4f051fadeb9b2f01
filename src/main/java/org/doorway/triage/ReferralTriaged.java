package org.doorway.triage;

import org.doorway.referral.Referral;

/**
 * A referral and the decision triage took on it, not yet stored.
 *
 * @param referral the canonical referral
 * @param decision what the site's policy says should happen
 */
public record ReferralTriaged(Referral referral, Decision decision) {}
