package org.doorway.paging.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.security.RequestValidator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import org.doorway.system.DoorwayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Twilio SDK, configured. With an account SID it talks to Twilio (or to
 * {@code doorway.twilio.api-base-url}, for a proxy or a test fake). Without one, it talks to
 * Doorway's own local outbox, which answers as Twilio would: the same SDK calls, the same
 * webhooks, only the address differs.
 */
@Configuration(proxyBeanMethods = false)
class TwilioConfiguration {

    /** The account SID the SDK uses against the local outbox; a placeholder, not a secret. */
    static final String OUTBOX_ACCOUNT_SID = "AC00000000000000000000000000000000";

    @Bean
    TwilioRestClient twilioRestClient(DoorwayProperties properties, Environment environment) {
        DoorwayProperties.Twilio twilio = properties.twilio();
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.ofSeconds(5))
                .setResponseTimeout(Timeout.ofSeconds(10))
                .build();
        // The SDK replaces each request's RequestConfig with its own (no response timeout), so the
        // wait for an answer is the socket timeout: 10 s, well inside the pages' send deadline.
        HttpClient network = new NetworkHttpClient(
                timeouts,
                SocketConfig.custom()
                        .setSoTimeout(Timeout.ofSeconds(10))
                        .setSoKeepAlive(true)
                        .build());
        String sid = twilio.outbox() ? OUTBOX_ACCOUNT_SID : twilio.accountSid();
        TwilioRestClient.Builder builder = new TwilioRestClient.Builder(sid, twilio.authToken());
        if (twilio.outbox()) {
            // The outbox is served by this very process, on whatever port it was given.
            builder.httpClient(new Redirecting(
                    () -> "http://localhost:" + environment.getProperty("local.server.port", "8080") + "/dev/twilio",
                    network));
        } else if (!twilio.apiBaseUrl().isBlank()) {
            String base = twilio.apiBaseUrl().replaceAll("/+$", "");
            builder.httpClient(new Redirecting(() -> base, network));
        } else {
            builder.httpClient(network);
        }
        return builder.build();
    }

    @Bean
    RequestValidator twilioRequestValidator(DoorwayProperties properties) {
        return new RequestValidator(properties.twilio().authToken());
    }

    /**
     * Sends the SDK's requests to another base address, keeping path, parameters and credentials.
     * (The SDK builds its host from a domain name and has no base-address setting.)
     */
    static final class Redirecting extends HttpClient {

        private final Supplier<String> base;
        private final HttpClient delegate;

        Redirecting(Supplier<String> base, HttpClient delegate) {
            this.base = base;
            this.delegate = delegate;
        }

        @Override
        public Response makeRequest(Request original) {
            Request request = new Request(
                    original.getMethod(), base.get() + original.constructURL().getPath());
            copy(original.getPostParams(), request::addPostParam);
            copy(original.getQueryParams(), request::addQueryParam);
            copy(original.getHeaderParams(), request::addHeaderParam);
            if (original.requiresAuthentication()) {
                request.setAuth(original.getUsername(), original.getPassword());
            }
            return delegate.makeRequest(request);
        }

        private static void copy(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
            from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
        }
    }
}
