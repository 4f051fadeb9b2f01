package org.doorway.handoff;

import java.time.Instant;
import java.util.UUID;

/**
 * The clock of one warm handoff: each moment is {@code null} until it happens.
 *
 * @param referralId     the referral
 * @param site           its site
 * @param state          {@code PAGING} until someone acknowledges ({@code ACKNOWLEDGED}) or the
 *                       rotation is exhausted ({@code UNANSWERED})
 * @param requestedAt    the request reached Doorway
 * @param pagedAt        the first page was accepted by the SMS provider
 * @param deliveredAt    the first page reached a phone
 * @param acknowledgedAt a case manager said they are coming
 * @param responderId    the case manager who acknowledged
 * @param etaMinutes     the ETA they gave, if any
 */
public record Handoff(
        UUID referralId,
        String site,
        String state,
        Instant requestedAt,
        Instant pagedAt,
        Instant deliveredAt,
        Instant acknowledgedAt,
        String responderId,
        Integer etaMinutes) {

    /** Whether the handoff is still under way: someone is being paged, or is coming. */
    public boolean active() {
        return "PAGING".equals(state) || "ACKNOWLEDGED".equals(state);
    }
}
