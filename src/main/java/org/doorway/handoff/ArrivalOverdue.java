package org.doorway.handoff;

import java.util.UUID;

/**
 * A case manager en route is past their ETA and the site's grace, and nobody is on scene: they are
 * to be asked whether they are still coming. Published synchronously inside the transaction that
 * recorded the question (with the handoff's row locked), so that the text a listener adds commits
 * or rolls back with it.
 *
 * @param referralId  the referral
 * @param eventId     the {@code handoff_event} row ({@code ARRIVAL_ASKED}) that records the question
 * @param responderId the case manager to ask
 */
public record ArrivalOverdue(UUID referralId, long eventId, String responderId) {}
