package org.doorway.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code docker/compose.yaml} as production runs it: PostgreSQL, Kafka, two Doorway replicas
 * behind the nginx front, Prometheus and Grafana, in production mode with every secret generated
 * for the run as docker/README.md says (compose has no defaults for them), the local outbox and
 * the demo site explicitly enabled. Built and started where Docker exists; skipped (and counted as
 * skipped) where it does not, as on the project's own CI machine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ProductionComposeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DEMO_KEY = TestSecrets.random();
    private static final String METRICS_TOKEN = TestSecrets.random();

    @Container
    static final ComposeContainer stack = new ComposeContainer(new File("docker/compose.yaml"))
            .withEnv(Map.of(
                    "POSTGRES_PASSWORD",
                    TestSecrets.random(),
                    "GRAFANA_ADMIN_PASSWORD",
                    TestSecrets.random(),
                    "DOORWAY_CALENDAR_KEY",
                    TestSecrets.random(),
                    "DOORWAY_TRIAGE_MATCH_KEY",
                    TestSecrets.random(),
                    "DOORWAY_SEAL_MASTER_KEY",
                    "k1:" + TestSecrets.random(),
                    "DOORWAY_METRICS_TOKEN",
                    METRICS_TOKEN,
                    "DOORWAY_TWILIO_AUTH_TOKEN",
                    TestSecrets.random(),
                    "DOORWAY_OUTBOX_ENABLED",
                    "true",
                    "DOORWAY_DEMO_ENABLED",
                    "true",
                    "DOORWAY_DEMO_API_KEY",
                    DEMO_KEY))
            .withRemoveVolumes(true)
            .withBuild(true)
            .withExposedService(
                    "doorway",
                    8080,
                    Wait.forHttp("/actuator/health/readiness")
                            .forStatusCode(200)
                            .withStartupTimeout(Duration.ofMinutes(15)))
            .withExposedService(
                    "grafana",
                    3000,
                    Wait.forHttp("/api/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)));

    private final HttpClient http = HttpClient.newHttpClient();

    private URI doorway(String path) {
        return URI.create(
                "http://" + stack.getServiceHost("doorway", 8080) + ":" + stack.getServicePort("doorway", 8080) + path);
    }

    private HttpResponse<String> postEido(byte[] body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(doorway("/api/v1/intake/eido"))
                        .header("Content-Type", "application/json")
                        .header("X-Api-Key", DEMO_KEY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReferralSentTwiceThroughEitherReplicaIsStoredOnce() throws Exception {
        byte[] document = EidoDocuments.bytes(EidoDocuments.leadRequest());

        HttpResponse<String> first = postEido(document);
        // nginx sends the next request to the other replica: one database decides for both.
        HttpResponse<String> again = postEido(document);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        JsonNode stored = JSON.readTree(first.body()).path("referrals").get(0);
        JsonNode resent = JSON.readTree(again.body()).path("referrals").get(0);
        assertThat(resent.path("id").asText()).isEqualTo(stored.path("id").asText());
    }

    @Test
    void theDashboardAsksForSignInAndMetricsAskForTheToken() throws Exception {
        HttpResponse<String> dashboard =
                http.send(HttpRequest.newBuilder(doorway("/dashboard")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(
                HttpRequest.newBuilder(doorway("/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> scraped = http.send(
                HttpRequest.newBuilder(doorway("/actuator/prometheus"))
                        .header("Authorization", "Bearer " + METRICS_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(dashboard.statusCode()).isEqualTo(302);
        assertThat(dashboard.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/login"));
        assertThat(metrics.statusCode()).isIn(401, 403);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("jvm_memory_used_bytes");
    }
}
