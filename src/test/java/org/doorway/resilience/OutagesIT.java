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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One Doorway process (a separate process, as in production) while each of the systems it depends
 * on fails for a while and comes back: Twilio answering 503, Twilio answering too late (after
 * Doorway has stopped waiting), PostgreSQL stopped and started again mid-stream, the Kafka broker
 * killed and started again mid-stream. Proves for each: nothing is acknowledged that is not stored
 * (HTTP 503, Kafka offsets not committed while the database is down), intake and paging resume by
 * themselves, every referral is stored exactly once, every escalation step is paged, and no page
 * reaches the provider twice (a text refused with 503 is retried until it goes out; a text whose
 * answer never came is not resent).
 */
class OutagesIT {

    private static RestartablePostgres postgres;
    private static KafkaBrokerProcess kafka;
    private static DoorwayProcess doorway;
    private final FakeTwilio twilio = FakeTwilio.shared();
    private final List<StubMapping> outages = new ArrayList<>();

    @BeforeAll
    static void parts() {
        postgres = new RestartablePostgres().start();
        kafka = new KafkaBrokerProcess(2).start();
        doorway = new DoorwayProcess(
                        "outages-doorway", Rig.doorway(postgres, kafka, Rig.siteLike("outage", "PT3S", 1), "outage"))
                .start()
                .awaitReady();
    }

    @AfterAll
    static void stop() {
        Rig.stopAll(doorway, kafka, postgres);
    }

    @AfterEach
    void twilioRecovers() {
        outages.forEach(twilio.server()::removeStub);
        outages.clear();
    }

