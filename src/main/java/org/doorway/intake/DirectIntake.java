package org.doorway.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.triage.Outcome;
import org.springframework.stereotype.Component;

/**
 * Hands referrals that Doorway itself received (the community portal's form, staff entering a
 * referral) to the common referral route, {@code direct:referral}: the same triage and the same
 * single transaction as every other door. Returns once committed.
 */
@Component
public class DirectIntake {

    private final ProducerTemplate camel;

    DirectIntake(ProducerTemplate camel) {
        this.camel = camel;
    }

    /**
     * What became of one submitted referral.
     *
     * @param id        Doorway's id, or {@code null} if it was not stored
     * @param shortRef  its short reference, or {@code null}
     * @param door      its door
     * @param duplicate whether it had been received before
     * @param outcome   triage's outcome, or {@code null} if it was not stored
     * @param rejection why it was not stored, or {@code null}
     */
    public record Submitted(
            UUID id, String shortRef, Door door, boolean duplicate, Outcome outcome, String rejection) {}

    /**
     * Submits referrals for {@code site}, recorded as having arrived through {@code channel}
     * (e.g. {@code portal:public}), and returns what became of each, in order.
     *
     * @throws RuntimeException when they could not be committed (nothing was stored)
     */
    public List<Submitted> submit(String site, String channel, List<Referral> referrals) {
        List<IntakeRecord> records = new ArrayList<>();
        for (int i = 0; i < referrals.size(); i++) {
            records.add(IntakeRecord.read(IntakeRecord.Position.index(i), referrals.get(i)));
        }
        Exchange done = camel.send("direct:referral", exchange -> {
            exchange.setProperty(IntakeSource.PROPERTY, new IntakeSource(site, channel));
            exchange.getMessage().setBody(records);
        });
        if (done.getException() != null) {
            throw done.getException() instanceof RuntimeException e
                    ? e
                    : new IllegalStateException(done.getException());
        }
        IntakeResult result = done.getMessage().getBody(IntakeResult.class);
        List<Submitted> submitted = new ArrayList<>();
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < referrals.size(); i++) {
            // IntakeResult keeps each list in body order; a record is in exactly one of them.
            if (rejected < result.rejected().size()
                    && Integer.valueOf(i).equals(result.rejected().get(rejected).index())) {
                submitted.add(new Submitted(
                        null,
                        null,
                        referrals.get(i).door(),
                        false,
                        null,
                        result.rejected().get(rejected++).reason()));
            } else {
                ReferralAccepted a = result.referrals().get(accepted++);
                submitted.add(new Submitted(a.id(), a.shortRef(), a.door(), a.duplicate(), a.outcome(), null));
            }
        }
        return submitted;
    }
}
