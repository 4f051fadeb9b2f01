/**
 * Stage 2, referral: the canonical {@link org.doorway.referral.Referral} every door produces, its
 * durable store ({@link org.doorway.referral.ReferralStore}: stored before any source is
 * acknowledged) and the search for earlier referrals it repeats ({@link org.doorway.referral.Duplicates}, by keyed match keys).
 * Depends on no other stage.
 */
@OwnsTables({"referral", "referral_match_key", "referral_version"})
package org.doorway.referral;

import org.doorway.system.OwnsTables;
