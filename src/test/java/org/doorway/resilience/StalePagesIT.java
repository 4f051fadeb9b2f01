package org.doorway.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One Doorway process whose pages are worth sending for 3 s only, with one sender thread and a
 * 10 s read timeout. Proves that a page which expired while it waited for a sender is dropped with
 * its reason and never reaches the provider, and that one handoff whose escalation always fails
 * holds up no other handoff due on the same tick.
 */
class StalePagesIT {

    private static RestartablePostgres postgres;
    private static KafkaBrokerProcess kafka;
    private static DoorwayProcess doorway;
    private final FakeTwilio twilio = FakeTwilio.shared();
    private final List<StubMapping> faults = new ArrayList<>();

    @BeforeAll
    static void parts() {
        postgres = new RestartablePostgres().start();
        kafka = new KafkaBrokerProcess(1).start();
        doorway = new DoorwayProcess(
                        "stale-pages-doorway",
                        Rig.doorway(
                                postgres,
                                kafka,
                                Rig.siteLike("stale", "PT3S", 1),
                                "stale",
                                "--doorway.paging.sender-threads=1",
                                "--doorway.paging.read-timeout=PT10S",
                                "--doorway.paging.page-expiry=PT3S"))
                .start()
                .awaitReady();
    }

    @AfterAll
    static void stop() {
        Rig.stopAll(doorway, kafka, postgres);
    }

    @AfterEach
    void twilioRecovers() {
        faults.forEach(twilio.server()::removeStub);
        faults.clear();
    }

    /**
     * The step 0 text holds the one sender for its 10 s read timeout (Twilio takes it and answers
     * 30 s later); the step 1 text, claimed 3 s in, waits behind it and is 3 s old long before
     * the sender is free: it is dropped as expired, not sent late.
     */
    @Test
    void aPageThatExpiredWaitingForASenderIsDroppedWithItsReasonAndNeverSent() {
        faults.add(twilio.server()
                .stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withHeader("Content-Type", "application/json")
                                .withBody("""
                                        {"sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
                                         "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01"}""")
                                .withTransformers("response-template")
                                .withFixedDelay(30_000))));
        String source = postLead();
        JdbcClient db = postgres.db();
        record Step(String state, String reason, String to, String shortRef) {}
        Step step1 = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> db.sql("""
                                        select p.state, p.dropped_reason, p.to_number, r.short_ref
                                        from page p join referral r on r.id = p.referral_id
                                        where r.source_id = ? and p.kind = 'PAGE' and p.step = 1""")
                                .param(source)
                                .query((rs, n) ->
                                        new Step(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                                .optional()
                                .orElse(null),
                        s -> s != null && !"PENDING".equals(s.state()) && !"SENDING".equals(s.state()));
        assertThat(step1.state()).as("the step 1 text").isEqualTo("CANCELLED");
        assertThat(step1.reason()).as("why it was dropped").isEqualTo("expired");
        // Whatever reached the fake has been logged once the held answers are given (30 s).
        DoorwayProcess.sleep(32_000);
        String to = "To=" + step1.to().replace("+", "%2B");
        assertThat(twilio.server().getAllServeEvents().stream()
                        .filter(e -> e.getRequest().getUrl().endsWith("/Messages.json"))
                        .map(e -> e.getRequest().getBodyAsString())
                        .filter(body -> body.contains(step1.shortRef()) && body.contains(to)))
                .as("requests for the expired text at the fake")
                .isEmpty();
    }

    /**
     * Handoff A's referral carries a door this version of Doorway does not know (as a row written
     * by a newer version during a rolled-back upgrade would): firing its step always throws. A and
     * B fall due on the same tick; B still escalates and pages its next step, A is put off.
     */
    @Test
    void aHandoffWhoseEscalationAlwaysFailsHoldsUpNoOtherHandoffDueOnTheSameTick() {
        String a = postLead();
        String b = postLead();
        JdbcClient db = postgres.db();
        UUID referralA = referral(db, a);
        UUID referralB = referral(db, b);
        // Both have fired their first step; their second is held back (3 s is plenty to get here).
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> db.sql("select count(*) from handoff where referral_id in (?, ?) and next_step = 1")
                                .params(referralA, referralB)
                                .query(Long.class)
                                .single()
                        == 2);
        assertThat(db.sql("""
                                update handoff set escalate_at = doorway_now() + interval '1 hour'
                                where referral_id in (?, ?) and next_step = 1 and state = 'PAGING'""").params(referralA, referralB).update())
                .as("handoffs held before their second step")
                .isEqualTo(2);
        try {
            // Now A's row goes bad, and both fall due on the same tick.
            db.sql("update referral set door = 'RETIRED_DOOR' where id = ?")
                    .param(referralA)
                    .update();
            db.sql("""
                            update handoff set escalate_at = doorway_now() - interval '1 second'
                            where referral_id in (?, ?)""").params(referralA, referralB).update();
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() ->
                            db.sql("select count(*) from page where referral_id = ? and step = 1 and state = 'SENT'")
                                            .param(referralB)
                                            .query(Long.class)
                                            .single()
                                    == 1);
            Boolean putOff = db.sql("""
                            select next_step = 1 and escalate_at > doorway_now() + interval '30 seconds'
                            from handoff where referral_id = ?""").param(referralA).query(Boolean.class).single();
            assertThat(putOff).as("A, failing, is put off a minute at its step").isTrue();
            assertThat(db.sql("select count(*) from page where referral_id = ? and step = 1")
                            .param(referralA)
                            .query(Long.class)
                            .single())
                    .as("pages of A's failed step")
                    .isZero();
        } finally {
            db.sql("update referral set door = (select door from referral where id = ?) where id = ?")
                    .params(referralB, referralA)
                    .update();
        }
    }

    private String postLead() {
        ObjectNode doc = Cad.lead();
        try (Cad cad = new Cad()) {
            cad.postUntilAccepted(doorway.baseUrl(), EidoDocuments.bytes(doc));
        }
        return EidoDocuments.id(doc);
    }

    private static UUID referral(JdbcClient db, String source) {
        return await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> db.sql("select id from referral where source_id = ?")
                                .param(source)
                                .query(UUID.class)
                                .optional()
                                .orElse(null),
                        id -> id != null);
    }
}
