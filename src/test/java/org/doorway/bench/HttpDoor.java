package org.doorway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The HTTP door under concurrent clients: how many EIDO documents a second Doorway stores through
 * {@code POST /api/v1/intake/eido} (each answered {@code 202} only once committed), beside its
 * baseline endpoint in the same app and run ({@code /api/v1/intake/eido-baseline}, present with
 * {@code doorway.bench.baseline-endpoint=true}: the same key check, a Jackson parse, the call type
 * read, nothing stored); then the latency of the real door in an open loop at half the rate it
 * stored. The documents are routed but not warm handoffs (call type {@code TRESPASS}: the demo
 * policy's community door), so the figure is intake and storing, not paging; they are spread over
 * the spread sites' intake keys.
 */
final class HttpDoor {

    /**
     * @param baselinePerSecond documents/s the baseline endpoint answered
     * @param committedPerSecond documents/s the real door stored and answered
     * @param refused           answers other than 2xx (or failures), over all three series
     * @param halfRate          the offered rate of the latency series, documents/s
     * @param latency           request to answer at that rate, ms
     */
    record Result(double baselinePerSecond, double committedPerSecond, int refused, double halfRate, Stats latency) {}

    static final String CALL_TYPE = "TRESPASS";

    private final EidoFeed feed;
    private final String base;
    private final int sites;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicInteger refused = new AtomicInteger();

    HttpDoor(EidoFeed feed, int port, int sites) {
        this.feed = feed;
        this.base = "http://localhost:" + port;
        this.sites = sites;
    }

    /**
     * Runs the three series: {@code count} documents to each door by {@code clients} concurrent
     * clients (after {@code count / 5} untimed ones to each), then the real door at half its
     * rate for {@code latencySeconds}.
     */
    Result run(int clients, int count, int latencySeconds) throws Exception {
        closed("/api/v1/intake/eido-baseline", "http-warm-b", clients, count / 5);
        double baseline = closed("/api/v1/intake/eido-baseline", "http-base", clients, count);
        closed("/api/v1/intake/eido", "http-warm-c", clients, count / 5);
        double committed = closed("/api/v1/intake/eido", "http-door", clients, count);
        double half = Math.max(1, committed / 2);
        Stats latency = open("/api/v1/intake/eido", "http-half", half, (int) Math.round(half * latencySeconds));
        return new Result(baseline, committed, refused.get(), half, latency);
    }

    /** {@code count} documents by {@code clients} threads, each posting its next as soon as answered. */
    private double closed(String path, String name, int clients, int count) throws Exception {
        byte[][] documents = documents(name, count);
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                all.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        try {
                            int status = http.send(
                                            request(path, i, documents[(int) i]),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                            if (status / 100 != 2) {
                                refused.incrementAndGet();
                            }
                        } catch (Exception e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** {@code count} documents at {@code perSecond}, each sent at its moment; request-to-answer times. */
    private Stats open(String path, String name, double perSecond, int count) {
        byte[][] documents = documents(name, count);
        double[] latencies = new double[count];
        List<CompletableFuture<?>> answers = new ArrayList<>();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000));
            }
            int k = i;
            long sent = System.nanoTime();
            answers.add(http.sendAsync(request(path, i, documents[i]), HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        latencies[k] = (System.nanoTime() - sent) / 1e6;
                        if (failure != null || response.statusCode() / 100 != 2) {
                            refused.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        return Stats.of(latencies);
    }

    private HttpRequest request(String path, long i, byte[] document) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", BenchDoorway.spreadKey((int) (i % sites)))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(document))
                .build();
    }

    private byte[][] documents(String name, int count) {
        byte[][] documents = new byte[count][];
        for (int i = 0; i < count; i++) {
            documents[i] = feed.document(name, i, CALL_TYPE);
        }
        return documents;
    }
}
