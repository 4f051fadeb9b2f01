package org.doorway.retention;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.doorway.audit.AuditRetention;
import org.doorway.dev.OutboxRetention;
import org.doorway.handoff.HandoffNotes;
import org.doorway.intake.IntakeDeadLetters;
import org.doorway.paging.PageRetention;
import org.doorway.referral.ReferralStore;
import org.doorway.system.Background;
import org.doorway.triage.StaffWords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduled purge. Each pass, by Doorway's clock ({@code doorway_now()}) and each site's
 * periods ({@link RetentionPeriods}):
 * <ol>
 *   <li><b>de-identifies</b> referrals past their period whose business is over (no handoff still
 *       open, no OWG review pending, no field follow-up open): {@link ReferralStore#deidentify}
 *       drops their personal content and keeps what the dashboard counts; their page and notice
 *       texts and one-tap links go too, and so do staff's own words about them (handoff notes and
 *       clock-correction reasons, {@link HandoffNotes}; OWG reasons, deadline-extension reasons and
 *       follow-up withdrawal reasons, {@link StaffWords}): the rows stay, only the words are blanked. A referral of an enrolled participant is kept while the
 *       participant is active, and for the {@code participants} period after they became inactive;
 *       one triage matched to an enrolled participant (whose participant is not recorded) for the
 *       {@code participants} period after it came;</li>
 *   <li>forgets the page and notice texts of handoffs closed longer than the {@code handoffs}
 *       period (the rows, which the dashboard counts, stay), and deletes the local outbox's
 *       messages older than the shortest such period;</li>
 *   <li>blanks the staff words about participants inactive for longer than the {@code participants}
 *       period (why they were made inactive);</li>
 *   <li>deletes dead letters, earlier referral versions and access audit entries past their
 *       periods.</li>
 * </ol>
 *
 * <p>A pass is one transaction holding a transaction-scoped PostgreSQL advisory lock
 * ({@code pg_try_advisory_xact_lock}): several instances may run the schedule, and one at a time
 * does the work; another that finds the lock taken skips its turn. The lock needs no table and is
 * released by the database when the transaction ends, however it ends (a library such as ShedLock
 * would add a lock table and a dependency for what one SQL call does, and is not in the offline
 * Maven mirror). Every pass is a row of {@code retention_run}; a de-identified referral is a row of
 * {@code retention_deidentified}, so nothing is done twice.
 */
@Component
class Purge {

    private static final Logger log = LoggerFactory.getLogger(Purge.class);

    /** The advisory lock key: "DoorwayR" in ASCII. */
    static final long LOCK = 0x446f6f7277617952L;

    private static final String OPEN_STATES = "('PAGING', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE')";

    /** Referrals of a participant still kept: active, or inactive for less than the period. */
    static final String KEPT_FOR_PARTICIPANT = """
            exists (select 1 from participant p
                     where p.id in (select i.participant_id from intake_done i where i.referral_id = r.id
                                    union all
                                    select cast(t.detail->'ownCaseManager'->>'participantId' as uuid) from triage_decision t
                                     where t.referral_id = r.id and t.detail->'ownCaseManager'->>'participantId' is not null)
                       and (p.status = 'ACTIVE' or p.updated_at >= :participantCut))""";

    /** What one pass did; {@code ran} false when another instance held the lock. */
    record Result(
            boolean ran,
            int deidentified,
            int pages,
            int outbox,
            int deadLetters,
            int versions,
            long audit,
            boolean more) {

        static final Result SKIPPED = new Result(false, 0, 0, 0, 0, 0, 0, false);
    }

    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final RetentionSettings settings;
    private final RetentionProperties properties;
    private final ReferralStore referrals;
    private final PageRetention pages;
    private final OutboxRetention outbox;
    private final IntakeDeadLetters deadLetters;
    private final AuditRetention audit;
    private final HandoffNotes handoffNotes;
    private final StaffWords staffWords;
    private final Background background;
    private volatile Background.Task timer;

    Purge(
            JdbcClient db,
            TransactionTemplate transaction,
            RetentionSettings settings,
            RetentionProperties properties,
            ReferralStore referrals,
            PageRetention pages,
            OutboxRetention outbox,
            IntakeDeadLetters deadLetters,
            AuditRetention audit,
            HandoffNotes handoffNotes,
            StaffWords staffWords,
            Background background) {
        this.background = background;
        this.db = db;
        this.transaction = transaction;
        this.settings = settings;
        this.properties = properties;
        this.referrals = referrals;
        this.pages = pages;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.handoffNotes = handoffNotes;
        this.staffWords = staffWords;
    }

