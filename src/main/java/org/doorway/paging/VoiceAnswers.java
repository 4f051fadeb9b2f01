package org.doorway.paging;

import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.handoff.HandoffClock;
import org.doorway.paging.twilio.TwilioSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The route step {@code handleVoiceAnswer}: the key a case manager pressed on a page call (Twilio's
 * {@code Digits}, for the page named in the answer URL): 4 takes the handoff, 5 passes it; the
 * answer is spoken back as TwiML.
 */
@Component("handleVoiceAnswer")
class VoiceAnswers implements Processor {

    private static final Logger log = LoggerFactory.getLogger(VoiceAnswers.class);

    private final Pages pages;
    private final HandoffClock clock;
    private final TransactionTemplate transaction;

    VoiceAnswers(Pages pages, HandoffClock clock, TransactionTemplate transaction) {
        this.pages = pages;
        this.clock = clock;
        this.transaction = transaction;
    }

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, String> params = exchange.getProperty(TwilioSignature.PARAMS, Map.class);
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        Optional<Long> pageId = query == null
                ? Optional.empty()
                : java.util.Arrays.stream(query.split("&"))
                        .filter(p -> p.startsWith("page="))
                        .findFirst()
                        .map(p -> p.substring(5))
                        .flatMap(VoiceAnswers::number);
        String digits = params.getOrDefault("Digits", "");
        String said = pageId.flatMap(pages::linked)
                .map(page -> transaction.execute(status -> answer(page, digits)))
                .orElse("This page is no longer known. Goodbye.");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/xml");
        exchange.getMessage()
                .setBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>"
                        + org.springframework.web.util.HtmlUtils.htmlEscape(said) + "</Say></Response>");
    }

    private String answer(Pages.Linked page, String digits) {
        String who = page.recipientId();
        switch (digits) {
            case "4" -> {
                HandoffClock.Result result = clock.report(
                        page.referralId(), who, HandoffClock.Step.ACKNOWLEDGE, null, HandoffClock.Via.VOICE);
                log.info("Handoff page {} answered by voice: {}", page.pageId(), result);
                return switch (result) {
                    case DONE ->
                        "Thank you. You have it. Reply " + page.replyCode() + " r by text when you are on your way.";
                    case ALREADY -> "You already have it. Goodbye.";
                    case TAKEN -> "Someone else has already taken it. Thank you.";
                    case CLOSED -> "This handoff is closed. Goodbye.";
                };
            }
            case "5" -> {
                clock.decline(page.referralId(), who, HandoffClock.Via.VOICE);
                return "Noted. It goes to the next person. Goodbye.";
            }
            default -> {
                return "No choice received. Goodbye.";
            }
        }
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
