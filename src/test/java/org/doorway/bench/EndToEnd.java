package org.doorway.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Part 3: Doorway consuming the topic end to end. The topic already holds the warm-up and the
 * measured documents (95 % ordinary 911 calls that the policy does not route, 5 % LEAD referrals)
 * when Doorway starts; the clock runs from the moment Doorway has finished with the warm-up
 * documents to the moment it has finished with all of them, "finished" meaning committed: stored
 * as a referral with its decision and handoff, or counted as not routed, in one transaction (the
 * route commits the Kafka offset only after that). Read from the database every 20 ms.
 * Separately: until the last LEAD referral's page reached the Twilio fake.
 */
final class EndToEnd {

    /**
     * @param documents          how many documents were timed
     * @param committedPerSecond documents committed per second
     * @param pagedPerSecond     documents per second until the last measured LEAD page reached the fake
     * @param leadReferrals      LEAD referrals among the timed documents
     * @param leadPaged          how many of those had their SMS at the fake
     */
    record Result(long documents, double committedPerSecond, double pagedPerSecond, int leadReferrals, int leadPaged) {}

    private final Probe probe;
    private final SmsArrivals sms;

    EndToEnd(Probe probe, SmsArrivals sms) {
        this.probe = probe;
        this.sms = sms;
    }

    /** What Doorway has handled so far; 0 until its migrations have created the tables. */
    private long handled() {
        try {
            return probe.handled(BenchDoorway.SITE);
        } catch (SQLException notYet) {
            return 0;
        }
    }

    /**
     * Starts Doorway with {@code startDoorway} and times it.
     *
     * @param leadIncidents the incident ids of the LEAD documents among the measured ones
     */
    Result run(long warmUp, long measured, List<String> leadIncidents, Callable<?> startDoorway, Duration timeout)
            throws Exception {
        long[] marks = new long[2];
        Exception[] failure = new Exception[1];
        Thread watcher = new Thread(
                () -> {
                    try {
                        long deadline = System.nanoTime() + timeout.toNanos();
                        while (marks[1] == 0 && System.nanoTime() < deadline) {
                            long handled = handled();
                            long now = System.nanoTime();
                            if (marks[0] == 0 && handled >= warmUp) {
                                marks[0] = now;
                            }
                            if (handled >= warmUp + measured) {
                                marks[1] = now;
                            }
                            Thread.sleep(20);
                        }
                    } catch (InterruptedException e) {
                        failure[0] = e;
                    }
                },
                "bench-end-to-end-watch");
        watcher.start();
        startDoorway.call();
        watcher.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        if (marks[1] == 0) {
            throw new IllegalStateException("Doorway did not finish the topic within " + timeout);
        }
        long lastPage =
                Waits.pages(probe, sms, leadIncidents, Duration.ofSeconds(30)).lastArrivalNanos();
        double seconds = (marks[1] - marks[0]) / 1e9;
        int paged = Waits.pages(probe, sms, leadIncidents, Duration.ZERO).arrived();
        return new Result(
                measured,
                measured / seconds,
                measured / ((Math.max(lastPage, marks[1]) - marks[0]) / 1e9),
                leadIncidents.size(),
                paged);
    }
}
