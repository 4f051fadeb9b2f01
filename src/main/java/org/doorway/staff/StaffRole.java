package org.doorway.staff;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a member of staff may see and do.
 * <ul>
 *   <li>{@link #DISPATCHER}: the intake status of their own source's referrals, nothing about the
 *       people in them beyond what the source sent. Always bound to one site;</li>
 *   <li>{@link #CASE_MANAGER}: their own pages and handoffs, and their participants (never the OWG
 *       queue, follow-ups, overrides or the triage decisions of referrals they had no part in; they
 *       do not choose whose case manager they are). Always bound to one site;</li>
 *   <li>{@link #OWG_MEMBER}: a member of the site's Operations Work Group: the referrals waiting for
 *       the OWG and its decisions on them, open field follow-ups, late overrides, any referral's
 *       triage decisions, the dashboard of their site, and which case manager a participant has.
 *       They neither record overrides nor correct a handoff's clock. Always bound to one site;</li>
 *   <li>{@link #SUPERVISOR}: everything of their site (or of every site when bound to none), reviews
 *       and overrides included;</li>
 *   <li>{@link #ADMIN}: everything of their site, accounts of that site included; an administrator
 *       bound to no site is the global administrator, who alone manages every account;</li>
 *   <li>{@link #PCG_VIEWER}: aggregates only (counts, rates, latencies), small counts suppressed.</li>
 * </ul>
 */
public enum StaffRole {
    DISPATCHER,
    CASE_MANAGER,
    OWG_MEMBER,
    SUPERVISOR,
    ADMIN,
    PCG_VIEWER;

    private static final Set<StaffRole> SITE_BOUND = EnumSet.of(DISPATCHER, CASE_MANAGER, OWG_MEMBER);

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /**
     * Whether someone in this role must belong to one site: their work (pages, a source's
     * referrals, one OWG) exists only within a site, so without one they are refused.
     */
    public boolean siteBound() {
        return SITE_BOUND.contains(this);
    }
}
