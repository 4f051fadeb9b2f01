package org.doorway.staff;

/**
 * What a member of staff may see and do.
 * <ul>
 *   <li>{@link #DISPATCHER}: the intake status of their own source's referrals, nothing about the
 *       people in them beyond what the source sent;</li>
 *   <li>{@link #CASE_MANAGER}: their own pages and handoffs, and their participants;</li>
 *   <li>{@link #SUPERVISOR}: everything of their site, reviews and overrides included;</li>
 *   <li>{@link #ADMIN}: everything, accounts included;</li>
 *   <li>{@link #PCG_VIEWER}: aggregates only (counts, rates, latencies), small counts suppressed.</li>
 * </ul>
 */
public enum StaffRole {
    DISPATCHER,
    CASE_MANAGER,
    SUPERVISOR,
    ADMIN,
    PCG_VIEWER;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
