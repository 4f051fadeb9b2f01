package org.doorway.paging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What Doorway does when a text does not get through, on the demo site (primary by SMS, then by
 * voice at 3 minutes): a carrier's transient failure sends the text again a little later and,
 * after three tries, calls; a number that can never take it moves the escalation on at once.
 */
class DeliveryFailuresIT extends DoorwayAppIT {

    @Autowired
    JdbcClient db;

    @Autowired
    Sites sites;

    private TestClock clock;

    @BeforeEach
    void clock() {
        clock = new TestClock(db);
    }

    @AfterEach
    void clockBack() {
        clock.advance(clock.offset().negated());
    }

    private String primaryPhone() {
        Instant now = db.sql("select doorway_now()")
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        return sites.get("demo").onCall("primary", now).orElseThrow().phone();
    }

    private String postOnStreet(String street) {
        ObjectNode doc = EidoDocuments.leadRequest(d -> {
            ObjectNode location = (ObjectNode) d.get("locationComponent").get(0);
            location.put(
                    "locationByValue",
                    location.get("locationByValue").asText().replace("<RD>3rd</RD>", "<RD>" + street + "</RD>"));
        });
        return postEido(DEMO_KEY, EidoDocuments.bytes(doc))
                .json()
                .path("referrals")
                .get(0)
                .path("shortRef")
                .asText();
    }

    private List<FakeTwilio.Sms> pages(String ref, int n) {
        return twilio.awaitSent(sms -> sms.body().contains(ref) && sms.body().contains("to take it"), n);
    }

    private boolean called(String phone, String ref) {
        return twilio.calls().stream()
                .anyMatch(c -> c.to().equals(phone) && c.twiml().contains(String.join(" ", ref.split(""))));
    }

    @Test
    void aTextTheHandsetCouldNotTakeIsSentAgainLaterAndAfterThreeTriesACallFollows() {
        String phone = primaryPhone();
        String ref = postOnStreet("3rd");

        for (int attempt = 1; attempt <= 3; attempt++) {
            FakeTwilio.Sms page = pages(ref, attempt).get(attempt - 1);
            assertThat(page.to()).isEqualTo(phone);
            // Twilio: 30003, unreachable destination handset (switched off, no signal).
            assertThat(phone().report(page.sid(), page.to(), "undelivered", "30003")
                            .status())
                    .isEqualTo(204);
            if (attempt < 3) {
                await().pollDelay(Duration.ofMillis(500)).until(() -> true);
                assertThat(called(phone, ref))
                        .as("no call while the text may still get through")
                        .isFalse();
                assertThat(twilio.sent(sms -> sms.body().contains(ref))).hasSize(attempt);
                clock.advance(Duration.ofSeconds(15L * attempt + 1));
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> called(phone, ref));
        assertThat(twilio.sent(sms -> sms.body().contains(ref) && sms.body().contains("to take it")))
                .hasSize(3)
                .allSatisfy(sms -> assertThat(sms.to()).isEqualTo(phone));
    }

    @Test
    void aNumberThatCanNeverTakeATextMovesTheEscalationOnAtOnce() {
        // Twilio refuses texts about this (unique) street: 21211, invalid 'To' number.
        twilio.server()
                .stubFor(
                        post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                                .withRequestBody(containing("Qvxqz"))
                                .atPriority(1)
                                .willReturn(
                                        aResponse()
                                                .withStatus(400)
                                                .withHeader("Content-Type", "application/json")
                                                .withBody(
                                                        "{\"code\": 21211, \"message\": \"Invalid 'To' Phone Number\", \"status\": 400}")));
        String phone = primaryPhone();
        String ref = postOnStreet("Qvxqz");

        // The demo's next step (primary by voice) fires now, not three minutes later.
        await().atMost(Duration.ofSeconds(10)).until(() -> called(phone, ref));
        assertThat(db.sql("""
                        select p.step from page p join referral r on r.id = p.referral_id
                        where r.short_ref = ? and p.kind = 'VOICE'""").param(ref).query(Integer.class).list())
                .as("the call is the policy's next step, not a fallback")
                .containsExactly(1);
        assertThat(db.sql("""
                        select p.error_code from page p join referral r on r.id = p.referral_id
                        where r.short_ref = ? and p.kind = 'PAGE'""").param(ref).query(String.class).list()).containsExactly("21211");
    }

    @Test
    void aTextWhoseAnswerNeverCameIsNotSentAgainAndItsPersonIsCalled() {
        // Twilio takes texts about this (unique) street but answers after Doorway stopped waiting (10 s).
        var late = twilio.server()
                .stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                        .withRequestBody(containing("Slowlane"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"sid\": \"SMslowlane000000000000000000000000\", \"status\": \"queued\"}")
                                .withFixedDelay(13_000)));
        try {
            String phone = primaryPhone();
            String ref = postOnStreet("Slowlane");

            // The same step, by voice: the text may have gone out, so it is not sent again.
            await().atMost(Duration.ofSeconds(40)).until(() -> called(phone, ref));
            // The call reached the fake before its sender recorded Twilio's answer: wait for that.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(
                                    db.sql("""
                                    select p.kind || ':' || p.step || ':' || p.state from page p join referral r on r.id = p.referral_id
                                    where r.short_ref = ? and p.kind in ('PAGE', 'VOICE') order by p.id""").param(ref).query(String.class).list())
                            .startsWith("PAGE:0:UNCERTAIN", "VOICE:0:SENT"));
            assertThat(twilio.server()
                            .findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                                            urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                                    .withRequestBody(containing("Slowlane"))))
                    .as("texts requested")
                    .hasSize(1);
        } finally {
            twilio.server().removeStub(late);
        }
    }
}