    @EventListener(ApplicationReadyEvent.class)
    void schedule() {
        if (!properties.enabled()) {
            log.info("Retention purge: not scheduled on this instance (doorway.retention.enabled=false)");
            return;
        }
        timer = background.every("retention-purge", properties.every(), properties.every(), this::runQuietly);
    }

    @PreDestroy
    void stop() {
        Background.Task task = timer;
        if (task != null) {
            task.cancel();
        }
    }

    private void runQuietly() {
        try {
            Result result;
            do {
                result = pass();
            } while (result.ran() && result.more() && !Thread.currentThread().isInterrupted());
        } catch (RuntimeException e) {
            // Logged, never thrown: a task that throws is never run again.
            log.warn("Retention purge failed this time: {}", e.getClass().getSimpleName());
        }
    }

    /** Runs passes until nothing is left to do or another instance holds the lock; their total. */
    Result runToEnd() {
        Result total = null;
        Result result;
        do {
            result = pass();
            total = total == null ? result : plus(total, result);
        } while (result.ran() && result.more());
        return total;
    }

    /**
     * One pass, in one transaction; {@link Result#SKIPPED} when another pass (of this instance or
     * another) holds the lock.
     */
    Result pass() {
        Result result = transaction.execute(tx -> {
            Boolean locked = db.sql("select pg_try_advisory_xact_lock(?)")
                    .param(LOCK)
                    .query(Boolean.class)
                    .single();
            if (!Boolean.TRUE.equals(locked)) {
                return Result.SKIPPED;
            }
            return work();
        });
        if (result.ran()
                && (result.deidentified()
                                + result.pages()
                                + result.outbox()
                                + result.deadLetters()
                                + result.versions()
                                + result.audit())
                        > 0) {
            log.info(
                    "Retention purge: {} referrals de-identified, page texts of {} forgotten, {} outbox messages, {}"
                            + " dead letters, {} referral versions and {} audit entries deleted",
                    result.deidentified(),
                    result.pages(),
                    result.outbox(),
                    result.deadLetters(),
                    result.versions(),
                    result.audit());
        }
        return result;
    }

    private Result work() {
        Instant now = db.sql("select doorway_now()")
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
        long run = db.sql("insert into retention_run (started_at) values (doorway_now()) returning id")
                .query(Long.class)
                .single();
        int deidentified = 0;
        int forgotten = 0;
        int deadLettersGone = 0;
        int versionsGone = 0;
        long auditGone = 0;
        boolean more = false;
        for (String site : sites()) {
            RetentionPeriods periods = settings.of(site);
            List<UUID> due = dueForDeidentification(site, periods, now);
            more |= due.size() >= properties.batch();
            for (UUID id : due) {
                deidentify(id, site, "RETENTION", null, null);
                deidentified++;
            }
            List<UUID> texts = dueForForgettingTexts(site, periods, now);
            more |= texts.size() >= properties.batch();
            for (UUID id : texts) {
                if (pages.forgetTexts(id)) {
                    forgotten++;
                }
            }
            staffWords.forgetInactiveParticipants(site, RetentionPeriods.before(now, periods.participants()));
            deadLettersGone += deadLetters.forgetBefore(site, RetentionPeriods.before(now, periods.deadLetters()));
            versionsGone += referrals.dropVersionsBefore(site, RetentionPeriods.before(now, periods.versions()));
            auditGone += forgetAudit(site, auditCutoff(now, periods.audit()));
        }
        auditGone += forgetAudit(null, auditCutoff(now, RetentionPeriods.DEFAULTS.audit()));
        Period shortest = settings.configured().values().stream()
                .map(RetentionPeriods::handoffs)
                .min(Comparator.comparing(p -> RetentionPeriods.before(now, p), Comparator.reverseOrder()))
                .orElse(RetentionPeriods.DEFAULTS.handoffs());
        int outboxGone = outbox.forgetBefore(RetentionPeriods.before(now, shortest));
        db.sql("""
                        update retention_run set finished_at = doorway_now(), deidentified = ?, pages = ?, outbox = ?,
                               dead_letters = ?, versions = ?, audit = ? where id = ?""")
                .params(
                        deidentified,
                        forgotten,
                        outboxGone,
                        deadLettersGone,
                        versionsGone,
                        (int) Math.min(Integer.MAX_VALUE, auditGone),
                        run)
                .update();
        return new Result(true, deidentified, forgotten, outboxGone, deadLettersGone, versionsGone, auditGone, more);
    }

