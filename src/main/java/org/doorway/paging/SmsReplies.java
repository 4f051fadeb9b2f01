package org.doorway.paging;

import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.site.Sites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * The route step {@code handleSmsReply}: acts on a case manager's SMS reply and answers with TwiML
 * that Twilio sends back as an SMS.
 * <ul>
 *   <li>{@code 1a} (or {@code a}, {@code ack}, optionally with an ETA: {@code 1a 15}) acknowledges:
 *       the handoff stops escalating and the reply confirms who has it;</li>
 *   <li>a reply to a handoff someone else already took says so;</li>
 *   <li>anything else gets a short "not understood" with the codes to use;</li>
 *   <li>numbers Doorway never paged get no answer at all.</li>
 * </ul>
 */
@Component("handleSmsReply")
class SmsReplies implements Processor {

    private static final Logger log = LoggerFactory.getLogger(SmsReplies.class);

    private final Pages pages;
    private final Sites sites;
    private final TransactionTemplate transaction;

    SmsReplies(Pages pages, Sites sites, TransactionTemplate transaction) {
        this.pages = pages;
        this.sites = sites;
        this.transaction = transaction;
    }

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, String> params = exchange.getProperty(TwilioSignature.PARAMS, Map.class);
        String from = params.getOrDefault("From", "");
        String reply = answer(from, params.get("Body"));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/xml");
        exchange.getMessage().setBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + (reply == null ? "" : "<Message>" + HtmlUtils.htmlEscape(reply) + "</Message>") + "</Response>");
    }

    /** The answer to send back, or {@code null} for none. */
    private String answer(String from, String body) {
        if (!pages.hasPaged(from)) {
            log.info("SMS reply from a number Doorway never paged; not answered");
            return null;
        }
        Optional<ReplyCommand> command = ReplyCommand.parse(body);
        if (command.isEmpty()) {
            return "Doorway: not understood. Reply 1a to take page 1 (the number is in each page), or a for the newest.";
        }
        return transaction.execute(status -> acknowledge(from, command.get()));
    }

    private String acknowledge(String from, ReplyCommand command) {
        Optional<Pages.Answered> answered = pages.lockAnswered(from, command.code());
        if (answered.isEmpty()) {
            return "Doorway: no page " + command.code() + " for this phone. Reply a for the newest page.";
        }
        Pages.Answered page = answered.get();
        String ref = page.shortRef();
        if ("ACKNOWLEDGED".equals(page.handoffState())) {
            if (page.recipientId().equals(page.responderId())) {
                return "Doorway: you already have LEAD " + ref + ".";
            }
            String name = sites.find(page.site()).flatMap(s -> s.caseManager(page.responderId()))
                    .map(cm -> cm.name()).orElse("a colleague");
            return "Doorway: LEAD " + ref + " is already taken by " + name + ". Thank you.";
        }
        pages.acknowledge(page.referralId(), page.recipientId(), command.etaMinutes());
        log.info("Handoff {} acknowledged by {} by SMS", ref, page.recipientId());
        return "Doorway: acknowledged, you have LEAD " + ref + "."
                + (command.etaMinutes() == null ? "" : " ETA " + command.etaMinutes() + " min noted.");
    }
}
