package org.doorway.handoff;

import java.time.Instant;
import java.util.UUID;

/**
 * The clock of one warm handoff: each moment is {@code null} until it happens.
 *
 * @param referralId     the referral
 * @param site           its site
 * @param state          {@code PAGING} until someone acknowledges, then {@code ACKNOWLEDGED},
 *                       {@code EN_ROUTE}, {@code ON_SCENE}, {@code HANDED_OFF}; or {@code UNANSWERED}
 *                       (the rotation was exhausted), {@code PERSON_LEFT}, {@code CANCELLED}
 * @param requestedAt    the request reached Doorway
 * @param pagedAt        the first page was accepted by the SMS provider
 * @param deliveredAt    the first page reached a phone
 * @param acknowledgedAt a case manager said they are coming
 * @param responderId    the case manager who acknowledged
 * @param etaMinutes     the ETA they gave, if any
 * @param enRouteAt      they said they were on their way
 * @param onSceneAt      they arrived
 * @param handedOffAt    the person was handed over to them
 * @param closedAt       the handoff ended (handed off, person left, cancelled)
 * @param closeReason    how it ended
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
        Integer etaMinutes,
        Instant enRouteAt,
        Instant onSceneAt,
        Instant handedOffAt,
        Instant closedAt,
        String closeReason) {

    /** Whether the handoff is still under way: someone is being paged, or is coming. */
    public boolean active() {
        return "PAGING".equals(state)
                || "ACKNOWLEDGED".equals(state)
                || "EN_ROUTE".equals(state)
                || "ON_SCENE".equals(state);
    }
}