    private StubMapping twilioMessages(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        StubMapping stub = twilio.server()
                .stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                        .atPriority(1)
                        .willReturn(answer));
        outages.add(stub);
        return stub;
    }

    @Test
    void twilioAnswering503ForAWhileGetsEveryPageOutOnceWhenItRecovers() {
        StubMapping down = twilioMessages(aResponse()
                .withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\": 20503, \"message\": \"Service Unavailable\", \"status\": 503}"));
        Set<String> ids = new HashSet<>();
        try (Cad cad = new Cad()) {
            for (int i = 0; i < 3; i++) {
                ObjectNode doc = Cad.lead();
                ids.add(EidoDocuments.id(doc));
                cad.postUntilAccepted(doorway.baseUrl(), EidoDocuments.bytes(doc));
            }
        }
        JdbcClient db = postgres.db();
        List<String> refs = db.sql("select short_ref from referral where source_id = any(?)")
                .param(ids.toArray(String[]::new))
                .query(String.class)
                .list();
        DoorwayProcess.sleep(12_000);
        twilio.server().removeStub(down);
        outages.remove(down);

        long refused = twilio.server().getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 503
                        && refs.stream().anyMatch(e.getRequest().getBodyAsString()::contains))
                .count();
        assertThat(refused)
                .as("sends Twilio refused with 503 during the outage")
                .isPositive();
        awaitSettled(db, ids);
        PageLedger ledger = PageLedger.of(db, twilio, ids);
        System.out.printf(
                "OutagesIT (Twilio 503 for 12 s): %d sends refused, pages by state %s%n", refused, ledger.states());
        assertEveryStepReachedItsPersonOnce(ledger, ids.size());
    }

    /**
     * Twilio takes each text but answers only after 35 s, for 8 s: longer than Doorway waits for an
     * answer. The texts may have gone out (here they all did), so Doorway must not send them again:
     * they are marked uncertain and the escalation carries on by its own timer.
     */
    @Test
    void twilioAnsweringTooLateSendsNoPageTwice() {
        twilioMessages(aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
                         "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01"}""")
                .withTransformers("response-template")
                .withFixedDelay(35_000));
        long started = System.nanoTime();
        Set<String> ids = new HashSet<>();
        try (Cad cad = new Cad()) {
            ObjectNode doc = Cad.lead();
            ids.add(EidoDocuments.id(doc));
            cad.postUntilAccepted(doorway.baseUrl(), EidoDocuments.bytes(doc));
        }
        DoorwayProcess.sleep(8_000);
        twilioRecovers();
        JdbcClient db = postgres.db();
        awaitSettled(db, ids);
        // The fake records a late text once it has answered, 35 s after its request.
        DoorwayProcess.sleep(Math.max(0, 45_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        PageLedger ledger = PageLedger.of(db, twilio, ids);
        System.out.printf(
                "OutagesIT (Twilio answering after 35 s for 8 s): step:state:times accepted %s%n",
                ledger.pages.stream()
                        .map(p -> p.step() + ":" + p.state() + ":" + p.timesAccepted())
                        .toList());
        assertThat(ledger.sentTwice()).as("pages the provider accepted twice").isEmpty();
        assertThat(ledger.unmatched)
                .as("texts at the provider that Doorway has no page for")
                .isEmpty();
        assertThat(ledger.notIn("SENT", "DELIVERED", "UNCERTAIN"))
                .as("pages neither sent nor uncertain")
                .isEmpty();
        Map<UUID, Set<Integer>> steps = ledger.pages.stream()
                .filter(p -> "PAGE".equals(p.kind()))
                .collect(Collectors.groupingBy(
                        PageLedger.Page::referralId, Collectors.mapping(PageLedger.Page::step, Collectors.toSet())));
        assertThat(steps)
                .as("steps paged")
                .hasSize(ids.size())
                .allSatisfy((referral, fired) -> assertThat(fired).containsExactlyInAnyOrder(0, 1, 2));
    }

    @Test
    void postgresRestartedMidStreamAnswers503CommitsNoOffsetWhileDownAndLosesNothing() throws Exception {
        Set<String> ids = new HashSet<>();
        Set<String> leads = new HashSet<>();
        List<ObjectNode> overHttp = documents(60, ids, leads);
        List<ObjectNode> overKafka = documents(60, ids, leads);
        try (Cad cad = new Cad();
                Admin admin = admin()) {
            CompletableFuture<Void> http = inThread(() -> overHttp.forEach(doc -> {
                cad.postUntilAccepted(doorway.baseUrl(), EidoDocuments.bytes(doc));
                DoorwayProcess.sleep(250);
            }));
            CompletableFuture<Void> published = inThread(() -> overKafka.forEach(doc -> {
                cad.publish(kafka.bootstrap(), Rig.TOPIC, doc);
                DoorwayProcess.sleep(250);
            }));
            DoorwayProcess.sleep(4000);
            postgres.stop();
            DoorwayProcess.sleep(2000);
            Map<TopicPartition, Long> committedWhenDown = committed(admin);
            int refusedBefore = cad.unavailable();
            DoorwayProcess.sleep(10_000);
            Map<TopicPartition, Long> committedBeforeRestart = committed(admin);
            Map<TopicPartition, Long> endBeforeRestart = ends(admin);
            int refusedWhileDown = cad.unavailable() - refusedBefore;
            postgres.start();
            http.get(5, TimeUnit.MINUTES);
            published.get(5, TimeUnit.MINUTES);
            System.out.printf(
                    "OutagesIT (PostgreSQL down 12 s): HTTP answered 503 %d times while down; offsets committed %s, "
                            + "records on the topic %s%n",
                    refusedWhileDown, committedBeforeRestart, endBeforeRestart);
            assertThat(refusedWhileDown)
                    .as("HTTP sends answered 503 while the database was down")
                    .isPositive();
            assertThat(committedBeforeRestart)
                    .as("offsets committed while the database was down")
                    .isEqualTo(committedWhenDown);
            assertThat(total(endBeforeRestart))
                    .as("records waiting on the topic, unacknowledged")
                    .isGreaterThan(total(committedBeforeRestart));
        }
        JdbcClient db = postgres.db();
        assertStoredOnceEach(db, ids);
        awaitSettled(db, leads);
        assertEveryStepReachedItsPersonOnce(PageLedger.of(db, twilio, leads), leads.size());
    }

    @Test
    void kafkaBrokerKilledAndRestartedMidStreamResumesConsumptionAndLosesNothing() throws Exception {
        Set<String> ids = new HashSet<>();
        Set<String> leads = new HashSet<>();
        List<ObjectNode> overKafka = documents(80, ids, leads);
        List<ObjectNode> overHttp = documents(20, ids, leads);
        try (Cad cad = new Cad()) {
            CompletableFuture<Void> published = inThread(() -> overKafka.forEach(doc -> {
                cad.publish(kafka.bootstrap(), Rig.TOPIC, doc);
                DoorwayProcess.sleep(200);
            }));
            CompletableFuture<Void> http = inThread(() -> overHttp.forEach(doc -> {
                cad.postUntilAccepted(doorway.baseUrl(), EidoDocuments.bytes(doc));
                DoorwayProcess.sleep(600);
            }));
            DoorwayProcess.sleep(4000);
            kafka.kill();
            DoorwayProcess.sleep(8000);
            kafka.start();
            http.get(5, TimeUnit.MINUTES);
            published.get(5, TimeUnit.MINUTES);
        }
        JdbcClient db = postgres.db();
        assertStoredOnceEach(db, ids);
        try (Admin admin = admin()) {
            await().atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> assertThat(committed(admin))
                            .as("offsets committed: everything consumed is acknowledged")
                            .isEqualTo(ends(admin)));
        }
        awaitSettled(db, leads);
        assertEveryStepReachedItsPersonOnce(PageLedger.of(db, twilio, leads), leads.size());
    }

    /** Runs a source on a thread of its own (it blocks while Doorway or the broker is down). */
    private static CompletableFuture<Void> inThread(Runnable source) {
        return CompletableFuture.runAsync(source, task -> new Thread(task, "resilience-source").start());
    }

    /** {@code n} documents, one in ten a LEAD referral, their ids added to the sets. */
    private static List<ObjectNode> documents(int n, Set<String> ids, Set<String> leads) {
        List<ObjectNode> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode doc = i % 10 == 0 ? Cad.lead() : Cad.ordinary();
            ids.add(EidoDocuments.id(doc));
            if (i % 10 == 0) {
                leads.add(EidoDocuments.id(doc));
            }
            docs.add(doc);
        }
        return docs;
    }

    private static void assertStoredOnceEach(JdbcClient db, Set<String> ids) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> db.sql("select count(*) from referral where source_id = any(?)")
                                .param(ids.toArray(String[]::new))
                                .query(Long.class)
                                .single()
                        >= ids.size());
        Map<String, Long> stored = db
                .sql("select source_id, count(*) from referral where source_id = any(?) group by source_id")
                .param(ids.toArray(String[]::new))
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(stored.keySet()).as("referrals stored").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(stored)
                .as("rows per referral")
                .allSatisfy((id, rows) -> assertThat(rows).isEqualTo(1L));
    }

    /** Waits until these referrals' handoffs have walked their escalation and no page is still to go. */
    private static void awaitSettled(JdbcClient db, Set<String> leads) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> db.sql("""
                        select count(*) from referral r join handoff h on h.referral_id = r.id
                        where r.source_id = any(?) and h.state = 'UNANSWERED'
                          and not exists (select 1 from page p where p.referral_id = r.id and p.state in ('PENDING', 'SENDING'))""")
                                .param(leads.toArray(String[]::new))
                                .query(Long.class)
                                .single()
                        == leads.size());
        DoorwayProcess.sleep(1000);
    }

    /** Each of the three steps of each handoff reached its person exactly once (by text, or by voice after the text failed). */
    private static void assertEveryStepReachedItsPersonOnce(PageLedger ledger, int handoffs) {
        assertThat(ledger.sentTwice()).as("pages the provider accepted twice").isEmpty();
        assertThat(ledger.unmatched)
                .as("texts at the provider that Doorway has no page for")
                .isEmpty();
        assertThat(ledger.recordedSentButNotOnce())
                .as("pages recorded as sent but not accepted exactly once")
                .isEmpty();
        Map<String, Long> reached = ledger.pages.stream()
                .filter(p -> p.timesAccepted() == 1)
                .collect(Collectors.groupingBy(p -> p.referralId() + "/" + p.step(), Collectors.counting()));
        assertThat(reached)
                .as("steps that reached their person")
                .hasSize(handoffs * 3)
                .allSatisfy((step, times) -> assertThat(times)
                        .as("times step %s reached its person", step)
                        .isEqualTo(1L));
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()));
    }

    private static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("doorway")
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Rig.TOPIC) && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static Map<TopicPartition, Long> ends(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < 2; p++) {
            latest.put(new TopicPartition(Rig.TOPIC, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getValue().offset() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
