package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.doorway.DoorwayApplication;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Paging state lives in PostgreSQL, not in the process: Doorway stopped between a page and its
 * escalation deadline, and started again on the same database, fires that escalation exactly once
 * and resends nothing.
 */
class RestartIT {

    private final FakeTwilio twilio = FakeTwilio.shared();

    private ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(DoorwayApplication.class)
                .run(
                        "--server.port=0",
                        // No Kafka here, whatever an embedded broker elsewhere in this JVM left in the
                        // system properties.
                        "--camel.component.kafka.brokers=",
                        // Explicitly development (embedded database): production's rules are ProductionModeIT's.
                        "--doorway.mode=development",
                        "--doorway.data-dir=" + data,
                        "--doorway.public-base-url=https://doorway.example.test",
                        "--doorway.sites-dir="
                                + Path.of("src/test/resources/sites").toAbsolutePath(),
                        "--doorway.twilio.account-sid=" + FakeTwilio.ACCOUNT_SID,
                        "--doorway.twilio.auth-token=" + FakeTwilio.AUTH_TOKEN,
                        "--doorway.twilio.from-number=" + FakeTwilio.FROM_NUMBER,
                        "--doorway.twilio.api-base-url=" + twilio.baseUrl(),
                        "--doorway.admin-password=test-admin-password");
    }

    @Test
    void escalationDueWhileStoppedFiresOnceAfterRestartAndNothingIsResent() throws Exception {
        Path data = Files.createTempDirectory("doorway-restart-");
        ConfigurableApplicationContext first = start(data);
        Site site = first.getBean(Sites.class).get("restart");
        String port = first.getEnvironment().getProperty("local.server.port");

        HttpResponse<String> accepted = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/intake/eido"))
                                .header("Content-Type", "application/json")
                                .header("X-Api-Key", "restart-intake-key")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(
                                        EidoDocuments.bytes(EidoDocuments.leadRequest())))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode referral = FakeTwilio.json(accepted.body()).path("referrals").get(0);
        String ref = referral.path("shortRef").asText();
        Instant requested = Instant.now();

        twilio.awaitSms(sms -> sms.body().contains(ref));
        first.close();

        // The first escalation falls due (3 s after the page) while no Doorway is running.
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(requested.plusSeconds(4)));
        assertThat(twilio.sent(sms -> sms.body().contains(ref))).hasSize(1);

        ConfigurableApplicationContext second = start(data);
        try {
            // Then the rotation carries on: step 1 at once, step 2 three seconds later.
            List<FakeTwilio.Sms> pages = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> twilio.sent(sms -> sms.body().contains(ref)), list -> list.size() >= 3);
            await().pollDelay(Duration.ofSeconds(4)).until(() -> true);
            List<String> expected = List.of(0, 1, 2).stream()
                    .map(step -> site.onCall(
                                    List.of("primary", "backup", "third").get(step), requested)
                            .orElseThrow()
                            .phone())
                    .toList();
            assertThat(twilio.sent(sms -> sms.body().contains(ref)))
                    .as("each member paged exactly once, in rotation order")
                    .extracting(FakeTwilio.Sms::to)
                    .containsExactlyElementsOf(expected);
            assertThat(pages).hasSize(3);
        } finally {
            second.close();
        }
    }
}
