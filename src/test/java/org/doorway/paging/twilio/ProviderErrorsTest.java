package org.doorway.paging.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorway.paging.SmsFailure;
import org.junit.jupiter.api.Test;

/**
 * Which provider failures are sent again (nothing reached the provider, or it said it did nothing)
 * and which are uncertain (the message may exist), and that the client under the Twilio SDK makes
 * each request exactly once, against real sockets.
 */
class ProviderErrorsTest {

    @Test
    void serverErrorsOtherThan503AreUncertainNeverRetried() {
        for (int status : new int[] {500, 502, 504}) {
            SmsFailure failure = ProviderErrors.classify(new ApiException("Server Error", status));
            assertThat(failure.uncertain()).as("%d is uncertain", status).isTrue();
            assertThat(failure.temporary()).as("%d is not retried", status).isFalse();
        }
    }

    @Test
    void tooManyRequestsAndUnavailableAreRetried() {
        for (int status : new int[] {429, 503}) {
            SmsFailure failure = ProviderErrors.classify(new ApiException("Busy", status));
            assertThat(failure.temporary()).as("%d is retried", status).isTrue();
            assertThat(failure.uncertain()).isFalse();
        }
    }

    @Test
    void otherRefusalsArePermanent() {
        SmsFailure failure = ProviderErrors.classify(new ApiException("Invalid 'To' number", 400));
        assertThat(failure.temporary()).isFalse();
        assertThat(failure.uncertain()).isFalse();
        assertThat(failure.code()).isEqualTo("http-400");
    }

    @Test
    void aReadTimeoutOrAnUnrecognisedFailureIsUncertain() {
        assertThat(ProviderErrors.classify(new ApiException("read", new SocketTimeoutException("Read timed out")))
                        .uncertain())
                .isTrue();
        assertThat(ProviderErrors.classify(new ApiConnectionException("Unable to connect to server"))
                        .uncertain())
                .isTrue();
    }

    @Test
    void aRefusedConnectionSentNothingAndIsRetried() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        SmsFailure failure = send("http://127.0.0.1:" + port, Duration.ofSeconds(2));
        assertThat(failure.temporary()).isTrue();
        assertThat(failure.code()).isEqualTo("unreachable");
    }

    @Test
    void aProviderThatTakesTheConnectionAndNeverAnswersIsLeftAfterTheReadTimeoutAsUncertain() throws IOException {
        // The operating system completes the connection into the backlog; nobody ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            SmsFailure failure = send("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(300));
            assertThat(failure.uncertain()).isTrue();
            assertThat(failure.code()).isEqualTo("no-answer");
        }
    }

    @Test
    void aProviderAnswering500AfterCreatingTheMessageGetsTheRequestOnceAndItIsUncertain() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = answering(500, requests);
        try {
            SmsFailure failure = send("http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(5));
            assertThat(failure.uncertain()).isTrue();
            assertThat(requests).as("requests that reached the provider").hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aProviderAnswering503GetsTheRequestOnceAndItIsRetriedLater() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = answering(503, requests);
        try {
            SmsFailure failure = send("http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(5));
            assertThat(failure.temporary()).isTrue();
            assertThat(requests).as("requests that reached the provider").hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    /** A provider answering every request with {@code status} and a Twilio error body, counting them. */
    private static HttpServer answering(int status, AtomicInteger requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"code\": 20" + status + ", \"message\": \"Error\", \"status\": " + status + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Sends one text through the SDK and Doorway's client to {@code base}, and classifies its failure. */
    private static SmsFailure send(String base, Duration readTimeout) {
        TwilioRestClient client = new TwilioRestClient.Builder("ACtest00000000000000000000000000", "token")
                .httpClient(new TwilioConfiguration.OneAttempt(new TwilioConfiguration.Redirecting(
                        () -> base, TwilioConfiguration.network(Duration.ofSeconds(2), readTimeout))))
                .build();
        RuntimeException failure = catchThrowableOfType(
                RuntimeException.class,
                () -> Message.creator(new PhoneNumber("+12065550101"), new PhoneNumber("+12065550100"), "test")
                        .create(client));
        assertThat(failure).as("the send failed").isNotNull();
        return ProviderErrors.classify(failure);
    }
}
