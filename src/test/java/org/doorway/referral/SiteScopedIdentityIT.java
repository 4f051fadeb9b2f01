package org.doorway.referral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;

/**
 * Two sites whose sources number their records alike: the demo site and the twin test site both
 * take Open311 requests and the SPD CSV export. Each site's record is its own referral, triaged on
 * its own, and each site's source sees only its own; one site's key can neither claim nor read the
 * other's ids. The CSV sample is read in place; that test is skipped when it is absent.
 */
class SiteScopedIdentityIT extends DoorwayAppIT {

    /** The twin test site's intake key (sites/twin/site.yaml holds its SHA-256). */
    static final String TWIN_KEY = "twin-intake-key";

    private Response post(String path, String key, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", contentType)
                .header("X-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static JsonNode only(Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().path("rejected")).as(answer.body()).isEmpty();
        return answer.json().path("referrals").get(0);
    }

    @Test
    void twoSitesOpen311RequestsOfOneNumberAreEachTriagedAndEachSourceSeesOnlyItsOwn() {
        // A 311 request number both cities' systems could issue; new for each run of the suite.
        String number = "12345" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        byte[] request = """
                [{"service_request_id":"%s","service_code":"PERSON-IN-NEED",
                  "requested_datetime":"2026-11-22T09:00:00Z","address":"1501 3rd Ave"}]""".formatted(number).getBytes(StandardCharsets.UTF_8);

        JsonNode demo = only(post("/api/v1/intake/open311", DEMO_KEY, "application/json", request));
        JsonNode twin = only(post("/api/v1/intake/open311", TWIN_KEY, "application/json", request));

        assertThat(twin.path("duplicate").asBoolean()).isFalse();
        assertThat(twin.path("id").asText()).isNotEqualTo(demo.path("id").asText());
        assertThat(List.of(demo.path("outcome").asText(), twin.path("outcome").asText()))
                .containsOnly("OWG_REVIEW");
        assertThat(referral(twin.path("id").asText(), TWIN_KEY).path("site").asText())
                .isEqualTo("twin");
        assertThat(get("/api/v1/referrals/" + demo.path("id").asText(), TWIN_KEY)
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/v1/referrals/" + twin.path("id").asText(), DEMO_KEY)
                        .status())
                .isEqualTo(404);
        JsonNode demoAgain = only(post("/api/v1/intake/open311", DEMO_KEY, "application/json", request));
        assertThat(demoAgain.path("duplicate").asBoolean()).isTrue();
        assertThat(demoAgain.path("id").asText()).isEqualTo(demo.path("id").asText());
    }

    @Test
    void twoSitesCsvEventNumbersAreEachTriagedAndEachSourceSeesOnlyItsOwn() {
        List<String> lines = new String(SharedSamples.read("seattle-spd-call-data-sample.csv"), StandardCharsets.UTF_8)
                .lines()
                .toList();
        // The sample's first event (a suspicious person, routed by both sites) under a new number.
        String row = lines.get(1);
        String event = String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
        byte[] csv =
                (lines.get(0) + "\n" + event + row.substring(row.indexOf(',')) + "\n").getBytes(StandardCharsets.UTF_8);

        JsonNode demo = only(post("/api/v1/intake/csv?mapping=seattle-spd", DEMO_KEY, "text/csv", csv));
        JsonNode twin = only(post("/api/v1/intake/csv?mapping=seattle-spd", TWIN_KEY, "text/csv", csv));

        assertThat(demo.path("sourceId").asText()).isEqualTo(event);
        assertThat(twin.path("sourceId").asText()).isEqualTo(event);
        assertThat(twin.path("duplicate").asBoolean()).isFalse();
        assertThat(twin.path("id").asText()).isNotEqualTo(demo.path("id").asText());
        assertThat(twin.path("outcome").asText()).isEqualTo("OWG_REVIEW");
        assertThat(referral(twin.path("id").asText(), TWIN_KEY).path("site").asText())
                .isEqualTo("twin");
        assertThat(get("/api/v1/referrals/" + twin.path("id").asText(), DEMO_KEY)
                        .status())
                .isEqualTo(404);
    }
}
