package org.doorway.dashboard.report;

/**
 * The stages a referral passes, as SQL over a referral {@code r} joined (left) to its triage
 * decision {@code d}, handoff {@code h} and OWG review {@code o}. Defined once, so that the equity
 * report, the missed diversions and the intake deadlines agree:
 * <ul>
 *   <li><b>eligible contact</b>: triage found the referral eligible under the site's policy — a
 *       warm handoff now, field follow-up, or OWG review;</li>
 *   <li><b>diverted</b>: an eligible arrest diversion that was not booked: its handoff was handed
 *       off (its own, or that of a later report of the same incident linked to it), outreach was
 *       queued instead (field follow-up), or the OWG approved it;</li>
 *   <li><b>handoff completed</b>: the referral's warm handoff reached "handed off";</li>
 *   <li><b>enrolled</b>: the person's intake is recorded ({@code intake_done}), or triage matched
 *       the referral to an enrolled participant (the golden thread).</li>
 * </ul>
 * A referral that repeats an earlier one ({@code duplicate_of}) is counted once, as the earlier one.
 */
public final class Stages {

    private Stages() {}

    public static final String ELIGIBLE =
            "coalesce(d.outcome in ('WARM_HANDOFF_NOW', 'FIELD_FOLLOW_UP', 'OWG_REVIEW'), false)";

    /** Handed off, this referral or a later report linked to it. */
    public static final String HANDED_OFF = """
            (coalesce(h.state = 'HANDED_OFF', false) or exists (select 1 from referral rd join handoff hd on hd.referral_id = rd.id
                                                 where rd.duplicate_of = r.id and hd.state = 'HANDED_OFF'))""";

    public static final String DIVERTED = "(r.door = 'ARREST_DIVERSION' and " + ELIGIBLE + " and (" + HANDED_OFF
            + " or coalesce(d.outcome = 'FIELD_FOLLOW_UP', false) or coalesce(o.state = 'APPROVED', false)))";

    public static final String ENROLLED = """
            (exists (select 1 from intake_done i where i.referral_id = r.id) or d.own_case_manager is not null)""";

    /** The joins the conditions above need, after {@code from referral r}. */
    public static final String JOINS = """
             left join triage_decision d on d.referral_id = r.id
             left join handoff h on h.referral_id = r.id
             left join owg_review o on o.referral_id = r.id
            """;

    /** A descriptor as reported: blank or missing is "not recorded". */
    public static String descriptor(String column) {
        return "coalesce(nullif(trim(d." + column + "), ''), 'not recorded')";
    }

    /**
     * A missed diversion opportunity: an arrest at the arrest-diversion door, with charges, whose
     * charges the site's policy made divertible (triage found it eligible, or refused it only for an
     * arrest-diversion exclusion, which is checked after the charges), that was not diverted and is
     * no longer under way (no handoff still open, no OWG review still pending).
     */
    public static final String MISSED =
            "(r.door = 'ARREST_DIVERSION' and jsonb_array_length(coalesce(r.body->'charges', cast('[]' as jsonb))) > 0"
                    + " and (" + ELIGIBLE + " or (coalesce(d.outcome = 'NOT_ELIGIBLE', false)"
                    + " and jsonb_array_length(coalesce(d.detail->'exclusions', cast('[]' as jsonb))) > 0))"
                    + " and not " + DIVERTED
                    + " and not coalesce(h.state in ('PAGING', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'), false)"
                    + " and not coalesce(o.state = 'PENDING', false))";
}
