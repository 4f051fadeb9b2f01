package org.doorway.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.doorway.testing.FakeTwilio;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Doorway's benchmark: in one run on this machine, the transport limit (1), the least work an
 * intake can do (2), Doorway end to end (3), latency from publish to page at fixed rates (4), how
 * late escalations fire with many pages open (5), and idle memory and time to ready (6). Writes
 * {@code BENCHMARKS.md} and {@code benchmarks/results.json} in the working directory (the
 * repository). Run by {@code ./mvnw -B -Pbench -DskipTests verify}; sizes can be changed with
 * system properties ({@code bench.documents}, {@code bench.escalations}, ... below), e.g. to try it
 * quickly; the committed figures are from the defaults.
 *
 * <p>Everything runs on this machine: a KRaft Kafka broker and Doorway in this JVM, an embedded
 * PostgreSQL 17 beside it, and the Twilio fake (WireMock, the real Twilio SDK calling it).
 */
final class Benchmark {

    static final String COMMAND = "./mvnw -B -Pbench -DskipTests verify";
    static final String TOPIC = "bench.eido";
    static final int DRAIN_SECONDS = 10;
    static final int QUIET_SECONDS = 10;
    static final int MIX_RATE = 100;
    static final int MIX_SECONDS = 20;

    private final int warmUp = Integer.getInteger("bench.warmup", 600);
    private final int documents = Integer.getInteger("bench.documents", 3_000);
    private final int leadEvery = 20;
    private final List<Integer> rates = List.of(10, 100, 1000);
    private final List<Integer> rateSeconds = List.of(10, 5, 1);
    private final int escalations = Integer.getInteger("bench.escalations", 10_000);
    private final int escalationSites = 20;
    private final int spreadSites = Integer.getInteger("bench.spread-sites", 100);
    private final int spreadRate = 100;
    private final int spreadSeconds = 5;
    private final int escalationSpread = Integer.getInteger("bench.escalation-spread", 600);
    private final int escalationWindow = Integer.getInteger("bench.escalation-window", 20);
    private final Path jar = Path.of(System.getProperty("bench.jar", "target/doorway-0.1.0-SNAPSHOT.jar"));

    private final Report report = new Report();
    private long published;
    private long cancelled;

    public static void main(String[] args) throws Exception {
        String soak = System.getProperty("bench.soak", "");
        if (!soak.isBlank()) {
            new Soak(Soak.parse(soak), Path.of(System.getProperty("bench.jar", "target/doorway-0.1.0-SNAPSHOT.jar")))
                    .run();
        } else {
            new Benchmark().run();
        }
        // Kafka's and the embedded database's threads would otherwise keep the JVM alive a while.
        System.exit(0);
    }

