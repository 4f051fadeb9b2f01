package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.doorway.DoorwayApplication;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two Doorway instances on one database: every escalation step pages once, whichever instance
 * fires it; and when one instance dies mid-escalation, the other carries its escalations on.
 */
class TwoInstancesIT {

    private static EmbeddedPostgres postgres;
    private final FakeTwilio twilio = FakeTwilio.shared();

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("doorway-shared-db-"))
                .setCleanDataDirectory(true)
                .start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    private ConfigurableApplicationContext start() throws Exception {
        return new SpringApplicationBuilder(DoorwayApplication.class)
                .run(
                        "--server.port=0",
                        "--camel.component.kafka.brokers=",
                        // Explicitly development: production's settings rules are ProductionModeIT's.
                        "--doorway.mode=development",
                        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres",
                        "--doorway.data-dir=" + Files.createTempDirectory("doorway-instance-"),
                        "--doorway.public-base-url=https://doorway.example.test",
                        "--doorway.sites-dir="
                                + Path.of("src/test/resources/sites").toAbsolutePath(),
                        "--doorway.twilio.account-sid=" + FakeTwilio.ACCOUNT_SID,
                        "--doorway.twilio.auth-token=" + FakeTwilio.AUTH_TOKEN,
                        "--doorway.twilio.from-number=" + FakeTwilio.FROM_NUMBER,
                        "--doorway.twilio.api-base-url=" + twilio.baseUrl(),
                        // Many handoffs page the same three test phones at once: the per-phone
                        // windows (PaceIT's subject) would hold them for minutes.
                        "--doorway.paging.pace.texts-per-phone=100000",
                        "--doorway.paging.pace.call-gap=PT0S",
                        // Each instance also fires several handoffs' timers at once: no step pages
                        // twice, whether two instances or two threads of one reach it together.
                        "--doorway.paging.firing-threads=4",
                        "--doorway.admin-password=test-admin-password");
    }

    private static String post(ConfigurableApplicationContext app, String key) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/intake/eido"))
                                .header("Content-Type", "application/json")
                                .header("X-Api-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(
                                        EidoDocuments.bytes(EidoDocuments.leadRequest())))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(202);
        return FakeTwilio.json(answer.body())
                .path("referrals")
                .get(0)
                .path("shortRef")
                .asText();
    }

    /** The officer the fast site's roster knows, who referred every test EIDO. */
    private static final String FAST_OFFICER = "+12065550247";

    private Map<String, Long> pagesByPhone(String ref) {
        return twilio.sent(sms -> sms.body().contains(ref) && sms.body().contains("to take it")).stream()
                .collect(Collectors.groupingBy(FakeTwilio.Sms::to, Collectors.counting()));
    }

    @Test
    void bothInstancesWorkOneDatabaseAndNoStepPagesTwice() throws Exception {
        ConfigurableApplicationContext a = start();
        ConfigurableApplicationContext b = start();
        try {
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                refs.add(post(i % 2 == 0 ? a : b, "fast-intake-key"));
            }
            JdbcClient db = a.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> db.sql(
                                            "select count(*) from handoff h join referral r on r.id = h.referral_id where r.short_ref = any(?) and h.state = 'UNANSWERED'")
                                    .param(refs.toArray(String[]::new))
                                    .query(Long.class)
                                    .single()
                            == refs.size());
            assertEachPagedItsThreePeopleOnce(refs);
            assertOfficerToldOnceEach(refs);
        } finally {
            a.close();
            b.close();
        }
    }

    /** The fast site's referring officer heard "nobody can come" once per handoff, from one instance. */
    private void assertOfficerToldOnceEach(List<String> refs) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> refs.stream()
                        .allMatch(ref -> !twilio.sent(sms -> sms.to().equals(FAST_OFFICER)
                                        && sms.body().contains(ref))
                                .isEmpty()));
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
        for (String ref : refs) {
            assertThat(twilio.sent(
                            sms -> sms.to().equals(FAST_OFFICER) && sms.body().contains(ref)))
                    .as("officer notices of %s", ref)
                    .singleElement()
                    .satisfies(sms -> assertThat(sms.body()).contains("no case manager can come"));
        }
    }

    /** Every page of each handoff has gone out (paced, some after the handoff went unanswered), once. */
    private void assertEachPagedItsThreePeopleOnce(List<String> refs) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> refs.stream().allMatch(ref -> pagesByPhone(ref).size() == 3));
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
        for (String ref : refs) {
            assertThat(pagesByPhone(ref))
                    .as("pages of %s", ref)
                    .hasSize(3)
                    .allSatisfy(
                            (phone, n) -> assertThat(n).as("pages to %s", phone).isEqualTo(1));
        }
    }

    @Test
    void whenOneInstanceDiesTheOtherCarriesItsEscalationsOnAndPagesNobodyTwice() throws Exception {
        ConfigurableApplicationContext a = start();
        ConfigurableApplicationContext b = start();
        try {
            // The restart site escalates every 3 s: the first page goes out from A, then A dies.
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                refs.add(post(a, "restart-intake-key"));
            }
            for (String ref : refs) {
                twilio.awaitSms(sms -> sms.body().contains(ref));
            }
            a.close();

            JdbcClient db = b.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> db.sql(
                                            "select count(*) from handoff h join referral r on r.id = h.referral_id where r.short_ref = any(?) and h.state = 'UNANSWERED'")
                                    .param(refs.toArray(String[]::new))
                                    .query(Long.class)
                                    .single()
                            == refs.size());
            assertEachPagedItsThreePeopleOnce(refs);
        } finally {
            a.close();
            b.close();
        }
    }
}
