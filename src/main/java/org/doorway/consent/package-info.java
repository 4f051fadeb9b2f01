/**
 * Consent: a participant's releases of information (ROI) under HIPAA and 42 CFR Part 2, and the
 * gate every disclosure to someone outside the LEAD team passes through. A release names its
 * parties, its scope (substance-use information; general program status), when it was signed, when
 * it expires and whether it was revoked ({@link org.doorway.consent.Consent}). Staff record and
 * revoke releases through {@code /api/v1/participants/{id}/consents} and the participant's consent
 * page; a disclosure asks {@link org.doorway.consent.Consents#release} what a party may be told
 * today and gets nothing beyond the minimal view without a live release naming that party.
 * Participants themselves belong to triage; this package reads their rows and writes only its own.
 */
@OwnsTables("consent")
package org.doorway.consent;

import org.doorway.system.OwnsTables;
