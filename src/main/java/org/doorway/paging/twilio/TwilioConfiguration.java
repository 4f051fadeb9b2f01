package org.doorway.paging.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.security.RequestValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
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
 * webhooks, only the address differs. Each request is made once, with connect and read timeouts
 * ({@code doorway.paging.connect-timeout}, {@code .read-timeout}): a provider that takes
 * connections and never answers holds a sender thread no longer than that.
 */
@Configuration(proxyBeanMethods = false)
class TwilioConfiguration {

    /** The account SID the SDK uses against the local outbox; a placeholder, not a secret. */
    static final String OUTBOX_ACCOUNT_SID = "AC00000000000000000000000000000000";

    @Bean
    TwilioRestClient twilioRestClient(DoorwayProperties properties, Environment environment) {
        DoorwayProperties.Twilio twilio = properties.twilio();
        DoorwayProperties.Paging paging = properties.paging();
        HttpClient network = network(paging.connectTimeout(), paging.readTimeout());
        String sid = twilio.outbox() ? OUTBOX_ACCOUNT_SID : twilio.accountSid();
        TwilioRestClient.Builder builder = new TwilioRestClient.Builder(sid, twilio.authToken());
        if (twilio.outbox()) {
            // The outbox is served by this very process, on whatever port it was given.
            builder.httpClient(new OneAttempt(new Redirecting(
                    () -> "http://localhost:" + environment.getProperty("local.server.port", "8080") + "/dev/twilio",
                    network)));
        } else if (!twilio.apiBaseUrl().isBlank()) {
            String base = twilio.apiBaseUrl().replaceAll("/+$", "");
            builder.httpClient(new OneAttempt(new Redirecting(() -> base, network)));
        } else {
            builder.httpClient(new OneAttempt(network));
        }
        return builder.build();
    }

    /**
     * The HTTP client under the SDK: no automatic retries (neither Apache's nor, through
     * {@link OneAttempt}, the SDK's), at most {@code connect} to connect or to wait for a free
     * connection, and at most {@code read} between the request leaving and each part of its
     * answer. The SDK puts its own settings on each request (a 30 s connect timeout, no response
     * timeout); an interceptor puts these back before the connection is made.
     */
    static HttpClient network(Duration connect, Duration read) {
        Timeout connectTimeout = Timeout.of(connect);
        Timeout readTimeout = Timeout.of(read);
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setSoTimeout(readTimeout)
                        .setSoKeepAlive(true)
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setSocketTimeout(readTimeout)
                        .build())
                .setMaxConnTotal(50)
                .setMaxConnPerRoute(50)
                .build();
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectionRequestTimeout(connectTimeout)
                .setResponseTimeout(readTimeout)
                .build();
        HttpClientBuilder apache = HttpClientBuilder.create()
                .useSystemProperties()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .addRequestInterceptorFirst((request, entity, context) ->
                        HttpClientContext.castOrCreate(context).setRequestConfig(timeouts));
        return new NetworkHttpClient(apache);
    }

    @Bean
    RequestValidator twilioRequestValidator(DoorwayProperties properties) {
        return new RequestValidator(properties.twilio().authToken());
    }

    /**
     * Makes each request once. The SDK's own {@code reliableRequest} sends a request again when the
     * answer is a 5xx; for a message that would send it twice (Twilio may have created it before
     * answering 500). Whether to try again is Doorway's decision ({@link ProviderErrors}).
     */
    static final class OneAttempt extends HttpClient {

        private final HttpClient delegate;

        OneAttempt(HttpClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public Response reliableRequest(Request request) {
            return makeRequest(request);
        }

        @Override
        public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
            return makeRequest(request);
        }

        @Override
        public Response makeRequest(Request request) {
            return delegate.makeRequest(request);
        }
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
