package org.doorway.bench;

import java.time.Duration;
import java.util.List;

/**
 * Part 5: how late escalations fire with many pages open. Opens {@code open} handoffs at once,
 * straight in the database and spread evenly over the escalation sites, each as Doorway leaves a
 * handoff after its first step: state {@code PAGING}, its first page sent to the site's primary
 * person and unanswered, the next step (the backup person, by SMS) due at {@code escalate_at}.
 * The due times are spread evenly over {@code spread}, starting {@code lead} after the rows are
 * committed, so escalations fall due at a steady rate with all of them open; those due in the
 * first {@code window} are measured. Only those are given their due times in {@code handoff}: the
 * rest stay parked a day on (they would fall due after the window, and would then be moved on so
 * as not to fire during the parts that follow), so that writing 100,000 rows, which takes longer
 * than the lead, does not make the first of them late before they are even committed. Each measured escalation's lateness is measured twice:
 * <ul>
 *   <li><b>fired</b>: the next step's page row's {@code created_at} (the start of the transaction
 *       in which the escalation fired and wrote that page) minus the due time;</li>
 *   <li><b>at the fake</b>: the moment that page's SMS request reached the Twilio fake minus the due
 *       time (the database's and this JVM's clocks are the same machine clock).</li>
 * </ul>
 * The due times are kept in a table of the benchmark's own ({@code bench_escalation}), since firing
 * moves {@code handoff.escalate_at} on to the following step.
 */
final class EscalationLateness {

    /**
     * @param open     handoffs opened, each with a page sent and unanswered
     * @param measured escalations due in the measured window
     * @param fired    lateness of the firing, ms
     * @param atFake   lateness of the next page at the Twilio fake, ms
     */
    record Result(int open, int measured, Stats fired, Stats atFake) {}

    private final Probe probe;
    private final SmsArrivals sms;
    private final int sites;
    private int runs;

    EscalationLateness(Probe probe, SmsArrivals sms, int sites) {
        this.probe = probe;
        this.sms = sms;
        this.sites = sites;
    }

    Result run(int open, Duration lead, Duration spread, Duration window, Duration drain) throws Exception {
        // Run again with more open: the earlier run's handoffs stay open (moved on), its rows go.
        probe.execute("""
                create table if not exists bench_escalation (referral_id uuid primary key,
                                               due_at timestamptz not null,
                                               measured boolean not null default false)""");
        probe.execute("truncate bench_escalation");
        String batch = "bench-escalation-" + (runs++) + "-";
        // One transaction: a template body from a real referral, then referrals, handoffs, their
        // first (sent) pages and the due times, all for now() + lead .. now() + lead + window.
        probe.execute(
                """
                with template as (select body from referral where site = ? limit 1),
                     made as (
                       select g, gen_random_uuid() as id, short_ref(nextval('referral_ref_seq')) as short_ref,
                              'bench-esc-' || lpad((g % ?)::text, 2, '0') as site,
                              now() + make_interval(secs => ? + ? * g / ?::double precision) as due_at
                       from generate_series(0, ? - 1) as g),
                     referrals as (
                       insert into referral (id, short_ref, site, door, source, source_id, channel, received_at,
                                             occurred_at, body)
                       select m.id, m.short_ref, m.site, 'SOCIAL_CONTACT', 'bench', ? || m.g,
                              'bench', now(), now(), t.body
                       from made m, template t
                       returning id),
                     handoffs as (
                       insert into handoff (referral_id, site, state, requested_at, paged_at, next_step, escalate_at)
                       select m.id, m.site, 'PAGING', now(), now(), 1, m.due_at + interval '1 day' from made m
                       where m.id in (select id from referrals)
                       returning referral_id),
                     pages as (
                       insert into page (referral_id, step, kind, recipient_id, to_number, reply_code, body, state,
                                         attempts, due_at, sent_at)
                       select m.id, 0, 'PAGE', 'first',
                              '+120655501' || lpad((g % ?)::text, 2, '0'), 1 + (g / ?) % 99,
                              'Doorway LEAD ' || m.short_ref || ': benchmark page', 'SENT', 1, now(), now()
                       from made m where m.id in (select referral_id from handoffs)
                       returning referral_id)
                insert into bench_escalation (referral_id, due_at)
                select m.id, m.due_at from made m where m.id in (select referral_id from pages)""",
                BenchDoorway.SITE,
                sites,
                lead.toMillis() / 1000.0,
                spread.toMillis() / 1000.0,
                open,
                open,
                batch,
                sites,
                sites);
        long committed = probe.number("select count(*) from bench_escalation");
        if (committed != open) {
            throw new IllegalStateException("opened " + committed + " handoffs, not " + open);
        }
        // Mark the measured ones, wait out the window, move the rest on, and wait until every
        // measured escalation's page has reached the fake (or the drain ends).
        // The handoffs were written parked a day on: writing 100,000 takes longer than the lead, and
        // their times are from the start of that transaction. Now that they are committed, the due
        // times are moved so that the first falls due {@code lead} from now, and the measured ones
        // (due in the window) are given their due times; the others stay parked.
        probe.execute("""
                update bench_escalation
                set due_at = due_at + (now() + make_interval(secs => ?) - (select min(due_at) from bench_escalation))""", lead.toMillis() / 1000.0);
        probe.execute("""
                update bench_escalation set measured = due_at < (select min(due_at) from bench_escalation)
                                                                + make_interval(secs => ?)""", window.toMillis() / 1000.0);
        probe.execute("""
                update handoff h set escalate_at = b.due_at
                from bench_escalation b where b.referral_id = h.referral_id and b.measured""");
        int measured = (int) probe.number("select count(*) from bench_escalation where measured");
        Thread.sleep(lead.plus(window).plusSeconds(1).toMillis());
        probe.execute("""
                update handoff set escalate_at = escalate_at + interval '1 hour'
                where next_step = 1 and state = 'PAGING'
                  and referral_id in (select referral_id from bench_escalation where not measured)""");
        long deadline = System.nanoTime() + drain.toNanos();
        List<String[]> rows;
        do {
            Thread.sleep(500);
            rows = lateness();
        } while (arrived(rows) < measured && System.nanoTime() < deadline);
        double[] fired = rows.stream()
                .filter(r -> r[1] != null)
                .mapToDouble(r -> Double.parseDouble(r[1]))
                .toArray();
        double[] atFake = rows.stream()
                .filter(r -> sms.of(r[0]) != null)
                .mapToDouble(r -> sms.of(r[0]).epochMillis() - Double.parseDouble(r[2]))
                .toArray();
        return new Result(open, measured, Stats.of(fired), Stats.of(atFake));
    }

    private int arrived(List<String[]> rows) {
        return (int) rows.stream().filter(r -> sms.of(r[0]) != null).count();
    }

    /** Per handoff: short ref, fired lateness in ms (null if not yet fired), due time in epoch ms. */
    private List<String[]> lateness() throws Exception {
        return probe.triples("""
                select r.short_ref,
                       (extract(epoch from p.created_at - b.due_at) * 1000)::text,
                       (extract(epoch from b.due_at) * 1000)::text
                from bench_escalation b join referral r on r.id = b.referral_id
                left join page p on p.referral_id = b.referral_id and p.step = 1 and p.kind = 'PAGE'
                where b.measured""");
    }
}
