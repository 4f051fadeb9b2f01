package org.doorway.paging;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The route step {@code recordDeliveryReport}: applies a Twilio status callback
 * ({@code MessageSid}, {@code MessageStatus}, {@code ErrorCode}) to its page and handoff. Reports
 * that arrive out of order never move a message backwards; a report about a send not yet recorded
 * is kept and applied when it is. A failed or undelivered page escalates its handoff at once.
 */
@Component("recordDeliveryReport")
class DeliveryReports implements Processor {

    private final Pages pages;
    private final TransactionTemplate transaction;

    DeliveryReports(Pages pages, TransactionTemplate transaction) {
        this.pages = pages;
        this.transaction = transaction;
    }

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, String> params = exchange.getProperty(TwilioSignature.PARAMS, Map.class);
        String sid = params.get("MessageSid");
        String status = params.get("MessageStatus");
        if (sid != null && status != null && Pages.rank(status) >= 0) {
            transaction.executeWithoutResult(s -> pages.report(sid, status, params.get("ErrorCode")));
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }
}
