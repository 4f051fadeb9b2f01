package org.doorway.intake;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.doorway.handoff.Handoff;
import org.doorway.referral.ReferralStore;
import org.doorway.triage.Decision;
import org.doorway.triage.Decisions;

/**
 * A referral as a source system (by API key) and a dispatcher see it on {@code GET
 * /api/v1/referrals/{id}}: built field by field from an allow-list, never by removing fields from
 * the stored referral or decision (DOMAIN.md and 42 CFR Part 2: minimum necessary). It says what
 * became of the referral, what to tell the referrer, and who is coming and when; it never carries
 * the referred person's data, whether they are an enrolled participant, their case manager, the
 * exclusions that applied, the policy rules or the equity fields. {@code docs/privacy.md} lists
 * these fields, and {@code AudienceFieldsTest} holds the two to each other.
 *
 * @param id          Doorway's id of the referral
 * @param shortRef    the short reference staff and SMS use
 * @param channel     how it arrived ({@code http:<source>} or a feed)
 * @param site        the site it was sent to
 * @param door        the door it was decided under
 * @param duplicateOf the earlier referral this one repeats, or {@code null}
 * @param decision    what triage decided, as far as the referrer needs it; {@code null} before
 * @param handoff     the warm handoff's clock; {@code null} when there is none
 */
record SourceView(
        UUID id,
        String shortRef,
        String channel,
        String site,
        String door,
        UUID duplicateOf,
        SourceDecision decision,
        Clock handoff) {

    /** The view of a stored referral, its recorded decision and its handoff (either may be {@code null}). */
    static SourceView of(ReferralStore.Stored stored, Decisions.Recorded decision, Handoff handoff) {
        return new SourceView(
                stored.id(),
                stored.shortRef(),
                stored.channel(),
                stored.site(),
                stored.door() == null ? null : stored.door().name(),
                stored.duplicateOf(),
                decision == null ? null : SourceDecision.of(decision),
                handoff == null ? null : Clock.of(handoff));
    }

    /**
     * Triage's decision as the referrer needs it. {@code reasons} holds the words to tell the
     * referrer and nothing else: the decision's own reasons name rules and facts (an enrolled
     * participant, an exclusion) that are staff's business only.
     *
     * @param outcome       what happens next
     * @param reasons       the words to tell the referrer, as a one-element list (the field older
     *                      clients read)
     * @param tellReferrer  what the referrer is to be told, in the site's words
     * @param tellDispatch  what dispatch must send now (a redirect) or pass on to the officer; or {@code null}
     * @param followUpBy    for a field follow-up: when outreach begins at the latest; else {@code null}
     * @param alternatives  for a referral that is not eligible: the site's other resources; else empty
     * @param review        for an Operations Work Group review: {@code PENDING}, {@code APPROVED} or
     *                      {@code DENIED}; else {@code null}
     * @param policyVersion the version of the site's policy that decided
     * @param decidedAt     when
     */
    record SourceDecision(
            String outcome,
            List<String> reasons,
            String tellReferrer,
            String tellDispatch,
            Instant followUpBy,
            List<Resource> alternatives,
            String review,
            String policyVersion,
            Instant decidedAt) {

        static SourceDecision of(Decisions.Recorded recorded) {
            Decision d = recorded.decision();
            String tell = d.tellReferrer();
            return new SourceDecision(
                    d.outcome().name(),
                    tell.isBlank() ? List.of() : List.of(tell),
                    tell,
                    d.redirect() != null ? d.redirect().tellDispatch() : d.tellDispatch(),
                    d.followUp() == null ? null : d.followUp().deadline(),
                    d.alternatives().stream()
                            .map(a -> new Resource(a.name(), a.contact(), a.description()))
                            .toList(),
                    d.review() == null ? null : d.review().state().name(),
                    d.policyVersion(),
                    recorded.decidedAt());
        }
    }

    /**
     * One of the site's other resources, offered when a referral is not eligible.
     *
     * @param name        its name
     * @param contact     how to reach it
     * @param description what it offers
     */
    record Resource(String name, String contact, String description) {}

    /**
     * The warm handoff's clock: when each step happened, who is coming and when. Staff see the
     * same clock.
     *
     * @param state          where the handoff stands
     * @param requestedAt    when it was requested
     * @param pagedAt        when the first page went out
     * @param deliveredAt    when a page was delivered
     * @param acknowledgedAt when a case manager took it
     * @param enRouteAt      when they set off
     * @param onSceneAt      when they arrived
     * @param handedOffAt    when the person was handed off
     * @param closedAt       when it ended
     * @param closeReason    how it ended (a state such as {@code HANDED_OFF} or {@code CANCELLED})
     * @param responder      the roster id of the case manager coming
     * @param etaMinutes     in how many minutes they expect to be there
     */
    record Clock(
            String state,
            Instant requestedAt,
            Instant pagedAt,
            Instant deliveredAt,
            Instant acknowledgedAt,
            Instant enRouteAt,
            Instant onSceneAt,
            Instant handedOffAt,
            Instant closedAt,
            String closeReason,
            String responder,
            Integer etaMinutes) {

        static Clock of(Handoff h) {
            return new Clock(
                    h.state(),
                    h.requestedAt(),
                    h.pagedAt(),
                    h.deliveredAt(),
                    h.acknowledgedAt(),
                    h.enRouteAt(),
                    h.onSceneAt(),
                    h.handedOffAt(),
                    h.closedAt(),
                    h.closeReason(),
                    h.responderId(),
                    h.etaMinutes());
        }
    }
}