    private void run() throws Exception {
        Instant began = Instant.now();
        long start = System.nanoTime();
        Machine.describe().forEach(report::condition);
        say(
                "Doorway benchmark on %s processors; load average %s",
                Runtime.getRuntime().availableProcessors(), Machine.loadAverage());

        say("Part 6: the packaged jar as its own process (%s)", jar);
        Footprint.Result footprint = new Footprint(jar).run(Duration.ofSeconds(10));
        say("  ready in %d ms; idle RSS %.0f MB", footprint.readyMs(), footprint.jvmRssMb());

        FakeTwilio twilio = FakeTwilio.shared();
        SmsArrivals sms = new SmsArrivals(twilio);
        Path work = Files.createDirectories(Path.of("target/bench"));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("doorway-bench-db-"))
                .setCleanDataDirectory(true)
                .start();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC, TOPIC + ".dead-letter");
        broker.afterPropertiesSet();
        String brokers = broker.getBrokersAsString();
        String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        EidoFeed feed = new EidoFeed(
                Path.of("examples/eido-lead-warm-handoff.json"), Long.toString(System.currentTimeMillis(), 36));
        AtomicReference<ConfigurableApplicationContext> doorway = new AtomicReference<>();
        try (Publisher publisher = new Publisher(brokers, TOPIC);
                Probe probe = new Probe(jdbcUrl)) {
            long total = warmUp + documents;
            say("Publishing %,d EIDO documents (1 in %d a LEAD referral) to %s", total, leadEvery, TOPIC);
            publisher.burst(0, total, n -> feed.document("mix", n, n % leadEvery == 0));
            published = total;
            List<String> leadIds = new ArrayList<>();
            for (long n = warmUp; n < total; n++) {
                if (n % leadEvery == 0) {
                    leadIds.add(feed.incidentId("mix", n));
                }
            }

            TransportLimit transport = new TransportLimit(brokers, TOPIC);
            transport.parsed(0, Math.min(total, 2_000), 1); // untimed: lets the JIT compile the mapper first
            TransportLimit.Pass bare = transport.bare(warmUp, documents, 5);
            say("Part 1: bare consumer %,.0f docs/s, %.1f MB/s", bare.perSecond(), bare.megabytesPerSecond());
            TransportLimit.Pass parsed = transport.parsed(warmUp, documents, 3);
            say(
                    "Part 2: consumer + EidoMapper %,.0f docs/s, %.1f MB/s",
                    parsed.perSecond(), parsed.megabytesPerSecond());

            Path sites = BenchDoorway.writeSites(escalationSites, spreadSites);
            EndToEnd.Result endToEnd = new EndToEnd(probe, sms)
                    .run(
                            warmUp,
                            documents,
                            leadIds,
                            () -> {
                                doorway.set(BenchDoorway.start(
                                        jdbcUrl,
                                        brokers,
                                        TOPIC,
                                        sites,
                                        twilio,
                                        work.resolve("doorway.log").toAbsolutePath()));
                                return null;
                            },
                            Duration.ofMinutes(4));
            say(
                    "Part 3: Doorway %,.0f docs/s committed, %,.0f docs/s to the last page (%d of %d LEAD pages at the fake)",
                    endToEnd.committedPerSecond(),
                    endToEnd.pagedPerSecond(),
                    endToEnd.leadPaged(),
                    endToEnd.leadReferrals());
            quiet(probe);
            Stats triage = TriageCost.measure(doorway.get(), feed, 2_000);
            say("Part 3: triage per LEAD referral p50 %.2f ms, p99 %.2f ms", triage.p50(), triage.p99());

            say(
                    "Part 5: %,d open handoffs, escalations due over %d s, the first %d s measured",
                    escalations, escalationSpread, escalationWindow);
            EscalationLateness.Result lateness = new EscalationLateness(probe, sms, escalationSites)
                    .run(
                            escalations,
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(escalationSpread),
                            Duration.ofSeconds(escalationWindow),
                            Duration.ofSeconds(20));
            say(
                    "  fired: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d); at the fake: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d)",
                    lateness.fired().p50(),
                    lateness.fired().p99(),
                    lateness.fired().max(),
                    lateness.fired().count(),
                    lateness.atFake().p50(),
                    lateness.atFake().p99(),
                    lateness.atFake().max(),
                    lateness.atFake().count());
            quiet(probe);

            PublishToSms publishToSms = new PublishToSms(publisher, feed, probe, sms);
            PublishToSms.Result mix =
                    publishToSms.run(MIX_RATE, MIX_RATE * MIX_SECONDS, leadEvery, Duration.ofSeconds(DRAIN_SECONDS));
            published += MIX_RATE * MIX_SECONDS;
            say(
                    "Part 4: mix at %d docs/s: %d of %d LEAD paged; p50 %.0f ms, p99 %.0f ms",
                    MIX_RATE,
                    mix.paged(),
                    mix.published(),
                    mix.latency().p50(),
                    mix.latency().p99());
            quiet(probe);
            List<PublishToSms.Result> latencies = new ArrayList<>();
            for (int i = 0; i < rates.size(); i++) {
                int rate = rates.get(i);
                int count = rate * rateSeconds.get(i);
                PublishToSms.Result result = publishToSms.run(rate, count, 1, Duration.ofSeconds(DRAIN_SECONDS));
                published += count;
                latencies.add(result);
                say(
                        "Part 4: %d/s: %d of %d paged; p50 %.0f ms, p99 %.0f ms",
                        rate,
                        result.paged(),
                        result.published(),
                        result.latency().p50(),
                        result.latency().p99());
                if (i < rates.size() - 1) {
                    quiet(probe);
                }
            }

            quiet(probe);
            int port = Integer.parseInt(doorway.get().getEnvironment().getProperty("local.server.port"));
            SpreadOverSites.Result spread = new SpreadOverSites(feed, probe, sms, port)
                    .run(spreadRate, spreadRate * spreadSeconds, spreadSites, Duration.ofSeconds(DRAIN_SECONDS));
            say(
                    "Part 4: %d/s over %d sites: %d of %d paged (%d refused); p50 %.0f ms, p99 %.0f ms",
                    spreadRate,
                    spreadSites,
                    spread.latency().paged(),
                    spread.latency().published(),
                    spread.refused(),
                    spread.latency().latency().p50(),
                    spread.latency().latency().p99());

            report.condition("load average at end (1, 5, 15 min)", Machine.loadAverage());
            report.condition("spread series: requests the HTTP door did not answer with 2xx", spread.refused());
            report.condition(
                    "documents timed in parts 1-3",
                    "%,d after %,d warm-up, %.1f KB each on average"
                            .formatted(documents, warmUp, bare.bytes() / 1024.0 / documents));
            report.condition("pages cancelled between parts (still waiting after " + QUIET_SECONDS + " s)", cancelled);
            figures(bare, parsed, endToEnd, triage, mix, latencies, spread, lateness, footprint);
        } finally {
            if (doorway.get() != null) {
                doorway.get().close();
            }
            broker.destroy();
            postgres.close();
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        report.condition("benchmark run time (without the build)", "%.1f min".formatted(minutes));
        write(began);
        say("Done in %.1f min: BENCHMARKS.md and benchmarks/results.json written", minutes);
    }

    /** Lets Doorway finish what the last part gave it (for a while) before the next part starts. */
    private void quiet(Probe probe) throws Exception {
        long n = Waits.quiet(probe, published, Duration.ofSeconds(QUIET_SECONDS));
        if (n > 0) {
            say("  %d pages still waiting after %d s were cancelled before the next part", n, QUIET_SECONDS);
        }
        cancelled += n;
    }

    private void figures(
            TransportLimit.Pass bare,
            TransportLimit.Pass parsed,
            EndToEnd.Result endToEnd,
            Stats triage,
            PublishToSms.Result mix,
            List<PublishToSms.Result> latencies,
            SpreadOverSites.Result spread,
            EscalationLateness.Result lateness,
            Footprint.Result footprint) {
        report.add("kafka_bare_docs_per_s", 1, "Bare Kafka consumer (transport limit)", bare.perSecond(), "docs/s");
        report.add(
                "kafka_bare_mb_per_s", 1, "Bare Kafka consumer (transport limit)", bare.megabytesPerSecond(), "MB/s");
        report.add(
                "kafka_parse_docs_per_s",
                2,
                "Consumer + EidoMapper to canonical referral",
                parsed.perSecond(),
                "docs/s");
        report.add(
                "kafka_parse_mb_per_s",
                2,
                "Consumer + EidoMapper to canonical referral",
                parsed.megabytesPerSecond(),
                "MB/s");
        report.add(
                "doorway_committed_docs_per_s",
                3,
                "Doorway end to end: documents committed (95 % dropped, 5 % LEAD)",
                endToEnd.committedPerSecond(),
                "docs/s",
                Report.Target.atLeast(0.5 * parsed.perSecond()));
        report.add(
                "doorway_paged_docs_per_s",
                3,
                "Doorway end to end: documents/s until the last LEAD page at the fake",
                endToEnd.pagedPerSecond(),
                "docs/s");
        report.add(
                "lead_pages_at_fake",
                3,
                "LEAD referrals among them / paged at the fake",
                endToEnd.leadPaged(),
                "of " + endToEnd.leadReferrals());
        report.add(
                "ratio_3_to_2",
                3,
                "Ratio 3/2 (committed)",
                endToEnd.committedPerSecond() / parsed.perSecond(),
                "",
                Report.Target.atLeast(0.5));
        report.add("ratio_3_to_1", 3, "Ratio 3/1 (committed)", endToEnd.committedPerSecond() / bare.perSecond(), "");
        report.add(
                "triage_per_referral_p50_ms",
                3,
                "What triage adds per LEAD referral (policy and its database lookups), p50",
                triage.p50(),
                "ms");
        report.add("triage_per_referral_p99_ms", 3, "What triage adds per LEAD referral, p99", triage.p99(), "ms");
        for (PublishToSms.Result r : latencies) {
            latency(r, "publish_to_sms_" + r.offeredPerSecond(), "LEAD only at %,d/s".formatted(r.offeredPerSecond()));
            if (r.offeredPerSecond() == spread.latency().offeredPerSecond()) {
                // Beside the one-phone figure at the same rate: the same load spread over many phones.
                latency(
                        spread.latency(),
                        "publish_to_sms_spread_" + r.offeredPerSecond(),
                        "LEAD only at %,d/s spread over %d sites' phones (HTTP door)"
                                .formatted(r.offeredPerSecond(), spread.sites()));
            }
        }
        latency(
                mix,
                "publish_to_sms_mix_" + mix.offeredPerSecond(),
                "95/5 mix at " + mix.offeredPerSecond() + " docs/s (LEAD ones)");
        report.add(
                "escalation_fired_p50_ms",
                5,
                "Escalation fired late by, p50",
                lateness.fired().p50(),
                "ms");
        report.add(
                "escalation_fired_p99_ms",
                5,
                "Escalation fired late by, p99",
                lateness.fired().p99(),
                "ms",
                Report.Target.atMost(1000));
        report.add(
                "escalation_fired_max_ms",
                5,
                "Escalation fired late by, max",
                lateness.fired().max(),
                "ms");
        report.add(
                "escalation_sms_p50_ms",
                5,
                "Next page at the fake late by, p50",
                lateness.atFake().p50(),
                "ms");
        report.add(
                "escalation_sms_p99_ms",
                5,
                "Next page at the fake late by, p99",
                lateness.atFake().p99(),
                "ms",
                Report.Target.atMost(1000));
        report.add(
                "escalation_sms_max_ms",
                5,
                "Next page at the fake late by, max",
                lateness.atFake().max(),
                "ms");
        report.add(
                "escalations_measured",
                5,
                "Escalations due in the window: fired / at the fake, with " + String.format("%,d", lateness.open())
                        + " open",
                lateness.fired().count(),
                "/ " + lateness.atFake().count() + " of " + lateness.measured());
        report.add(
                "idle_rss_mb",
                6,
                "Idle resident memory of the JVM (VmRSS)",
                footprint.jvmRssMb(),
                "MB",
                Report.Target.atMost(400));
        report.add(
                "postgres_rss_mb",
                6,
                "Embedded PostgreSQL processes beside it (RSS summed)",
                footprint.postgresRssMb(),
                "MB");
        report.add(
                "ready_s",
                6,
                "Process start to ready (first start: initdb, schema)",
                footprint.readyMs() / 1000.0,
                "s",
                Report.Target.atMost(15));
        report.add("ready_cpu_s", 6, "CPU time the JVM used until ready (user + system)", footprint.cpuToReadyS(), "s");
    }

    private void latency(PublishToSms.Result r, String id, String what) {
        Report.Target p99Target = r.offeredPerSecond() == 100 ? Report.Target.atMost(250) : null;
        report.add(id + "_paged", 4, what + ": paged / published LEAD referrals", r.paged(), "of " + r.published());
        report.add(
                id + "_p50_ms",
                4,
                what + ": publish → SMS request, p50",
                r.latency().p50(),
                "ms");
        boolean complete = r.published() - r.paged() <= r.published() / 100;
        report.add(
                id + "_p99_ms",
                4,
                what + ": publish → SMS request, p99",
                complete ? r.latency().p99() : Double.NaN,
                "ms",
                p99Target);
    }

    private void write(Instant began) throws Exception {
        String date = DateTimeFormatter.ISO_INSTANT.format(began.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        // The soak's figures are its own run's: carried over as they stand.
        String soakSection = SoakSection.keptSection();
        var soakJson = SoakSection.keptJson();
        report.writeJson(Path.of("benchmarks/results.json"), date, COMMAND);
        SoakSection.restore(soakJson);
        Files.writeString(
                Path.of("BENCHMARKS.md"),
                BenchmarksPage.render(
                                report,
                                date,
                                COMMAND,
                                began.atZone(ZoneOffset.UTC).toLocalDate().toString(),
                                this)
                        + "\n"
                        + soakSection);
    }

    /** The sizes of this run, for the page. */
    String sizes() {
        StringBuilder rateList = new StringBuilder();
        for (int i = 0; i < rates.size(); i++) {
            rateList.append(i == 0 ? "" : ", ").append("%,d/s for %d s".formatted(rates.get(i), rateSeconds.get(i)));
        }
        return """
                - parts 1-3: %,d documents timed after %,d warm-up documents, one LEAD referral in %d (the others \
                ordinary 911 call types the policy does not route), one topic partition
                - part 4: first the 95/5 mix at %d documents/s for %d s (the LEAD referrals, one in %d, measured), \
                then LEAD referrals only, %s; each run's pages waited for up to %d s after its last publish; \
                last, LEAD referrals at %d/s for %d s spread over %d sites, each with its own on-call phone
                - part 5: %,d open handoffs over %d sites, escalations due evenly over %d s from 5 s after they were \
                opened; those due in the first %d s measured
                - between parts, Doorway is given up to %d s to finish; pages still waiting then are cancelled \
                (counted under Conditions)
                """.formatted(
                        documents,
                        warmUp,
                        leadEvery,
                        MIX_RATE,
                        MIX_SECONDS,
                        leadEvery,
                        rateList,
                        DRAIN_SECONDS,
                        spreadRate,
                        spreadSeconds,
                        spreadSites,
                        escalations,
                        escalationSites,
                        escalationSpread,
                        escalationWindow,
                        QUIET_SECONDS);
    }

    static void say(String format, Object... args) {
        System.out.println("[bench] " + String.format(format, args));
    }
}
