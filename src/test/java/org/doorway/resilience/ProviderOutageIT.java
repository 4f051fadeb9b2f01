package org.doorway.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One Doorway process while Twilio refuses every text with {@code 503} for ten minutes of
 * Doorway's clock (moved forward a minute at a time, as the database clock is in every test),
 * calls still working. The site's policy pages three people three minutes apart, walked once: the
 * whole policy runs out inside the outage. Proves that during the outage no step is burned (each
 * fires at its own time, no page is failed, dropped or replaced by a call, nobody is marked
 * unanswered), that the supervisor is called because texts are down, and that once Twilio answers
 * again every page goes out exactly once (counted at the fake), none lost. The site also watches a
 * feed that sends nothing: it falls silent inside the outage, and the text to the site's
 * administrator waits for Twilio rather than being spent on it, then goes out once.
 */
class ProviderOutageIT {

    private static final String SITE = "blackout";
    private static final String ADMIN = "+12065550309";
    private static RestartablePostgres postgres;
    private static KafkaBrokerProcess kafka;
    private static DoorwayProcess doorway;
    private final FakeTwilio twilio = FakeTwilio.shared();

    @BeforeAll
    static void parts() {
        postgres = new RestartablePostgres().start();
        kafka = new KafkaBrokerProcess(1).start();
        doorway = new DoorwayProcess(
                        "provider-outage-doorway",
                        Rig.doorway(
                                postgres,
                                kafka,
                                withSilentFeed(Rig.siteLike(SITE, "PT3M", 1)),
                                SITE,
                                // Feeds looked at every second, not every 30: the test's clock moves fast.
                                "--doorway.feeds.watch-every=PT1S"))
                .start()
                .awaitReady();
    }

    /**
     * The site with an administrator, and a second source expected every five minutes that never
     * sends anything (key {@code blackout-feed-key}).
     */
    private static Path withSilentFeed(Path sites) {
        Path file = sites.resolve(SITE).resolve("site.yaml");
        try {
            Files.writeString(
                    file,
                    Files.readString(file)
                            + """
                            administrator:
                              phone: "%s"
                            sources:
                              - name: blackout-feed
                                api-key-sha256: %s
                                expect-every: PT5M
                            """.formatted(ADMIN, "1b906f41614e836c03a5ffc375e47a22f0586361508f64bcb4f7ce27ffcba6e0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sites;
    }

    @AfterAll
    static void stop() {
        Rig.stopAll(doorway, kafka, postgres);
    }

    @Test
    void tenMinutesOfTwilioRefusingTextsBurnNoStepAndEveryPageGoesOutOnceWhenItReturns() throws Exception {
        JdbcClient db = postgres.db();
        TestClock clock = new TestClock(db);
        long supervisorCallsBefore = supervisorCalls();
        StubMapping down = twilio.server()
                .stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(503)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"code\": 20503, \"message\": \"Service Unavailable\", \"status\": 503}")));
        Set<String> ids = new LinkedHashSet<>();
        try {
            try (Cad cad = new Cad()) {
                for (int i = 0; i < 2; i++) {
                    ObjectNode doc = Cad.lead();
                    ids.add(EidoDocuments.id(doc));
                    cad.postUntilAccepted(doorway.baseUrl(), EidoDocuments.bytes(doc));
                }
            }
            String[] sources = ids.toArray(String[]::new);
            // The first texts are refused until the breaker opens: the outage is recorded.
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() ->
                            db.sql("select count(*) from provider_outage where channel = 'SMS' and closed_at is null")
                                            .query(Long.class)
                                            .single()
                                    == 1);

            // Ten minutes of Doorway's clock, a minute at a time, each due step fired before the next.
            for (int minute = 1; minute <= 10; minute++) {
                clock.advance(Duration.ofMinutes(1));
                await().atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() ->
                                db.sql("""
                                                select count(*) from handoff h join referral r on r.id = h.referral_id
                                                where r.source_id = any(?) and h.escalate_at <= doorway_now()""").param(sources).query(Long.class).single() == 0);
            }

