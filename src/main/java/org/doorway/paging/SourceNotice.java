package org.doorway.paging;

import java.util.UUID;

/**
 * What a sending system is told when a handoff moves (its site's {@code sources[].notify}: a
 * signed webhook and/or a Kafka topic), built from this allow-list only: which referral (its ids,
 * never its contents), where the handoff stands, and who is coming and when. Never the person,
 * the decision's reasons, or whether they are an enrolled participant. {@code docs/privacy.md}
 * lists these fields, and {@code AudienceFieldsTest} holds the two to each other.
 *
 * @param eventId  the handoff event this notice is about (a receiver's idempotency key)
 * @param event    what happened ({@code ACKNOWLEDGED}, {@code DECLINED}, {@code ON_SCENE}, …)
 * @param at       when
 * @param referral which referral
 * @param handoff  the handoff as it stands
 */
record SourceNotice(long eventId, String event, String at, Ref referral, Clock handoff) {

    /**
     * The referral's identifiers.
     *
     * @param id       Doorway's id
     * @param shortRef the short reference
     * @param site     the site
     * @param source   the kind of feed it came through
     * @param sourceId the sending system's own id of it
     */
    record Ref(UUID id, String shortRef, String site, String source, String sourceId) {}

    /**
     * Where the handoff stands; who is coming and when only while someone is.
     *
     * @param state          the handoff's state
     * @param responder      the case manager coming (their name), or {@code null}
     * @param etaMinutes     in how many minutes they expect to be there, or {@code null}
     * @param requestedAt    when the handoff was requested
     * @param acknowledgedAt when a case manager took it, or {@code null}
     */
    record Clock(String state, String responder, Integer etaMinutes, String requestedAt, String acknowledgedAt) {}
}
