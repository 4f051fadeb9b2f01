package org.doorway.paging.twilio;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import java.net.URI;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.paging.SmsFailure;
import org.doorway.paging.SmsGateway;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The step {@code twilioVoice} of the Twilio voice connector: calls the {@link SmsGateway#TO}
 * number through Twilio's Calls API and speaks the body, gathering one key: 4 takes the handoff,
 * 5 passes it. The answer goes to the connector's {@code DoorwayVoiceAnswerUrl} with the page's id;
 * call progress (busy, no answer, failed) to {@code DoorwaySmsStatusCallback}. Failures become
 * {@link SmsFailure}s as for texts.
 */
@Component("twilioVoice")
class TwilioVoice implements Processor {

    private final TwilioRestClient client;

    TwilioVoice(TwilioRestClient client) {
        this.client = client;
    }

    /** The TwiML of a page call. */
    static String twiml(String speech, String answerUrl) {
        String say = HtmlUtils.htmlEscape(speech);
        return "<Response><Gather input=\"dtmf\" numDigits=\"1\" timeout=\"10\" method=\"POST\" action=\""
                + HtmlUtils.htmlEscape(answerUrl) + "\"><Say>" + say
                + " Press 4 to take it. Press 5 if you cannot.</Say>"
                + "<Say>" + say + " Press 4 to take it. Press 5 if you cannot.</Say></Gather>"
                + "<Say>No answer received. Goodbye.</Say></Response>";
    }

    @Override
    public void process(Exchange exchange) {
        var in = exchange.getMessage();
        String answerUrl = in.getHeader("DoorwayVoiceAnswerUrl", String.class) + "?page="
                + in.getHeader(SmsGateway.PAGE, Long.class);
        Call call;
        try {
            call = Call.creator(
                            new PhoneNumber(in.getHeader(SmsGateway.TO, String.class)),
                            new PhoneNumber(in.getHeader("DoorwaySmsFrom", String.class)),
                            new Twiml(twiml(in.getBody(String.class), answerUrl)))
                    .setStatusCallback(URI.create(in.getHeader("DoorwaySmsStatusCallback", String.class)))
                    .setStatusCallbackEvent(List.of("completed"))
                    .setTimeout(30)
                    .create(client);
        } catch (RuntimeException e) {
            throw ProviderErrors.classify(e);
        }
        in.setHeader(SmsGateway.SID, call.getSid());
        in.setHeader(
                SmsGateway.STATUS,
                call.getStatus() == null ? null : call.getStatus().toString());
    }
}
