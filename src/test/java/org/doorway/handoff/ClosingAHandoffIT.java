package org.doorway.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.PhoneDevice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A handoff that ends without a handoff: the case manager finds the person gone ({@code 1x}), or
 * the officer, through dispatch, calls it off. The escalation stops and whoever waits is told. On
 * the fast test site, whose roster knows the example EIDO's officer.
 */
class ClosingAHandoffIT extends DoorwayAppIT {

    private static final String OFFICER_PHONE = "+12065550247";

    @Autowired
    Sites sites;

    private PhoneDevice layer(String layer) {
        Site fast = sites.get("fast");
        return device(fast.onCall(layer, Instant.now()).orElseThrow().phone());
    }

    private JsonNode post() {
        return postEido(FAST_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
    }

    private Response close(String id, String apiKey, String json) {
        return send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/referrals/" + id + "/handoff/close"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void aCaseManagerWhoFindsThePersonGoneRepliesXAndTheOfficerIsTold() {
        PhoneDevice primary = layer("primary");
        PhoneDevice officer = device(OFFICER_PHONE);
        JsonNode created = post();
        String ref = created.path("shortRef").asText();

        PhoneDevice.Received page = primary.expectSms(ref, "to take it");
        page.reply("{code}a").expectReply("acknowledged");
        officer.expectSms(ref, "is coming");
        page.reply("{code}x").expectReply(ref, "closed, the person had left");

        officer.expectSms(ref, "the person had left");
        JsonNode handoff = referral(created.path("id").asText(), FAST_KEY).path("handoff");
        assertThat(handoff.path("state").asText()).isEqualTo("PERSON_LEFT");
        page.reply("{code}x").expectReply(ref, "is closed");
    }

    @Test
    void dispatchCallsItOffAndTheCaseManagerOnTheWayIsToldNotToGo() {
        PhoneDevice primary = layer("primary");
        PhoneDevice officer = device(OFFICER_PHONE);
        JsonNode created = post();
        String id = created.path("id").asText();
        String ref = created.path("shortRef").asText();
        primary.expectSms(ref, "to take it").reply("{code}a").expectReply("acknowledged");

        Response closed = close(id, FAST_KEY, "{\"outcome\":\"cancelled\",\"reason\":\"officer cleared the call\"}");

        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().path("state").asText()).isEqualTo("CANCELLED");
        primary.expectSms(ref, "cancelled by the referrer", "No need to go");
        officer.expectSms(ref, "handoff cancelled");
        assertThat(referral(id, FAST_KEY).path("handoff").path("state").asText())
                .isEqualTo("CANCELLED");
        assertThat(close(id, FAST_KEY, "{\"outcome\":\"cancelled\"}").status()).isEqualTo(409);
    }

    @Test
    void callingItOffWhilePagingStopsTheEscalation() {
        PhoneDevice primary = layer("primary");
        JsonNode created = post();
        String ref = created.path("shortRef").asText();
        primary.expectSms(ref, "to take it");

        assertThat(close(created.path("id").asText(), FAST_KEY, "{\"outcome\":\"cancelled\"}")
                        .status())
                .isEqualTo(200);

        // The fast site pages its next layers 1 and 3 seconds after the primary. A page already
        // on its way when the call came may still land; after that, nobody is paged.
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        int paged = twilio.sent(sms -> sms.body().contains(ref) && sms.body().contains("to take it"))
                .size();
        await().pollDelay(Duration.ofSeconds(4)).until(() -> true);
        assertThat(twilio.sent(sms -> sms.body().contains(ref) && sms.body().contains("to take it")))
                .hasSize(paged);
    }

    @Test
    void onlyWhoMaySeeTheReferralMayCloseItAndOnlyAsCancelledOrPersonLeft() {
        JsonNode created = post();
        String id = created.path("id").asText();

        Response wrong = close(id, FAST_KEY, "{\"outcome\":\"done\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.json().path("errors").get(0).path("field").asText()).isEqualTo("outcome");
        assertThat(close(id, DEMO_KEY, "{\"outcome\":\"cancelled\"}").status()).isEqualTo(404);
        assertThat(referral(id, FAST_KEY).path("handoff").path("state").asText())
                .isNotIn("CANCELLED", "PERSON_LEFT");
    }
}
