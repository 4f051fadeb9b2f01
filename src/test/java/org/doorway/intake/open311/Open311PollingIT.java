package org.doorway.intake.open311;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Doorway polls a city's 311 system (GeoReport v2 {@code GET requests}) for the service codes a
 * site takes, keeping a cursor in the database that moves only once the poll's requests are in,
 * and only as far as the server's own {@code updated_datetime} values; a server that caps its
 * answers is paged through until an answer comes back below the cap ({@link CappedCity}).
 */
class Open311PollingIT extends DoorwayAppIT {

    private static final String PATH = "/city-311/requests.json";

    /** A city whose server answers at most {@link CappedCity#CAP} requests, oldest update first. */
    private static final CappedCity CAPPED = new CappedCity();

    @DynamicPropertySource
    static void feed(DynamicPropertyRegistry registry) {
        FakeTwilio.shared()
                .server()
                .stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(PATH))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "application/json")
                                .withBody(SharedSamples.read("open311-georeport-v2-spec-GET-requests-response.json"))));
        registry.add("doorway.intake.open311.feeds[0].name", () -> "testcity");
        registry.add(
                "doorway.intake.open311.feeds[0].url", () -> FakeTwilio.shared().baseUrl() + PATH);
        registry.add("doorway.intake.open311.feeds[0].site", () -> "demo");
        registry.add("doorway.intake.open311.feeds[0].service-codes", () -> "006,LEAD-311");
        registry.add("doorway.intake.open311.feeds[1].name", () -> "cappedcity");
        registry.add("doorway.intake.open311.feeds[1].url", () -> CAPPED.url());
        registry.add("doorway.intake.open311.feeds[1].site", () -> "demo");
        registry.add("doorway.intake.open311.feeds[1].service-codes", () -> "PERSON-IN-NEED");
        registry.add("doorway.intake.open311.feeds[1].page-size", () -> String.valueOf(CappedCity.CAP));
        registry.add("doorway.intake.open311.interval", () -> "PT1S");
        registry.add("doorway.intake.open311.poll-every", () -> "500");
    }

    @Autowired
    JdbcClient db;

    @Test
    void pollsForTheSiteServiceCodesAndThenSinceTheCursor() {
        List<LoggedRequest> polls = await().atMost(Duration.ofSeconds(30))
                .until(() -> twilio.server().findAll(getRequestedFor(urlPathEqualTo(PATH))), list -> list.size() >= 2);

        assertThat(polls.get(0).queryParameter("service_code").firstValue()).isEqualTo("006,LEAD-311");
        assertThat(polls.get(0).queryParameter("start_date").isPresent())
                .as("no cursor yet on the first poll")
                .isFalse();
        assertThat(polls.get(1).queryParameter("start_date").isPresent()).isTrue();
        Timestamp cursor = db.sql("select cursor_at from open311_feed where name = 'testcity'")
                .query(Timestamp.class)
                .single();
        assertThat(cursor).isNotNull();
        assertThat(db.sql("select last_result from open311_feed where name = 'testcity'")
                        .query(String.class)
                        .single())
                .contains("rejected");
    }

    @Test
    void pagesThroughACappedServerLosingNoRequestAndKeepsTheServersTimeAsCursor() {
        List<String> ids = CAPPED.ids();

        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> db.sql("select count(distinct source_id) from referral where source_id in ("
                                        + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ")")
                                .params(ids.toArray())
                                .query(Long.class)
                                .single(),
                        stored -> stored == ids.size());

        Timestamp cursor = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> db.sql("select cursor_at from open311_feed where name = 'cappedcity' and not catching_up")
                                .query(Timestamp.class)
                                .optional()
                                .orElse(null),
                        java.util.Objects::nonNull);
        assertThat(cursor.toInstant())
                .as("the greatest updated_datetime the server gave, not this machine's clock")
                .isEqualTo(CAPPED.latest());
        assertThat(CAPPED.largestAnswer()).isEqualTo(CappedCity.CAP);
    }

    /**
     * A 311 server in this JVM (the JDK's HTTP server) holding {@link #COUNT} requests with
     * distinct and shared update times, which answers {@code GET requests.json?start_date=} with
     * at most {@link #CAP} of those updated at or after {@code start_date}, oldest first.
     */
    static final class CappedCity {
        static final int CAP = 5;
        static final int COUNT = 12;
        private static final java.time.Instant FIRST = java.time.Instant.parse("2024-03-01T10:00:00Z");

        private final com.sun.net.httpserver.HttpServer server;
        private final String run = Long.toString(System.nanoTime(), 36);
        private final java.util.concurrent.atomic.AtomicInteger largest =
                new java.util.concurrent.atomic.AtomicInteger();

        CappedCity() {
            try {
                server = com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/capped/requests.json", exchange -> {
                java.time.Instant from = startDate(exchange.getRequestURI().getRawQuery());
                List<Integer> answer = java.util.stream.IntStream.range(0, COUNT)
                        .filter(i -> from == null || !updated(i).isBefore(from))
                        .boxed()
                        .sorted(java.util.Comparator.comparing(CappedCity::updated))
                        .limit(CAP)
                        .toList();
                largest.accumulateAndGet(answer.size(), Math::max);
                StringBuilder json = new StringBuilder("[");
                for (int i : answer) {
                    json.append(json.length() > 1 ? "," : "")
                            .append("{\"service_request_id\":\"")
                            .append(id(i))
                            .append("\",\"service_code\":\"PERSON-IN-NEED\",\"status\":\"open\",")
                            .append("\"description\":\"Someone sitting by the door, seems unwell\",")
                            .append("\"requested_datetime\":\"")
                            .append(updated(i))
                            .append("\",\"updated_datetime\":\"")
                            .append(updated(i))
                            .append("\",\"address\":\"100 Main St\"}");
                }
                byte[] body = json.append(']').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/capped/requests.json";
        }

        String id(int i) {
            return "cap-" + run + "-" + i;
        }

        List<String> ids() {
            return java.util.stream.IntStream.range(0, COUNT).mapToObj(this::id).toList();
        }

        /** Requests 4, 5 and 6 were updated at the same second: a page may end among them. */
        static java.time.Instant updated(int i) {
            int minute = i <= 4 ? i : i <= 6 ? 4 : i;
            return FIRST.plusSeconds(60L * minute);
        }

        java.time.Instant latest() {
            return updated(COUNT - 1);
        }

        int largestAnswer() {
            return largest.get();
        }

        private static java.time.Instant startDate(String query) {
            if (query == null) {
                return null;
            }
            for (String part : query.split("&")) {
                if (part.startsWith("start_date=")) {
                    return java.time.OffsetDateTime.parse(java.net.URLDecoder.decode(
                                    part.substring("start_date=".length()), java.nio.charset.StandardCharsets.UTF_8))
                            .toInstant();
                }
            }
            return null;
        }
    }
}
