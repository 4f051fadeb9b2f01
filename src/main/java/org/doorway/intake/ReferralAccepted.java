package org.doorway.intake;

import java.util.UUID;
import org.doorway.referral.Door;
import org.doorway.triage.Outcome;

/**
 * What a source is told about one referral it sent: committed, under this id.
 *
 * @param id        Doorway's id of the referral (the same for every resend)
 * @param shortRef  the short reference staff and SMS use
 * @param door      its door
 * @param source    the kind of feed
 * @param sourceId  the feed's id of it
 * @param duplicate true when it had been received before and nothing changed
 * @param outcome   triage's decision
 * @param duplicateOf the referral this one repeats (the same incident or person through another door
 *                  or source, shortly before); it was stored and linked, and paged nobody again
 */
record ReferralAccepted(UUID id, String shortRef, Door door, String source, String sourceId, boolean duplicate,
                        Outcome outcome,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                        UUID duplicateOf) {}
