package org.doorway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Part 8: whether intake's cost per document stays flat as a site grows. Each of the sites
 * {@code bench-rules-N} routes by N call-type rules (N - 1 made-up call types first, the measured
 * one last, {@link BenchDoorway#withRules}); each gets, in turn, 0, 1,000 and 10,000 open handoffs
 * (written straight in the database as part 5 does, state {@code PAGING}, their next step a day
 * away, so nothing fires). At each size, one client posts documents of the measured call type
 * (routed to the community door: stored, no page) to the sites' HTTP door one after another, one
 * to each site in turn; the cost is the median time from request to the {@code 202} that follows
 * the commit.
 */
final class GrowsFlat {

    /**
     * The cost at one size.
     *
     * @param rules the site's call-type rules
     * @param open  open handoffs of that site
     * @param cost  request to answer, ms (its median is the figure)
     */
    record Point(int rules, int open, Stats cost) {}

    private final EidoFeed feed;
    private final Probe probe;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private int refused;

    GrowsFlat(EidoFeed feed, Probe probe, int port) {
        this.feed = feed;
        this.probe = probe;
        this.base = "http://localhost:" + port;
    }

    /** Requests answered otherwise than 2xx (or failed). */
    int refused() {
        return refused;
    }

    /** Measures every rule count at every open count ({@code opens} ascending), {@code count} documents each. */
    List<Point> run(List<Integer> ruleCounts, List<Integer> opens, int count) throws Exception {
        List<Point> points = new ArrayList<>();
        int openNow = 0;
        for (int open : opens) {
            for (int rules : ruleCounts) {
                openHandoffs(BenchDoorway.rulesSite(rules), openNow, open - openNow);
            }
            openNow = open;
            post(ruleCounts, "flat-warm-" + open, count / 4);
            double[][] millis = post(ruleCounts, "flat-" + open, count);
            for (int r = 0; r < ruleCounts.size(); r++) {
                points.add(new Point(ruleCounts.get(r), open, Stats.of(millis[r])));
            }
        }
        return points;
    }

    /**
     * {@code count} documents to each site, in turn (one to each, then the next to each), so that
     * whatever else the machine does meanwhile weighs on every site alike; the times by site.
     */
    private double[][] post(List<Integer> ruleCounts, String name, int count) {
        double[][] millis = new double[ruleCounts.size()][count];
        for (int i = 0; i < count; i++) {
            for (int r = 0; r < ruleCounts.size(); r++) {
                millis[r][i] = post(ruleCounts.get(r), name + "-" + ruleCounts.get(r), i);
            }
        }
        return millis;
    }

    /** Posts document {@code i} of {@code name} to the site with {@code rules} rules; its time, ms. */
    private double post(int rules, String name, int i) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/intake/eido"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", BenchDoorway.rulesKey(rules))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(feed.document(name, i, HttpDoor.CALL_TYPE)))
                .build();
        long start = System.nanoTime();
        try {
            if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 != 2) {
                refused++;
            }
        } catch (Exception e) {
            refused++;
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Opens {@code add} more handoffs at the site, numbered from {@code from}, none of them due. */
    private void openHandoffs(String site, int from, int add) throws Exception {
        if (add <= 0) {
            return;
        }
        probe.execute("""
                with template as (select body from referral where site = ? limit 1),
                     made as (
                       select g, gen_random_uuid() as id, short_ref(nextval('referral_ref_seq')) as short_ref
                       from generate_series(?, ? - 1) as g),
                     referrals as (
                       insert into referral (id, short_ref, site, door, source, source_id, channel, received_at,
                                             occurred_at, body)
                       select m.id, m.short_ref, ?, 'SOCIAL_CONTACT', 'bench', 'bench-open-' || ? || '-' || m.g,
                              'bench', now(), now(), t.body
                       from made m, template t
                       returning id)
                insert into handoff (referral_id, site, state, requested_at, paged_at, next_step, escalate_at)
                select id, ?, 'PAGING', now(), now(), 1, now() + interval '1 day' from referrals""", BenchDoorway.SITE, from, from + add, site, site, site);
    }
}
