package org.doorway.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.doorway.testing.FakeTwilio;

/** Doorway's settings in the resilience tests: production's code paths, local parts. */
final class Rig {

    /** The topic CADs publish to. */
    static final String TOPIC = "doorway.eido";

    private Rig() {}

    /**
     * Settings for one Doorway process on this database, broker and Twilio fake. Test-only values:
     * no per-phone gap and a high sending pace (the three test phones take every page of a whole
     * run), a 10 s Kafka session (a killed consumer's partitions move after 10 s rather than 45 s)
     * and a 5 s wait for a database connection (so intake answers 503 sooner than after 30 s), and
     * a provider channel taken as down tried again after 2 s rather than 30 s.
     */
    static List<String> doorway(
            RestartablePostgres postgres, KafkaBrokerProcess kafka, Path sites, String kafkaSite, String... extra) {
        try {
            List<String> settings = new ArrayList<>(List.of(
                    // Explicitly development: these tests crash and cut off processes; production's
                    // settings rules are ProductionModeIT's.
                    "--doorway.mode=development",
                    "--spring.datasource.url=" + postgres.jdbcUrl(),
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.hikari.connection-timeout=5000",
                    "--camel.component.kafka.brokers=" + kafka.bootstrap(),
                    "--camel.component.kafka.session-timeout-ms=10000",
                    "--doorway.intake.kafka.eido-topic=" + TOPIC,
                    "--doorway.intake.kafka.eido-site=" + kafkaSite,
                    "--doorway.data-dir=" + Files.createTempDirectory("doorway-process-"),
                    "--doorway.public-base-url=https://doorway.example.test",
                    "--doorway.sites-dir=" + sites.toAbsolutePath(),
                    "--doorway.twilio.account-sid=" + FakeTwilio.ACCOUNT_SID,
                    "--doorway.twilio.auth-token=" + FakeTwilio.AUTH_TOKEN,
                    "--doorway.twilio.from-number=" + FakeTwilio.FROM_NUMBER,
                    "--doorway.twilio.api-base-url=" + FakeTwilio.shared().baseUrl(),
                    "--doorway.admin-password=test-admin-password",
                    "--doorway.paging.per-phone-gap=PT0S",
                    "--doorway.paging.max-per-second=200",
                    "--doorway.paging.breaker.open-for=PT2S",
                    "--doorway.paging.pace.texts-per-phone=100000",
                    "--doorway.paging.pace.call-gap=PT0S",
                    "--doorway.paging.pace.sender-limit=200"));
            settings.addAll(List.of(extra));
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test sites (fast, restart, enroute) as the other whole-application tests use them. */
    static Path testSites() {
        return Path.of("src/test/resources/sites");
    }

    /**
     * A folder with one site, {@code id}: the restart test site (three case managers, three layers,
     * each a step further along the rotation, same API key) with its steps {@code delay} apart,
     * walked {@code repeat} times, whose policy also routes call type {@code WELFARE} to the
     * community door (stored and triaged, no warm handoff, nobody paged).
     */
    static Path siteLike(String id, String delay, int repeat) {
        try {
            Path dir = Files.createDirectories(
                    Files.createTempDirectory("doorway-sites-").resolve(id));
            Path restart = testSites().resolve("restart");
            String site = Files.readString(restart.resolve("site.yaml"))
                    .replace("id: restart", "id: " + id)
                    .replace("delay: PT3S", "delay: " + delay)
                    .replace("repeat: 1", "repeat: " + repeat);
            String policy = Files.readString(restart.resolve("policy.yaml"))
                    .replace("site: restart", "site: " + id)
                    .replace("restart-test-1", id + "-test-1");
            // Welfare checks come in through the community door: stored and triaged, nobody paged.
            String routed = policy.replace(
                            "      referrer-role: officer\ndoors:\n",
                            "      referrer-role: officer\n    - codes: [WELFARE]\n      door: community\n"
                                    + "      referrer-role: dispatcher\ndoors:\n")
                    .replace(
                            "  community:\n    enabled: false\n    warm-handoff: false\n"
                                    + "    referrers: {roles: [], when-unknown: not-eligible}\n    eligibility:\n"
                                    + "      chronic-law-violations: {when-unknown: not-eligible}\n"
                                    + "      expects-criminal-legal-response: {when-unknown: not-eligible}\n",
                            "  community:\n    warm-handoff: false\n"
                                    + "    referrers: {roles: [dispatcher, officer], when-unknown: proceed}\n    eligibility:\n"
                                    + "      chronic-law-violations: {when-unknown: proceed}\n"
                                    + "      expects-criminal-legal-response: {when-unknown: proceed}\n");
            if (!routed.contains("[WELFARE]") || !routed.contains("roles: [dispatcher, officer]")) {
                throw new IllegalStateException("the restart site's policy changed; adapt Rig.siteLike");
            }
            policy = routed;
            Files.writeString(dir.resolve("site.yaml"), site);
            Files.writeString(dir.resolve("policy.yaml"), policy);
            return dir.getParent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops each part that was started (null ones were not), going on past any that fails to stop. */
    static void stopAll(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                // keep stopping the others
            }
        }
    }
}
