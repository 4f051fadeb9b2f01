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
 * <p>A referral already stored (same source and source id) is left exactly as it was: the source
 * is told its existing id and decision. A new referral that repeats one received shortly before
 * through another door or source ({@link Duplicates}) is stored, linked to it
 * ({@code duplicateOf}), and pages nobody if the earlier one already asked for a warm handoff.
 */
@Component("commitReferrals")
class CommitReferrals implements Processor {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommitReferrals.class);

    private final ReferralStore referrals;
    private final Duplicates duplicates;
    private final Decisions decisions;
    private final Handoffs handoffs;
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
        this.db = db;
        this.transaction = transaction;
        this.duplicateWindow = properties.intake().duplicateWindow();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
        @SuppressWarnings("unchecked")
        List<IntakeRecord> records = exchange.getMessage().getMandatoryBody(List.class);
        IntakeResult result = transaction.execute(status -> commit(records, source));
        // The feed is alive, whatever became of its records; their rejections are its last error.
        // Noted after the commit, and never at its expense: the source is answered either way.
        try {
            if (!records.isEmpty()) {
                heartbeats.delivered(source.site(), source.channel());
            }
            if (!result.rejected().isEmpty()) {
                heartbeats.failed(
                        source.site(),
                        source.channel(),
                        result.rejected().size() + " record(s) refused, first: "
                                + result.rejected().get(0).reason());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Feed heartbeat of {} not noted: {}",
                    source.channel(),
                    e.getClass().getSimpleName());
        }
        long duplicates =
                result.referrals().stream().filter(ReferralAccepted::duplicate).count();
        metrics.intake(source.site(), source.channel(), "accepted", (int)
                (result.referrals().size() - duplicates));
        metrics.intake(source.site(), source.channel(), "duplicate", (int) duplicates);
        metrics.intake(
                source.site(), source.channel(), "rejected", result.rejected().size());
        exchange.getMessage().setBody(result);
    }

    private IntakeResult commit(List<IntakeRecord> records, IntakeSource source) {
        List<ReferralAccepted> accepted = new ArrayList<>();
        List<IntakeResult.Rejected> rejected = new ArrayList<>();
        Map<List<String>, Long> counts =
                new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        // One transaction at a time per person or place: the duplicate check of each record then sees
        // a concurrent body's referral of the same person committed (locks taken in one order).
        duplicates.serialize(records.stream()
                .filter(IntakeRecord::accepted)
                .map(IntakeRecord::referral)
                .toList());
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
        Date today = Date.valueOf(LocalDate.now(ZoneOffset.UTC));
        counts.forEach((key, count) -> db.sql("""
                        insert into intake_count (day, site, source, result, code, count) values (?, ?, ?, ?, ?, ?)
                        on conflict (day, site, source, result, code) do update set count = intake_count.count + excluded.count""")
                .params(today, key.get(0), key.get(1), key.get(2), key.get(3), count)
                .update());
        return new IntakeResult(accepted, rejected);
    }

    private ReferralAccepted commit(IntakeRecord record, IntakeSource source) {
        Referral referral = record.referral();
        return referrals
                .insertIfNew(referral, source.channel())
                .map(stored -> {
                    UUID repeats = duplicates
                            .find(referral, stored.id(), duplicateWindow)
                            .orElse(null);
                    if (repeats != null) {
                        duplicates.link(stored.id(), repeats);
                    }
                    decisions.record(stored.id(), record.decision(), Instant.now());
                    // A repeat of a referral whose warm handoff is still under way (paging, or a case
                    // manager coming) pages nobody again; one whose handoff went unanswered does.
                    if (record.decision().outcome() == Outcome.WARM_HANDOFF_NOW
                            && (repeats == null
                                    || handoffs.find(repeats)
                                            .map(h -> !h.active())
                                            .orElse(true))) {
                        Decision.OwnCaseManager own = record.decision().ownCaseManager();
                        handoffs.request(
                                stored.id(),
                                referral.site(),
                                referral.receivedAt(),
                                own == null ? null : own.caseManagerId());
                    }
                    return ReferralAccepted.of(stored, referral, false, record.decision(), repeats);
                })
                .orElseGet(() -> {
                    ReferralStore.Stored existing = referrals
                            .findBySource(referral.source(), referral.sourceId())
                            .orElseThrow(() -> new IllegalStateException("referral vanished during intake"));
                    Decision decision = decisions
                            .find(existing.id())
                            .map(Decisions.Recorded::decision)
                            .orElse(null);
                    return ReferralAccepted.of(existing, referral, true, decision, existing.duplicateOf());
                });
    }
}
