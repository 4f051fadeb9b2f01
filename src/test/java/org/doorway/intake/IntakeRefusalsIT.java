package org.doorway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.TwilioPhone;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a source or caller gets for bad input: a clear {@code application/problem+json} refusal,
 * and nothing stored or changed.
 */
class IntakeRefusalsIT extends DoorwayAppIT {

    @Autowired
    JdbcClient db;

    private long referrals() {
        return db.sql("select count(*) from referral").query(Long.class).single();
    }

    @Test
    void refusesAnEidoDocumentWithABadTimestampNamingTheFieldAndStoresNothing() {
        ObjectNode doc = EidoDocuments.leadRequest();
        ((ObjectNode) doc.get("callComponent").get(0)).put("callStartTimestamp", "yesterday around noon");
        long before = referrals();

        Response refused = postEido(DEMO_KEY, EidoDocuments.bytes(doc));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("errors").get(0).path("field").asText())
                .isEqualTo("/callComponent/0/callStartTimestamp");
        assertThat(problem.path("errors").get(0).path("reason").asText()).isNotBlank();
        assertThat(refused.body()).doesNotContain("yesterday around noon");
        assertThat(referrals()).isEqualTo(before);
    }

    @Test
    void refusesWhatPostgresCannotStoreWithA400NotA500() {
        ObjectNode withNul = EidoDocuments.leadRequest();
        EidoDocuments.setSurname(withNul, "Doe\u0000Roe");
        ObjectNode farFuture = EidoDocuments.leadRequest();
        ((ObjectNode) farFuture.get("callComponent").get(0)).put("callStartTimestamp", "+300000-01-01T00:00:00Z");
        long before = referrals();

        for (ObjectNode doc : java.util.List.of(withNul, farFuture)) {
            Response refused = postEido(DEMO_KEY, EidoDocuments.bytes(doc));

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            JsonNode error = refused.json().path("errors").get(0);
            assertThat(error.path("field").asText()).startsWith("referral ");
            assertThat(error.path("reason").asText()).containsAnyOf("NUL character", "years 1 to 9999");
            assertThat(refused.body()).doesNotContain("Doe").doesNotContain("Roe");
        }
        assertThat(referrals()).isEqualTo(before);
    }

    @Test
    void leavesOutAnIncidentTheSiteDoesNotRouteStoringNothingButACount() {
        ObjectNode doc =
                EidoDocuments.leadRequest(d -> EidoDocuments.incident(d).put("incidentTypeInternalCode", "TRAFFIC"));
        long before = referrals();
        long counted = db.sql(
                        "select coalesce(sum(count), 0) from intake_count where result = 'NOT_ROUTED' and code = 'TRAFFIC'")
                .query(Long.class)
                .single();

        Response answer = postEido(DEMO_KEY, EidoDocuments.bytes(doc));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().path("referrals")).isEmpty();
        JsonNode rejected = answer.json().path("rejected").get(0);
        assertThat(rejected.path("index").asInt()).isZero();
        assertThat(rejected.path("reason").asText()).contains("TRAFFIC").contains("not routed");
        assertThat(referrals()).isEqualTo(before);
        assertThat(db.sql(
                                "select coalesce(sum(count), 0) from intake_count where result = 'NOT_ROUTED' and code = 'TRAFFIC'")
                        .query(Long.class)
                        .single())
                .isEqualTo(counted + 1);
    }

    @Test
    void refusesSomethingThatIsNotJson() {
        Response refused = postEido(DEMO_KEY, "<incident/>".getBytes(StandardCharsets.UTF_8));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("/");
    }

    @Test
    void refusesADocumentWithoutIncidentId() {
        ObjectNode doc = EidoDocuments.leadRequest(d -> d.remove("$id"));

        Response refused = postEido(DEMO_KEY, EidoDocuments.bytes(doc));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("/$id");
    }

    @Test
    void refusesIntakeWithoutAnApiKeyOrWithAnUnknownOne() {
        byte[] doc = EidoDocuments.bytes(EidoDocuments.leadRequest());
        long before = referrals();

        Response none = postEido(null, doc);
        Response wrong = postEido("not-a-key", doc);

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(referrals()).isEqualTo(before);
    }

    @Test
    void refusesABodyOverTheSizeLimit() {
        byte[] huge = new byte[1_048_577];
        java.util.Arrays.fill(huge, (byte) ' ');

        Response refused = postEido(DEMO_KEY, huge);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void neverEchoesRequestHeadersInItsAnswer() throws Exception {
        // Camel copies message headers into HTTP responses unless told not to; a request header (or
        // a form field, on the Twilio webhooks) could carry personal data back out.
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/intake/eido"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", DEMO_KEY)
                .header("X-Echo-Me", "personal-detail")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EidoDocuments.bytes(EidoDocuments.leadRequest())))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().map().keySet())
                .noneMatch(h -> h.equalsIgnoreCase("X-Echo-Me") || h.equalsIgnoreCase("X-Api-Key"));
    }

    @Test
    void refusesTwilioWebhooksThatAreUnsignedOrSignedForAnotherRequest() {
        TwilioPhone phone = phone();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("From", "+12065550101");
        params.put("To", "+12065550100");
        params.put("Body", "1a");
        params.put("MessageSid", "SMabc");

        TwilioPhone.Answer unsigned = phone.post("/webhooks/twilio/sms", params, null);
        String signature = phone.sign("/webhooks/twilio/sms", params);
        Map<String, String> tampered = new LinkedHashMap<>(params);
        tampered.put("Body", "2a");
        TwilioPhone.Answer forged = phone.post("/webhooks/twilio/sms", tampered, signature);
        // Signed for the local address instead of the public one: what a Host-header check would accept.
        String local = org.doorway.dev.TwilioWebhookSignature.sign(
                org.doorway.testing.FakeTwilio.AUTH_TOKEN, base() + "/webhooks/twilio/sms", params);
        TwilioPhone.Answer wrongUrl = phone.post("/webhooks/twilio/sms", params, local);
        TwilioPhone.Answer statusUnsigned = phone.post(
                "/webhooks/twilio/status", Map.of("MessageSid", "SMabc", "MessageStatus", "delivered"), null);

        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(wrongUrl.status()).isEqualTo(403);
        assertThat(statusUnsigned.status()).isEqualTo(403);
        assertThat(unsigned.body()).contains("\"status\":403");
        // And correctly signed, it is accepted.
        assertThat(phone.post("/webhooks/twilio/sms", params, signature).status())
                .isEqualTo(200);
    }
}
