package org.doorway.handoff;

import java.time.Instant;
import java.util.UUID;

/**
 * A warm handoff was requested and committed: the paging engine has someone to page.
 * Published inside the committing transaction; listeners act after commit.
 *
 * @param referralId  the referral
 * @param site        its site
 * @param requestedAt when the request reached Doorway: the start of the handoff clock
 */
public record HandoffRequested(UUID referralId, String site, Instant requestedAt) {}
