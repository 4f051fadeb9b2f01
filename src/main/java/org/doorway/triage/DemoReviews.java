package org.doorway.triage;

import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The Operations Work Group's past decisions for the demo site's fictional history
 * ({@code doorway.demo.history}): a review is closed as the OWG would have closed it at its
 * meeting, without the follow-up or the messages an approval made today would start.
 */
@Component
public class DemoReviews {

    private final OwgReviews reviews;

    DemoReviews(OwgReviews reviews) {
        this.reviews = reviews;
    }

    /**
     * Approves or denies a pending review, in the caller's transaction.
     *
     * @return whether the referral was pending (and so is now decided)
     */
    public boolean decide(UUID referralId, boolean approve, String by, String reason, Instant at) {
        return reviews.decide(referralId, approve, by, reason, at).isPresent();
    }
}
