package org.doorway.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The route step {@code acceptedResponse}: tells an HTTP source what became of every record of its
 * body, once committed: {@code 202 Accepted} with {@code {"referrals":[{"id","shortRef","door",
 * "source","sourceId","duplicate","outcome"}],"rejected":[{"index" or "line","reason"}]}}.
 */
@Component("acceptedResponse")
class AcceptedResponse implements Processor {

    private final ObjectMapper json;

    AcceptedResponse(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        IntakeResult result = exchange.getMessage().getMandatoryBody(IntakeResult.class);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(result));
    }
}
