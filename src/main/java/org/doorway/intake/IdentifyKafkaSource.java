package org.doorway.intake;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.doorway.system.DoorwayProperties;
import org.springframework.stereotype.Component;

/**
 * The route step {@code identifyKafkaSource}: records that a record came from the EIDO topic, for
 * the site that topic is configured for, and keeps its original bytes.
 */
@Component("identifyKafkaSource")
class IdentifyKafkaSource implements Processor {

    private final String site;

    IdentifyKafkaSource(DoorwayProperties properties) {
        this.site = properties.intake().kafka().eidoSite();
    }

    @Override
    public void process(Exchange exchange) {
        String topic = exchange.getMessage().getHeader(KafkaConstants.TOPIC, String.class);
        exchange.setProperty(IntakeSource.PROPERTY, new IntakeSource(site, "kafka:" + topic));
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.setProperty(IntakeSource.ORIGINAL, body);
        exchange.getMessage().setBody(body);
    }
}
