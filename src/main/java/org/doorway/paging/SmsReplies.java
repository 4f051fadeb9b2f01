package org.doorway.paging;

import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.handoff.HandoffClock;
import org.doorway.paging.twilio.TwilioSignature;
import org.doorway.site.Sites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * The route step {@code handleSmsReply}: acts on a case manager's SMS reply ({@link ReplyCommand})
 * and answers with TwiML that Twilio sends back as one SMS, confirming exactly what was recorded.
 * <ul>
 *   <li>STOP (and synonyms): no more pages by SMS to that phone until START; Twilio itself sends
 *       the carrier's confirmation, so Doorway adds none. START turns pages back on; HELP explains
 *       the codes.</li>
 *   <li>A number Doorway never paged gets one short answer a day at most, then silence.</li>
 *   <li>Anything not understood gets a short "not understood" with the codes to use.</li>
 * </ul>
 */
@Component("handleSmsReply")
class SmsReplies implements Processor {

    static final String HELP = "Doorway LEAD pages: reply page number + letter: a take it, d pass,"
            + " r en route, s on scene, h handed off, x person left (1a 15 = ETA 15 min). STOP ends texts.";

    private static final Logger log = LoggerFactory.getLogger(SmsReplies.class);

    private final Pages pages;
    private final HandoffClock clock;
    private final Sites sites;
    private final JdbcClient db;
    private final TransactionTemplate transaction;

    SmsReplies(Pages pages, HandoffClock clock, Sites sites, JdbcClient db, TransactionTemplate transaction) {
        this.pages = pages;
        this.clock = clock;
        this.sites = sites;
        this.db = db;
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
        exchange.getMessage()
                .setBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                        + (reply == null ? "" : "<Message>" + HtmlUtils.htmlEscape(reply) + "</Message>")
                        + "</Response>");
    }

    /** The answer to send back, or {@code null} for none. */
    private String answer(String from, String body) {
        Optional<ReplyCommand> command = ReplyCommand.parse(body);
        ReplyCommand.Action action = command.map(ReplyCommand::action).orElse(null);
        if (action == ReplyCommand.Action.STOP) {
            db.sql("insert into sms_opt_out (number, at) values (?, doorway_now()) on conflict (number) do nothing")
                    .param(from)
                    .update();
            log.info("A phone opted out of SMS pages (STOP)");
            return null;
        }
        if (action == ReplyCommand.Action.START) {
            int removed = db.sql("delete from sms_opt_out where number = ?")
                    .param(from)
                    .update();
            return removed > 0 ? "Doorway: pages to this phone are back on." : null;
        }
        if (action == ReplyCommand.Action.HELP) {
            return HELP;
        }
        if (!pages.hasPaged(from)) {
            int first = db.sql("""
                            insert into sms_unknown_sender (number, answered_at) values (?, doorway_now())
                            on conflict (number) do update set answered_at = doorway_now()
                              where sms_unknown_sender.answered_at < doorway_now() - interval '24 hours'""").param(from).update();
            log.info("SMS reply from a number Doorway never paged{}", first > 0 ? "; answered once" : "; not answered");
            return first > 0 ? "This number sends Doorway LEAD pages to case managers only." : null;
        }
        if (command.isEmpty()) {
            return "Doorway: not understood. Reply 1a to take page 1 (the number is in each page), or HELP.";
        }
        return transaction.execute(status -> act(from, command.get()));
    }

    private String act(String from, ReplyCommand command) {
        Optional<Pages.Answered> answered = pages.answered(from, command.code());
        if (answered.isEmpty()) {
            return "Doorway: no page " + command.code() + " for this phone. Reply a for the newest page.";
        }
        Pages.Answered page = answered.get();
        String ref = page.shortRef();
        int code = page.replyCode();
        String who = page.recipientId();
        if (command.action() == ReplyCommand.Action.DECLINE) {
            return switch (clock.decline(page.referralId(), who, HandoffClock.Via.SMS)) {
                case DONE -> "Doorway: noted, LEAD " + ref + " goes to the next person.";
                case TAKEN -> taken(page);
                default -> "Doorway: LEAD " + ref + " is closed.";
            };
        }
        if (command.action() == ReplyCommand.Action.PERSON_LEFT) {
            HandoffClock.Result closed =
                    clock.close(page.referralId(), "PERSON_LEFT", HandoffClock.Via.SMS, who, null, true);
            log.info("Handoff {}: person left, by {} by SMS: {}", ref, who, closed);
            return switch (closed) {
                case DONE -> "Doorway: LEAD " + ref + " closed, the person had left. Thank you.";
                case TAKEN -> "Doorway: LEAD " + ref + " is not yours to close. Reply " + code + "a to take it.";
                default -> "Doorway: LEAD " + ref + " is closed.";
            };
        }
        HandoffClock.Step step = switch (command.action()) {
            case EN_ROUTE -> HandoffClock.Step.EN_ROUTE;
            case ON_SCENE -> HandoffClock.Step.ON_SCENE;
            case HANDED_OFF -> HandoffClock.Step.HANDED_OFF;
            default -> HandoffClock.Step.ACKNOWLEDGE;
        };
        HandoffClock.Result result =
                clock.report(page.referralId(), who, step, command.etaMinutes(), HandoffClock.Via.SMS);
        log.info("Handoff {}: {} by {} by SMS: {}", ref, step, who, result);
        String eta = command.etaMinutes() == null ? "" : " ETA " + command.etaMinutes() + " min noted.";
        return switch (result) {
            case DONE ->
                switch (step) {
                    case ACKNOWLEDGE ->
                        "Doorway: acknowledged, you have LEAD " + ref + "." + eta + " Reply " + code
                                + "r when en route.";
                    case EN_ROUTE ->
                        "Doorway: en route to LEAD " + ref + " noted." + eta + " Reply " + code + "s on scene.";
                    case ON_SCENE ->
                        "Doorway: on scene at LEAD " + ref + " noted. Reply " + code + "h once handed off.";
                    case HANDED_OFF -> "Doorway: LEAD " + ref + " handed off. Thank you.";
                };
            case ALREADY -> "Doorway: already noted for LEAD " + ref + ".";
            case TAKEN -> taken(page);
            case CLOSED -> "Doorway: LEAD " + ref + " is closed.";
        };
    }

    private String taken(Pages.Answered page) {
        String name = sites.find(page.site())
                .flatMap(s -> s.caseManager(page.responderId()))
                .map(cm -> cm.name())
                .orElse("a colleague");
        return "Doorway: LEAD " + page.shortRef() + " is already taken by " + name + ". Thank you.";
    }
}
