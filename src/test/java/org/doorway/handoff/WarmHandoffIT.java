package org.doorway.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.OpenHandoffs;
import org.doorway.testing.SharedSamples;
import org.doorway.testing.TwilioPhone;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The walking skeleton end to end: a CAD posts an EIDO document asking for a LEAD warm handoff,
 * the on-call case manager's phone receives a page through the Twilio SDK, the case manager
 * answers "1a", and the handoff's clock shows each moment.
 */
class WarmHandoffIT extends DoorwayAppIT {

    private static final Pattern REPLY_CODE = Pattern.compile("Reply (\\d+)a to take it");

    @Autowired
    Sites sites;

    @Autowired
    JdbcClient db;

    private Site.CaseManager onCall(String site, int step) {
        Site s = sites.get(site);
        return s.onCall(java.util.List.of("primary", "backup", "third").get(step), Instant.now())
                .orElseThrow();
    }

    /** A page of this referral (not the notice its referring officer gets). */
    private static boolean isPage(FakeTwilio.Sms sms, String ref) {
        return sms.body().contains(ref) && sms.body().contains("to take it");
    }

    private static int replyCode(FakeTwilio.Sms sms) {
        Matcher code = REPLY_CODE.matcher(sms.body());
        assertThat(code.find()).as("page carries a reply code: %s", sms.body()).isTrue();
        return Integer.parseInt(code.group(1));
    }

    @Test
    void pagesOnCallCaseManagerAndAcknowledgesBySmsReply() {
        ObjectNode doc = EidoDocuments.leadRequest();
        Response accepted = postEido(DEMO_KEY, EidoDocuments.bytes(doc));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode created = accepted.json().path("referrals").get(0);
        assertThat(created.path("source").asText()).isEqualTo("eido");
        assertThat(created.path("sourceId").asText()).isEqualTo(EidoDocuments.id(doc));
        assertThat(created.path("door").asText()).isEqualTo("SOCIAL_CONTACT");
        assertThat(created.path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");
        String id = created.path("id").asText();
        String ref = created.path("shortRef").asText();

        Site.CaseManager onCall = onCall("demo", 0);
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(ref));
        assertThat(page.to()).isEqualTo(onCall.phone());
        assertThat(page.from()).isEqualTo(FakeTwilio.FROM_NUMBER);
        assertThat(page.statusCallback()).isEqualTo(PUBLIC_BASE_URL + "/webhooks/twilio/status");
        assertThat(page.validityPeriod()).isEqualTo("600");
        assertThat(page.authorization())
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString((FakeTwilio.ACCOUNT_SID + ":" + FakeTwilio.AUTH_TOKEN)
                                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(page.body())
                .contains("social contact")
                .contains("1501 3rd Ave")
                .contains(PUBLIC_BASE_URL + "/p/")
                .as("two GSM-7 segments at most, link included")
                .hasSizeLessThanOrEqualTo(2 * 153);

        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        !referral(id, DEMO_KEY).path("handoff").path("pagedAt").isNull());

        TwilioPhone.Answer answer = phone().reply(onCall.phone(), replyCode(page) + "a");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body())
                .contains("<Response><Message>")
                .contains("acknowledged")
                .contains(ref);

        JsonNode handoff = referral(id, DEMO_KEY).path("handoff");
        assertThat(handoff.path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(handoff.path("responder").asText()).isEqualTo(onCall.id());
        Instant requested = Instant.parse(handoff.path("requestedAt").asText());
        Instant paged = Instant.parse(handoff.path("pagedAt").asText());
        Instant acknowledged = Instant.parse(handoff.path("acknowledgedAt").asText());
        assertThat(requested).isBeforeOrEqualTo(paged);
        assertThat(paged).isBeforeOrEqualTo(acknowledged);
        assertThat(handoff.path("deliveredAt").isNull()).isTrue();
    }

