package org.doorway.bench;

/**
 * {@code BENCHMARKS.md}: the figures of the latest run with their targets, the conditions they
 * were measured in, and what each figure means. Written whole by every run, so it always describes
 * the figures above it.
 */
final class BenchmarksPage {

    private BenchmarksPage() {}

    static String render(Report report, String date, String command, String day, Benchmark benchmark) {
        return """
                # Benchmarks

                How fast Doorway is on one machine, next to the limit of that machine: a bare Kafka consumer
                (the transport limit), the same consumer parsing each EIDO document with Jackson and reading its call
                type (the least work any EIDO intake can do: the Jackson baseline) or with Doorway's own mapper, and
                Doorway itself end to end, from the topic to an SMS request at a local Twilio fake. Then latency from
                publish to page at fixed rates (to one phone, and spread over 100 sites' phones), how late
                escalations fire with 10,000 and 100,000 pages open, idle memory and time to ready, the HTTP door
                beside a baseline endpoint, and whether intake's cost stays flat as a site's rules and open handoffs
                grow. This page and
                [`benchmarks/results.json`](benchmarks/results.json) are written by the benchmark itself; the
                figures below are the latest run's.

                ```sh
                %s    # 3 to 5 minutes here, build included
                ```

                The command builds the jar (part 6 runs it), then runs `org.doorway.bench.Benchmark` from the test
                classes (`src/test/java/org/doorway/bench`). It is not part of the test suite: `./mvnw -B verify`
                without `-Pbench` does not run it. Sizes can be made smaller to try it quickly, e.g.
                `-Dbench.documents=2000 -Dbench.escalations=1000 -Dbench.escalations-large=0`, and parts can be
                left out, e.g. `-Dbench.only=1,2,7` (each part runs without the others; Doorway is started even
                when part 3 is left out); the figures here are from the defaults. The soak (an hour at 10 referrals
                a second, `-Dbench.soak=PT1H`) is a separate run with its own section at the end of this page.

                ## Figures of %s

                %s
                Conditions:

                %s%s
                Parts 1-5 share the machine with the Kafka broker, PostgreSQL and the Twilio fake, as they would on a
                single small server; other work running on the machine at the same time (see the load average) makes
                every figure lower or later than on a quiet one, the ratios less so.

                ## What each figure measures

                1. **Bare Kafka consumer, and the Jackson baseline.** One `KafkaConsumer` assigned the topic's
                   partition reads the documents from the start; the clock runs over the measured documents, after the
                   warm-up ones. Nothing is done with them: the rate at which this machine's Kafka can hand one
                   consumer these documents. The Jackson baseline is the same consumer over the same topic, documents
                   and run, parsing each document with a stock `ObjectMapper.readTree` and reading its call type
                   (`incidentComponent.incidentTypeInternalCode`): the least work any EIDO intake can do. Parts 2 and
                   3 are reported as ratios to it (targets ≥ 0.5 each).
                2. **Consumer + EidoMapper.** The same, and each document is parsed into Doorway's canonical
                   referral by `org.doorway.intake.eido.EidoMapper`, exactly as the HTTP and Kafka doors call it.
                3. **Doorway end to end.** Doorway (in the benchmark's JVM, on an embedded PostgreSQL 17) is started
                   with the topic already full and consumes it through its real route: read, map, triage by the
                   site's policy, then one transaction storing referral, decision and handoff (or counting the
                   record as not routed), then the offset commit. The bench site uses the demo site's own policy:
                   1 document in 20 is a LEAD referral (call type `LEAD`, warm handoff now: a page to the on-call
                   case manager through the real Twilio SDK to the fake); the others are ordinary 911 call types the
                   policy does not route, which triage drops, as it drops most of a city's CAD feed (counted in
                   `intake_count`, never stored). "Committed" is read from the database every 20 ms: referrals
                   stored plus records counted; the clock runs from the moment the warm-up documents are committed
                   (so start-up and joining the consumer group are left out) to the last. The target is committed
                   throughput ≥ 0.5 × the Jackson baseline (part 1); the ratios to parts 1 and 2 are kept beside it.
                4. **Publish → SMS request.** Documents are published at a fixed offered rate in an open loop (each
                   at its moment, whether or not Doorway keeps up), in three series: the 95/5 mix of part 3 at 100
                   documents/s (a busy CAD feed; its LEAD referrals, 5 a second, are measured); LEAD referrals
                   only at 10, 100 and 1,000 a second, every one paging the same on-call phone (the rare worst
                   case); and LEAD referrals at 100 a second spread over 100 sites, referral *n* to site *n* mod 100,
                   each site with its own on-call phone (a busy hour across many programs: every phone gets one a
                   second). A Kafka topic carries one site's referrals, so the spread series posts each referral to
                   the HTTP door (`POST /api/v1/intake/eido`) with its site's own intake key, asynchronously, each
                   at its moment; the others publish to the topic. Latency is from just before the producer's `send`
                   (or the HTTP request) to the moment the SMS request for that referral reached the Twilio fake, both
                   read from this JVM's monotonic clock. The target (p99 ≤ 250 ms at 100/s) is shown on every 100/s
                   row; the spread row stands beside the one-phone row at the same rate. The 1,000/s row is a
                   one-second burst: it shows the queue a burst builds, not steady-state latency. A p99 is given only
                   when at least 99 %% of the pages arrived in the drain time (see Sizes).
                5. **Escalation lateness.** 10,000 handoffs are opened at once, straight in the database, each as
                   Doorway leaves one after its first step: paging, its first page sent and unanswered, the next step
                   (the backup person, by SMS) due at `handoff.escalate_at`. Their due times are spread evenly over
                   10 minutes, so escalations keep falling due (about 17 a second) with all 10,000 open; those due in
                   the first seconds (see Sizes) are measured (only they are given their due times once all rows are
                   committed; the rest stay parked, as they would fall due after the window). *Fired* is the next step's
                   `page.created_at` (the start of the transaction in which the escalation fired and wrote that page)
                   minus the due time; *at the fake* is when that page's SMS request reached the Twilio fake minus the
                   due time. The handoffs are spread over 20 sites with one backup person each, so that pages to one
                   phone (sent one at a time, see below) do not queue behind each other. Last of the whole run
                   (so that parts 4, 7 and 8 run beside 10,000 open, as before), the same again with 100,000 open (`bench.escalations-large`; the earlier 10,000 stay open and 90,000 more are
                   opened), the added ones' due times spread over nine times as long, so that escalations fall due
                   at the same rate as with 10,000 and only the number open differs (the rows whose ids end in
                   `_100000`).
                6. **Idle memory and time to ready.** `java -jar target/doorway-0.1.0-SNAPSHOT.jar` as the README
                   runs it (no JVM options; embedded PostgreSQL, no Kafka, local SMS outbox) in a fresh folder.
                   Ready: process start to the first `200` from `/actuator/health/readiness` on a first start
                   (initdb and schema included). Memory: the JVM's `VmRSS` from `/proc/<pid>/status` after 10 s
                   ready and idle; the embedded PostgreSQL's own processes are listed beside it. Measured first,
                   before anything else of the benchmark runs. Targets (issue 16): RSS ≤ 300 MB, ready ≤ 10 s
                   (`ready_ms`; `ready_s` is the same figure under its earlier id).
                7. **HTTP door.** %d clients (threads, each posting its next document as soon as the last was
                   answered) post EIDO documents of call type `TRESPASS` (routed to the demo policy's community
                   door: stored, no page) with the spread sites' intake keys, first to the baseline endpoint
                   `/api/v1/intake/eido-baseline` (present only with `doorway.bench.baseline-endpoint=true`, which
                   the benchmark sets: the same key check as the door, a Jackson parse, the call type read, nothing
                   stored, `202`), then to the real door `/api/v1/intake/eido` (`202` only once committed), %d
                   documents each after a fifth as many untimed. Target: stored ≥ 0.3 × the baseline. Then the real
                   door in an open loop at half the rate it stored, for 10 s: request to answer, p99 < 100 ms.
                8. **Grows flat.** Sites `bench-rules-1`, `-100`, `-1000` route by that many call-type rules
                   (made-up call types first, `TRESPASS` last, so every measured document is matched by the last
                   rule); each is given 0, then 1,000, then 10,000 open handoffs (written in the database as part 5
                   does, nothing due for a day). At each size one client posts %d documents to the site's HTTP door
                   one after another (after a quarter as many untimed); the cost is the median request-to-`202` time.
                   Target: at 1,000 rules and 10,000 open within 1.2 × the cost at 1 rule and 0 open.

                ## Settings that differ from the defaults, and why

                - `doorway.paging.per-phone-gap=1ms` (default 2 s) and `doorway.paging.max-per-second=10000`
                  (default 20). Every page of a site goes to its one on-call phone, and Doorway keeps two SMS to one
                  phone 2 s apart (carriers filter bursts) and sends at most 20 a second per instance (a Twilio
                  number's own rate). With the defaults, parts 3 and 4 would measure those two deliberate limits,
                  not Doorway: 250 LEAD referrals would take 500 s to page. Doorway still sends one page per phone
                  at a time (a page is not claimed while another to the same phone is being sent).
                - `doorway.paging.pace.texts-per-phone=1000000` (default 6 a minute) and
                  `doorway.paging.pace.sender-limit=10000` (default 20 a second, over all instances): the pace
                  windows that hold the same two limits over time, lifted for the same reason. Their rules are
                  still applied to every claim (the queries run as they would), they just never hold a page here.
                - Doorway logs as in production (INFO), to `target/bench/doorway.log` rather than the console.
                - The demo site is switched off; the bench sites are written to a temporary folder.

                ## What limits the figures (in the code measured on %s)

                Found with thread samples of Doorway taken while developing this benchmark (parts 3 and 4); the
                fixes are proposals, not made: the benchmark measures the code as it is.

                - **Pages to one phone go out one at a time.** `Pages.claimDue` claims, for each phone, the oldest
                  page its pace windows allow and none while a page to it is being sent; a phone whose window is
                  full is skipped, so a backlog to one phone holds up no other (claims are made by phone in SQL,
                  `distinct on (to_number)`). A burst to one site's phone therefore waits in that phone's line: the
                  one-phone rows measure that line, the spread row the same load over many lines. While pages are
                  held, the engine sleeps until the earliest moment one becomes claimable (its phone's window or
                  gap opening; a sender finishing wakes it), never a busy loop. (The measurements behind the earlier
                  notes here, a spinning engine and one phone's backlog blocking the others, were of the code
                  before this.)
                - **Kafka intake commits each record on its own.** For a dropped 911 call, the largest shares of the
                  consumer thread's time are the synchronous offset commit (about a third of samples) and the one-record
                  transaction counting it (about a sixth), not reading or mapping it. Proposed fix: Camel's Kafka
                  batching (`batching=true`), one transaction per poll, then one commit of the batch's last offset:
                  still committed only after everything before it is stored.
                - **Each stored referral is compared with up to 500 recent ones by parsing their JSON bodies**
                  (`Duplicates.find`), and triage runs three counting queries per routed referral. Cheap for a
                  dropped call (never stored), noticeable for LEAD referrals. Proposed fix: store the person and
                  place match keys in indexed columns and compare in SQL.
                - **The machine.** Two cores shared by the broker, PostgreSQL, the fake and Doorway, and, during
                  this run, other work (load average under Conditions): start-up and throughput scale with the CPU
                  Doorway gets; the CPU time to ready is the figure that does not depend on it. On this shared
                  machine repeated runs differ widely, most where pages queue for one phone (part 4, and part 5 at
                  the fake): the less CPU there is to spare, the longer each send takes and the more pages wait
                  behind one another.

                ## Sizes of this run

                %s""".formatted(
                        command,
                        day,
                        report.table(),
                        report.conditionList(),
                        "",
                        benchmark.httpClients(),
                        benchmark.httpDocuments(),
                        benchmark.flatDocuments(),
                        day,
                        benchmark.sizes());
    }
}
