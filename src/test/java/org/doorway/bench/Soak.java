package org.doorway.bench;

import com.github.tomakehurst.wiremock.http.Request;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.TestSecrets;
import org.doorway.testing.TwilioPhone;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The soak: the packaged jar as its own process (as part 6 runs it, on its own embedded
 * PostgreSQL), given a Kafka broker and the Twilio fake in this JVM, fed 10 referrals a second for
 * a long while (default an hour): every other one published to the Kafka topic, the others posted
 * to the HTTP door; 1 in 20 asks for a warm handoff (call type {@code LEAD}) and is paged. A
 * stand-in phone answers every page as a case manager would, through Twilio's signed SMS webhook:
 * take it ({@code a}), en route ({@code r}), on scene ({@code s}), handed off ({@code h}), two
 * seconds apart, so handoffs close and nothing piles up that a real program would not leave open.
 *
 * <p>Measured: errors (any answer but 2xx from either door or the webhook, any exception or
 * failed Kafka send; goal 0), what Doorway handled against what was sent (documents stored or
 * counted as not routed; LEAD referrals stored, paged, taken, handed off), and the JVM's resident
 * memory ({@code VmRSS}) and heap used (Doorway's own {@code /actuator/prometheus}), sampled every
 * 10 s, over the first and the last window of the run (5 minutes, or a third of a shorter run):
 * flat is the goal. Its section of {@code BENCHMARKS.md} and its {@code soak} entry of
 * {@code benchmarks/results.json} are rewritten; the rest of both is kept.
 */
final class Soak {

    static final String COMMAND = "./mvnw -B -Pbench -DskipTests verify -Dbench.soak=PT1H";
    private static final String TOPIC = "soak.eido";
    private static final int RATE = 10;
    private static final int LEAD_EVERY = 20;
    private static final int HTTP_SITES = 10;
    private static final Pattern PAGE =
            Pattern.compile("^Doorway LEAD ([A-Z0-9]{6}): URGENT.* Reply (\\d+)a to take it", Pattern.DOTALL);
    private static final Pattern HEAP =
            Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\}\\s+(\\S+)");

    private final Duration duration;
    private final Duration window;
    private final Path jar;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong leadSent = new AtomicLong();
    private final AtomicLong httpSent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong handedOff = new AtomicLong();
    private final Set<String> paged = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> errorKinds = new ConcurrentHashMap<>();
    private final List<double[]> samples = new ArrayList<>(); // {seconds since start, RSS MB, heap MB}

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Soak(Duration duration, Path jar) {
        this.duration = duration;
        Duration third = duration.dividedBy(3);
        this.window = third.compareTo(Duration.ofMinutes(5)) < 0 ? third : Duration.ofMinutes(5);
        this.jar = jar.toAbsolutePath();
    }

    /** {@code bench.soak}: an ISO-8601 duration, or {@code true} (set without a value) for an hour. */
    static Duration parse(String value) {
        return value.isBlank() || value.equalsIgnoreCase("true") ? Duration.ofHours(1) : Duration.parse(value);
    }

    void run() throws Exception {
        Instant began = Instant.now();
        Report report = new Report();
        Machine.describe().forEach(report::condition);
        Benchmark.say("Soak: %s at %d referrals/s, HTTP and Kafka mixed, 1 in %d LEAD", duration, RATE, LEAD_EVERY);
        FakeTwilio twilio = FakeTwilio.shared();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC, TOPIC + ".dead-letter");
        broker.afterPropertiesSet();
        Path work = Files.createTempDirectory("doorway-soak-");
        Path sites = BenchDoorway.writeSites(0, HTTP_SITES);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String base = "http://localhost:" + port;
        String metricsToken = TestSecrets.random();
        TwilioPhone phone = new TwilioPhone(base, base, FakeTwilio.AUTH_TOKEN);
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ScheduledExecutorService hands = Executors.newSingleThreadScheduledExecutor();
        twilio.server().addMockServiceRequestListener((request, response) -> onSms(request, phone, hands));
        EidoFeed feed = new EidoFeed(
                Path.of("examples/eido-lead-warm-handoff.json"),
                "soak" + Long.toString(System.currentTimeMillis(), 36));
        Process doorway = start(work, port, broker.getBrokersAsString(), sites, twilio, metricsToken);
        long startedAt = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.getBrokersAsString())) {
            awaitReady(doorway, base, startedAt);
            Benchmark.say(
                    "  Doorway ready in %d ms (pid %d); sending",
                    (System.nanoTime() - startedAt) / 1_000_000, doorway.pid());
            long loadStart = System.nanoTime();
            clock.scheduleAtFixedRate(
                    () -> send(feed, producer, base, sent.getAndIncrement()), 0, 1000 / RATE, TimeUnit.MILLISECONDS);
            clock.scheduleAtFixedRate(
                    () -> sample(doorway.pid(), base, metricsToken, loadStart), 10, 10, TimeUnit.SECONDS);
            long end = loadStart + duration.toNanos();
            long nextSay = loadStart + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < end && doorway.isAlive()) {
                Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                if (System.nanoTime() >= nextSay) {
                    nextSay += TimeUnit.MINUTES.toNanos(1);
                    Benchmark.say(
                            "  %s: %,d sent, %d paged, %d handed off, %d errors",
                            Duration.ofNanos(System.nanoTime() - loadStart).toMinutes() + " min",
                            sent.get(),
                            paged.size(),
                            handedOff.get(),
                            errors.get());
                }
            }
            clock.shutdown();
            clock.awaitTermination(30, TimeUnit.SECONDS);
            if (!doorway.isAlive()) {
                error("Doorway's process ended during the soak");
            }
            producer.flush();
            Benchmark.say("  %,d sent; waiting up to 60 s for the last to be handled and answered", sent.get());
            Counts counts = drain(work);
            hands.shutdown();
            hands.awaitTermination(30, TimeUnit.SECONDS);
            figures(report, counts);
        } finally {
            clock.shutdownNow();
            hands.shutdownNow();
            Footprint.stop(doorway);
            broker.destroy();
            Footprint.delete(work);
        }
        report.condition("soak duration (load)", duration.toString());
        report.condition(
                "memory windows",
                "the first and the last " + window.toSeconds() + " s of the load, sampled every 10 s");
        report.condition("errors by kind", errorKinds.isEmpty() ? "none" : errorKinds.toString());
        report.condition("load average at end (1, 5, 15 min)", Machine.loadAverage());
        SoakSection.write(report, began, duration, window);
        Benchmark.say("Soak done: its section of BENCHMARKS.md and benchmarks/results.json written");
    }

    /** Referral {@code n}: odd ones by HTTP (to one of the sites with keys), even ones by Kafka. */
    private void send(EidoFeed feed, KafkaProducer<byte[], byte[]> producer, String base, long n) {
        try {
            // One in 20 of each door's referrals is a LEAD one: n = 0 (Kafka) and 21 (HTTP) of every 40.
            boolean lead = n % (2 * LEAD_EVERY) == 0 || n % (2 * LEAD_EVERY) == LEAD_EVERY + 1;
            if (lead) {
                leadSent.incrementAndGet();
            }
            byte[] document = feed.document("soak", n, lead);
            if (n % 2 == 0) {
                producer.send(new ProducerRecord<>(TOPIC, document), (metadata, failure) -> {
                    if (failure != null) {
                        error("Kafka send failed: " + failure.getClass().getSimpleName());
                    }
                });
                return;
            }
            httpSent.incrementAndGet();
            int site = (int) ((n / 2) % HTTP_SITES);
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/intake/eido"))
                    .header("Content-Type", "application/json")
                    .header("X-Api-Key", BenchDoorway.spreadKey(site))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(document))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null) {
                    error("HTTP door: " + failure.getClass().getSimpleName());
                } else if (response.statusCode() / 100 != 2) {
                    error("HTTP door answered " + response.statusCode());
                }
            });
        } catch (RuntimeException e) {
            error("sending: " + e.getClass().getSimpleName());
        }
    }

    /** The stand-in phone: every page's recipient answers it, step by step, 2 s apart. */
    private void onSms(Request request, TwilioPhone phone, ScheduledExecutorService hands) {
        if (!request.getUrl().endsWith("/Messages.json")) {
            return;
        }
        String to = formField(request.getBodyAsString(), "To");
        String body = formField(request.getBodyAsString(), "Body");
        Matcher page = body == null ? null : PAGE.matcher(body);
        if (to == null || page == null || !page.find() || !paged.add(page.group(1))) {
            return; // not a first page (a reminder, a notice): the phone has already answered
        }
        String code = page.group(2);
        String[] steps = {"a", "r", "s", "h"};
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            hands.schedule(() -> answer(phone, to, code + step), 2L * (i + 1), TimeUnit.SECONDS);
        }
    }

    private void answer(TwilioPhone phone, String from, String reply) {
        try {
            TwilioPhone.Answer answer = phone.reply(from, reply);
            replies.incrementAndGet();
            if (answer.status() / 100 != 2) {
                error("SMS webhook answered " + answer.status());
            } else if (answer.body().contains("acknowledged, you have")) {
                taken.incrementAndGet();
            } else if (answer.body().contains("handed off. Thank you")) {
                handedOff.incrementAndGet();
            }
        } catch (RuntimeException e) {
            error("SMS webhook: " + e.getClass().getSimpleName());
        }
    }

    private void error(String kind) {
        errors.incrementAndGet();
        errorKinds.merge(kind, 1L, Long::sum);
    }

    /** One memory sample: the process's VmRSS and Doorway's heap used, with the time into the load. */
    private void sample(long pid, String base, String token, long loadStart) {
        double heap = Double.NaN;
        try {
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (metrics.statusCode() == 200) {
                heap = 0;
                Matcher m = HEAP.matcher(metrics.body());
                while (m.find()) {
                    heap += Double.parseDouble(m.group(1));
                }
                heap /= 1024 * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // counted as a missing sample (NaN), not an error of Doorway's answers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double[] sample = {(System.nanoTime() - loadStart) / 1e9, Footprint.rssMb(pid), heap};
        synchronized (samples) {
            samples.add(sample);
        }
    }

    /** What Doorway's database holds for the soak's sites. */
    record Counts(long handled, long leadStored) {}

    /** Waits (up to 60 s) until everything sent is handled and every page answered, then counts. */
    private Counts drain(Path work) throws Exception {
        int pgPort = Integer.parseInt(Files.readAllLines(work.resolve("data/postgres/postmaster.pid"))
                .get(3)
                .trim());
        try (Probe probe = new Probe("jdbc:postgresql://localhost:" + pgPort + "/postgres")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Counts counts;
            do {
                Thread.sleep(1000);
                counts = count(probe);
            } while (System.nanoTime() < deadline
                    && (counts.handled() < sent.get()
                            || handedOff.get() < paged.size()
                            || paged.size() < leadSent.get()));
            Thread.sleep(1000);
            return count(probe);
        }
    }

    private static Counts count(Probe probe) throws Exception {
        return new Counts(probe.number("""
                        select (select count(*) from referral where site like 'bench%')
                             + (select coalesce(sum(count), 0) from intake_count where site like 'bench%')"""), probe.number("select count(*) from referral where site like 'bench%'"));
    }

    private void figures(Report report, Counts counts) {
        report.add(
                "soak_errors",
                9,
                "Errors: answers other than 2xx, exceptions, failed sends",
                errors.get(),
                "",
                Report.Target.atMost(0));
        report.add(
                "soak_sent",
                9,
                "Referrals sent (HTTP " + httpSent.get() + ", Kafka " + (sent.get() - httpSent.get()) + ")",
                sent.get(),
                "");
        report.add(
                "soak_handled",
                9,
                "Documents stored or counted as not routed, of " + sent.get() + " sent",
                counts.handled(),
                "",
                Report.Target.atLeast(sent.get()));
        report.add(
                "soak_lead_stored",
                9,
                "LEAD referrals stored, of " + leadSent.get() + " sent",
                counts.leadStored(),
                "",
                Report.Target.atLeast(leadSent.get()));
        report.add(
                "soak_lead_paged",
                9,
                "LEAD referrals paged (first page at the fake), of " + leadSent.get() + " sent",
                paged.size(),
                "",
                Report.Target.atLeast(leadSent.get()));
        report.add(
                "soak_lead_taken",
                9,
                "Pages taken by the stand-in phone (answer: acknowledged)",
                taken.get(),
                "of " + paged.size());
        report.add(
                "soak_lead_handed_off",
                9,
                "Handoffs closed as handed off by the stand-in phone",
                handedOff.get(),
                "of " + paged.size());
        List<double[]> all;
        synchronized (samples) {
            all = new ArrayList<>(samples);
        }
        double w = window.toSeconds();
        double last = all.isEmpty() ? 0 : all.get(all.size() - 1)[0];
        double[] first = mean(all, 0, w);
        double[] end = mean(all, last - w, last + 1);
        report.add("soak_rss_first_mb", 9, "JVM resident memory (VmRSS), mean over the first window", first[0], "MB");
        report.add("soak_rss_last_mb", 9, "JVM resident memory (VmRSS), mean over the last window", end[0], "MB");
        report.add("soak_rss_growth", 9, "RSS last / first window", end[0] / first[0], "", Report.Target.atMost(1.1));
        report.add("soak_heap_first_mb", 9, "JVM heap used, mean over the first window", first[1], "MB");
        report.add("soak_heap_last_mb", 9, "JVM heap used, mean over the last window", end[1], "MB");
        report.add(
                "soak_heap_growth",
                9,
                "Heap used last / first window",
                end[1] / first[1],
                "",
                Report.Target.atMost(1.1));
    }

    /** Mean RSS and heap of the samples taken from {@code from} (inclusive) to {@code to} s. */
    private static double[] mean(List<double[]> all, double from, double to) {
        double rss = 0;
        double heap = 0;
        int n = 0;
        int h = 0;
        for (double[] s : all) {
            if (s[0] >= from && s[0] < to) {
                rss += s[1];
                n++;
                if (!Double.isNaN(s[2])) {
                    heap += s[2];
                    h++;
                }
            }
        }
        return new double[] {n == 0 ? Double.NaN : rss / n, h == 0 ? Double.NaN : heap / h};
    }

    private Process start(Path work, int port, String brokers, Path sites, FakeTwilio twilio, String metricsToken)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--doorway.data-dir=" + work.resolve("data"),
                "--doorway.admin-password=bench-only-password",
                // Explicitly development: the jar's own embedded PostgreSQL, as part 6 runs it (a Twilio
                // account would otherwise imply production, which wants an external database).
                "--doorway.mode=development",
                "--doorway.public-base-url=http://localhost:" + port,
                "--doorway.sites-dir=" + sites,
                "--doorway.demo.enabled=false",
                "--doorway.metrics-token=" + metricsToken,
                "--camel.component.kafka.brokers=" + brokers,
                "--doorway.intake.kafka.eido-topic=" + TOPIC,
                "--doorway.intake.kafka.dead-letter-topic=" + TOPIC + ".dead-letter",
                "--doorway.intake.kafka.eido-site=" + BenchDoorway.SITE,
                "--doorway.intake.kafka.group-id=doorway-soak"));
        // As in parts 3-5: the Kafka site's pages all go to one phone (see BENCHMARKS.md).
        command.addAll(BenchDoorway.fakeTwilioAndLiftedLimits(twilio));
        return new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(Files.createDirectories(Path.of("target/bench"))
                        .resolve("soak-doorway.log")
                        .toFile()))
                .start();
    }

    private void awaitReady(Process process, String base, long startedAt) throws Exception {
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() - startedAt < TimeUnit.SECONDS.toNanos(120) && process.isAlive()) {
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "Doorway did not become ready within 120 s (see target/bench/soak-doorway.log)");
    }

    private static KafkaProducer<byte[], byte[]> producer(String brokers) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && name.equals(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8))) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
