package org.doorway.triage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.doorway.referral.Door;

/**
 * Triage's decision on one referral, with the reasons in words a sergeant and a public defender can
 * read, each naming the policy rule it applied and the policy version. Reasons never quote names,
 * notes, charges, places or other personal data of the referral; the parts below that are personal
 * (the override's name and reason, the equity fields) stay behind sign-in.
 *
 * @param outcome       what happens next
 * @param reasons       why; never empty
 * @param policyVersion the version of the site policy that decided
 * @param door          the door the referral was decided under (the source's, or the policy's routing
 *                      when the source did not set one); {@code null} only when the site does not
 *                      take the referral at all
 * @param rules         the policy rules (paths in the policy file) the decision applied, in order
 * @param tellReferrer  what the referrer (officer, dispatcher, partner, resident) is to be told at
 *                      once, in the site's words; never {@code null}
 * @param redirect      for {@link Outcome#REDIRECT}: what dispatch must be told now; otherwise {@code null}
 * @param tellDispatch  for a referral a dispatcher relayed on behalf of a referrer the source does
 *                      not identify (an officer's LEAD request entered by dispatch): what dispatch is
 *                      to pass on to them; otherwise {@code null} (older decisions have none)
 * @param followUp      for {@link Outcome#FIELD_FOLLOW_UP}: the outreach deadline; otherwise {@code null}
 * @param alternatives  for {@link Outcome#NOT_ELIGIBLE}: the site's other resources; otherwise empty
 * @param ownCaseManager the enrolled participant's own case manager, to be paged first with the
 *                      on-call as backup (the golden thread); {@code null} when not a participant
 * @param override      a sergeant's or commander's override of arrest-diversion exclusions, accepted
 *                      or refused; {@code null} when none was made
 * @param exclusions    the arrest-diversion exclusions that applied (keys such as
 *                      {@code violent-offence}), overridden or not; empty otherwise
 * @param queue         a community referral waiting because the team is full; otherwise {@code null}
 * @param review        for {@link Outcome#OWG_REVIEW}: the review's state; otherwise {@code null}
 * @param equity        race, ethnicity and gender of the referred person, for equity reporting
 */
public record Decision(
        Outcome outcome,
        List<String> reasons,
        String policyVersion,
        Door door,
        List<String> rules,
        String tellReferrer,
        Redirect redirect,
        String tellDispatch,
        FollowUp followUp,
        List<Alternative> alternatives,
        OwnCaseManager ownCaseManager,
        Override override,
        List<String> exclusions,
        Queue queue,
        Review review,
        Equity equity) {

    public Decision {
        if (outcome == null) {
            throw new IllegalArgumentException("a decision has an outcome");
        }
        if (reasons == null || reasons.isEmpty()) {
            throw new IllegalArgumentException("a decision always says why");
        }
        reasons = List.copyOf(reasons);
        rules = rules == null ? List.of() : List.copyOf(rules);
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
        exclusions = exclusions == null ? List.of() : List.copyOf(exclusions);
        tellReferrer = tellReferrer == null ? "" : tellReferrer;
        equity = equity == null ? Equity.NOT_RECORDED : equity;
    }

    /** A decision with only an outcome, reasons and version (as stored before policy files had more). */
    public Decision(Outcome outcome, List<String> reasons, String policyVersion) {
        this(
                outcome,
                reasons,
                policyVersion,
                null,
                List.of(),
                "",
                null,
                null,
                null,
                List.of(),
                null,
                null,
                List.of(),
                null,
                null,
                Equity.NOT_RECORDED);
    }

    /** The same decision with the review in another state. */
    public Decision withReview(Review review) {
        return new Decision(
                outcome,
                reasons,
                policyVersion,
                door,
                rules,
                tellReferrer,
                redirect,
                tellDispatch,
                followUp,
                alternatives,
                ownCaseManager,
                override,
                exclusions,
                queue,
                review,
                equity);
    }

    /**
     * What dispatch must do now: send emergency or crisis response. Never a silent decline.
     *
     * @param tellDispatch the site's words for dispatch
     */
    public record Redirect(String tellDispatch) {}

    /**
     * Active field outreach, queued because no warm handoff can happen now.
     *
     * @param deadline when outreach must have begun
     * @param rule     the rule that ruled out a warm handoff (hours, zone, or the door)
     */
    public record FollowUp(Instant deadline, String rule) {}

    /**
     * The golden thread: an enrolled participant goes to their own case manager first.
     *
     * @param participantId the participant's id in the registry
     * @param caseManagerId their case manager's id (from site.yaml): page them first, the on-call as backup
     * @param participantActive whether the participant is active (inactive ones are still theirs)
     */
    public record OwnCaseManager(UUID participantId, String caseManagerId, boolean participantActive) {}

    /**
     * A case-by-case override of arrest-diversion exclusions: who, when, why.
     *
     * @param by         who overrode, as the source gave it (name or badge)
     * @param rank       their rank
     * @param at         when
     * @param reason     why, in their words
     * @param exclusions the exclusions it set aside (keys such as {@code violent-offence})
     * @param accepted   whether the policy allowed it (rank allowed, exclusions overridable, who and
     *                   why given); a refused override is recorded too
     */
    public record Override(
            String by, String rank, Instant at, String reason, List<String> exclusions, boolean accepted) {
        public Override {
            exclusions = exclusions == null ? List.of() : List.copyOf(exclusions);
        }
    }

    /**
     * A community referral waiting for a place because the team is full.
     *
     * @param priority      its priority under the site's rule (1 first)
     * @param priorityLabel the rule line that gave it, in the site's words
     * @param position      its place in the queue when it was decided (1 = next)
     */
    public record Queue(int priority, String priorityLabel, int position) {}

    /** Where an Operations Work Group review stands. */
    public enum ReviewState {
        PENDING,
        APPROVED,
        DENIED,
        /** No longer asked for: a newer version of the record was triaged otherwise. */
        WITHDRAWN
    }

    /**
     * An Operations Work Group review.
     *
     * @param state  pending until a person approves or denies it
     * @param by     who decided (the signed-in user), or {@code null} while pending
     * @param at     when, or {@code null} while pending
     * @param reason their reason, or {@code null} while pending
     */
    public record Review(ReviewState state, String by, Instant at, String reason) {
        public static final Review PENDING = new Review(ReviewState.PENDING, null, null, null);
    }

    /**
     * Race, ethnicity and gender of the referred person as the source gave them, kept with each
     * decision for equity reporting (DOMAIN.md, "Capture and Review Racial Data"). What the source
     * did not give is {@value #NOT_RECORDED_TEXT}, never blank and never guessed.
     */
    public record Equity(String race, String ethnicity, String gender) {

        public static final String NOT_RECORDED_TEXT = "not recorded";
        public static final Equity NOT_RECORDED = new Equity(null, null, null);

        public Equity {
            race = orNotRecorded(race);
            ethnicity = orNotRecorded(ethnicity);
            gender = orNotRecorded(gender);
        }

        private static String orNotRecorded(String value) {
            return value == null || value.isBlank() ? NOT_RECORDED_TEXT : value.trim();
        }
    }
}
