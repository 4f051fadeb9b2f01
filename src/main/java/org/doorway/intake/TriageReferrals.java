package org.doorway.intake;

import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.triage.Triage;
import org.springframework.stereotype.Component;

/**
 * The route step {@code triageReferrals}: each readable record is first checked against its
 * site's policy for whether the site takes such referrals at all (a firehose feed carries every
 * incident of a city; what no policy routes is rejected here, before anything is written), then
 * decided under the policy in force.
 */
@Component("triageReferrals")
public class TriageReferrals implements Processor {

    private final Triage triage;

    TriageReferrals(Triage triage) {
        this.triage = triage;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<IntakeRecord> records = exchange.getMessage().getMandatoryBody(List.class);
        exchange.getMessage().setBody(triage(records));
    }

    /** The records as triage leaves them: unreadable ones as they were, the rest rejected or decided. */
    public List<IntakeRecord> triage(List<IntakeRecord> records) {
        return records.stream().map(this::triage).toList();
    }

    private IntakeRecord triage(IntakeRecord record) {
        if (!record.accepted()) {
            return record;
        }
        Optional<String> notRouted = triage.notRouted(record.referral());
        if (notRouted.isPresent()) {
            return record.rejected(notRouted.get());
        }
        return record.decided(triage.decide(record.referral()));
    }
}
