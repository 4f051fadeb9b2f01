package org.doorway.handoff;

import java.util.List;
import java.util.UUID;

/**
 * A handoff reached its site's near-target minute with nobody on scene and is still open: the
 * site's supervisor is to be alerted, once. Published synchronously inside the transaction that
 * recorded the alert (with the handoff's row locked), so that the text a listener adds commits or
 * rolls back with it.
 *
 * @param referralId the referral
 * @param layers     the on-call layers to alert (the policy's {@code near-target.notify})
 * @param state      the handoff's state at that moment ({@code PAGING}, {@code ACKNOWLEDGED},
 *                   {@code EN_ROUTE} or {@code UNANSWERED})
 * @param minutes    how many minutes after the request the alert fires
 */
public record NearTarget(UUID referralId, List<String> layers, String state, long minutes) {}
