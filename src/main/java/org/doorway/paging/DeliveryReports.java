package org.doorway.paging;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.paging.twilio.TwilioSignature;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The route step {@code recordDeliveryReport}: applies a Twilio status callback
 * ({@code MessageSid}, {@code MessageStatus}, {@code ErrorCode}; for calls {@code CallSid} and
 * {@code CallStatus}) to its page and handoff. Reports that arrive out of order never move a
 * message backwards; a report about a send not yet recorded is kept and applied when it is. A text
 * the carrier could not deliver for now (handset off, congestion) is sent again a little later, up
 * to three times, and then followed by a call; a text to a landline is followed by a call at once;
 * any other failure, and a call that was busy, unanswered or failed, moves the escalation on at
 * once (see {@link Pages}).
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
        if (sid == null && params.get("CallSid") != null) {
            // A page call: answered counts as delivered; busy, no answer or failed as failed.
            sid = params.get("CallSid");
            status = switch (params.getOrDefault("CallStatus", "")) {
                case "completed" -> "delivered";
                case "busy", "no-answer", "failed", "canceled" -> "failed";
                default -> null;
            };
        }
        if (sid != null && status != null && Pages.rank(status) >= 0) {
            String reported = sid;
            String reportedStatus = status;
            transaction.executeWithoutResult(s -> pages.report(reported, reportedStatus, params.get("ErrorCode")));
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }
}