    /**
     * De-identifies one referral and forgets its page texts, once: {@code retention_deidentified}
     * records it (a second call does nothing and returns false).
     */
    boolean deidentify(UUID id, String site, String why, String reason, String by) {
        int recorded = db.sql("""
                        insert into retention_deidentified (referral_id, site, why, reason, by_whom)
                        values (?, ?, ?, ?, ?) on conflict (referral_id) do nothing""").params(id, site, why, reason, by).update();
        if (recorded == 0) {
            return false;
        }
        referrals.deidentify(id);
        pages.forgetTexts(id);
        handoffNotes.forget(id);
        staffWords.forgetReferral(id);
        return true;
    }

    private Set<String> sites() {
        Set<String> sites = new TreeSet<>(settings.configured().keySet());
        sites.addAll(
                db.sql("select distinct site from referral").query(String.class).list());
        sites.addAll(db.sql("select distinct site from intake_dead_letter")
                .query(String.class)
                .list());
        sites.addAll(db.sql("select distinct site from access_audit where site is not null")
                .query(String.class)
                .list());
        return sites;
    }

    private List<UUID> dueForDeidentification(String site, RetentionPeriods periods, Instant now) {
        return db.sql("""
                        select r.id from referral r
                          left join handoff h on h.referral_id = r.id
                          left join triage_decision d on d.referral_id = r.id
                         where r.site = :site and r.received_at < :referralCut
                           and not exists (select 1 from retention_deidentified x where x.referral_id = r.id)
                           and coalesce(h.state not in""" + " " + OPEN_STATES + """
                , true)
                           and not exists (select 1 from owg_review o where o.referral_id = r.id and o.state = 'PENDING')
                           and not exists (select 1 from follow_up f where f.referral_id = r.id and f.state = 'OPEN')
                           and not""" + " " + KEPT_FOR_PARTICIPANT + """

                           and (d.own_case_manager is null or d.detail->'ownCaseManager'->>'participantId' is not null
                                or r.received_at < :participantCut)
                         order by r.received_at limit :limit""")
                .param("site", site)
                .param("referralCut", Timestamp.from(RetentionPeriods.before(now, periods.referrals())))
                .param("participantCut", Timestamp.from(RetentionPeriods.before(now, periods.participants())))
                .param("limit", properties.batch())
                .query(UUID.class)
                .list();
    }

    private List<UUID> dueForForgettingTexts(String site, RetentionPeriods periods, Instant now) {
        return db.sql("""
                        select h.referral_id from handoff h join referral r on r.id = h.referral_id
                         where h.site = :site and h.state not in""" + " " + OPEN_STATES + """

                           and coalesce(h.closed_at, h.handed_off_at, h.acknowledged_at, h.requested_at) < :handoffCut
                           and (exists (select 1 from page p where p.referral_id = h.referral_id and p.body <> ''
                                          and p.state not in ('PENDING', 'SENDING'))
                                or exists (select 1 from notice n where n.referral_id = h.referral_id and n.body <> ''
                                             and n.state not in ('PENDING', 'SENDING'))
                                or exists (select 1 from page_link l where l.referral_id = h.referral_id))
                           and not""" + " " + KEPT_FOR_PARTICIPANT + """

                         limit :limit""")
                .param("site", site)
                .param("handoffCut", Timestamp.from(RetentionPeriods.before(now, periods.handoffs())))
                .param("participantCut", Timestamp.from(RetentionPeriods.before(now, periods.participants())))
                .param("limit", properties.batch())
                .query(UUID.class)
                .list();
    }

    /**
     * The audit's cutoff, a day earlier than the period says: the database refuses a cutoff less
     * than six years back by its own calendar, which may differ from UTC's by an hour.
     */
    private static Instant auditCutoff(Instant now, Period period) {
        return RetentionPeriods.before(now, period).minus(java.time.Duration.ofDays(1));
    }

    private long forgetAudit(String site, Instant before) {
        boolean any = db.sql("select exists (select 1 from access_audit where coalesce(site, '') = ? and at < ?)")
                .params(site == null ? "" : site, Timestamp.from(before))
                .query(Boolean.class)
                .single();
        return any ? audit.forgetBefore(site, before) : 0;
    }

    private static Result plus(Result a, Result b) {
        return new Result(
                a.ran() || b.ran(),
                a.deidentified() + b.deidentified(),
                a.pages() + b.pages(),
                a.outbox() + b.outbox(),
                a.deadLetters() + b.deadLetters(),
                a.versions() + b.versions(),
                a.audit() + b.audit(),
                b.more());
    }
}
