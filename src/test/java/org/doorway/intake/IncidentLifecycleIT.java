package org.doorway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.doorway.DoorwayAppIT;
import org.doorway.referral.ReferralStore;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.PhoneDevice;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A source sends the same incident again as it changes: a CAD recodes it, updates it, closes it; a
 * 311 system updates and closes a request. A newer version (by the source's own update time)
 * updates the referral and triages it again, keeping every version; a close calls off the warm
 * handoff; an older version arriving late and an identical resend change nothing. The NENA sample is
 * read in place and changed in memory; those tests are skipped when it is absent.
 */
class IncidentLifecycleIT extends DoorwayAppIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Sites sites;

    @Autowired
    ReferralStore referrals;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient db;

    /** The official NENA sample as incident {@code id}, coded {@code code}, last updated at {@code updated}. */
    private static ObjectNode nenaSample(String id, String code, String updated) {
        try {
            ObjectNode doc = (ObjectNode) JSON.readTree(SharedSamples.read("eido-sample-call-transfer.json"));
            doc.put("$id", id);
            doc.put("lastUpdateTimeStamp", updated);
            ObjectNode incident = doc.putObject("incidentComponent");
            incident.put("$id", id + ":incident");
            incident.put("lastUpdateTimeStamp", updated);
            incident.put("incidentTypeInternalCode", code);
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String newIncident() {
        return "urn:emergency:uid:incidentid:lifecycle-" + UUID.randomUUID() + ":bcf.state.pa.us";
    }

    private JsonNode post(ObjectNode doc, String key) {
        Response answer = postEido(key, EidoDocuments.bytes(doc));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().path("referrals").get(0);
    }

    @Test
    void aDisturbanceRecodedLeadWithALaterUpdateTimePagesTheOnCallCaseManagerOnce() {
        String incident = newIncident();
        JsonNode first = post(nenaSample(incident, "DISTURBANCE", "2021-04-30T14:43:49.439-04:00"), DEMO_KEY);
        assertThat(first.path("outcome").asText()).isEqualTo("OWG_REVIEW");

        JsonNode recoded = post(nenaSample(incident, "LEAD", "2021-04-30T14:50:00-04:00"), DEMO_KEY);

        assertThat(recoded.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(recoded.path("duplicate").asBoolean()).isFalse();
        assertThat(recoded.path("change").asText()).isEqualTo("UPDATED");
        assertThat(recoded.path("version").asInt()).isEqualTo(2);
        assertThat(recoded.path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");
        String ref = recoded.path("shortRef").asText();
        FakeTwilio.Sms page =
                twilio.awaitSms(sms -> sms.body().contains(ref) && sms.body().contains("to take it"));
        assertThat(page.to())
                .isEqualTo(sites.get("demo")
                        .onCall("primary", Instant.now())
                        .orElseThrow()
                        .phone());

        JsonNode again = post(nenaSample(incident, "LEAD", "2021-04-30T14:50:00-04:00"), DEMO_KEY);
        assertThat(again.path("duplicate").asBoolean())
                .as("an identical resend")
                .isTrue();
        assertThat(again.has("change")).isFalse();
        UUID id = UUID.fromString(first.path("id").asText());
        assertThat(referrals.versions(id))
                .extracting(ReferralStore.Version::change)
                .containsExactly(ReferralStore.Change.NEW, ReferralStore.Change.UPDATED);
        JsonNode stored = referralAsStaff(first.path("id").asText());
        assertThat(stored.path("callType").path("code").asText()).isEqualTo("LEAD");
        assertThat(stored.path("handoff").path("state").asText()).isNotBlank();
        Response queue = call(admin(), "GET", "/api/v1/owg/pending?site=demo", null);
        assertThat(queue.status()).isEqualTo(200);
        assertThat(queue.body())
                .as("the OWG no longer has it to decide: the newer version asked for a warm handoff")
                .doesNotContain(first.path("id").asText());
        assertThat(db.sql("select state || ' ' || reason from owg_review where referral_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("WITHDRAWN re-triaged: WARM_HANDOFF_NOW");
    }

    @Test
    void anOlderVersionArrivingLateChangesNothing() {
        String incident = newIncident();
        JsonNode newer = post(nenaSample(incident, "LEAD", "2021-04-30T14:50:00-04:00"), DEMO_KEY);
        assertThat(newer.path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");

        JsonNode older = post(nenaSample(incident, "DISTURBANCE", "2021-04-30T14:43:49.439-04:00"), DEMO_KEY);

        assertThat(older.path("id").asText()).isEqualTo(newer.path("id").asText());
        assertThat(older.path("duplicate").asBoolean()).isTrue();
        assertThat(older.path("change").asText()).isEqualTo("OUT_OF_DATE");
        assertThat(older.path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");
        JsonNode stored = referralAsStaff(newer.path("id").asText());
        assertThat(stored.path("callType").path("code").asText()).isEqualTo("LEAD");
        assertThat(referrals.versions(UUID.fromString(newer.path("id").asText())))
                .hasSize(1);
    }

    @Test
    void aClosedIncidentCallsOffTheHandoffAndTheCaseManagerOnTheWayIsToldNotToGo() {
        ObjectNode open = EidoDocuments.leadRequest();
        JsonNode created = post(open, FAST_KEY);
        String ref = created.path("shortRef").asText();
        PhoneDevice primary = device(
                sites.get("fast").onCall("primary", Instant.now()).orElseThrow().phone());
        primary.expectSms(ref, "to take it").reply("{code}a").expectReply("acknowledged");

        ObjectNode closed = open.deepCopy();
        closed.put("lastUpdateTimeStamp", "2025-03-14T11:05:00-07:00");
        ObjectNode incident = EidoDocuments.incident(closed);
        incident.put("lastUpdateTimeStamp", "2025-03-14T11:05:00-07:00");
        incident.putArray("incidentStatusInternalText").add("CLOSED");
        JsonNode answer = post(closed, FAST_KEY);

        assertThat(answer.path("id").asText()).isEqualTo(created.path("id").asText());
        assertThat(answer.path("change").asText()).isEqualTo("CLOSED");
        assertThat(answer.path("duplicate").asBoolean()).isFalse();
        primary.expectSms(ref, "No need to go");
        assertThat(referral(created.path("id").asText(), FAST_KEY)
                        .path("handoff")
                        .path("state")
                        .asText())
                .isEqualTo("CANCELLED");
    }

    private Response postOpen311(String json) {
        return send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/intake/open311"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    private static String request(String id, String status, String updated) {
        return """
                [{"service_request_id":"%s","service_code":"PERSON-IN-NEED","status":"%s",
                  "requested_datetime":"2026-11-22T09:00:00Z","updated_datetime":"%s","address":"1501 3rd Ave"}]""".formatted(id, status, updated);
    }

    @Test
    void anOpen311RequestIsUpdatedAndClosedByItsUpdatedDatetimeAndStatus() {
        String id = "lifecycle-311-" + UUID.randomUUID();
        JsonNode first = postOpen311(request(id, "open", "2026-11-22T09:00:00Z"))
                .json()
                .path("referrals")
                .get(0);
        assertThat(first.path("duplicate").asBoolean()).isFalse();

        JsonNode closed = postOpen311(request(id, "closed", "2026-11-22T12:00:00Z"))
                .json()
                .path("referrals")
                .get(0);
        JsonNode late = postOpen311(request(id, "open", "2026-11-22T10:00:00Z"))
                .json()
                .path("referrals")
                .get(0);

        assertThat(closed.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(closed.path("change").asText()).isEqualTo("CLOSED");
        assertThat(late.path("change").asText()).isEqualTo("OUT_OF_DATE");
        assertThat(late.path("duplicate").asBoolean()).isTrue();
        assertThat(referrals.versions(UUID.fromString(first.path("id").asText())))
                .extracting(ReferralStore.Version::closed)
                .containsExactly(false, true);
    }
}
