package org.doorway.paging;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends one page through the provider: a text through the route {@code page-send}, a voice call
 * through {@code page-call} (and from there the Twilio connectors). Blocking: returns once the
 * provider has accepted or refused it.
 */
@Component
public class SmsGateway {

    /** Header naming the recipient (E.164). */
    public static final String TO = "DoorwaySmsTo";
    /** Header carrying the page id, for a call's answer URL. */
    public static final String PAGE = "DoorwayPageId";
    /** Header the sink sets to the provider's message id. */
    public static final String SID = "DoorwaySmsSid";
    /** Header the sink sets to the provider's status for the message. */
    public static final String STATUS = "DoorwaySmsStatus";

    private final ProducerTemplate camel;
    private final ProviderBreakers breakers;

    SmsGateway(ProducerTemplate camel, ProviderBreakers breakers) {
        this.camel = camel;
        this.breakers = breakers;
    }

    /**
     * Whether texts are taken as undeliverable now: the provider's SMS channel is down on this
     * instance ({@link ProviderBreakers}). Texts of other stages (feed alerts) wait then, as pages
     * do, rather than being spent on a provider that fails.
     */
    public boolean textsDown() {
        return breakers.down(ProviderBreakers.Channel.SMS);
    }

    /** The provider's answer to an accepted message. */
    record Accepted(String sid, String status) {}

    /**
     * Sends {@code body} to {@code to}.
     *
     * @throws SmsFailure when the provider refused it or could not be reached
     */
    Accepted send(String to, String body) {
        return send("direct:page-send", to, body, null);
    }

    /**
     * Calls {@code to} and speaks {@code speech}, asking for 4 (take it) or 5 (cannot).
     *
     * @throws SmsFailure when the provider refused the call or could not be reached
     */
    Accepted call(String to, String speech, long pageId) {
        return send("direct:page-call", to, speech, pageId);
    }

    private Accepted send(String route, String to, String body, Long pageId) {
        Exchange result = camel.send(route, exchange -> {
            exchange.getMessage().setHeader(TO, to);
            exchange.getMessage().setHeader(PAGE, pageId);
            exchange.getMessage().setBody(body);
        });
        Exception failure = result.getException();
        if (failure != null) {
            throw failure instanceof SmsFailure sms ? sms : SmsFailure.temporary("route-error", failure);
        }
        return new Accepted(
                result.getMessage().getHeader(SID, String.class),
                result.getMessage().getHeader(STATUS, String.class));
    }
}
