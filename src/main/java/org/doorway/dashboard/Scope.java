package org.doorway.dashboard;

import org.doorway.staff.Viewer;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The SQL conditions that narrow the dashboard's queries to what a {@link Viewer} may see, with
 * their named parameters. Queries alias the referral {@code r} and, where there is one, the handoff
 * {@code h} and the page {@code p}.
 */
public final class Scope {

    private Scope() {}

    /** The site filter: {@code :site} null means every site. */
    public static final String SITE = "(cast(:site as text) is null or r.site = :site)";

    /**
     * Handoffs the viewer may see, site filter included: everything for supervisors, administrators
     * and aggregate viewers (whose queries only count); for a case manager those they were paged for,
     * took, or whose participant is theirs; for a dispatcher those their own source sent.
     */
    static final String HANDOFF = "(" + SITE + """
             and (:sight in ('ALL', 'AGGREGATE')
                  or (:sight = 'OWN' and cast(:cm as text) is not null
                      and (h.responder_id = :cm or h.own_case_manager = :cm
                           or exists (select 1 from page pg where pg.referral_id = h.referral_id and pg.recipient_id = :cm)))
                  or (:sight = 'STATUS' and cast(:source as text) is not null and r.channel = 'http:' || :source)))""";

    /** Pages the viewer may see: a case manager's own; every page of the site for the others. */
    static final String PAGE = "(" + SITE + """
             and (:sight in ('ALL', 'AGGREGATE') or (:sight = 'OWN' and cast(:cm as text) is not null and p.recipient_id = :cm)))""";

    /**
     * Referrals the viewer may see as rows (OWG agenda, intake deadlines): every one for supervisors,
     * administrators and aggregate viewers (who are shown counts only); for a case manager those
     * whose handoff they took or were paged for, or whose participant is theirs.
     */
    static final String REFERRAL = "(" + SITE + """
             and (:sight in ('ALL', 'AGGREGATE')
                  or (:sight = 'OWN' and cast(:cm as text) is not null
                      and (exists (select 1 from handoff hh where hh.referral_id = r.id
                                     and (hh.responder_id = :cm or hh.own_case_manager = :cm))
                           or exists (select 1 from page pg where pg.referral_id = r.id and pg.recipient_id = :cm)
                           or exists (select 1 from triage_decision dd where dd.referral_id = r.id
                                        and dd.own_case_manager = :cm)))))""";

    /** The parameters of these conditions. */
    static MapSqlParameterSource params(String site, Viewer viewer) {
        return new MapSqlParameterSource()
                .addValue("site", site)
                .addValue("sight", viewer.sight().name())
                .addValue("cm", viewer.caseManagerId())
                .addValue("source", viewer.source());
    }
}
