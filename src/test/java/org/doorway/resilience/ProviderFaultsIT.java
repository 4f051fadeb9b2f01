package org.doorway.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One Doorway process with one sender thread and a 4 s read timeout, while Twilio misbehaves in
 * ways that leave a text's fate unknown: answering 500 after it created the message, and taking the
 * connection and not answering for far longer than Doorway waits. Proves for each: every text
 * reaches the provider exactly once (counted at the fake, whatever it answered), is recorded as
 * uncertain, never resent, and its person is called instead; and the one sender thread is never
 * held past its timeout (the calls after each stuck text still go out). And, Doorway killed while
 * a page waits for that sender: the page, claimed but never requested, is sent after the restart,
 * not marked uncertain.
 */
class ProviderFaultsIT {

    private static RestartablePostgres postgres;
    private static KafkaBrokerProcess kafka;
    private static DoorwayProcess doorway;
    private static java.nio.file.Path sites;
    private final FakeTwilio twilio = FakeTwilio.shared();
    private final List<StubMapping> faults = new ArrayList<>();

    @BeforeAll
    static void parts() {
        postgres = new RestartablePostgres().start();
        kafka = new KafkaBrokerProcess(1).start();
        // Steps 10 s apart: each stuck text is settled well before the next step, and its call goes
        // out while the handoff still pages.
        sites = Rig.siteLike("faults", "PT10S", 1);
        doorway = new DoorwayProcess(
                        "provider-faults-doorway",
                        Rig.doorway(
                                postgres,
                                kafka,
                                sites,
                                "faults",
                                "--doorway.paging.sender-threads=1",
                                "--doorway.paging.read-timeout=PT4S"))
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

    private void textsAnswered(ResponseDefinitionBuilder answer) {
        faults.add(twilio.server()
                .stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                        .atPriority(1)
                        .willReturn(answer)));
    }

    @Test
    void twilioAnswering500AfterCreatingTheMessageGetsEachTextOnceAndThePersonIsCalled() {
        textsAnswered(aResponse()
                .withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\": 20500, \"message\": \"Internal Server Error\", \"status\": 500}"));
        String source = postLead();
        JdbcClient db = postgres.db();
        awaitEveryTextSettledAndCalled(db, source);

