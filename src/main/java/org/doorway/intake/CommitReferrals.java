package org.doorway.intake;

import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.handoff.Handoffs;
import org.doorway.referral.Referral;
import org.doorway.referral.ReferralStore;
import org.doorway.triage.Decisions;
import org.doorway.triage.Outcome;
import org.doorway.triage.ReferralTriaged;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The route step {@code commitReferrals}: stores triaged referrals, their decisions and any warm
 * handoff they ask for, all in one transaction, and replaces the body with what the source is to
 * be told. When this step returns, everything is committed; a source may be acknowledged.
 *
 * <p>A referral already stored (same source and source id) is left exactly as it was: the source
 * is told its existing id and decision.
 */
@Component("commitReferrals")
class CommitReferrals implements Processor {

    private final ReferralStore referrals;
    private final Decisions decisions;
    private final Handoffs handoffs;
    private final TransactionTemplate transaction;

    CommitReferrals(ReferralStore referrals, Decisions decisions, Handoffs handoffs, TransactionTemplate transaction) {
        this.referrals = referrals;
        this.decisions = decisions;
        this.handoffs = handoffs;
        this.transaction = transaction;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
        @SuppressWarnings("unchecked")
        List<ReferralTriaged> triaged = exchange.getMessage().getMandatoryBody(List.class);
        List<ReferralAccepted> accepted = transaction.execute(status ->
                triaged.stream().map(t -> commit(t, source)).toList());
        exchange.getMessage().setBody(accepted);
    }

    private ReferralAccepted commit(ReferralTriaged triaged, IntakeSource source) {
        Referral referral = triaged.referral();
        return referrals.insertIfNew(referral, source.channel())
                .map(stored -> {
                    decisions.record(stored.id(), triaged.decision(), Instant.now());
                    if (triaged.decision().outcome() == Outcome.WARM_HANDOFF_NOW) {
                        handoffs.request(stored.id(), referral.site(), referral.receivedAt());
                    }
                    return new ReferralAccepted(stored.id(), stored.shortRef(), referral.door(), referral.source(),
                            referral.sourceId(), false, triaged.decision().outcome());
                })
                .orElseGet(() -> {
                    ReferralStore.Stored existing = referrals.findBySource(referral.source(), referral.sourceId())
                            .orElseThrow(() -> new IllegalStateException("referral vanished during intake"));
                    Outcome outcome = decisions.find(existing.id()).map(d -> d.decision().outcome()).orElse(null);
                    return new ReferralAccepted(existing.id(), existing.shortRef(), existing.door(),
                            referral.source(), referral.sourceId(), true, outcome);
                });
    }
}
