package org.doorway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.PhoneDevice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.test.context.TestPropertySource;

/**
 * Prometheus reads handoff latencies (with the 5 to 60 minute buckets), pages and intake from
 * {@code /actuator/prometheus} with its bearer token; nobody else without signing in.
 */
@TestPropertySource(
        properties = {
            "doorway.metrics-token=metrics-it-scrape-token-0123456789-abcdefghijklmnop",
            "doorway.metrics-previous-tokens=metrics-it-older-token-0123456789-abcdefghijklmnopq"
        })
@AutoConfigureMetrics
class MetricsIT extends DoorwayAppIT {

    private Response scrape(String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    @Test
    void prometheusReadsHandoffLatencyPagesAndIntake() {
        String ref = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0)
                .path("shortRef")
                .asText();
        PhoneDevice onCall =
                device(twilio.awaitSms(sms -> sms.body().contains(ref)).to());
        onCall.expectSms(ref).reply("{code}a").expectReply("acknowledged");

        Response metrics = scrape("metrics-it-scrape-token-0123456789-abcdefghijklmnop");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains(
                        "doorway_handoff_latency_seconds_bucket{door=\"SOCIAL_CONTACT\",site=\"demo\",to=\"acknowledged\",le=\"300.0\"}")
                .contains("le=\"1800.0\"")
                .contains("doorway_pages_total{kind=\"PAGE\",outcome=\"sent\"}")
                .contains("doorway_intake_total{result=\"accepted\",site=\"demo\",source=\"http:demo-cad\"}");
        assertThat(metrics.body()).doesNotContain("Jordan").doesNotContain("Tester");
    }

    @Test
    void whileRotatingPrometheusMayStillScrapeWithTheOlderToken() {
        assertThat(scrape("metrics-it-older-token-0123456789-abcdefghijklmnopq").status())
                .isEqualTo(200);
    }

    @Test
    void nobodyElseReadsTheMetrics() {
        assertThat(scrape(null).status()).isEqualTo(403);
        assertThat(scrape("wrong-token").status()).isEqualTo(403);
    }
}
