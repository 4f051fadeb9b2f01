package org.doorway.paging.twilio;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.paging.SmsFailure;
import org.doorway.paging.SmsGateway;
import org.doorway.system.DoorwayProperties;
import org.springframework.stereotype.Component;

/**
 * The step {@code twilioSms} at the heart of the Twilio SMS sink connector: sends the body to the
 * {@link SmsGateway#TO} number through Twilio's Messages API, asking for delivery reports at the
 * status-callback URL and for the message to be dropped rather than delivered late (Twilio's
 * validity period). The connector supplies {@code DoorwaySmsFrom} and
 * {@code DoorwaySmsStatusCallback}.
 *
 * <p>The request is made once. Failures become {@link SmsFailure}s as {@link ProviderErrors} says:
 * temporary when nothing was sent ({@code 429}, {@code 503}, unreachable), uncertain when the
 * message may exist at the provider (other 5xx, a lost answer), permanent for any other refusal.
 */
@Component("twilioSms")
class TwilioSms implements Processor {

    private final TwilioRestClient client;
    private final int validitySeconds;

    TwilioSms(TwilioRestClient client, DoorwayProperties properties) {
        this.client = client;
        this.validitySeconds = (int)
                Math.max(1, Math.min(36_000, properties.twilio().validity().toSeconds()));
    }

    @Override
    public void process(Exchange exchange) {
        var in = exchange.getMessage();
        Message message;
        try {
            message = Message.creator(
                            new PhoneNumber(in.getHeader(SmsGateway.TO, String.class)),
                            new PhoneNumber(in.getHeader("DoorwaySmsFrom", String.class)),
                            in.getBody(String.class))
                    .setStatusCallback(URI.create(in.getHeader("DoorwaySmsStatusCallback", String.class)))
                    .setValidityPeriod(validitySeconds)
                    .create(client);
        } catch (RuntimeException e) {
            throw ProviderErrors.classify(e);
        }
        in.setHeader(SmsGateway.SID, message.getSid());
        in.setHeader(
                SmsGateway.STATUS,
                message.getStatus() == null ? null : message.getStatus().toString());
    }
}
