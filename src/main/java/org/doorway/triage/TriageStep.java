package org.doorway.triage;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.referral.Referral;
import org.doorway.site.Sites;
import org.springframework.stereotype.Component;

/**
 * The route step {@code triageReferrals}: a list of {@link Referral}s in, a list of {@link ReferralTriaged}
 * out, each decided under its own site's policy in force.
 */
@Component("triageReferrals")
class TriageStep implements Processor {

    private final Triage triage;
    private final Sites sites;

    TriageStep(Triage triage, Sites sites) {
        this.triage = triage;
        this.sites = sites;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<Referral> referrals = exchange.getMessage().getMandatoryBody(List.class);
        exchange.getMessage().setBody(referrals.stream()
                .map(r -> new ReferralTriaged(r, triage.decide(r, sites.get(r.site()))))
                .toList());
    }
}
