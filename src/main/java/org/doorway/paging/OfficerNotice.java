package org.doorway.paging;

/**
 * What the referring officer is texted when a handoff moves: the short reference, what happened,
 * and who is coming and when, nothing else (no name, birth date, charge or diagnosis: the text
 * crosses a phone carrier). {@code docs/privacy.md} lists these fields, and
 * {@code AudienceFieldsTest} holds the two to each other.
 *
 * @param shortRef   the referral's short reference
 * @param event      what happened to the handoff ({@code ACKNOWLEDGED}, {@code UNANSWERED}, …)
 * @param responder  the case manager coming (their name), or {@code null}
 * @param etaMinutes in how many minutes they expect to be there, or {@code null}
 */
record OfficerNotice(String shortRef, String event, String responder, Integer etaMinutes) {

    /** The SMS, or {@code null} when this event is not one the officer is told about. */
    String text() {
        return PageText.officerNotice(shortRef, event, responder, etaMinutes);
    }
}
