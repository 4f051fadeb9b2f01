package org.doorway.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Part 4: latency from publish to page. Documents are published at a fixed offered rate, either LEAD
 * referrals only (every document asks for a warm handoff now) or the 95/5 mix of part 3; for each
 * LEAD referral, the time from just before the producer's send to the moment the SMS request for
 * its referral reached the Twilio fake. Referrals whose page
 * has not arrived within the drain time are counted as missing (and make p99 unknown when more than
 * 1 % are missing).
 */
final class PublishToSms {

    /**
     * @param offeredPerSecond the fixed rate documents were published at
     * @param published        how many LEAD referrals were published
     * @param paged            how many pages arrived within the drain time
     * @param latency          publish to SMS request, in ms, of those that arrived
     */
    record Result(int offeredPerSecond, int published, int paged, Stats latency) {}

    private final Publisher publisher;
    private final EidoFeed feed;
    private final Probe probe;
    private final SmsArrivals sms;

    PublishToSms(Publisher publisher, EidoFeed feed, Probe probe, SmsArrivals sms) {
        this.publisher = publisher;
        this.feed = feed;
        this.sms = sms;
        this.probe = probe;
    }

    /** Publishes {@code count} documents at {@code perSecond}, one in {@code leadEvery} a LEAD referral. */
    Result run(int perSecond, int count, int leadEvery, Duration drain) throws Exception {
        String name = "rate" + perSecond + "every" + leadEvery;
        long[] sentAt = publisher.paced(count, perSecond, n -> feed.document(name, n, n % leadEvery == 0));
        List<String> ids = new ArrayList<>();
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < count; i += leadEvery) {
            ids.add(feed.incidentId(name, i));
            sent.add(sentAt[i]);
        }
        Waits.Paged paged = Waits.pages(probe, sms, ids, drain);
        double[] latencies = new double[paged.arrived()];
        int k = 0;
        for (int i = 0; i < ids.size(); i++) {
            SmsArrivals.Arrival arrival = paged.arrivals().get(ids.get(i));
            if (arrival != null) {
                latencies[k++] = (arrival.nanos() - sent.get(i)) / 1e6;
            }
        }
        return new Result(perSecond, ids.size(), paged.arrived(), Stats.of(latencies));
    }
}
