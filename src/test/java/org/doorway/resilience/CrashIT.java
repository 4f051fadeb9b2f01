package org.doorway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Doorway killed with SIGKILL at random moments, four times, while 1,000 EIDO documents stream in
 * over Kafka and HTTP (LEAD referrals that page, welfare checks that are stored and page nobody,
 * and incidents the policy does not route, which are only counted), and started again each time.
 * Doorway runs as its own process; PostgreSQL, the Kafka broker (a process of its own) and the
 * Twilio fake outlive it. The HTTP sources send again until they get a 2xx, as a CAD does, and
 * one document in 25 is sent twice anyway (over HTTP and Kafka alike).
 * Proves: every referral is stored exactly once (none lost, none doubled, each with its triage
 * decision and, for LEAD, its one handoff), every handoff walks its whole escalation despite the
 * kills, no page reaches the provider twice, and every page Doorway records as sent reached it
 * exactly once. A page whose send was cut by a kill is left {@code UNCERTAIN} and never resent (at
 * most once); the test counts those and shows each was sent zero or one time.
 */
class CrashIT {

    private static final int REFERRALS = 1000;
    private static final int KILLS = 4;

    private static RestartablePostgres postgres;
    private static KafkaBrokerProcess kafka;
    private static DoorwayProcess doorway;
    private final FakeTwilio twilio = FakeTwilio.shared();

    @BeforeAll
    static void parts() {
        postgres = new RestartablePostgres().start();
        kafka = new KafkaBrokerProcess(3).start();
        doorway = new DoorwayProcess(
                "crash-doorway",
                Rig.doorway(
                        postgres,
                        kafka,
                        Rig.siteLike("crash", "PT3S", 1),
                        "crash",
                        "--doorway.paging.send-deadline=PT15S"));
    }

    @AfterAll
    static void stop() {
        if (doorway != null) {
            doorway.kill();
        }
        if (kafka != null) {
            kafka.kill();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void killedFourTimesWhileReferralsStreamInStoresEachOnceAndPagesNobodyTwice() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("CrashIT seed " + seed);
        // Per 20 documents: 2 LEAD referrals (paged for), 8 welfare checks (stored, nobody paged) and
        // 10 incidents the policy does not route (counted, not stored); half over HTTP, half over Kafka.
        List<ObjectNode> overHttp = new ArrayList<>();
        List<ObjectNode> overKafka = new ArrayList<>();
        Set<String> leads = new HashSet<>();
        Set<String> stored = new HashSet<>();
        Set<String> unrouted = new HashSet<>();
        for (int i = 0; i < REFERRALS; i++) {
            int kind = i % 20;
            ObjectNode doc = kind == 3 || kind == 8
                    ? Cad.lead()
                    : kind % 10 == 0 || kind % 10 == 1 || kind % 10 == 5 || kind % 10 == 6
                            ? Cad.ordinary()
                            : Cad.unrouted();
            String id = EidoDocuments.id(doc);
            if (kind == 3 || kind == 8) {
                leads.add(id);
            }
            (doc.get("incidentComponent")
                                    .get("incidentTypeInternalCode")
                                    .asText()
                                    .equals("TRAFFIC")
                            ? unrouted
                            : stored)
                    .add(id);
            (i % 2 == 0 ? overHttp : overKafka).add(doc);
        }
        Set<String> all = new HashSet<>(stored);
        all.addAll(unrouted);

        doorway.start().awaitReady();
        ExecutorService sources = Executors.newFixedThreadPool(3);
        List<Future<?>> sending = new ArrayList<>();
        try (Cad cad = new Cad()) {
            for (int t = 0; t < 2; t++) {
                List<ObjectNode> mine = overHttp.subList(t * overHttp.size() / 2, (t + 1) * overHttp.size() / 2);
                sending.add(sources.submit(() -> {
                    for (int n = 0; n < mine.size(); n++) {
                        cad.postUntilAccepted(doorway.baseUrl(), EidoDocuments.bytes(mine.get(n)));
                        if (n % 25 == 0) { // a CAD that sends some documents twice anyway
                            cad.postUntilAccepted(doorway.baseUrl(), EidoDocuments.bytes(mine.get(n)));
                        }
                        DoorwayProcess.sleep(150);
                    }
                    return null;
                }));
            }
            sending.add(sources.submit(() -> {
                for (int n = 0; n < overKafka.size(); n++) {
                    cad.publish(kafka.bootstrap(), Rig.TOPIC, overKafka.get(n));
                    if (n % 25 == 0) { // published twice, as an at-least-once producer may
                        cad.publish(kafka.bootstrap(), Rig.TOPIC, overKafka.get(n));
                    }
                    DoorwayProcess.sleep(120);
                }
                return null;
            }));

            List<Long> killedAfterMillis = new ArrayList<>();
            for (int k = 0; k < KILLS; k++) {
                long wait = 2000 + random.nextInt(6000);
                DoorwayProcess.sleep(wait);
                killedAfterMillis.add(wait);
                doorway.kill();
                doorway.start().awaitReady();
            }
            for (Future<?> source : sending) {
                source.get(10, TimeUnit.MINUTES);
            }
            // The second send of a stored referral is answered with the referral already stored
            // (an unrouted incident sent twice is simply counted twice).
            long resentStored = java.util.stream.IntStream.range(0, overHttp.size())
                    .filter(n -> n % 25 == 0)
                    .filter(n -> stored.contains(EidoDocuments.id(overHttp.get(n))))
                    .count();
            assertThat(cad.alreadyStored())
                    .as("HTTP resends answered as already stored")
                    .isGreaterThanOrEqualTo((int) resentStored);
            System.out.printf(
                    "CrashIT: %d kills, each %s ms after the instance was ready; HTTP sends refused or cut: %d, answered 503: %d, "
                            + "answered as already stored (sent twice on purpose, or committed just before a kill): %d%n",
                    KILLS, killedAfterMillis, cad.refusals(), cad.unavailable(), cad.alreadyStored());
        } finally {
            sources.shutdownNow();
        }

        JdbcClient db = postgres.db();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> db.sql("select count(*) from referral where source_id = any(?)")
                                .param(all.toArray(String[]::new))
                                .query(Long.class)
                                .single()
                        == stored.size());
        // Every handoff walks its three steps (3 s apart) and is then unanswered; pages whose send was
        // cut wait out their 15 s deadline and are then marked uncertain.
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> db.sql("""
                        select count(*) from referral r join handoff h on h.referral_id = r.id
                        where r.source_id = any(?) and h.state = 'UNANSWERED'
                          and not exists (select 1 from page p where p.referral_id = r.id and p.state in ('PENDING', 'SENDING'))""")
                                .param(leads.toArray(String[]::new))
                                .query(Long.class)
                                .single()
                        == leads.size());
        DoorwayProcess.sleep(2000);

