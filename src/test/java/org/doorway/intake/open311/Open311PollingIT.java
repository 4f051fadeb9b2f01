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
 * site takes, keeping a cursor in the database that moves only once the poll's requests are in.
 */
class Open311PollingIT extends DoorwayAppIT {

    private static final String PATH = "/city-311/requests.json";

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
}
