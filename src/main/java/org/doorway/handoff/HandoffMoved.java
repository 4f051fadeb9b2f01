package org.doorway.handoff;

import java.util.UUID;

/**
 * A handoff moved in a way the people waiting on it care about: someone took it (and said when
 * they would arrive), is on the way, arrived, handed off, dropped it, or nobody could come.
 * Published synchronously inside the transaction that recorded the move, so that whatever a
 * listener writes commits or rolls back with it.
 *
 * @param referralId the referral
 * @param eventId    the {@code handoff_event} row that records the move
 * @param kind       {@code ACKNOWLEDGED}, {@code EN_ROUTE}, {@code ON_SCENE}, {@code HANDED_OFF},
 *                   {@code DECLINED} (by the case manager who had it), {@code LAPSED},
 *                   {@code UNANSWERED}, {@code PERSON_LEFT} or {@code CANCELLED}
 * @param actor      the case manager concerned, or {@code null}
 */
public record HandoffMoved(UUID referralId, long eventId, String kind, String actor) {}