        assertStoredExactlyOnce(db, stored, leads);
        assertThat(db.sql("select count(*) from referral where source_id = any(?)")
                        .param(unrouted.toArray(String[]::new))
                        .query(Long.class)
                        .single())
                .as("incidents the policy does not route, stored")
                .isZero();
        long counted = db.sql(
                        "select coalesce(sum(count), 0) from intake_count where site = 'crash' and result = 'NOT_ROUTED' and code = 'TRAFFIC'")
                .query(Long.class)
                .single();
        System.out.printf(
                "CrashIT: %d unrouted incidents sent, %d counted (a record read again after a kill is counted again)%n",
                unrouted.size(), counted);
        assertThat(counted).as("unrouted incidents counted (some sent twice)").isGreaterThanOrEqualTo(unrouted.size());
        assertPagedOnceEach(db, stored, leads);
    }

    private static void assertStoredExactlyOnce(JdbcClient db, Set<String> all, Set<String> leads) {
        Map<String, Long> stored = db
                .sql("select source_id, count(*) from referral where source_id = any(?) group by source_id")
                .param(all.toArray(String[]::new))
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(stored.keySet()).as("referrals stored").containsExactlyInAnyOrderElementsOf(all);
        assertThat(stored)
                .as("rows per referral")
                .allSatisfy((id, rows) -> assertThat(rows).isEqualTo(1L));
        assertThat(db.sql("""
                        select count(*) from referral r join triage_decision d on d.referral_id = r.id
                        where r.source_id = any(?)""")
                        .param(all.toArray(String[]::new))
                        .query(Long.class)
                        .single())
                .as("referrals with their triage decision")
                .isEqualTo(all.size());
        List<String> handoffs = db.sql(
                        "select r.source_id from referral r join handoff h on h.referral_id = r.id where r.source_id = any(?)")
                .param(all.toArray(String[]::new))
                .query(String.class)
                .list();
        assertThat(handoffs)
                .as("handoffs: one per LEAD referral, none for ordinary ones")
                .containsExactlyInAnyOrderElementsOf(leads);
    }

    private void assertPagedOnceEach(JdbcClient db, Set<String> all, Set<String> leads) {
        PageLedger ledger = PageLedger.of(db, twilio, all);
        System.out.println("CrashIT pages by state: " + ledger.states());
        Map<UUID, Set<Integer>> steps = ledger.pages.stream()
                .filter(p -> "PAGE".equals(p.kind()))
                .collect(Collectors.groupingBy(
                        PageLedger.Page::referralId, Collectors.mapping(PageLedger.Page::step, Collectors.toSet())));
        assertThat(steps).as("LEAD referrals with pages").hasSize(leads.size());
        assertThat(steps)
                .as("every step of every escalation paged, kills or not")
                .allSatisfy((referral, fired) -> assertThat(fired).containsExactlyInAnyOrder(0, 1, 2));
        assertThat(ledger.sentTwice()).as("pages the provider accepted twice").isEmpty();
        assertThat(ledger.unmatched)
                .as("texts at the provider that Doorway has no page for")
                .isEmpty();
        assertThat(ledger.recordedSentButNotOnce())
                .as("pages recorded as sent but not accepted exactly once")
                .isEmpty();
        assertThat(ledger.notIn("SENT", "DELIVERED", "UNCERTAIN"))
                .as("pages neither sent nor uncertain")
                .isEmpty();
        List<PageLedger.Page> firsts = ledger.pages.stream()
                .filter(p -> p.step() == 0 && "PAGE".equals(p.kind()))
                .toList();
        assertThat(firsts).as("first pages").hasSize(leads.size());
        List<PageLedger.Page> uncertain =
                ledger.pages.stream().filter(p -> "UNCERTAIN".equals(p.state())).toList();
        long uncertainSent =
                uncertain.stream().filter(p -> p.timesAccepted() == 1).count();
        System.out.printf(
                "CrashIT: %d first pages, %d sent exactly once; %d pages uncertain (cut by a kill): %d of them reached the provider, %d did not%n",
                firsts.size(),
                firsts.stream().filter(p -> p.timesAccepted() == 1).count(),
                uncertain.size(),
                uncertainSent,
                uncertain.size() - uncertainSent);
        // Only a kill can leave a page uncertain, and each kill cuts at most the sends in flight
        // (4 sender threads, 8 claimed at most).
        assertThat(uncertain.size()).as("pages cut by the kills").isLessThanOrEqualTo(KILLS * 8);
    }
}
