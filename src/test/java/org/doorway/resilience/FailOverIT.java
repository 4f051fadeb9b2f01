package org.doorway.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two Doorway processes on one database and one Kafka topic (one consumer group); one is killed
 * with SIGKILL while the escalations it started are running and its sends are in flight. Proves:
 * the survivor fires every remaining escalation step, each within 10 s of the kill or of when it
 * fell due (measured from the database's own timestamps, not from the test's waits), takes over
 * the dead one's Kafka partitions so records published after the kill are stored, and no page
 * reaches the provider twice: a send cut by the kill is left uncertain, never repeated.
 * (TwoInstancesIT shows the same for an instance closed in-JVM; here a real process dies.)
 */
class FailOverIT {

    /** Steps 8 s apart, three layers, walked three times: 9 steps over about 72 s per handoff. */
    private static final int STEPS = 9;

    private static final Duration STEP_DELAY = Duration.ofSeconds(8);

    private static RestartablePostgres postgres;
    private static KafkaBrokerProcess kafka;
    private static DoorwayProcess a;
    private static DoorwayProcess b;
    private static StubMapping slowTwilio;
    private final FakeTwilio twilio = FakeTwilio.shared();

    @BeforeAll
    static void parts() {
        postgres = new RestartablePostgres().start();
        kafka = new KafkaBrokerProcess(2).start();
        Path sites = Rig.siteLike("failover", "PT8S", 3);
        a = new DoorwayProcess(
                "failover-a", Rig.doorway(postgres, kafka, sites, "failover", "--doorway.paging.send-deadline=PT15S"));
        b = new DoorwayProcess(
                "failover-b", Rig.doorway(postgres, kafka, sites, "failover", "--doorway.paging.send-deadline=PT15S"));
        // Twilio takes 300 ms to accept a text, so that sends are in flight when a process dies.
        slowTwilio = FakeTwilio.shared()
                .server()
                .stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withHeader("Content-Type", "application/json")
                                .withBody("""
                                {"sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
                                 "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01"}""")
                                .withTransformers("response-template")
                                .withFixedDelay(300)));
    }

    @AfterAll
    static void stop() {
        if (slowTwilio != null) {
            FakeTwilio.shared().server().removeStub(slowTwilio);
        }
        Rig.stopAll(a, b, kafka, postgres);
    }

    @Test
    void killedInstancesEscalationsAreCarriedOnByTheOtherWithinTenSecondsAndNobodyIsPagedTwice() throws Exception {
        Random random = new Random();
        JdbcClient db = postgres.db();
        a.start().awaitReady();
        Set<String> ids = new HashSet<>();
        Set<String> leads = new HashSet<>();
        try (Cad cad = new Cad()) {
            // A alone takes these, so the escalations are A's: 8 over HTTP, 4 over Kafka.
            for (int i = 0; i < 12; i++) {
                ObjectNode doc = Cad.lead();
                ids.add(EidoDocuments.id(doc));
                leads.add(EidoDocuments.id(doc));
                if (i % 3 == 2) {
                    cad.publish(kafka.bootstrap(), Rig.TOPIC, doc);
                } else {
                    assertThat(cad.postUntilAccepted(a.baseUrl(), EidoDocuments.bytes(doc)))
                            .isEqualTo(202);
                }
                DoorwayProcess.sleep(300);
            }
            b.start().awaitReady();
            DoorwayProcess.sleep(1000 + random.nextInt(3000));

            Instant killedAt = db.sql("select clock_timestamp()")
                    .query(java.sql.Timestamp.class)
                    .single()
                    .toInstant();
            a.kill();
            List<UUID> running = db.sql("""
                            select h.referral_id from handoff h join referral r on r.id = h.referral_id
                            where r.source_id = any(?) and h.state = 'PAGING'""")
                    .param(leads.toArray(String[]::new))
                    .query(UUID.class)
                    .list();
            long sendingAtKill = db.sql("""
                            select count(*) from page p join referral r on r.id = p.referral_id
                            where r.source_id = any(?) and p.state = 'SENDING'""")
                    .param(leads.toArray(String[]::new))
                    .query(Long.class)
                    .single();
            assertThat(running)
                    .as("escalations still running when A was killed")
                    .isNotEmpty();

            // Published after the kill: A's partitions move to B once A's Kafka session lapses.
            for (int i = 0; i < 6; i++) {
                ObjectNode doc = i % 3 == 0 ? Cad.lead() : Cad.ordinary();
                ids.add(EidoDocuments.id(doc));
                if (i % 3 == 0) {
                    leads.add(EidoDocuments.id(doc));
                }
                cad.publish(kafka.bootstrap(), Rig.TOPIC, doc);
            }

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

            assertThat(db.sql("select count(*) from referral where source_id = any(?)")
                            .param(ids.toArray(String[]::new))
                            .query(Long.class)
                            .single())
                    .as("referrals stored, those published after the kill included")
                    .isEqualTo(ids.size());

            PageLedger ledger = PageLedger.of(db, twilio, ids);
            Map<UUID, List<PageLedger.Page>> byHandoff = ledger.pages.stream()
                    .filter(p -> "PAGE".equals(p.kind()))
                    .collect(Collectors.groupingBy(PageLedger.Page::referralId));
            assertThat(byHandoff).as("handoffs paged").hasSize(leads.size());
            assertThat(byHandoff)
                    .as("every step of every escalation paged")
                    .allSatisfy((referral, pages) -> assertThat(pages)
                            .extracting(PageLedger.Page::step)
                            .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, STEPS)
                                    .boxed()
                                    .toList()));

            // Takeover: each step of A's escalations fired after the kill, measured on the
            // database's clock from the kill (or from when the step fell due, if later).
            List<Duration> takeovers = new ArrayList<>();
            for (UUID referral : running) {
                List<PageLedger.Page> pages = byHandoff.get(referral).stream()
                        .sorted(Comparator.comparingInt(PageLedger.Page::step))
                        .toList();
                for (int step = 1; step < pages.size(); step++) {
                    Instant fired = pages.get(step).createdAt();
                    if (fired.isAfter(killedAt)) {
                        Instant due = pages.get(step - 1).createdAt().plus(STEP_DELAY);
                        takeovers.add(Duration.between(due.isAfter(killedAt) ? due : killedAt, fired));
                    }
                }
            }
            Duration worst = takeovers.stream().max(Comparator.naturalOrder()).orElseThrow();
            Duration first = running.stream()
                    .map(referral -> byHandoff.get(referral).stream()
                            .map(PageLedger.Page::createdAt)
                            .filter(t -> t.isAfter(killedAt))
                            .min(Comparator.naturalOrder())
                            .orElseThrow())
                    .map(t -> Duration.between(killedAt, t))
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            System.out.printf(
                    "FailOverIT: %d escalations running and %d pages being sent (by A or B) at the kill; first step fired by B %d ms after the kill; "
                            + "%d steps fired after the kill, each at most %d ms after the kill or its due time; pages by state %s%n",
                    running.size(),
                    sendingAtKill,
                    first.toMillis(),
                    takeovers.size(),
                    worst.toMillis(),
                    ledger.states());
            assertThat(takeovers).as("steps fired after the kill").isNotEmpty();
            assertThat(takeovers)
                    .as("how late each step fired after the kill (or after it fell due)")
                    .allSatisfy(late -> assertThat(late).isLessThanOrEqualTo(Duration.ofSeconds(10)));

            assertThat(ledger.sentTwice())
                    .as("pages the provider accepted twice")
                    .isEmpty();
            assertThat(ledger.unmatched)
                    .as("texts at the provider that Doorway has no page for")
                    .isEmpty();
            assertThat(ledger.recordedSentButNotOnce())
                    .as("pages recorded as sent but not accepted exactly once")
                    .isEmpty();
            assertThat(ledger.notIn("SENT", "DELIVERED", "UNCERTAIN"))
                    .as("pages neither sent nor uncertain")
                    .isEmpty();
        }
    }
}