        PageLedger ledger = PageLedger.of(db, twilio, Set.of(source));
        List<PageLedger.Page> texts =
                ledger.pages.stream().filter(p -> "PAGE".equals(p.kind())).toList();
        assertThat(texts).as("texts, one per step").hasSize(3);
        for (PageLedger.Page text : texts) {
            assertThat(requestsFor(text))
                    .as("requests for the step %d text at the fake (500 after creating it)", text.step())
                    .isEqualTo(1);
            assertThat(text.state()).as("step %d text", text.step()).isEqualTo("UNCERTAIN");
        }
        assertCalledOnceEach(ledger, texts);
    }

    @Test
    void twilioTakingTheConnectionAndNeverAnsweringHoldsNoSenderPastItsTimeout() {
        // Far longer than the 4 s Doorway waits: to Doorway, a provider that never answers.
        textsAnswered(aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
                         "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01"}""")
                .withTransformers("response-template")
                .withFixedDelay(20_000));
        String source = postLead();
        JdbcClient db = postgres.db();
        // One sender thread: each call after a stuck text goes out only once that thread is free.
        awaitEveryTextSettledAndCalled(db, source);

        PageLedger settled = PageLedger.of(db, twilio, Set.of(source));
        List<PageLedger.Page> texts =
                settled.pages.stream().filter(p -> "PAGE".equals(p.kind())).toList();
        assertThat(texts)
                .as("texts, one per step")
                .hasSize(3)
                .allSatisfy(text ->
                        assertThat(text.state()).as("step %d text", text.step()).isEqualTo("UNCERTAIN"));
        assertCalledOnceEach(settled, texts);
        // The fake logs a request once it has answered it, 20 s later: then count.
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> texts.stream().allMatch(text -> requestsFor(text) >= 1));
        for (PageLedger.Page text : texts) {
            assertThat(requestsFor(text))
                    .as("requests for the step %d text at the fake", text.step())
                    .isEqualTo(1);
        }
    }

    /**
     * Doorway, here waiting 30 s for an answer (send deadline 40 s), is killed while the step 0 text
     * holds its one sender and the step 1 text, claimed 10 s later, waits behind it. After the
     * restart the step 1 text, whose request never left, is sent once; the step 0 text, whose
     * request had left, is uncertain.
     */
    @Test
    void aPageClaimedButNeverRequestedWhenDoorwayIsKilledIsSentAfterTheRestart() {
        doorway.kill();
        try (DoorwayProcess patient = new DoorwayProcess(
                        "provider-faults-crash-doorway",
                        Rig.doorway(
                                postgres,
                                kafka,
                                sites,
                                "faults",
                                "--doorway.paging.sender-threads=1",
                                "--doorway.paging.read-timeout=PT30S",
                                "--doorway.paging.send-deadline=PT40S"))
                .start()
                .awaitReady()) {
            killedWhileAPageWaitsForItsSender(patient);
        } finally {
            doorway.start().awaitReady();
        }
    }

    private void killedWhileAPageWaitsForItsSender(DoorwayProcess doorway) {
        textsAnswered(aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
                         "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01"}""")
                .withTransformers("response-template")
                .withFixedDelay(45_000));
        String source = postLead(doorway);
        JdbcClient db = postgres.db();
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> db.sql("""
                                select count(*) from page p join referral r on r.id = p.referral_id
                                where r.source_id = ? and p.kind = 'PAGE' and p.step = 1
                                  and p.state = 'SENDING' and p.requested_at is null""").param(source).query(Long.class).single() == 1);
        doorway.kill();
        twilioRecovers();
        doorway.start().awaitReady();

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        db.sql("""
                                select p.state from page p join referral r on r.id = p.referral_id
                                where r.source_id = ? and p.kind = 'PAGE' and p.step = 1""").param(source).query(String.class).single().matches("SENT|DELIVERED"));
        PageLedger ledger = PageLedger.of(db, twilio, Set.of(source));
        PageLedger.Page step1 = ledger.pages.stream()
                .filter(p -> "PAGE".equals(p.kind()) && p.step() == 1)
                .findFirst()
                .orElseThrow();
        assertThat(step1.timesAccepted())
                .as("times the fake took the step 1 text")
                .isEqualTo(1);
        assertThat(requestsFor(step1)).as("requests for the step 1 text").isEqualTo(1);
        assertThat(db.sql("""
                                select p.state from page p join referral r on r.id = p.referral_id
                                where r.source_id = ? and p.kind = 'PAGE' and p.step = 0""").param(source).query(String.class).single())
                .as("the step 0 text, whose request had left when Doorway was killed")
                .isEqualTo("UNCERTAIN");
    }

    private String postLead() {
        return postLead(doorway);
    }

    private static String postLead(DoorwayProcess doorway) {
        ObjectNode doc = Cad.lead();
        try (Cad cad = new Cad()) {
            cad.postUntilAccepted(doorway.baseUrl(), EidoDocuments.bytes(doc));
        }
        return EidoDocuments.id(doc);
    }

    /** Waits until the handoff walked its three steps and each text is settled and followed by a settled call. */
    private static void awaitEveryTextSettledAndCalled(JdbcClient db, String source) {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> db.sql("""
                                select count(*) from page p join referral r on r.id = p.referral_id
                                where r.source_id = ? and p.kind = 'VOICE' and p.state in ('SENT', 'DELIVERED')""").param(source).query(Long.class).single() == 3);
    }

    /** Each text was followed by exactly one call to the same person for the same step, which the fake took once. */
    private static void assertCalledOnceEach(PageLedger ledger, List<PageLedger.Page> texts) {
        for (PageLedger.Page text : texts) {
            List<PageLedger.Page> calls = ledger.pages.stream()
                    .filter(p -> "VOICE".equals(p.kind()) && p.step() == text.step() && p.to().equals(text.to()))
                    .toList();
            assertThat(calls).as("calls after the step %d text", text.step()).hasSize(1);
            assertThat(calls.get(0).timesAccepted())
                    .as("times the fake took the step %d call", text.step())
                    .isEqualTo(1);
        }
    }

    /** Requests for this text that reached the fake, whatever it answered. */
    private long requestsFor(PageLedger.Page text) {
        String to = "To=" + text.to().replace("+", "%2B");
        return twilio.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().endsWith("/Messages.json"))
                .map(e -> e.getRequest().getBodyAsString())
                .filter(body -> body.contains(text.shortRef()) && body.contains(to))
                .count();
    }
}
