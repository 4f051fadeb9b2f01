package org.doorway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.doorway.DoorwayApplication;
import org.doorway.testing.FakeTwilio;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Doorway as parts 3 to 5 run it: in this JVM, on the benchmark's PostgreSQL, Kafka broker and
 * Twilio fake, with the sites written here.
 * <ul>
 *   <li>{@code bench}: the demo site's own triage policy (so call type {@code LEAD} is a social
 *       contact with a warm handoff now and ordinary 911 call types are not routed), one on-call
 *       case manager, and one escalation step an hour long, so that nothing escalates while the
 *       benchmark runs.</li>
 *   <li>{@code bench-esc-00 ..}: the same policy, a primary and a backup layer of one person each;
 *       part 5 opens handoffs here whose escalation to the backup falls due during the run.</li>
 *   <li>{@code bench-spread-000 ..}: the same policy and step as {@code bench}, each with its own
 *       on-call phone and its own intake key; part 4's spread series posts its referrals here.</li>
 * </ul>
 * Two paging settings differ from the defaults, because every page of a site goes to its one
 * on-call phone: the least gap between two SMS to one phone is 1 ms instead of 2 s (the carrier
 * courtesy that would otherwise space a burst of pages 2 s apart), and the account's send rate is
 * 10,000/s instead of 20/s (Twilio's rate for one number is the provider's limit, not Doorway's),
 * and so are the pace windows that hold the same two limits over time: a phone's texts per minute
 * (6 by default) and the sender number's requests per second (20).
 * Everything else is as configured by default.
 */
final class BenchDoorway {

    static final String SITE = "bench";
    static final String ON_CALL_PHONE = "+12065550190";

    private BenchDoorway() {}

    /** The id of escalation site {@code i}. */
    static String escalationSite(int i) {
        return String.format("bench-esc-%02d", i);
    }

    /** The phone of escalation site {@code i}'s primary ({@code backup} false) or backup person. */
    static String escalationPhone(int i, boolean backup) {
        return "+120655501" + String.format("%02d", (backup ? 50 : 0) + i);
    }

    /** The id of spread site {@code i}. */
    static String spreadSite(int i) {
        return String.format("bench-spread-%03d", i);
    }

    /** The on-call phone of spread site {@code i}. */
    static String spreadPhone(int i) {
        return "+1206556" + String.format("%04d", i);
    }

    /** The intake key of spread site {@code i}'s source (made up for the benchmark). */
    static String spreadKey(int i) {
        return "bench-spread-key-" + i;
    }

    /** The id of the site whose policy has {@code rules} call-type rules (part 8). */
    static String rulesSite(int rules) {
        return "bench-rules-" + rules;
    }

    /** The intake key of that site's source (made up for the benchmark). */
    static String rulesKey(int rules) {
        return "bench-rules-key-" + rules;
    }

    /** Writes the benchmark's sites into a new folder and returns it. */
    static Path writeSites(int escalationSites, int spreadSites) throws IOException {
        return writeSites(escalationSites, spreadSites, List.of());
    }

    /**
     * Writes the benchmark's sites into a new folder and returns it; with a site for each entry of
     * {@code ruleCounts} whose policy routes by that many call-type rules (part 8).
     */
    static Path writeSites(int escalationSites, int spreadSites, List<Integer> ruleCounts) throws IOException {
        Path sites = Files.createTempDirectory("doorway-bench-sites-");
        String policy;
        try (InputStream in = DoorwayApplication.class.getResourceAsStream("/sites/demo/policy.yaml")) {
            policy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Its referrals come from the Kafka topic: no HTTP source.
        write(sites, SITE, policy, onePhoneSite(SITE, "Benchmark Site", "Bench On-call", ON_CALL_PHONE, null));
        for (int i = 0; i < escalationSites; i++) {
            write(sites, escalationSite(i), policy, """
                    id: %s
                    name: Benchmark Escalation Site %d (fictional)
                    time-zone: UTC
                    case-managers:
                      - {id: first, name: Bench First, phone: "%s"}
                      - {id: second, name: Bench Second, phone: "%s"}
                    schedules:
                      primary: {members: [first]}
                      backup: {members: [second]}
                    escalation:
                      steps:
                        - {delay: PT1M, notify: primary, by: sms}
                        - {delay: PT1H, notify: backup, by: sms}
                      repeat: 1
                    """.formatted(
                            escalationSite(i), i, escalationPhone(i, false), escalationPhone(i, true)));
        }
        for (int i = 0; i < spreadSites; i++) {
            write(
                    sites,
                    spreadSite(i),
                    policy,
                    onePhoneSite(
                            spreadSite(i),
                            "Benchmark Spread Site " + i,
                            "Bench Spread On-call",
                            spreadPhone(i),
                            spreadKey(i)));
        }
        for (int rules : ruleCounts) {
            write(
                    sites,
                    rulesSite(rules),
                    withRules(policy, rules),
                    onePhoneSite(
                            rulesSite(rules),
                            "Benchmark Site with " + rules + " Rules",
                            "Bench Rules On-call",
                            "+1206557" + String.format("%04d", rules % 10_000),
                            rulesKey(rules)));
        }
        return sites;
    }

    /**
     * The demo policy with its call-type rules replaced by {@code rules} of them: {@code rules - 1}
     * made-up call types first, then {@link HttpDoor#CALL_TYPE} to the community door last, so the
     * measured documents match the last rule.
     */
    static String withRules(String demoPolicy, int rules) {
        StringBuilder list = new StringBuilder("routing:\n  call-types:\n");
        for (int i = 1; i < rules; i++) {
            list.append("    - codes: [\"BENCH RULE ")
                    .append(i)
                    .append("\"]\n      door: community\n      referrer-role: dispatcher\n")
                    .append("      meaning: made-up call type ")
                    .append(i)
                    .append('\n');
        }
        list.append("    - codes: [\"")
                .append(HttpDoor.CALL_TYPE)
                .append("\"]\n      door: community\n      referrer-role: dispatcher\n      meaning: trespass\n");
        int from = demoPolicy.indexOf("routing:\n  call-types:\n");
        int to = demoPolicy.indexOf("\n  arrests-with-divertible-charge:");
        if (from < 0 || to < 0) {
            throw new IllegalStateException("the demo policy's call-type rules have moved");
        }
        return demoPolicy.substring(0, from) + list + demoPolicy.substring(to + 1);
    }

    private static String sha256(String key) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A site of one on-call phone, paged by SMS, taking referrals from one HTTP source with this key
     * ({@code null}: no HTTP source).
     */
    private static String onePhoneSite(String id, String name, String caseManager, String phone, String key) {
        String site = """
                id: %s
                name: %s (fictional)
                time-zone: UTC
                case-managers:
                  - {id: oncall, name: %s, phone: "%s"}
                schedules:
                  primary: {members: [oncall]}
                escalation:
                  steps:
                    - {delay: PT1H, notify: primary, by: sms}
                  repeat: 1
                """.formatted(id, name, caseManager, phone);
        return key == null ? site : site + """
                sources:
                  - {name: bench-http, api-key-sha256: "%s"}
                """.formatted(sha256(key));
    }

    /**
     * The Twilio fake's account, and paging's deliberate limits lifted (BENCHMARKS.md, "Settings that
     * differ"): the arguments every Doorway the benchmark runs is given.
     */
    static List<String> fakeTwilioAndLiftedLimits(FakeTwilio twilio) {
        return List.of(
                "--doorway.twilio.account-sid=" + FakeTwilio.ACCOUNT_SID,
                "--doorway.twilio.auth-token=" + FakeTwilio.AUTH_TOKEN,
                "--doorway.twilio.from-number=" + FakeTwilio.FROM_NUMBER,
                "--doorway.twilio.api-base-url=" + twilio.baseUrl(),
                "--doorway.paging.per-phone-gap=1ms",
                "--doorway.paging.max-per-second=10000",
                "--doorway.paging.pace.texts-per-phone=1000000",
                "--doorway.paging.pace.sender-limit=10000");
    }

    private static void write(Path sites, String id, String demoPolicy, String siteYaml) throws IOException {
        Path folder = Files.createDirectories(sites.resolve(id));
        Files.writeString(folder.resolve("site.yaml"), siteYaml);
        Files.writeString(folder.resolve("policy.yaml"), demoPolicy.replaceFirst("(?m)^site: demo\\b", "site: " + id));
    }

    /** Starts Doorway consuming {@code topic} for the bench site; returns once it is ready. */
    static ConfigurableApplicationContext start(
            String jdbcUrl, String brokers, String topic, Path sites, FakeTwilio twilio, Path logFile)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--camel.component.kafka.brokers=" + brokers,
                "--doorway.intake.kafka.eido-topic=" + topic,
                "--doorway.intake.kafka.dead-letter-topic=" + topic + ".dead-letter",
                "--doorway.intake.kafka.eido-site=" + SITE,
                "--doorway.intake.kafka.group-id=doorway-bench",
                "--doorway.data-dir=" + Files.createTempDirectory("doorway-bench-data-"),
                "--doorway.public-base-url=https://doorway.example.test",
                "--doorway.sites-dir=" + sites,
                "--doorway.demo.enabled=false",
                // Explicitly development: the benchmark measures speed, not the settings rules.
                "--doorway.mode=development",
                "--doorway.admin-password=bench-only-password",
                // Part 7's baseline: the HTTP door's least work, in the same app and run.
                "--doorway.bench.baseline-endpoint=true",
                // Doorway logs as in production, to a file; the console keeps the benchmark's own lines.
                "--logging.file.name=" + logFile,
                "--logging.threshold.console=WARN"));
        args.addAll(fakeTwilioAndLiftedLimits(twilio));
        return new SpringApplicationBuilder(DoorwayApplication.class).run(args.toArray(String[]::new));
    }
}