            PageLedger during = PageLedger.of(db, twilio, ids);
            System.out.printf("ProviderOutageIT (after 10 min of 503): pages by state %s%n", during.states());
            assertThat(during.pages.stream().map(PageLedger.Page::kind).distinct())
                    .as("kinds of page during the outage: texts only, none replaced by a call")
                    .containsExactly("PAGE");
            assertThat(during.notIn("PENDING", "SENDING"))
                    .as("pages failed, dropped or given up during the outage")
                    .isEmpty();
            assertThat(during.pages.stream().filter(p -> p.timesAccepted() > 0))
                    .as("pages that reached anyone during the outage")
                    .isEmpty();
            Map<Object, Set<Integer>> stepsPaged = during.pages.stream()
                    .collect(Collectors.groupingBy(
                            PageLedger.Page::referralId,
                            Collectors.mapping(PageLedger.Page::step, Collectors.toSet())));
            assertThat(stepsPaged)
                    .as("steps fired by the clock, each at its time, none brought forward beyond the policy")
                    .hasSize(2)
                    .allSatisfy((referral, steps) -> assertThat(steps).containsExactlyInAnyOrder(0, 1, 2));
            assertThat(db.sql("""
                                    select h.state from handoff h join referral r on r.id = h.referral_id
                                    where r.source_id = any(?)""").param(sources).query(String.class).list())
                    .as("handoffs after ten minutes of outage: still paging, never unanswered because of Twilio")
                    .containsOnly("PAGING");
            // Texts are down, calls work: the site's supervisor (on call in its last step) is called once.
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> "VOICE"
                            .equals(db.sql("select told_by from provider_outage where channel = 'SMS'")
                                    .query(String.class)
                                    .optional()
                                    .orElse(null)));
            assertThat(supervisorCalls() - supervisorCallsBefore)
                    .as("calls telling this site's supervisor that texts are down")
                    .isEqualTo(1);
            // The watched feed fell silent inside the outage: its text waits, unspent.
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !feedAlerts().isEmpty());
            Thread.sleep(3_000); // several watch rounds, each of which would send a text that is due
            assertThat(feedAlerts())
                    .as("the silent feed's text to the administrator while Twilio refuses texts")
                    .containsExactly("SILENT PENDING");
        } finally {
            twilio.server().removeStub(down);
        }

        // Twilio answers again: the breaker tries one text, then lets the rest go.
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> PageLedger.of(db, twilio, ids)
                        .notIn("SENT", "DELIVERED")
                        .isEmpty());
        assertThat(db.sql("select count(*) from provider_outage where closed_at is null")
                        .query(Long.class)
                        .single())
                .as("outages still open once Twilio answers")
                .isZero();
        PageLedger after = PageLedger.of(db, twilio, ids);
        System.out.printf("ProviderOutageIT (after Twilio returned): pages by state %s%n", after.states());
        assertThat(after.sentTwice()).as("pages the provider accepted twice").isEmpty();
        assertThat(after.unmatched)
                .as("texts at the provider that Doorway has no page for")
                .isEmpty();
        assertThat(after.recordedSentButNotOnce())
                .as("pages recorded as sent but not accepted exactly once")
                .isEmpty();
        Map<String, Long> reached = after.pages.stream()
                .filter(p -> p.timesAccepted() == 1)
                .collect(Collectors.groupingBy(p -> p.referralId() + "/" + p.step(), Collectors.counting()));
        assertThat(reached)
                .as("steps that reached their person")
                .hasSize(2 * 3)
                .allSatisfy((step, times) -> assertThat(times).isEqualTo(1L));
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> feedAlerts().equals(List.of("SILENT SENT")));
        assertThat(twilio.sent(sms -> ADMIN.equals(sms.to()) && sms.body().contains("has sent nothing")))
                .as("texts to the administrator about the silent feed, once Twilio answers")
                .hasSize(1);
    }

    /** This site's feed alerts, as {@code "<kind> <state>"}. */
    private static List<String> feedAlerts() {
        return postgres.db()
                .sql("select kind || ' ' || state from feed_alert where site = ? order by id")
                .param(SITE)
                .query(String.class)
                .list();
    }

    /**
     * Calls at the fake telling one of this site's case managers (the demo site's supervisor is
     * told too, on a number of its own) that the provider takes no texts.
     */
    private long supervisorCalls() {
        List<FakeTwilio.VoiceCall> calls = twilio.calls();
        return calls.stream()
                .filter(c -> SITE_PHONES.contains(c.to())
                        && c.twiml() != null
                        && c.twiml().contains("not taking text messages"))
                .count();
    }

    /** The phones of the site (as {@link Rig#siteLike} copies them from the restart test site). */
    private static final Set<String> SITE_PHONES = Set.of("+12065550301", "+12065550302", "+12065550303");
}
