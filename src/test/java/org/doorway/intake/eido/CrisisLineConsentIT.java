package org.doorway.intake.eido;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A 988 crisis line transfers a caller to LEAD (docs/eido-988.md). The test site {@code crisis}
 * answers transfers with a warm handoff now; a caller who declined to be contacted is never paged
 * for: the transfer goes back to the crisis line (the policy's default), and the decision says why.
 */
class CrisisLineConsentIT extends DoorwayAppIT {

    /** The crisis test site's intake key (its site.yaml holds the SHA-256). */
    private static final String CRISIS_KEY = "crisis-intake-key";

    @Autowired
    JdbcClient db;

    /** A crisis line's transfer: no call type, the transfer block saying whether the caller agreed. */
    static ObjectNode transfer(String consent) {
        ObjectNode doc = EidoDocuments.leadRequest(d -> {
            String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
            d.put("lastUpdateTimeStamp", now);
            ObjectNode incident = EidoDocuments.incident(d);
            incident.put("lastUpdateTimeStamp", now);
            incident.remove("incidentTypeInternalCode");
            incident.remove("incidentTypeInternalText");
            d.path("callComponent").forEach(call -> ((ObjectNode) call).put("callStartTimestamp", now));
        });
        ArrayNode data = doc.has("additionalDataComponent")
                ? (ArrayNode) doc.get("additionalDataComponent")
                : doc.putArray("additionalDataComponent");
        data.addObject()
                .put("$id", "urn:emergency:uid:additionaldataid:" + UUID.randomUUID() + ":988.test.example")
                .put(
                        "additionalDataByValue",
                        "<clt:CrisisLineTransfer xmlns:clt=\"urn:doorway:eido:crisis-line-transfer:1\">"
                                + "<clt:ConsentToContact>" + consent + "</clt:ConsentToContact>"
                                + "<clt:ImminentRisk>false</clt:ImminentRisk></clt:CrisisLineTransfer>");
        return doc;
    }

    private int handoffs(String referralId) {
        return db.sql("select count(*) from handoff where referral_id = ?")
                .param(UUID.fromString(referralId))
                .query(Integer.class)
                .single();
    }

    @Test
    void aTransferWhosePersonDeclinedContactPagesNobodyAndGoesBackToTheCrisisLine() {
        Response declined = postEido(CRISIS_KEY, EidoDocuments.bytes(transfer("false")));
        Response agreed = postEido(CRISIS_KEY, EidoDocuments.bytes(transfer("true")));

        assertThat(declined.status()).as("answer: %s", declined.body()).isEqualTo(202);
        JsonNode refused = declined.json().path("referrals").get(0);
        JsonNode taken = agreed.json().path("referrals").get(0);
        assertThat(taken.path("outcome").asText())
                .as("the site pages for a transfer whose caller agreed: %s", agreed.body())
                .isEqualTo("WARM_HANDOFF_NOW");
        assertThat(refused.path("outcome").asText())
                .as("answer: %s", declined.body())
                .isNotEqualTo("WARM_HANDOFF_NOW")
                .isNotEqualTo("FIELD_FOLLOW_UP");
        assertThat(refused.path("tellReferrer").asText()).contains("declined");
        JsonNode decision = referralAsStaff(refused.path("id").asText()).path("decision");
        assertThat(decision.path("reasons").toString())
                .contains("declined to be contacted")
                .contains("consent.when-declined");

        assertThat(handoffs(refused.path("id").asText())).isZero();
        // No handoff means no page; and none went out while the agreed transfer, sent after it, was paged.
        String agreedRef = taken.path("shortRef").asText();
        twilio.awaitSms(sms -> sms.body().contains(agreedRef) && sms.body().contains("to take it"));
        String declinedRef = refused.path("shortRef").asText();
        assertThat(twilio.sent(sms -> sms.body().contains(declinedRef))).isEmpty();
    }
}