    @Test
    void bareAckWithEtaAcknowledgesTheNewestPageToThatPhone() {
        OpenHandoffs.standDown(db);
        Response accepted = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()));
        String id = accepted.json().path("referrals").get(0).path("id").asText();
        String ref = accepted.json().path("referrals").get(0).path("shortRef").asText();
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(ref));

        TwilioPhone.Answer answer = phone().reply(page.to(), "ACK 20");

        assertThat(answer.body()).contains(ref).contains("ETA 20 min");
        JsonNode handoff = referral(id, DEMO_KEY).path("handoff");
        assertThat(handoff.path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(handoff.path("etaMinutes").asInt()).isEqualTo(20);
    }

    @Test
    void resendOfTheSameIncidentReturnsTheSameReferralAndPagesOnce() {
        byte[] doc = EidoDocuments.bytes(EidoDocuments.leadRequest());
        JsonNode first = postEido(DEMO_KEY, doc).json().path("referrals").get(0);
        Response again = postEido(DEMO_KEY, doc);

        assertThat(again.status()).isEqualTo(202);
        JsonNode second = again.json().path("referrals").get(0);
        assertThat(second.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(second.path("duplicate").asBoolean()).isTrue();
        assertThat(first.path("duplicate").asBoolean()).isFalse();

        String ref = first.path("shortRef").asText();
        twilio.awaitSms(sms -> isPage(sms, ref));
        // Give a wrongly repeated page every chance to show up before counting.
        await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
        assertThat(twilio.sent(sms -> isPage(sms, ref))).hasSize(1);
    }

    @Test
    void pagesTheNextCaseManagerWhenNobodyAcknowledgesThenStopsAtTheAnswer() {
        // The "fast" test site escalates after 1 s and walks its rotation once.
        Response accepted = postEido(FAST_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()));
        String id = accepted.json().path("referrals").get(0).path("id").asText();
        String ref = accepted.json().path("referrals").get(0).path("shortRef").asText();

        List<FakeTwilio.Sms> pages = twilio.awaitSent(sms -> isPage(sms, ref), 2);
        assertThat(pages.get(0).to()).isEqualTo(onCall("fast", 0).phone());
        assertThat(pages.get(1).to()).isEqualTo(onCall("fast", 1).phone());

        TwilioPhone.Answer answer = phone().reply(pages.get(1).to(), replyCode(pages.get(1)) + "a");
        assertThat(answer.body()).contains("acknowledged");
        JsonNode handoff = referral(id, FAST_KEY).path("handoff");
        assertThat(handoff.path("responder").asText())
                .isEqualTo(onCall("fast", 1).id());

        // Acknowledged: the third member is never paged, however long we wait past the timeout.
        await().pollDelay(Duration.ofMillis(2500)).until(() -> true);
        assertThat(twilio.sent(sms -> isPage(sms, ref))).hasSize(2);

        // The first case manager answering late is told who has it.
        TwilioPhone.Answer late = phone().reply(pages.get(0).to(), replyCode(pages.get(0)) + "a");
        assertThat(late.body()).contains("already taken by " + onCall("fast", 1).name());
    }

    @Test
    void marksTheHandoffUnansweredWhenTheWholeRotationStaysSilent() {
        Response accepted = postEido(FAST_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()));
        String id = accepted.json().path("referrals").get(0).path("id").asText();
        String ref = accepted.json().path("referrals").get(0).path("shortRef").asText();

        List<FakeTwilio.Sms> pages = twilio.awaitSent(sms -> isPage(sms, ref), 3);
        assertThat(pages)
                .extracting(FakeTwilio.Sms::to)
                .containsExactly(
                        onCall("fast", 0).phone(),
                        onCall("fast", 1).phone(),
                        onCall("fast", 2).phone());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> referral(id, FAST_KEY)
                        .path("handoff")
                        .path("state")
                        .asText()
                        .equals("UNANSWERED"));
        assertThat(twilio.sent(sms -> isPage(sms, ref))).hasSize(3);
    }

    @Test
    void recordsDeliveryFromStatusCallbacksAndIgnoresOnesThatArriveOutOfOrder() {
        Response accepted = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()));
        String id = accepted.json().path("referrals").get(0).path("id").asText();
        String ref = accepted.json().path("referrals").get(0).path("shortRef").asText();
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(ref));
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        !referral(id, DEMO_KEY).path("handoff").path("pagedAt").isNull());

        assertThat(phone().report(page.sid(), page.to(), "delivered", null).status())
                .isEqualTo(204);
        String delivered =
                referral(id, DEMO_KEY).path("handoff").path("deliveredAt").asText();
        assertThat(delivered).isNotEmpty();

        // "sent" arriving after "delivered" must not move the message back or the clock.
        assertThat(phone().report(page.sid(), page.to(), "sent", null).status()).isEqualTo(204);
        assertThat(referral(id, DEMO_KEY).path("handoff").path("deliveredAt").asText())
                .isEqualTo(delivered);
    }

    @Test
    void aSecondReferralOfTheSamePersonIsLinkedToTheFirstAndPagesNobodyAgain() {
        ObjectNode first = EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, "Repeatedly Referred"));
        ObjectNode second = EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, "Repeatedly Referred"));
        JsonNode a = postEido(DEMO_KEY, EidoDocuments.bytes(first))
                .json()
                .path("referrals")
                .get(0);
        twilio.awaitSms(sms -> sms.body().contains(a.path("shortRef").asText()));

        JsonNode b = postEido(DEMO_KEY, EidoDocuments.bytes(second))
                .json()
                .path("referrals")
                .get(0);

        assertThat(b.path("id").asText()).isNotEqualTo(a.path("id").asText());
        assertThat(b.path("duplicateOf").asText()).isEqualTo(a.path("id").asText());
        assertThat(a.has("duplicateOf")).isFalse();
        JsonNode stored = referral(b.path("id").asText(), DEMO_KEY);
        assertThat(stored.path("duplicateOf").asText()).isEqualTo(a.path("id").asText());
        assertThat(stored.path("handoff").isNull())
                .as("the first referral's handoff is under way")
                .isTrue();
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(twilio.sent(sms -> sms.body().contains(b.path("shortRef").asText())))
                .isEmpty();
    }

    @Test
    void aDispatchersForwardWithoutCallTypeGoesToReviewWithItsReasonAndPagesNobody() {
        byte[] official = SharedSamples.read("eido-sample-call-transfer.json");
        Response accepted = postEido(DEMO_KEY, official);

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode created = accepted.json().path("referrals").get(0);
        assertThat(created.path("outcome").asText()).isEqualTo("OWG_REVIEW");
        assertThat(created.path("tellReferrer").asText()).isNotBlank();
        JsonNode referral = referral(created.path("id").asText(), DEMO_KEY);
        assertThat(referral.path("decision").path("policyVersion").asText()).startsWith("demo-");
        assertThat(referral.path("decision").path("reasons").get(0).asText())
                .as("a source is given the words to tell the referrer, not the rules and facts behind them")
                .isEqualTo(created.path("tellReferrer").asText());
        assertThat(referral.path("decision").has("ownCaseManager"))
                .as("enrolment is not the source's business")
                .isFalse();
        assertThat(referral.path("handoff").isNull()).isTrue();
        JsonNode asStaff = call(
                        admin(),
                        "GET",
                        "/api/v1/referrals/" + created.path("id").asText(),
                        null)
                .json();
        assertThat(asStaff.path("decision").path("reasons").toString()).contains("routing.without-call-type");
        assertThat(asStaff.path("location").path("text").asText()).isEqualTo("42 W Cellular Street, Wilmington, DE");
        assertThat(twilio.sent(
                        sms -> sms.body().contains(created.path("shortRef").asText())))
                .isEmpty();
    }

    @Test
    void showsAReferralOnlyToTheSourceThatSentIt() {
        String id = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0)
                .path("id")
                .asText();

        assertThat(get("/api/v1/referrals/" + id, DEMO_KEY).status()).isEqualTo(200);
        Response otherSource = get("/api/v1/referrals/" + id, FAST_KEY);
        assertThat(otherSource.status()).isEqualTo(404);
        assertThat(otherSource.contentType()).startsWith("application/problem+json");
        assertThat(get("/api/v1/referrals/" + id, null).status()).isEqualTo(401);
        assertThat(get("/api/v1/referrals/not-a-uuid", DEMO_KEY).status()).isEqualTo(404);
    }
}
