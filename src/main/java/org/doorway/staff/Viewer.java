package org.doorway.staff;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who is looking at the dashboard, and so what it may show them (enforced here, on the server;
 * the pages only leave out what a viewer may not have).
 *
 * <ul>
 *   <li>{@link Sight#STATUS} — a dispatcher: the intake status of their own source's open handoffs
 *       (short reference, door, state, elapsed time), nothing about people, no reports;</li>
 *   <li>{@link Sight#OWN} — a case manager: the handoffs, pages and referrals they were part of
 *       (paged, responded, or the participant's own case manager), as rows and as the figures
 *       computed from them; their site's coverage gaps;</li>
 *   <li>{@link Sight#ALL} — a supervisor or administrator: everything of their site (or of every site);
 *       only they correct a handoff's clock; an OWG member: everything of their site but that;</li>
 *   <li>{@link Sight#AGGREGATE} — a PCG viewer, or a source system by API key: counts, rates and
 *       latencies only, no per-referral rows, and every count below the configured threshold
 *       suppressed.</li>
 * </ul>
 *
 * @param name          the user name (or {@code site/source} of a source system)
 * @param role          the staff role, or {@code null} for a source system
 * @param site          the one site they belong to, or {@code null} for every site
 * @param caseManagerId a case manager's id in the site's roster, else {@code null}
 * @param source        a dispatcher's (or source system's) source name, else {@code null}
 * @param sight         what they may see
 */
public record Viewer(String name, StaffRole role, String site, String caseManagerId, String source, Sight sight) {

    /** How much of the data a viewer may see. */
    public enum Sight {
        STATUS,
        OWN,
        ALL,
        AGGREGATE
    }

    /** A part of the dashboard. */
    public enum Section {
        /** The live board of open handoffs. */
        BOARD,
        /** Latency percentiles and charts. */
        LATENCY,
        /** Breaches of the target and the hours they cluster in. */
        BREACHES,
        /** Hours ahead with nobody on call. */
        COVERAGE,
        /** Pages sent, failed, retried, held. */
        PAGES,
        /** Race, ethnicity and gender at each stage. */
        EQUITY,
        /** Missed diversion opportunities. */
        MISSED,
        /** The Operations Work Group's agenda and intake deadlines. */
        OWG,
        /** Correcting a handoff's clock, and extending intake deadlines. */
        CORRECT,
        /** The coverage planner: staffing scenarios replayed over the site's stored referrals (aggregates only). */
        PLANNER
    }

    private static final Set<Section> STATUS_SECTIONS = EnumSet.of(Section.BOARD);
    private static final Set<Section> OWN_SECTIONS =
            EnumSet.of(Section.BOARD, Section.LATENCY, Section.BREACHES, Section.COVERAGE, Section.PAGES, Section.OWG);
    private static final Set<Section> AGGREGATE_SECTIONS = EnumSet.of(
            Section.BOARD,
            Section.LATENCY,
            Section.BREACHES,
            Section.COVERAGE,
            Section.PAGES,
            Section.EQUITY,
            Section.MISSED,
            Section.OWG,
            Section.PLANNER);

    /** Whether this viewer may see {@code section} at all (in the form their sight allows). */
    public boolean may(Section section) {
        return switch (sight) {
            case STATUS -> STATUS_SECTIONS.contains(section);
            case OWN -> OWN_SECTIONS.contains(section);
            case AGGREGATE -> AGGREGATE_SECTIONS.contains(section);
            case ALL -> section != Section.CORRECT || role != StaffRole.OWG_MEMBER;
        };
    }

    /** Whether this is the global administrator: an administrator bound to no site, who manages every account. */
    public boolean globalAdmin() {
        return role == StaffRole.ADMIN && site == null;
    }

    /** Whether this is an administrator of one site, who manages the accounts of that site only. */
    public boolean siteAdmin() {
        return role == StaffRole.ADMIN && site != null;
    }

    /** Whether this viewer sees rows about single referrals (short references, times, responders). */
    public boolean seesRows() {
        return sight == Sight.ALL || sight == Sight.OWN;
    }

    /** Whether small counts are suppressed for this viewer. */
    public boolean suppressed() {
        return sight == Sight.AGGREGATE;
    }

    /** Whether this viewer may look at {@code siteId}'s data. */
    public boolean covers(String siteId) {
        return site == null || site.equals(siteId);
    }

    /**
     * The site a request may report on: the viewer's own when they have one (another is refused),
     * else the one asked for, or {@code null} for every site.
     *
     * @throws SecurityException when a viewer of one site asks for another
     */
    public String siteFilter(String requested) {
        String asked = requested == null || requested.isBlank() ? null : requested.trim();
        if (site == null) {
            return asked;
        }
        if (asked != null && !asked.equals(site)) {
            throw new SecurityException("not this viewer's site");
        }
        return site;
    }
}
