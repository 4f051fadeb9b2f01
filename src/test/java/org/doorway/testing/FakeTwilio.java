package org.doorway.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A local stand-in for Twilio's REST API, in front of which Doorway's real Twilio SDK runs. It
 * answers {@code POST /2010-04-01/Accounts/{sid}/Messages.json} as Twilio does (201 and a message
 * resource with a fresh SID) and remembers every request, so a test can read what was sent as a
 * phone would. One instance serves the whole test JVM.
 */
public final class FakeTwilio {

    /** The account Doorway is configured with in tests. */
    public static final String ACCOUNT_SID = "ACtest00000000000000000000000000";

    public static final String AUTH_TOKEN = "test-auth-token";
    public static final String FROM_NUMBER = "+12065550100";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeTwilio shared;

    private final WireMockServer server;

    private FakeTwilio() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        server.stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
                                 "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01"}""")
                        .withTransformers("response-template")));
        server.stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Calls.json"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"sid": "CA{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
                                 "direction": "outbound-api", "api_version": "2010-04-01"}""")
                        .withTransformers("response-template")));
    }

    /**
     * One call Doorway asked Twilio to make.
     *
     * @param sid   the SID the fake gave it
     * @param to    who is called
     * @param twiml what the call says and gathers
     */
    public record VoiceCall(String sid, String to, String twiml) {}

    /** Every call requested so far, oldest first. */
    public List<VoiceCall> calls() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        List<VoiceCall> calls = new ArrayList<>();
        for (ServeEvent event : events) {
            if (event.getRequest().getUrl().endsWith("/Calls.json")
                    && event.getResponse().getStatus() == 201) {
                Map<String, String> form = form(event.getRequest().getBodyAsString());
                calls.add(new VoiceCall(
                        json(event.getResponse().getBodyAsString()).path("sid").asText(),
                        form.get("To"),
                        form.get("Twiml")));
            }
        }
        return calls;
    }

    /** The fake, started on first use. */
    public static synchronized FakeTwilio shared() {
        if (shared == null) {
            shared = new FakeTwilio();
        }
        return shared;
    }

    /** Where Doorway's Twilio SDK should send its requests. */
    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    /** The underlying WireMock server, for tests that make Twilio misbehave. */
    public WireMockServer server() {
        return server;
    }

    /**
     * One message Doorway asked Twilio to send.
     *
     * @param sid            the SID the fake gave it
     * @param to             recipient
     * @param from           sender
     * @param body           text
     * @param statusCallback where Doorway asked for delivery reports
     * @param validityPeriod seconds Twilio may keep trying, as Doorway asked
     * @param authorization  the request's Authorization header
     */
    public record Sms(
            String sid,
            String to,
            String from,
            String body,
            String statusCallback,
            String validityPeriod,
            String authorization) {}

    /** Every message requested so far, oldest first. */
    public List<Sms> sent() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        List<Sms> messages = new ArrayList<>();
        for (ServeEvent event : events) {
            if (!event.getRequest().getUrl().endsWith("/Messages.json")
                    || event.getResponse().getStatus() != 201) {
                continue;
            }
            Map<String, String> form = form(event.getRequest().getBodyAsString());
            String sid;
            try {
                sid = JSON.readTree(event.getResponse().getBodyAsString())
                        .path("sid")
                        .asText();
            } catch (Exception e) {
                sid = null;
            }
            messages.add(new Sms(
                    sid,
                    form.get("To"),
                    form.get("From"),
                    form.get("Body"),
                    form.get("StatusCallback"),
                    form.get("ValidityPeriod"),
                    event.getRequest().getHeader("Authorization")));
        }
        return messages;
    }

    /** The messages so far that match. */
    public List<Sms> sent(Predicate<Sms> which) {
        return sent().stream().filter(which).toList();
    }

    /** Waits (up to 10 s) for the {@code n}-th message that matches, and returns the first n. */
    public List<Sms> awaitSent(Predicate<Sms> which, int n) {
        return await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> sent(which), list -> list.size() >= n);
    }

    /** Waits (up to 10 s) for the first message that matches. */
    public Sms awaitSms(Predicate<Sms> which) {
        return awaitSent(which, 1).get(0);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** Reads a JSON body (for tests that inspect responses). */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
