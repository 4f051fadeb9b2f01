package org.doorway.triage;

/** What triage decided should happen to a referral. */
public enum Outcome {
    /** Page the on-call case manager to come to the scene now. */
    WARM_HANDOFF_NOW,
    /** No warm handoff now; contact details are queued for active outreach. */
    FIELD_FOLLOW_UP,
    /** The Operations Work Group decides at its next meeting. */
    OWG_REVIEW,
    /** Imminent danger: dispatch must send emergency or crisis response now. */
    REDIRECT,
    /** Not a LEAD referral under the site's policy. */
    NOT_ELIGIBLE
}
