package org.doorway.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.referral.ReferralStore;
import org.doorway.triage.Decision;
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
 * @param tellReferrer what the referring officer or dispatcher is to be told at once (a warm
 *                  handoff is coming; outside hours, follow-up by a deadline; queued; not eligible
 *                  and where to turn instead)
 * @param tellDispatch for a redirect: what dispatch must send now (emergency or crisis response);
 *                  for a referral dispatch relayed for an officer the document does not identify:
 *                  what to pass on to them
 * @param change    for a record sent before in another version: {@code UPDATED} (a newer version,
 *                  triaged again), {@code CLOSED} (a newer version closing the incident) or
 *                  {@code OUT_OF_DATE} (older than the version in force: nothing changed);
 *                  absent for a new referral and an identical resend
 * @param version   the referral's version in force, when it has had more than one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ReferralAccepted(
        UUID id,
        String shortRef,
        Door door,
        String source,
        String sourceId,
        boolean duplicate,
        Outcome outcome,
        UUID duplicateOf,
        String tellReferrer,
        String tellDispatch,
        String change,
        Integer version) {

    /**
     * What a source is told about a decided referral; {@code version} is what storing another
     * version of it did, or {@code null} for a new referral and an identical resend.
     */
    static ReferralAccepted of(
            ReferralStore.Stored stored,
            Referral referral,
            boolean duplicate,
            Decision decision,
            UUID duplicateOf,
            ReferralStore.Saved version) {
        return new ReferralAccepted(
                stored.id(),
                stored.shortRef(),
                stored.door(),
                referral.source(),
                referral.sourceId(),
                duplicate,
                decision == null ? null : decision.outcome(),
                duplicateOf,
                decision == null || decision.tellReferrer().isBlank() ? null : decision.tellReferrer(),
                decision == null
                        ? null
                        : decision.redirect() != null ? decision.redirect().tellDispatch() : decision.tellDispatch(),
                version == null ? null : version.change().name(),
                version == null || version.version() < 2 ? null : version.version());
    }
}
