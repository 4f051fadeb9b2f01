/**
 * The demo site's fictional history ({@code doorway.demo.history}): so that a newcomer's first
 * start shows the dashboard, the equity report, the OWG agenda and the coverage planner with
 * real-looking figures instead of "Nothing measured in this period".
 *
 * <p>Owns no table: the referrals, decisions, handoffs and OWG decisions it makes up are written
 * through their owners' public classes ({@code referral.ReferralStore}, {@code triage.Decisions},
 * {@code triage.DemoReviews}, {@code handoff.DemoHandoffs}).
 */
@OwnsTables({})
package org.doorway.demo;

import org.doorway.system.OwnsTables;
