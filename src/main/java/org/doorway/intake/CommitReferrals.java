package org.doorway.intake;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.handoff.HandoffClock;
import org.doorway.handoff.Handoffs;
import org.doorway.referral.Duplicates;
import org.doorway.referral.Referral;
import org.doorway.referral.ReferralStore;
import org.doorway.system.DoorwayProperties;
import org.doorway.triage.Decision;
import org.doorway.triage.Decisions;
import org.doorway.triage.Outcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The route step {@code commitReferrals}: stores the accepted records of a body as referrals with
 * their decisions and any warm handoff they ask for, and counts the rejected ones by type, all in
 * one transaction; then replaces the body with the {@link IntakeResult} the source is to be told.
 * When this step returns, everything is committed; a source may be acknowledged.
 *
 * <p>A record is identified by its site, source and source id ({@link ReferralStore#save}). Sent
 * again:
 * <ul>
 *   <li>the same as a version already stored, or older than the version in force by the source's
 *       own update time: nothing changes, and the source is told the existing id and decision
 *       ({@code duplicate}; an older one also {@code "change":"OUT_OF_DATE"});
 *   <li>a newer version ({@code "change":"UPDATED"}): the referral takes it and is triaged again,
 *       the decision it had kept in the history; a new decision that asks for a warm handoff starts
 *       one unless the referral already has one (a handoff is never started twice);
 *   <li>a newer version that closes or cancels the incident ({@code "change":"CLOSED"}): the
 *       referral takes it, keeps its decision, and a warm handoff still under way is closed as
 *       {@code CANCELLED}: its escalation stops, and a case manager who said they were coming is
 *       told not to go.
 * </ul>
 * A new referral that repeats one received shortly before through another door or source
 * ({@link Duplicates}) is stored, linked to it ({@code duplicateOf}), and pages nobody if the
 * earlier one already asked for a warm handoff. An incident closed when first seen pages nobody.
 */
@Component("commitReferrals")
public class CommitReferrals implements Processor {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommitReferrals.class);

    private final ReferralStore referrals;
    private final Duplicates duplicates;
    private final Decisions decisions;
    private final Handoffs handoffs;
    private final HandoffClock clock;
    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final Duration duplicateWindow;
    private final org.doorway.system.Metrics metrics;
    private final FeedHeartbeats heartbeats;

    CommitReferrals(
            ReferralStore referrals,
            Duplicates duplicates,
            Decisions decisions,
            Handoffs handoffs,
            HandoffClock clock,
            JdbcClient db,
            TransactionTemplate transaction,
            DoorwayProperties properties,
            org.doorway.system.Metrics metrics,
            FeedHeartbeats heartbeats) {
        this.metrics = metrics;
        this.heartbeats = heartbeats;
        this.referrals = referrals;
        this.duplicates = duplicates;
        this.decisions = decisions;
        this.handoffs = handoffs;
        this.clock = clock;
        this.db = db;
        this.transaction = transaction;
        this.duplicateWindow = properties.intake().duplicateWindow();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
        @SuppressWarnings("unchecked")
        List<IntakeRecord> records = exchange.getMessage().getMandatoryBody(List.class);
        exchange.getMessage().setBody(commitAll(source, List.of(records)).get(0));
    }

    /**
     * Commits the bodies a source sent together (one HTTP body; the records of one Kafka poll) in one
     * transaction: each accepted record stored as above, one by one; the rejected ones of all bodies
     * counted by type in memory, then written with one statement per count. When this returns,
     * everything is committed; a failure leaves nothing of any body stored.
     *
     * @return each body's result, in the order of {@code bodies}
     */
    public List<IntakeResult> commitAll(IntakeSource source, List<List<IntakeRecord>> bodies) {
        List<IntakeResult> results = transaction.execute(status -> {
            Map<List<String>, Long> counts =
                    new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
            // One transaction at a time per person or place: the duplicate check of each record then
            // sees a concurrent body's referral of the same person committed (locks taken in one order).
            duplicates.serialize(bodies.stream()
                    .flatMap(List::stream)
                    .filter(IntakeRecord::accepted)
                    .map(IntakeRecord::referral)
                    .toList());
            List<IntakeResult> each = new ArrayList<>();
            for (List<IntakeRecord> records : bodies) {
                each.add(commit(records, source, counts));
            }
            Date today = Date.valueOf(LocalDate.now(ZoneOffset.UTC));
            counts.forEach((key, count) -> db.sql("""
                            insert into intake_count (day, site, source, result, code, count) values (?, ?, ?, ?, ?, ?)
                            on conflict (day, site, source, result, code) do update set count = intake_count.count + excluded.count""")
                    .params(today, key.get(0), key.get(1), key.get(2), key.get(3), count)
                    .update());
            return each;
        });
        noted(source, bodies, results);
        return results;
    }

    /** The feed's heartbeat and the intake metrics, after the commit and never at its expense. */
    private void noted(IntakeSource source, List<List<IntakeRecord>> bodies, List<IntakeResult> results) {
        List<IntakeResult.Rejected> rejected =
                results.stream().flatMap(r -> r.rejected().stream()).toList();
        // The feed is alive, whatever became of its records; their rejections are its last error.
        // Noted after the commit, and never at its expense: the source is answered either way.
        try {
            if (bodies.stream().anyMatch(records -> !records.isEmpty())) {
                heartbeats.delivered(source.site(), source.channel());
            }
            if (!rejected.isEmpty()) {
                heartbeats.failed(
                        source.site(),
                        source.channel(),
                        rejected.size() + " record(s) refused, first: "
                                + rejected.get(0).reason());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Feed heartbeat of {} not noted: {}",
                    source.channel(),
                    e.getClass().getSimpleName());
        }
        long referrals = results.stream().mapToLong(r -> r.referrals().size()).sum();
        long duplicates = results.stream()
                .flatMap(r -> r.referrals().stream())
                .filter(ReferralAccepted::duplicate)
                .count();
        metrics.intake(source.site(), source.channel(), "accepted", (int) (referrals - duplicates));
        metrics.intake(source.site(), source.channel(), "duplicate", (int) duplicates);
        metrics.intake(source.site(), source.channel(), "rejected", rejected.size());
    }

    private IntakeResult commit(List<IntakeRecord> records, IntakeSource source, Map<List<String>, Long> counts) {
        List<ReferralAccepted> accepted = new ArrayList<>();
        List<IntakeResult.Rejected> rejected = new ArrayList<>();
        for (IntakeRecord record : records) {
            if (record.accepted()) {
                accepted.add(commit(record, source));
                continue;
            }
            rejected.add(
                    new IntakeResult.Rejected(record.at().index(), record.at().line(), record.rejection()));
            Referral referral = record.referral();
            List<String> key = referral == null
                    ? List.of(source.site(), source.channel(), "UNREADABLE", "")
                    : List.of(
                            referral.site(),
                            referral.source(),
                            "NOT_ROUTED",
                            referral.callType() == null || referral.callType().code() == null
                                    ? ""
                                    : referral.callType().code());
            counts.merge(key, 1L, Long::sum);
        }
        return new IntakeResult(accepted, rejected);
    }

    private ReferralAccepted commit(IntakeRecord record, IntakeSource source) {
        Referral referral = record.referral();
        ReferralStore.Saved saved = referrals.save(referral, source.channel());
        ReferralStore.Stored stored = saved.stored();
        return switch (saved.change()) {
            case NEW -> created(record, stored);
            case SAME, OUT_OF_DATE -> {
                Decision decision = decisions
                        .find(stored.id())
                        .map(Decisions.Recorded::decision)
                        .orElse(null);
                yield ReferralAccepted.of(
                        stored,
                        referral,
                        true,
                        decision,
                        stored.duplicateOf(),
                        saved.change() == ReferralStore.Change.OUT_OF_DATE ? saved : null);
            }
            case UPDATED -> updated(record, saved);
            case CLOSED -> closed(record, saved, source);
        };
    }

    private ReferralAccepted created(IntakeRecord record, ReferralStore.Stored stored) {
        Referral referral = record.referral();
        UUID repeats = duplicates.find(referral, stored.id(), duplicateWindow).orElse(null);
        if (repeats != null) {
            duplicates.link(stored.id(), repeats);
        }
        decisions.record(stored.id(), record.decision(), Instant.now());
        if (!referral.revision().closed()) {
            requestHandoffIfAsked(stored.id(), referral, record.decision(), repeats);
        }
        return ReferralAccepted.of(stored, referral, false, record.decision(), repeats, null);
    }

    /** A newer version: triaged again; a warm handoff it now asks for starts, once. */
    private ReferralAccepted updated(IntakeRecord record, ReferralStore.Saved saved) {
        ReferralStore.Stored stored = saved.stored();
        Referral referral = record.referral();
        decisions.replace(stored.id(), record.decision(), Instant.now(), "source version " + saved.version());
        if (handoffs.find(stored.id()).isEmpty() && !referral.revision().closed()) {
            requestHandoffIfAsked(stored.id(), referral, record.decision(), stored.duplicateOf());
        }
        return ReferralAccepted.of(stored, referral, false, record.decision(), stored.duplicateOf(), saved);
    }

    /** A newer version that closes the incident: a warm handoff still under way is called off. */
    private ReferralAccepted closed(IntakeRecord record, ReferralStore.Saved saved, IntakeSource source) {
        ReferralStore.Stored stored = saved.stored();
        if (handoffs.find(stored.id()).filter(h -> h.active()).isPresent()) {
            clock.close(
                    stored.id(),
                    "CANCELLED",
                    HandoffClock.Via.SYSTEM,
                    "source:" + source.channel(),
                    "the source closed the incident (version " + saved.version() + ")",
                    false);
        }
        Decision decision =
                decisions.find(stored.id()).map(Decisions.Recorded::decision).orElse(null);
        return ReferralAccepted.of(stored, record.referral(), false, decision, stored.duplicateOf(), saved);
    }

    /**
     * Opens the warm handoff a decision asks for. A repeat of a referral whose warm handoff is still
     * under way (paging, or a case manager coming) pages nobody again; one whose handoff went
     * unanswered does.
     */
    private void requestHandoffIfAsked(UUID id, Referral referral, Decision decision, UUID repeats) {
        if (decision.outcome() == Outcome.WARM_HANDOFF_NOW
                && (repeats == null
                        || handoffs.find(repeats).map(h -> !h.active()).orElse(true))) {
            Decision.OwnCaseManager own = decision.ownCaseManager();
            handoffs.request(id, referral.site(), referral.receivedAt(), own == null ? null : own.caseManagerId());
        }
    }
}
