package org.doorway.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Waiting for pages: which referrals' SMS have reached the Twilio fake. */
final class Waits {

    private Waits() {}

    /**
     * Where the pages of some referrals stand.
     *
     * @param arrivals         by incident id, the first SMS of those whose SMS has arrived
     * @param arrived          how many have arrived
     * @param lastArrivalNanos when the last of them arrived (0 if none)
     */
    record Paged(Map<String, SmsArrivals.Arrival> arrivals, int arrived, long lastArrivalNanos) {}

    /**
     * Waits until the page of every referral with one of these incident ids has reached the fake,
     * or until {@code timeout} has passed, and says how far they got.
     */
    static Paged pages(Probe probe, SmsArrivals sms, List<String> incidentIds, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String[] ids = incidentIds.toArray(String[]::new);
        while (true) {
            Map<String, SmsArrivals.Arrival> arrivals = new HashMap<>();
            long last = 0;
            for (String[] row :
                    probe.pairs("select source_id, short_ref from referral where source_id = any(?)", (Object) ids)) {
                SmsArrivals.Arrival arrival = sms.of(row[1]);
                if (arrival != null) {
                    arrivals.put(row[0], arrival);
                    last = Math.max(last, arrival.nanos());
                }
            }
            if (arrivals.size() == ids.length || System.nanoTime() >= deadline) {
                return new Paged(arrivals, arrivals.size(), last);
            }
            Thread.sleep(200);
        }
    }

    /**
     * What {@link #quiet} had to stand down.
     *
     * @param pagesCancelled       pages still waiting to be sent, cancelled
     * @param escalationsPostponed handoffs whose escalation was still due (the part's first pages not
     *                             yet made), moved a day on
     */
    record StoodDown(long pagesCancelled, long escalationsPostponed) {}

    /**
     * Waits until Doorway has consumed {@code published} documents of the bench site (up to twelve
     * times {@code timeout}) and then (up to {@code timeout}) has no page left to send and no
     * escalation due, so that the next part starts on a quiet Doorway. What is still left then is
     * stood down (the benchmark's own hygiene, not Doorway's): pages waiting are cancelled, and
     * escalations due are moved a day on, so that a part's backlog never pages in the next one.
     */
    static StoodDown quiet(Probe probe, long published, Duration timeout) throws SQLException, InterruptedException {
        // The topic's backlog first, for up to twelve times as long: documents of the last part
        // still being taken in (and paged) would be the next part's load, not its own.
        long consumed = System.nanoTime() + timeout.toNanos() * 12;
        while (System.nanoTime() < consumed && probe.handled(BenchDoorway.SITE) < published) {
            Thread.sleep(250);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.handled(BenchDoorway.SITE) >= published
                    && probe.number("select count(*) from page where state in ('PENDING', 'SENDING')") == 0
                    && probe.number("select count(*) from handoff where " + ESCALATION_DUE) == 0) {
                return new StoodDown(0, 0);
            }
            Thread.sleep(250);
        }
        long postponed = probe.number("with p as (update handoff set escalate_at = escalate_at + interval '1 day' "
                + "where " + ESCALATION_DUE + " returning 1) select count(*) from p");
        long cancelled =
                probe.number("with c as (update page set state = 'CANCELLED' where state = 'PENDING' returning 1) "
                        + "select count(*) from c");
        return new StoodDown(cancelled, postponed);
    }

    /** A handoff whose next escalation step is due now (as Doorway's escalation timer picks them). */
    private static final String ESCALATION_DUE = "state in ('PAGING', 'ACKNOWLEDGED') and escalate_at <= now()";
}
