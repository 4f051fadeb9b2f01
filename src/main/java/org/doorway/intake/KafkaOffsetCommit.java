package org.doorway.intake;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

/**
 * The route step {@code commitKafkaOffset}: commits the consumed record's offset, synchronously.
 * A route calls it only after the record's referrals (or its dead letter) are durably stored, so a
 * crash before this point means the record is read again, never lost.
 */
@Component("commitKafkaOffset")
class KafkaOffsetCommit implements Processor {

    @Override
    public void process(Exchange exchange) {
        KafkaManualCommit commit =
                exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("Kafka consumer is not configured for manual commits");
        }
        commit.commit();
    }
}
