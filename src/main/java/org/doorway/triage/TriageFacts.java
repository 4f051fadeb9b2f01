package org.doorway.triage;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.doorway.triage.internal.PolicyEngine;

/**
 * What the {@link PolicyEngine} needs to know besides the referral and the policy: the time, the
 * team's load, and the enrolled participant the referral matches, if any. Gathered by
 * {@link Triage} from the database; built by hand in tests and replays.
 *
 * @param now             the moment the decision is about (operating hours, follow-up deadline)
 * @param capacity        the team's load, or {@code null} when not known (a replay): then the team
 *                        counts as having room, and the reasons say so
 * @param participant     the enrolled participant the referral matches, or {@code null}
 * @param ambiguousMatch  the referral matched more than one participant (then none is used)
 */
public record TriageFacts(Instant now, Capacity capacity, Participant participant, boolean ambiguousMatch) {

    /** Facts at {@code now} with nothing else known. */
    public static TriageFacts at(Instant now) {
        return new TriageFacts(now, null, null, false);
    }

    /**
     * The team's load.
     *
     * @param caseManagers       case managers on the site's roster
     * @param activeParticipants participants now active on the team's caseloads
     * @param queuedByPriority   community referrals waiting for a place, counted by priority (1 first)
     */
    public record Capacity(int caseManagers, int activeParticipants, Map<Integer, Integer> queuedByPriority) {
        public Capacity {
            queuedByPriority = Map.copyOf(queuedByPriority);
        }
    }

    /**
     * An enrolled participant the referral matches by the policy's golden-thread rule.
     *
     * @param id            the participant's id in the registry
     * @param caseManagerId their own case manager (an id from site.yaml)
     * @param active        whether they are active (participants never "fail out"; they may be inactive)
     */
    public record Participant(UUID id, String caseManagerId, boolean active) {}
}
