package org.doorway.intake.eido;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.PhoneDevice;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A CAD enters LEAD at an officer's request, and the EIDO it sends is written by its call taker:
 * the official NENA sample (whose agent is a call taker) recoded LEAD must still page the on-call
 * case manager, as the officer's referral relayed by dispatch, while a dispatcher's own referral
 * stays refused at a door that takes officers only. The sample is read in place and changed in
 * memory; the test is skipped when it is absent.
 */
class DispatcherRelayIT extends DoorwayAppIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAMPLE = "eido-sample-call-transfer.json";
    /** In the demo site's officers roster (site.yaml), with this phone. */
    private static final String DEMO_OFFICER = "officer.4471@police.demo.example";

    private static final String DEMO_OFFICER_PHONE = "+12065550147";

    @Autowired
    Sites sites;

    /** The official NENA sample with a new incident id and an incident component of call type {@code code}. */
    static ObjectNode sampleCoded(String code) {
        try {
            ObjectNode doc = (ObjectNode) JSON.readTree(SharedSamples.read(SAMPLE));
            String id = "urn:emergency:uid:incidentid:relay-" + UUID.randomUUID() + ":bcf.state.pa.us";
            doc.put("$id", id);
            ObjectNode incident = doc.putObject("incidentComponent");
            incident.put("$id", id + ":incident");
            incident.put("lastUpdateTimeStamp", doc.path("lastUpdateTimeStamp").asText());
            incident.put("incidentTypeInternalCode", code);
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a responding officer agent, named by the incident, to a document. */
    static void addRespondingOfficer(ObjectNode doc, String agentId, String agency) {
        ObjectNode officer = ((ArrayNode) doc.get("agentComponent")).addObject();
        officer.put("$id", agentId);
        officer.put("lastUpdateTimeStamp", doc.path("lastUpdateTimeStamp").asText());
        officer.putArray("agentRoleRegistryText").add("Responder");
        officer.putObject("agencyReference").put("$ref", agency);
        ((ObjectNode) doc.get("incidentComponent"))
                .putArray("agentReference")
                .addObject()
                .put("$ref", agentId);
    }

    private Site.CaseManager primary() {
        return sites.get("demo").onCall("primary", Instant.now()).orElseThrow();
    }

    @Test
    void theNenaSampleRecodedLeadPagesTheOnCallCaseManagerAsRelayedByDispatch() {
        Response accepted = postEido(DEMO_KEY, EidoDocuments.bytes(sampleCoded("LEAD")));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode created = accepted.json().path("referrals").get(0);
        assertThat(created.path("door").asText()).isEqualTo("SOCIAL_CONTACT");
        assertThat(created.path("outcome").asText())
                .as("answer: %s", accepted.body())
                .isEqualTo("WARM_HANDOFF_NOW");
        assertThat(created.path("tellDispatch").asText())
                .as("dispatch passes the answer on to the officer it does not name")
                .startsWith("Relayed for the officer")
                .contains("A LEAD case manager is being paged now");
        String ref = created.path("shortRef").asText();

        FakeTwilio.Sms page =
                twilio.awaitSms(sms -> sms.body().contains(ref) && sms.body().contains("to take it"));
        assertThat(page.to()).isEqualTo(primary().phone());

        // The decision's reasons are staff's: a source is given only what to tell the referrer.
        JsonNode decision = call(
                        admin(),
                        "GET",
                        "/api/v1/referrals/" + created.path("id").asText(),
                        null)
                .json()
                .path("decision");
        assertThat(decision.path("reasons").toString())
                .contains("relayed it on the officer's behalf")
                .contains("routing.call-types[0].referrer-role")
                .contains("may refer through the social contact door")
                .doesNotContain("may not refer");
    }

    @Test
    void aCallTakersLeadReferralNamingTheRespondingOfficerIsTheOfficersAndTheOfficerIsTold() {
        ObjectNode doc = sampleCoded("LEAD");
        addRespondingOfficer(doc, DEMO_OFFICER, "police.demo.example");
        PhoneDevice officer = device(DEMO_OFFICER_PHONE);

        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(doc))
                .json()
                .path("referrals")
                .get(0);

        assertThat(created.path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");
        assertThat(created.has("tellDispatch"))
                .as("the officer is told directly")
                .isFalse();
        String ref = created.path("shortRef").asText();
        JsonNode referral = call(
                        admin(),
                        "GET",
                        "/api/v1/referrals/" + created.path("id").asText(),
                        null)
                .json();
        assertThat(referral.path("decision").path("reasons").toString()).doesNotContain("relayed");

        PhoneDevice.Received page = device(primary().phone()).expectSms(ref, "to take it");
        page.reply("{code}a").expectReply("acknowledged");
        officer.expectSms(ref, "is coming");
    }

    @Test
    void aDispatchersReferralOfACallTypeRoutedWithoutAReferrerRoleIsStillRefusedAtTheOfficersDoor() {
        // The fast site routes SOCIAL-NOROLE to the social-contact door, which takes officers only,
        // and names no referrer role: the call taker who sent it is the referrer.
        Response accepted = postEido(FAST_KEY, EidoDocuments.bytes(sampleCoded("SOCIAL-NOROLE")));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode created = accepted.json().path("referrals").get(0);
        assertThat(created.path("outcome").asText()).isEqualTo("NOT_ELIGIBLE");
        assertThat(created.has("tellDispatch")).isFalse();
        JsonNode decision = call(
                        admin(),
                        "GET",
                        "/api/v1/referrals/" + created.path("id").asText(),
                        null)
                .json()
                .path("decision");
        assertThat(decision.path("reasons").toString())
                .contains("A referrer in the role \\\"dispatcher\\\" may not refer through the social contact door")
                .doesNotContain("relayed");
        assertThat(twilio.sent(
                        sms -> sms.body().contains(created.path("shortRef").asText())))
                .isEmpty();
    }
}
