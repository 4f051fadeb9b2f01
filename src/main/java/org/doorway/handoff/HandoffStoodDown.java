package org.doorway.handoff;

import java.util.UUID;

/**
 * A handoff no longer needs anyone paged: someone acknowledged it, or it was closed as
 * {@code PERSON_LEFT} or {@code CANCELLED}. Whoever pages for handoffs stands down what it has not
 * sent yet. Published synchronously inside the transaction that recorded the move (with the
 * handoff's row locked), so that whatever a listener writes commits or rolls back with it; a
 * listener must therefore be a plain {@code @EventListener}, not a
 * {@code @TransactionalEventListener}.
 *
 * @param referralId the referral whose handoff stood down
 */
public record HandoffStoodDown(UUID referralId) {}
