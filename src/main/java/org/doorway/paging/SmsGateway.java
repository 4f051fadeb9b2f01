package org.doorway.paging;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends one SMS through the route {@code page-send} (and from there the Twilio sink connector).
 * Blocking: returns once the provider has accepted or refused the message.
 */
@Component
class SmsGateway {

    /** Header naming the recipient (E.164). */
    static final String TO = "DoorwaySmsTo";
    /** Header the sink sets to the provider's message id. */
    static final String SID = "DoorwaySmsSid";
    /** Header the sink sets to the provider's status for the message. */
    static final String STATUS = "DoorwaySmsStatus";

    private final ProducerTemplate camel;

    SmsGateway(ProducerTemplate camel) {
        this.camel = camel;
    }

    /** The provider's answer to an accepted message. */
    record Accepted(String sid, String status) {}

    /**
     * Sends {@code body} to {@code to}.
     *
     * @throws SmsFailure when the provider refused it or could not be reached
     */
    Accepted send(String to, String body) {
        Exchange result = camel.send("direct:page-send", exchange -> {
            exchange.getMessage().setHeader(TO, to);
            exchange.getMessage().setBody(body);
        });
        Exception failure = result.getException();
        if (failure != null) {
            throw failure instanceof SmsFailure sms ? sms : SmsFailure.temporary("route-error", failure);
        }
        return new Accepted(result.getMessage().getHeader(SID, String.class),
                result.getMessage().getHeader(STATUS, String.class));
    }
}
