package org.doorway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Part 4, spread over sites: LEAD referrals at a fixed offered rate, each to the next of many sites
 * in turn, so that every site's on-call phone gets its share and no phone more than the others
 * (the everyday shape of a busy hour across a state's LEAD programs, where part 4's one-phone
 * series is the rare worst case). A Kafka topic carries one site's referrals, so each referral is
 * posted to the HTTP door with its site's own intake key, in an open loop (each at its moment,
 * sent asynchronously, whether or not earlier ones were answered). Latency is from just before the
 * request is handed to the HTTP client to the moment its SMS request reached the Twilio fake.
 */
final class SpreadOverSites {

    private final EidoFeed feed;
    private final Probe probe;
    private final SmsArrivals sms;
    private final URI intake;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** @param port the port Doorway listens on */
    SpreadOverSites(EidoFeed feed, Probe probe, SmsArrivals sms, int port) {
        this.feed = feed;
        this.probe = probe;
        this.sms = sms;
        this.intake = URI.create("http://localhost:" + port + "/api/v1/intake/eido");
    }

    /**
     * Posts {@code count} LEAD referrals at {@code perSecond}, referral {@code n} to spread site
     * {@code n % sites}; waits up to {@code drain} after the last for their pages.
     *
     * @return the latencies, and how many requests Doorway refused (any answer but 2xx) under
     *     {@code refused}
     */
    Result run(int perSecond, int count, int sites, Duration drain) throws Exception {
        String name = "spread" + perSecond + "over" + sites;
        byte[][] documents = new byte[count][];
        for (int i = 0; i < count; i++) {
            documents[i] = feed.document(name, i, true); // made beforehand, so making them never delays a send
        }
        long[] sentAt = new long[count];
        AtomicInteger refused = new AtomicInteger();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000));
            }
            HttpRequest request = HttpRequest.newBuilder(intake)
                    .header("Content-Type", "application/json")
                    .header("X-Api-Key", BenchDoorway.spreadKey(i % sites))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(documents[i]))
                    .build();
            sentAt[i] = System.nanoTime();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        if (failure != null || response.statusCode() / 100 != 2) {
                            refused.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(feed.incidentId(name, i));
        }
        Waits.Paged paged = Waits.pages(probe, sms, ids, drain);
        double[] latencies = new double[paged.arrived()];
        int k = 0;
        for (int i = 0; i < ids.size(); i++) {
            SmsArrivals.Arrival arrival = paged.arrivals().get(ids.get(i));
            if (arrival != null) {
                latencies[k++] = (arrival.nanos() - sentAt[i]) / 1e6;
            }
        }
        return new Result(
                new PublishToSms.Result(perSecond, count, paged.arrived(), Stats.of(latencies)), sites, refused.get());
    }

    /**
     * @param latency the referrals posted, paged and their latencies, as part 4's other series
     * @param sites   how many sites (and on-call phones) they were spread over
     * @param refused requests Doorway did not answer with 2xx
     */
    record Result(PublishToSms.Result latency, int sites, int refused) {}
}
