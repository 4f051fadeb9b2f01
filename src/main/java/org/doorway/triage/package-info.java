/**
 * Stage 3, triage: the site's policy ({@link org.doorway.triage.Policy}, versioned files read by
 * {@link org.doorway.triage.Policies}) applied to each referral ({@link org.doorway.triage.Triage}),
 * the stored decisions with their reasons ({@link org.doorway.triage.Decisions}), the Operations Work
 * Group's reviews and the field follow-ups they lead to, intake deadlines and the staff API over
 * them, and each case manager's caseload against the site's limit ({@link org.doorway.triage.Caseloads}).
 * {@code internal} holds the policy language's reader and engine; {@code participants} the golden
 * thread (enrolled participants, matched by keyed hashes, never by stored names), their screens and
 * history, and a case manager's "my work" page.
 */
@OwnsTables({
    "triage_decision",
    "triage_decision_history",
    "owg_review",
    "follow_up",
    "intake_done",
    "intake_extension",
    "participant",
    "participant_key",
    "participant_event"
})
package org.doorway.triage;

import org.doorway.system.OwnsTables;
