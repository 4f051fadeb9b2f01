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

    /** A city whose server answers more than 10,000 requests for any window over 20 days. */
    private static final HugeCity HUGE = new HugeCity();

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
        registry.add("doorway.intake.open311.feeds[2].name", () -> "hugecity");
        registry.add("doorway.intake.open311.feeds[2].url", () -> HUGE.url());
        registry.add("doorway.intake.open311.feeds[2].site", () -> "demo");
        registry.add("doorway.intake.open311.feeds[2].service-codes", () -> "PERSON-IN-NEED");
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
     * An answer over 10,000 requests (which Doorway refuses as a whole) never stalls the feed: the
     * next poll asks for a narrower window ({@code end_date}) until the answer fits, the cursor
     * moves on from each window taken in whole, and ends at the server's greatest time; the feeds
     * page's last error says the answers were too large.
     */
    @Test
    void splitsAnAnswerOverTenThousandRequestsByTimeUntilItFitsAndMovesTheCursor() {
        List<String> ids = HUGE.ids();

        await().atMost(Duration.ofSeconds(120))
                .until(
                        () -> db.sql("select count(distinct source_id) from referral where source_id in ("
                                        + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ")")
                                .params(ids.toArray())
                                .query(Long.class)
                                .single(),
                        stored -> stored == ids.size());
        Timestamp cursor = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> db.sql("select cursor_at from open311_feed where name = 'hugecity'"
                                        + " and not catching_up and split_until is null")
                                .query(Timestamp.class)
                                .optional()
                                .orElse(null),
                        c -> c != null && !c.toInstant().isBefore(HUGE.latest()));

        assertThat(cursor.toInstant()).isEqualTo(HUGE.latest());
        assertThat(HUGE.tooLargeAnswers()).as("answers too large were met").isPositive();
        assertThat(HUGE.narrowedRequests()).as("and narrower windows asked for").isPositive();
        assertThat(db.sql("select last_error from feed_heartbeat where site = 'demo' and channel = 'open311:hugecity'")
                        .query(String.class)
                        .single())
                .contains("over 10000 requests");
    }

    /**
     * A 311 server holding {@link #TIMES} requests over the last 80 days. Asked for a window longer
     * than 20 days (or without a start), it answers 10,001 requests, as a city with a busy service
     * would; asked for a shorter one, the requests updated within it.
     */
    static final class HugeCity {
        private static final long[] DAYS_AGO = {80, 60, 40, 25, 10, 1};
        static final int TIMES = DAYS_AGO.length;

        private final com.sun.net.httpserver.HttpServer server;
        private final String run = Long.toString(System.nanoTime(), 36);
        private final java.time.Instant now =
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        private final java.util.concurrent.atomic.AtomicInteger tooLarge =
                new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger narrowed =
                new java.util.concurrent.atomic.AtomicInteger();

        HugeCity() {
            try {
                server = com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/huge/requests.json", exchange -> {
                String query = exchange.getRequestURI().getRawQuery();
                java.time.Instant from = CappedCity.param(query, "start_date");
                java.time.Instant to = CappedCity.param(query, "end_date");
                if (to != null) {
                    narrowed.incrementAndGet();
                }
                java.time.Instant until = to == null ? java.time.Instant.now() : to;
                StringBuilder json = new StringBuilder("[");
                if (from == null || Duration.between(from, until).compareTo(Duration.ofDays(20)) > 0) {
                    tooLarge.incrementAndGet();
                    for (int i = 0; i <= 10_000; i++) {
                        json.append(i > 0 ? "," : "")
                                .append("{\"service_request_id\":\"busy-")
                                .append(i)
                                .append("\"}");
                    }
                } else {
                    for (int i = 0; i < TIMES; i++) {
                        java.time.Instant updated = updated(i);
                        if (updated.isBefore(from) || updated.isAfter(until)) {
                            continue;
                        }
                        json.append(json.length() > 1 ? "," : "")
                                .append("{\"service_request_id\":\"")
                                .append(id(i))
                                .append("\",\"service_code\":\"PERSON-IN-NEED\",\"status\":\"open\",")
                                .append("\"description\":\"Someone sitting by the door, seems unwell\",")
                                .append("\"requested_datetime\":\"")
                                .append(updated)
                                .append("\",\"updated_datetime\":\"")
                                .append(updated)
                                .append("\",\"address\":\"100 Main St\"}");
                    }
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
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/huge/requests.json";
        }

        String id(int i) {
            return "huge-" + run + "-" + i;
        }

        List<String> ids() {
            return java.util.stream.IntStream.range(0, TIMES).mapToObj(this::id).toList();
        }

        java.time.Instant updated(int i) {
            return now.minus(Duration.ofDays(DAYS_AGO[i]));
        }

        java.time.Instant latest() {
            return updated(TIMES - 1);
        }

        int tooLargeAnswers() {
            return tooLarge.get();
        }

        int narrowedRequests() {
            return narrowed.get();
        }
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
            return param(query, "start_date");
        }

        static java.time.Instant param(String query, String name) {
            if (query == null) {
                return null;
            }
            for (String part : query.split("&")) {
                if (part.startsWith(name + "=")) {
                    return java.time.OffsetDateTime.parse(java.net.URLDecoder.decode(
                                    part.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8))
                            .toInstant();
                }
            }
            return null;
        }
    }
}
