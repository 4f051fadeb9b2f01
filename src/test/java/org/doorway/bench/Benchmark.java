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
 *
 * <p>Parts 7 (the HTTP door beside its baseline endpoint) and 8 (intake's cost as rules and open
 * handoffs grow) run on the same Doorway after part 4; last, part 5 runs again at
 * {@code bench.escalations-large} open. {@code bench.only} (e.g. {@code 1,2,7}) runs some parts;
 * each works without the others. With {@code bench.soak} set (an ISO-8601 duration) the soak runs
 * instead ({@link Soak}).
 *
 * <p>Why one class: it is the benchmark's script, the order in which the parts share one broker,
 * one database and one Doorway, and the one list of figure ids; each part's measuring is in a
 * class of its own.
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
    // Lower rates, spread the same way, up to the first that misses p99 ≤ 250 ms: what this machine carries.
    private final List<Integer> capacityRates = List.of(10, 20, 30, 40, 50, 60, 80);
    private final int capacitySeconds = 10;
    private final int escalationSpread = Integer.getInteger("bench.escalation-spread", 600);
    private final int escalationWindow = Integer.getInteger("bench.escalation-window", 20);
    private final Path jar = Path.of(System.getProperty("bench.jar", "target/doorway-0.1.0-SNAPSHOT.jar"));
    private final int escalationsLarge = Integer.getInteger("bench.escalations-large", 100_000);
    static final int HTTP_HALF_SECONDS = 10;
    private final int httpClients = Integer.getInteger("bench.http-clients", 12);
    private final int httpDocuments = Integer.getInteger("bench.http-documents", 2_000);
    private final List<Integer> ruleCounts = List.of(1, 100, 1000);
    private final List<Integer> openCounts = List.of(0, 1000, 10_000);
    private final int flatDocuments = Integer.getInteger("bench.flat-documents", 200);
    private final java.util.Set<Integer> only = parts(System.getProperty("bench.only", "1,2,3,4,5,6,7,8"));

    private final Report report = new Report();
    private long published;
    private long cancelled;
    private long postponed;

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
                "Doorway benchmark on %s processors; load average %s (parts %s)",
                Runtime.getRuntime().availableProcessors(), Machine.loadAverage(), only);

        Footprint.Result footprint = null;
        if (only(6)) {
            say("Part 6: the packaged jar as its own process (%s)", jar);
            footprint = new Footprint(jar).run(Duration.ofSeconds(10));
            say("  ready in %d ms; idle RSS %.0f MB", footprint.readyMs(), footprint.jvmRssMb());
        }
        if (only.stream().noneMatch(p -> p >= 1 && p <= 5 || p == 7 || p == 8)) {
            Figures f = new Figures();
            f.footprint = footprint;
            figures(f);
            finish(began, start);
            return;
        }

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
        Figures f = new Figures();
        try (Publisher publisher = new Publisher(brokers, TOPIC);
                Probe probe = new Probe(jdbcUrl)) {
            Path sites = BenchDoorway.writeSites(escalationSites, spreadSites, ruleCounts);
            java.util.concurrent.Callable<Void> startDoorway = () -> {
                doorway.set(BenchDoorway.start(
                        jdbcUrl,
                        brokers,
                        TOPIC,
                        sites,
                        twilio,
                        work.resolve("doorway.log").toAbsolutePath()));
                return null;
            };
            if (only(1) || only(2) || only(3)) {
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
                if (only(1) || only(2)) {
                    transport.jackson(0, Math.min(total, 2_000), 1); // untimed: JIT warm-up, as below
                    transport.parsed(0, Math.min(total, 2_000), 1); // untimed: lets the JIT compile the mapper first
                    f.bare = transport.bare(warmUp, documents, 5);
                    say(
                            "Part 1: bare consumer %,.0f docs/s, %.1f MB/s",
                            f.bare.perSecond(), f.bare.megabytesPerSecond());
                    f.jackson = transport.jackson(warmUp, documents, 5);
                    say(
                            "Part 1: consumer + Jackson readTree and call type %,.0f docs/s, %.1f MB/s",
                            f.jackson.perSecond(), f.jackson.megabytesPerSecond());
                }
                if (only(2) || only(3)) {
                    f.parsed = transport.parsed(warmUp, documents, 3);
                    say(
                            "Part 2: consumer + EidoMapper %,.0f docs/s, %.1f MB/s",
                            f.parsed.perSecond(), f.parsed.megabytesPerSecond());
                }
                if (only(3)) {
                    f.endToEnd = new EndToEnd(probe, sms)
                            .run(warmUp, documents, leadIds, startDoorway, Duration.ofMinutes(4));
                    say(
                            "Part 3: Doorway %,.0f docs/s committed, %,.0f docs/s to the last page (%d of %d LEAD pages at the fake)",
                            f.endToEnd.committedPerSecond(),
                            f.endToEnd.pagedPerSecond(),
                            f.endToEnd.leadPaged(),
                            f.endToEnd.leadReferrals());
                    quiet(probe);
                    f.triage = TriageCost.measure(doorway.get(), feed, 2_000);
                    say("Part 3: triage per LEAD referral p50 %.2f ms, p99 %.2f ms", f.triage.p50(), f.triage.p99());
                }
            }
            if (doorway.get() == null) {
                // Part 3 left out: Doorway starts on whatever the topic holds (nothing, or parts 1-2's),
                // and is given LEAD referrals of its own: parts 5 and 8 copy a stored referral's body.
                startDoorway.call();
                publisher.burst(published, published + leadEvery, n -> feed.document("seed", n, true));
                published += leadEvery;
                quiet(probe);
                say("Doorway started (part 3 left out), %d LEAD referrals stored", leadEvery);
            }
            EscalationLateness escalation = null;
            if (only(5)) {
                escalation = new EscalationLateness(probe, sms, escalationSites);
                f.lateness = escalation(escalation, escalations, escalations, escalationSpread);
                quiet(probe);
            }

            if (only(4)) {
                PublishToSms publishToSms = new PublishToSms(publisher, feed, probe, sms);
                f.mix = publishToSms.run(
                        MIX_RATE, MIX_RATE * MIX_SECONDS, leadEvery, Duration.ofSeconds(DRAIN_SECONDS));
                published += MIX_RATE * MIX_SECONDS;
                say(
                        "Part 4: mix at %d docs/s: %d of %d LEAD paged; p50 %.0f ms, p99 %.0f ms",
                        MIX_RATE,
                        f.mix.paged(),
                        f.mix.published(),
                        f.mix.latency().p50(),
                        f.mix.latency().p99());
                quiet(probe);
                for (int i = 0; i < rates.size(); i++) {
                    int rate = rates.get(i);
                    int count = rate * rateSeconds.get(i);
                    PublishToSms.Result result = publishToSms.run(rate, count, 1, Duration.ofSeconds(DRAIN_SECONDS));
                    published += count;
                    f.latencies.add(result);
                    say(
                            "Part 4: %d/s: %d of %d paged; p50 %.0f ms, p99 %.0f ms",
                            rate,
                            result.paged(),
                            result.published(),
                            result.latency().p50(),
                            result.latency().p99());
                    quiet(probe);
                }
            }

            int port = Integer.parseInt(doorway.get().getEnvironment().getProperty("local.server.port"));
            if (only(4)) {
                CpuUse cpu = new CpuUse();
                f.spread = new SpreadOverSites(feed, probe, sms, port)
                        .run(spreadRate, spreadRate * spreadSeconds, spreadSites, Duration.ofSeconds(DRAIN_SECONDS));
                f.spreadCpu = cpu.since().per(spreadRate * spreadSeconds);
                say(
                        "Part 4: %d/s over %d sites: %d of %d paged (%d refused); p50 %.0f ms, p99 %.0f ms",
                        spreadRate,
                        spreadSites,
                        f.spread.latency().paged(),
                        f.spread.latency().published(),
                        f.spread.refused(),
                        f.spread.latency().latency().p50(),
                        f.spread.latency().latency().p99());
                report.condition("spread series: requests the HTTP door did not answer with 2xx", f.spread.refused());
                quiet(probe);
                int refused = 0;
                for (int rate : capacityRates) {
                    SpreadOverSites.Result result = new SpreadOverSites(feed, probe, sms, port)
                            .run(rate, rate * capacitySeconds, spreadSites, Duration.ofSeconds(DRAIN_SECONDS));
                    f.capacity.add(result);
                    refused += result.refused();
                    say(
                            "Part 4: %d/s over %d sites: %d of %d paged; p50 %.0f ms, p99 %.0f ms",
                            rate,
                            spreadSites,
                            result.latency().paged(),
                            result.latency().published(),
                            result.latency().latency().p50(),
                            result.latency().latency().p99());
                    quiet(probe);
                    if (!withinTarget(result.latency())) {
                        break; // the rates above it miss too, and take minutes to drain
                    }
                }
                report.condition("capacity series: requests the HTTP door did not answer with 2xx", refused);
            }
            if (only(7)) {
                f.http = new HttpDoor(feed, port, spreadSites).run(httpClients, httpDocuments, HTTP_HALF_SECONDS);
                say(
                        "Part 7: HTTP door %,.0f docs/s stored, baseline %,.0f docs/s; at %,.0f/s p50 %.0f ms, p99 %.0f ms (%d refused)",
                        f.http.committedPerSecond(),
                        f.http.baselinePerSecond(),
                        f.http.halfRate(),
                        f.http.latency().p50(),
                        f.http.latency().p99(),
                        f.http.refused());
                report.condition("part 7: requests not answered with 2xx", f.http.refused());
                quiet(probe);
            }
            if (only(8)) {
                GrowsFlat flat = new GrowsFlat(feed, probe, port);
                f.flat = flat.run(ruleCounts, openCounts, flatDocuments);
                for (GrowsFlat.Point p : f.flat) {
                    say(
                            "Part 8: %,d rule(s), %,d open: p50 %.2f ms, p99 %.2f ms per document",
                            p.rules(), p.open(), p.cost().p50(), p.cost().p99());
                }
                report.condition("part 8: requests not answered with 2xx", flat.refused());
            }
            if (only(5) && escalationsLarge > escalations) {
                // Last, so that the other parts run with part 5's 10,000 open as before, not 100,000.
                // The same rate of escalations falling due (the spread grows with the count), more open.
                f.latenessLarge = escalation(escalation, escalationsLarge - escalations, escalationsLarge, (int)
                        ((long) escalationSpread * (escalationsLarge - escalations) / escalations));
                quiet(probe);
            }

            report.condition("load average at end (1, 5, 15 min)", Machine.loadAverage());
            if (f.bare != null) {
                report.condition(
                        "documents timed in parts 1-3",
                        "%,d after %,d warm-up, %.1f KB each on average"
                                .formatted(documents, warmUp, f.bare.bytes() / 1024.0 / documents));
            }
            report.condition("pages cancelled between parts (still waiting after " + QUIET_SECONDS + " s)", cancelled);
            report.condition(
                    "escalations postponed a day between parts (still due after " + QUIET_SECONDS + " s)", postponed);
        } finally {
            if (doorway.get() != null) {
                doorway.get().close();
            }
            broker.destroy();
            postgres.close();
        }
        f.footprint = footprint;
        figures(f);
        finish(began, start);
    }

    private EscalationLateness.Result escalation(EscalationLateness escalation, int add, int open, int spread)
            throws Exception {
        say(
                "Part 5: %,d open handoffs, escalations due over %d s, the first %d s measured",
                open, spread, escalationWindow);
        EscalationLateness.Result lateness = escalation.run(
                add,
                Duration.ofSeconds(5),
                Duration.ofSeconds(spread),
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
        return new EscalationLateness.Result(open, lateness.measured(), lateness.fired(), lateness.atFake());
    }

    private void finish(Instant began, long start) throws Exception {
        double minutes = (System.nanoTime() - start) / 60e9;
        report.condition("benchmark run time (without the build)", "%.1f min".formatted(minutes));
        write(began);
        say("Done in %.1f min: BENCHMARKS.md and benchmarks/results.json written", minutes);
    }

    private boolean only(int part) {
        return only.contains(part);
    }

    /** {@code bench.only}: the parts to run, e.g. {@code 1,2,7}; all when unset. */
    private static java.util.Set<Integer> parts(String list) {
        java.util.Set<Integer> parts = new java.util.TreeSet<>();
        for (String part : list.split("[,\\s]+")) {
            if (!part.isBlank()) {
                parts.add(Integer.parseInt(part.trim()));
            }
        }
        return parts;
    }

    /** What the parts measured; a part left out ({@code bench.only}) leaves its fields null. */
    private static final class Figures {
        TransportLimit.Pass bare;
        TransportLimit.Pass jackson;
        TransportLimit.Pass parsed;
        EndToEnd.Result endToEnd;
        Stats triage;
        PublishToSms.Result mix;
        final List<PublishToSms.Result> latencies = new ArrayList<>();
        SpreadOverSites.Result spread;
        CpuUse.Used spreadCpu;
        final List<SpreadOverSites.Result> capacity = new ArrayList<>();
        EscalationLateness.Result lateness;
        EscalationLateness.Result latenessLarge;
        Footprint.Result footprint;
        HttpDoor.Result http;
        List<GrowsFlat.Point> flat;
    }

    /** Lets Doorway finish what the last part gave it (for a while) before the next part starts. */
    private void quiet(Probe probe) throws Exception {
        Waits.StoodDown left = Waits.quiet(probe, published, Duration.ofSeconds(QUIET_SECONDS));
        if (left.pagesCancelled() > 0 || left.escalationsPostponed() > 0) {
            say(
                    "  after %d s, %d pages still waiting were cancelled and %d escalations still due postponed a day",
                    QUIET_SECONDS, left.pagesCancelled(), left.escalationsPostponed());
        }
        cancelled += left.pagesCancelled();
        postponed += left.escalationsPostponed();
    }

    private void figures(Figures f) {
        if (f.bare != null) {
            report.add(
                    "kafka_bare_docs_per_s", 1, "Bare Kafka consumer (transport limit)", f.bare.perSecond(), "docs/s");
            report.add(
                    "kafka_bare_mb_per_s",
                    1,
                    "Bare Kafka consumer (transport limit)",
                    f.bare.megabytesPerSecond(),
                    "MB/s");
        }
        double jackson = f.jackson == null ? Double.NaN : f.jackson.perSecond();
        if (f.jackson != null) {
            report.add(
                    "kafka_jackson_docs_per_s",
                    1,
                    "Consumer + Jackson readTree, call type read (the Jackson baseline)",
                    jackson,
                    "docs/s");
            report.add(
                    "kafka_jackson_mb_per_s",
                    1,
                    "Consumer + Jackson readTree, call type read (the Jackson baseline)",
                    f.jackson.megabytesPerSecond(),
                    "MB/s");
        }
        if (f.parsed != null) {
            report.add(
                    "kafka_parse_docs_per_s",
                    2,
                    "Consumer + EidoMapper to canonical referral",
                    f.parsed.perSecond(),
                    "docs/s",
                    f.jackson == null ? null : Report.Target.atLeast(0.5 * jackson));
            report.add(
                    "kafka_parse_mb_per_s",
                    2,
                    "Consumer + EidoMapper to canonical referral",
                    f.parsed.megabytesPerSecond(),
                    "MB/s");
            if (f.jackson != null) {
                report.add(
                        "ratio_2_to_jackson",
                        2,
                        "Ratio 2/Jackson baseline (mapper alone)",
                        f.parsed.perSecond() / jackson,
                        "",
                        Report.Target.atLeast(0.5));
            }
        }
        if (f.endToEnd != null) {
            EndToEnd.Result endToEnd = f.endToEnd;
            report.add(
                    "doorway_committed_docs_per_s",
                    3,
                    "Doorway end to end: documents committed (95 % dropped, 5 % LEAD)",
                    endToEnd.committedPerSecond(),
                    "docs/s",
                    f.jackson == null ? null : Report.Target.atLeast(0.5 * jackson));
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
            if (f.jackson != null) {
                report.add(
                        "ratio_3_to_jackson",
                        3,
                        "Ratio 3/Jackson baseline (committed)",
                        endToEnd.committedPerSecond() / jackson,
                        "",
                        Report.Target.atLeast(0.5));
            }
            report.add(
                    "ratio_3_to_2",
                    3,
                    "Ratio 3/2 (committed)",
                    endToEnd.committedPerSecond() / f.parsed.perSecond(),
                    "");
            if (f.bare != null) {
                report.add(
                        "ratio_3_to_1",
                        3,
                        "Ratio 3/1 (committed)",
                        endToEnd.committedPerSecond() / f.bare.perSecond(),
                        "");
            }
            report.add(
                    "triage_per_referral_p50_ms",
                    3,
                    "What triage adds per LEAD referral (policy and its database lookups), p50",
                    f.triage.p50(),
                    "ms");
            report.add(
                    "triage_per_referral_p99_ms", 3, "What triage adds per LEAD referral, p99", f.triage.p99(), "ms");
        }
        for (PublishToSms.Result r : f.latencies) {
            latency(r, "publish_to_sms_" + r.offeredPerSecond(), "LEAD only at %,d/s".formatted(r.offeredPerSecond()));
            if (f.spread != null && r.offeredPerSecond() == f.spread.latency().offeredPerSecond()) {
                // Beside the one-phone figure at the same rate: the same load spread over many phones.
                latency(
                        f.spread.latency(),
                        "publish_to_sms_spread_" + r.offeredPerSecond(),
                        "LEAD only at %,d/s spread over %d sites' phones (HTTP door)"
                                .formatted(r.offeredPerSecond(), f.spread.sites()));
            }
        }
        for (SpreadOverSites.Result r : f.capacity) {
            latency(
                    r.latency(),
                    "publish_to_sms_spread_" + r.latency().offeredPerSecond(),
                    "LEAD only at %,d/s spread over %d sites' phones (HTTP door)"
                            .formatted(r.latency().offeredPerSecond(), r.sites()));
        }
        if (!f.capacity.isEmpty()) {
            report.add(
                    "spread_within_target_per_s",
                    4,
                    "Highest rate spread over %d sites with p99 ≤ 250 ms, of %s/s (this machine's capacity)"
                            .formatted(spreadSites, capacityRates),
                    f.capacity.stream()
                            .map(SpreadOverSites.Result::latency)
                            .filter(Benchmark::withinTarget)
                            .mapToInt(PublishToSms.Result::offeredPerSecond)
                            .max()
                            .orElse(0),
                    "LEAD/s");
        }
        if (f.spreadCpu != null) {
            CpuUse.Used used = f.spreadCpu;
            report.add(
                    "spread_cpu_jvm_ms_per_referral",
                    4,
                    "CPU per LEAD referral at %d/s spread: the benchmark's JVM (Doorway, Twilio fake, clients, broker)"
                            .formatted(spreadRate),
                    used.jvmMs(),
                    "ms");
            report.add(
                    "spread_cpu_postgres_ms_per_referral",
                    4,
                    "CPU per LEAD referral at %d/s spread: PostgreSQL".formatted(spreadRate),
                    used.postgresMs(),
                    "ms");
            report.add(
                    "spread_cores_for_100_per_s",
                    4,
                    "Cores 100 LEAD referrals a second need at that CPU per referral (this machine: %d)"
                            .formatted(Runtime.getRuntime().availableProcessors()),
                    used.totalMs() * 100 / 1000,
                    "cores");
        }
        if (f.mix != null) {
            latency(
                    f.mix,
                    "publish_to_sms_mix_" + f.mix.offeredPerSecond(),
                    "95/5 mix at " + f.mix.offeredPerSecond() + " docs/s (LEAD ones)");
        }
        if (f.lateness != null) {
            escalationFigures(f.lateness, "");
        }
        if (f.latenessLarge != null) {
            escalationFigures(f.latenessLarge, "_" + f.latenessLarge.open());
        }
        if (f.footprint != null) {
            Footprint.Result footprint = f.footprint;
            report.add(
                    "idle_rss_mb",
                    6,
                    "Idle resident memory of the JVM (VmRSS)",
                    footprint.jvmRssMb(),
                    "MB",
                    Report.Target.atMost(300));
            report.add(
                    "postgres_rss_mb",
                    6,
                    "Embedded PostgreSQL processes beside it (RSS summed)",
                    footprint.postgresRssMb(),
                    "MB");
            report.add(
                    "ready_ms",
                    6,
                    "Process start to ready (first start: initdb, schema)",
                    footprint.readyMs(),
                    "ms",
                    Report.Target.atMost(10_000));
            report.add(
                    "ready_s",
                    6,
                    "Process start to ready, in seconds (the same figure, kept under its earlier id)",
                    footprint.readyMs() / 1000.0,
                    "s",
                    Report.Target.atMost(10));
            report.add(
                    "ready_cpu_s",
                    6,
                    "CPU time the JVM used until ready (user + system)",
                    footprint.cpuToReadyS(),
                    "s");
        }
        if (f.http != null) {
            HttpDoor.Result http = f.http;
            report.add(
                    "http_baseline_per_s",
                    7,
                    "HTTP baseline endpoint (key check, Jackson parse, no storing), " + httpClients + " clients",
                    http.baselinePerSecond(),
                    "docs/s");
            report.add(
                    "http_committed_per_s",
                    7,
                    "HTTP door: referrals stored and answered 202, " + httpClients + " clients",
                    http.committedPerSecond(),
                    "docs/s",
                    Report.Target.atLeast(0.3 * http.baselinePerSecond()));
            report.add(
                    "ratio_http_committed_to_baseline",
                    7,
                    "Ratio HTTP stored/baseline",
                    http.committedPerSecond() / http.baselinePerSecond(),
                    "",
                    Report.Target.atLeast(0.3));
            report.add(
                    "http_half_rate_p50_ms",
                    7,
                    "HTTP door at half the stored rate (%,.0f/s, open loop): request → 202, p50"
                            .formatted(http.halfRate()),
                    http.latency().p50(),
                    "ms");
            report.add(
                    "http_half_rate_p99_ms",
                    7,
                    "HTTP door at half the stored rate: request → 202, p99",
                    http.latency().p99(),
                    "ms",
                    Report.Target.atMost(100));
        }
        if (f.flat != null && !f.flat.isEmpty()) {
            GrowsFlat.Point smallest = f.flat.get(0);
            GrowsFlat.Point largest = smallest;
            for (GrowsFlat.Point p : f.flat) {
                report.add(
                        "intake_cost_rules_%d_open_%d_ms".formatted(p.rules(), p.open()),
                        8,
                        "Intake cost per document (HTTP door, one client, p50) at %,d rule%s, %,d open handoffs"
                                .formatted(p.rules(), p.rules() == 1 ? "" : "s", p.open()),
                        p.cost().p50(),
                        "ms");
                if ((long) p.rules() * 1_000_000 + p.open() > (long) largest.rules() * 1_000_000 + largest.open()) {
                    largest = p;
                }
            }
            report.add(
                    "intake_cost_growth",
                    8,
                    "Cost at %,d rules and %,d open / at %,d rule and %,d open"
                            .formatted(largest.rules(), largest.open(), smallest.rules(), smallest.open()),
                    largest.cost().p50() / smallest.cost().p50(),
                    "",
                    Report.Target.atMost(1.2));
        }
    }

    /** Part 5's figures; {@code suffix} empty for the default size (today's ids), else {@code _<open>}. */
    private void escalationFigures(EscalationLateness.Result lateness, String suffix) {
        String with = suffix.isEmpty() ? "" : " (%,d open)".formatted(lateness.open());
        report.add(
                "escalation_fired_p50_ms" + suffix,
                5,
                "Escalation fired late by, p50" + with,
                lateness.fired().p50(),
                "ms");
        report.add(
                "escalation_fired_p99_ms" + suffix,
                5,
                "Escalation fired late by, p99" + with,
                lateness.fired().p99(),
                "ms",
                Report.Target.atMost(1000));
        report.add(
                "escalation_fired_max_ms" + suffix,
                5,
                "Escalation fired late by, max" + with,
                lateness.fired().max(),
                "ms");
        report.add(
                "escalation_sms_p50_ms" + suffix,
                5,
                "Next page at the fake late by, p50" + with,
                lateness.atFake().p50(),
                "ms");
        report.add(
                "escalation_sms_p99_ms" + suffix,
                5,
                "Next page at the fake late by, p99" + with,
                lateness.atFake().p99(),
                "ms",
                Report.Target.atMost(1000));
        report.add(
                "escalation_sms_max_ms" + suffix,
                5,
                "Next page at the fake late by, max" + with,
                lateness.atFake().max(),
                "ms");
        report.add(
                "escalations_measured" + suffix,
                5,
                "Escalations due in the window: fired / at the fake, with " + String.format("%,d", lateness.open())
                        + " open",
                lateness.fired().count(),
                "/ " + lateness.atFake().count() + " of " + lateness.measured());
    }

    /** Whether a series paged all but 1 % of its referrals with p99 within issue 12's 250 ms. */
    private static boolean withinTarget(PublishToSms.Result r) {
        return r.published() - r.paged() <= r.published() / 100 && r.latency().p99() <= 250;
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

    int httpClients() {
        return httpClients;
    }

    int httpDocuments() {
        return httpDocuments;
    }

    int flatDocuments() {
        return flatDocuments;
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
                last, LEAD referrals at %d/s for %d s spread over %d sites, each with its own on-call phone, \
                then the same spread at %s/s for %d s each, up to the first rate whose p99 is over 250 ms
                - part 5: %,d open handoffs over %d sites, escalations due evenly over %d s from 5 s after they were \
                opened; those due in the first %d s measured; then %s
                - part 7: %d clients, %,d documents to each door (after %,d untimed), then the door at half its \
                stored rate for %d s
                - part 8: rules %s, open handoffs %s, %,d documents to each site at each size (after %,d untimed)
                - parts run: %s
                - between parts, Doorway is given up to %d s to finish; pages still waiting then are cancelled, \
                and escalations still due (a part's referrals not yet paged) are postponed a day (both counted \
                under Conditions)
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
                capacityRates,
                capacitySeconds,
                escalations,
                escalationSites,
                escalationSpread,
                escalationWindow,
                escalationsLarge > escalations
                        ? "%,d open (%,d more), due over %d s"
                                .formatted(escalationsLarge, escalationsLarge - escalations, (int)
                                        ((long) escalationSpread * (escalationsLarge - escalations) / escalations))
                        : "no larger size (bench.escalations-large)",
                httpClients,
                httpDocuments,
                httpDocuments / 5,
                HTTP_HALF_SECONDS,
                ruleCounts,
                openCounts,
                flatDocuments,
                flatDocuments / 4,
                only,
                QUIET_SECONDS);
    }

    static void say(String format, Object... args) {
        System.out.println("[bench] " + String.format(format, args));
    }
}
