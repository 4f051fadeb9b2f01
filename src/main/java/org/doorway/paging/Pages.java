package org.doorway.paging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.doorway.handoff.HandoffClock;
import org.doorway.handoff.HandoffEscalation;
import org.doorway.handoff.HandoffStoodDown;
import org.doorway.referral.ReferralStore;
import org.doorway.seal.Resealable;
import org.doorway.seal.Sealer;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox of pages. Each page is a row that moves {@code PENDING → SENDING → SENT → DELIVERED}
 * (or {@code FAILED}, {@code CANCELLED}, {@code UNCERTAIN}); whichever instance claims a row sends
 * it, and a row is claimed by one instance only ({@code FOR UPDATE SKIP LOCKED}). A claimed row is
 * looked at once more just before its request leaves ({@code requested_at}): only from then on can
 * it become {@code UNCERTAIN}; a stale one is {@code CANCELLED} with its {@code dropped_reason}.
 *
 * <p>What a page does to its handoff (the escalation brought forward, the "paged" and "delivered"
 * moments and their events) is written by {@link HandoffEscalation}, in the same transaction.
 *
 * <p>Why one class of some 500 lines: every statement on the {@code page} table is here, so that
 * the guarantee "claimed once, sent at most once" can be checked by reading one file.
 */
@Repository
class Pages implements Resealable {

    /** How far a delivery report has got; a report never moves a message backwards. */
    static int rank(String providerStatus) {
        return switch (providerStatus) {
            case "accepted", "scheduled" -> 0;
            case "queued" -> 1;
            case "sending" -> 2;
            case "sent" -> 3;
            case "delivered", "undelivered", "failed", "canceled" -> 4;
            case "read" -> 5;
            default -> -1;
        };
    }

    private final JdbcClient db;
    private final org.doorway.system.Metrics metrics;
    private final HandoffEscalation handoffs;
    private final Sealer sealer;
    private final ReferralStore referrals;

    Pages(
            JdbcClient db,
            org.doorway.system.Metrics metrics,
            HandoffEscalation handoffs,
            Sealer sealer,
            ReferralStore referrals) {
        this.db = db;
        this.metrics = metrics;
        this.handoffs = handoffs;
        this.sealer = sealer;
        this.referrals = referrals;
    }

    /** A page claimed for sending. */
    record Claimed(long id, UUID referralId, int step, String kind, String to, String body, int attempts) {}

    /** What a page's text may use: its reply code and its own id. */
    @FunctionalInterface
    interface Body {
        String text(int replyCode, long pageId);
    }

    /** The page a reply answers, and the state of its handoff. */
    record Answered(
            UUID referralId,
            String site,
            String shortRef,
            String recipientId,
            int replyCode,
            String handoffState,
            String responderId) {}

    /**
     * Adds the page for one escalation step, in the caller's transaction. Its reply code is the one
     * this phone already uses for this referral, else the lowest not used by the phone's other
     * open handoffs. At most one page of a kind exists per step and person, so a step that fires twice pages each once.
     *
     * @return the reply code, or empty if the step already had its page
     */
    Optional<Integer> add(UUID referralId, int step, String kind, String recipientId, String to, Body body) {
        db.sql("select pg_advisory_xact_lock(hashtext(?))")
                .param(to)
                .query(Object.class)
                .list();
        Integer code =
                db.sql("""
                        select coalesce(
                          (select reply_code from page where referral_id = ? and to_number = ? limit 1),
                          (select min(c) from generate_series(1, 99) as c
                            where c not in (select p.reply_code from page p join handoff h using (referral_id)
                                            where p.to_number = ?
                                              and h.state in ('PAGING', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE')
                                              and h.requested_at > doorway_now() - interval '24 hours')),
                          1)""").params(referralId, to, to).query(Integer.class).single();
        long id = db.sql("select nextval('page_id_seq')").query(Long.class).single();
        String site = db.sql("select site from referral where id = ?")
                .param(referralId)
                .query(String.class)
                .single();
        int inserted = db.sql("""
                        insert into page (id, referral_id, step, kind, recipient_id, to_number, reply_code, body, state, due_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', doorway_now())
                        on conflict (referral_id, step, kind, recipient_id) do nothing""")
                .params(id, referralId, step, kind, recipientId, to, code, sealer.seal(site, body.text(code, id)))
                .update();
        return inserted == 1 ? Optional.of(code) : Optional.empty();
    }

    /**
     * Claims due pages for sending, in the caller's transaction: each is marked {@code SENDING} with
     * a deadline (a claim, not yet a request: see {@link #startRequest}). Pages whose handoff no
     * longer needs them, or older than {@code expiry}, are cancelled instead. Pages are claimed by
     * phone, within the {@code pace} windows ({@link PaceRules}): at most one page per phone at a
     * time, the oldest its phone's windows allow; a phone whose window is full is skipped, never
     * waited on, so a backlog to one phone holds up no other. Due pages a window holds back are
     * marked {@code held_at} (shown, never dropped for it) and are claimed once it allows. At most
     * as many are claimed as the sender number's window has room for, over every instance. A send
     * stamped after now (the clock was stepped back) holds nothing: a phone is never silenced for
     * the size of a clock correction.
     */
    List<Claimed> claimDue(int limit, Duration sendDeadline, PaceRules.Current pace, Duration expiry) {
        return claimDue(limit, sendDeadline, pace, expiry, java.util.Set.of());
    }

    /**
     * As {@link #claimDue(int, Duration, PaceRules.Current, Duration)}, leaving alone the pages of
     * the {@code waiting} kinds (their provider channel is down): those due are marked as waiting
     * for the provider ({@code provider_wait_since}) and neither claimed nor expired. A page that
     * waited for the provider is never dropped as expired (nothing else reached anyone meanwhile);
     * it goes out when the provider answers again, the longest waiting first, unless its handoff
     * moved on.
     */
    List<Claimed> claimDue(
            int limit, Duration sendDeadline, PaceRules.Current pace, Duration expiry, java.util.Set<String> waiting) {
        // Everything below looks only at pending pages already due: with none, one probe of the
        // partial index answers, instead of a round of statements each time the engine wakes.
        int due = db.sql("select count(*) from page where state = 'PENDING' and due_at <= doorway_now()")
                .query(Integer.class)
                .single();
        if (due == 0) {
            return List.of();
        }
        String[] waitingKinds = waiting.toArray(String[]::new);
        if (waitingKinds.length > 0) {
            db.sql("""
                            update page set provider_wait_since = doorway_now()
                            where state = 'PENDING' and due_at <= doorway_now() and provider_wait_since is null
                              and kind = any(?)""").param(waitingKinds).update();
        }
        // A phone that replied STOP gets no SMS: its pages fail at once and the handoff moves on.
        record OptedOut(UUID referralId, int step, String kind) {}
        db
                .sql("""
                        update page set state = 'FAILED', error_code = 'opted-out'
                        where state = 'PENDING' and due_at <= doorway_now() and kind <> 'VOICE'
                          and to_number in (select number from sms_opt_out)
                        returning referral_id, step, kind""")
                .query((rs, n) -> new OptedOut(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3)))
                .list()
                .stream()
                .filter(f -> "PAGE".equals(f.kind()))
                .forEach(f -> handoffs.escalateNowIfAwaiting(f.referralId(), f.step()));
        // Pages go out while nobody has the handoff (paging, or unanswered: a late answer is still
        // taken); once someone has it, pages not yet sent are stood down. Reminders only go to a
        // responder still acknowledged but not en route. Notices to an officer always go.
        db.sql("""
                        update page set state = 'CANCELLED', dropped_reason = 'handoff-moved-on'
                        where state = 'PENDING' and due_at <= doorway_now()
                          and not exists (select 1 from handoff h where h.referral_id = page.referral_id
                                          and """ + STILL_NEEDED + ")").update();
        // A page nobody could send while it was worth sending is dropped, not sent late.
        dropExpired(db.sql("""
                        update page set state = 'CANCELLED', dropped_reason = 'expired'
                        where state = 'PENDING' and due_at <= doorway_now() and provider_wait_since is null
                          and created_at + make_interval(secs => ?) <= now()
                        returning id""").param(seconds(expiry)).query(Long.class).list());
        // The sender number's window is shared by every instance: one claim at a time counts it.
        db.sql("select pg_advisory_xact_lock(hashtext('doorway-page-pace'))")
                .query(Object.class)
                .list();
        int senderRoom = pace.senderLimit()
                - db.sql("""
                                select count(*) from page
                                where (requested_at > doorway_now() - make_interval(secs => ?) and requested_at <= doorway_now())
                                   or (state = 'SENDING' and requested_at is null)""")
                        .param(PaceRules.Current.seconds(pace.senderWindow()))
                        .query(Integer.class)
                        .single();
        int room = Math.min(limit, senderRoom);
        // The oldest due page of each phone its windows allow now, oldest first: one phone's
        // backlog never stands in another phone's way.
        List<Long> candidates = room <= 0 ? List.of() : claimable(pace, waitingKinds, room);
        // Another instance may have claimed some meanwhile: lock what is still pending, skip the rest.
        List<Long> take = candidates.isEmpty()
                ? List.of()
                : db.sql("""
                        select id from page where id = any(?) and state = 'PENDING'
                        order by coalesce(provider_wait_since, due_at), id
                        for update skip locked""")
                        .param(candidates.toArray(Long[]::new))
                        .query(Long.class)
                        .list();
        List<Claimed> claimed = take.isEmpty()
                ? List.of()
                : db.sql("""
                        update page set state = 'SENDING', attempts = attempts + 1, requested_at = null,
                                        send_deadline = doorway_now() + make_interval(secs => ?)
                        where id = any(?)
                        returning id, referral_id, step, kind, to_number, body, attempts""")
                        .params(sendDeadline.toMillis() / 1000.0, take.toArray(Long[]::new))
                        .query((rs, n) -> new Claimed(
                                rs.getLong(1),
                                rs.getObject(2, UUID.class),
                                rs.getInt(3),
                                rs.getString(4),
                                rs.getString(5),
                                sealer.open(rs.getString(6)),
                                rs.getInt(7)))
                        .list();
        if (claimed.size() == due || (room > 0 && claimed.size() == room)) {
            // Every page due when the round began was taken: none is left to hold (one committed
            // since is looked at in the next round, which its commit's wake-up starts). Or the
            // round was full: the pages left were not looked at, and a round with room to spare
            // marks those a window holds.
            return claimed;
        }
        // Due pages waiting for their phone (a send in flight, or a window full) are held
        // (throttled): shown, never dropped for it.
        int newlyHeld = db.sql("""
                        update page set held_at = doorway_now()
                        where state = 'PENDING' and due_at <= doorway_now() and held_at is null
                          and exists (select 1 from page q where q.to_number = page.to_number
                                        and q.state = 'SENDING')""").update();
        newlyHeld += paced(true, pace, """
                        update page set held_at = doorway_now()
                        where id in (select id from paced where free_at > doorway_now())
                          and state = 'PENDING' and held_at is null""").update();
        if (newlyHeld > 0) {
            metrics.page("any", "held", newlyHeld);
        }
        return claimed;
    }

    /**
     * Stands down the pages of a handoff not sent yet, because someone has it or it was closed.
     * Runs synchronously in the transaction that moved the handoff (a plain listener, not a
     * transactional one), so the pages are cancelled if and only if that move commits.
     */
    @EventListener
    void onStoodDown(HandoffStoodDown stoodDown) {
        db.sql(
                        "update page set state = 'CANCELLED', dropped_reason = 'stood-down' where referral_id = ? and state = 'PENDING'")
                .param(stoodDown.referralId())
                .update();
    }

    /**
     * Whether a page's handoff still wants it, as a condition on a {@code handoff h} of the page's
     * referral: pages go out while nobody has the handoff (paging, or unanswered: a late answer is
     * still taken); reminders only to a responder still acknowledged but not en route; notices to
     * an officer always.
     */
    private static final String STILL_NEEDED = """
            (case page.kind when 'REMINDER' then h.state = 'ACKNOWLEDGED'
                            when 'ARRIVAL' then h.state = 'EN_ROUTE'
                            when 'ALERT' then h.on_scene_at is null
                                              and h.state in ('PAGING', 'ACKNOWLEDGED', 'EN_ROUTE', 'UNANSWERED')
                            when 'NOTICE' then true
                            else h.state in ('PAGING', 'UNANSWERED') end)""";

    /** What the last look before a page's request found. */
    enum Start {
        /** Still wanted and still this sender's: its request is now marked as leaving; send it. */
        SEND,
        /** Stale (expired, or its handoff moved on): dropped with its reason; do not send. */
        DROPPED,
        /** No longer this sender's (its claim lapsed and the sweep took it back): do not send. */
        LOST
    }

    /**
     * The last look at a claimed page, in its own transaction, just before its request goes to the
     * provider. A page still claimed by this sender (same {@code attempt}, claim not lapsed), still
     * wanted by its handoff and not older than {@code expiry} is marked as requested (from here on
     * a lost answer makes it uncertain) with a fresh deadline of {@code sendDeadline}; a stale one
     * is cancelled with its reason ({@code expired} or {@code handoff-moved-on}). An expired page
     * of a handoff still paging brings its next step forward if it was the latest (nobody waits a
     * whole step for a page that never left).
     */
    Start startRequest(long pageId, int attempt, Duration sendDeadline, Duration expiry) {
        int started = db.sql("""
                        update page set requested_at = doorway_now(),
                                        send_deadline = doorway_now() + make_interval(secs => ?)
                        where id = ? and state = 'SENDING' and attempts = ? and requested_at is null
                          and send_deadline >= doorway_now()
                          and (provider_wait_since is not null or created_at + make_interval(secs => ?) > now())
                          and exists (select 1 from handoff h where h.referral_id = page.referral_id
                                      and """ + STILL_NEEDED + ")")
                .params(seconds(sendDeadline), pageId, attempt, seconds(expiry))
                .update();
        if (started == 1) {
            return Start.SEND;
        }
        List<String> dropped = db.sql("""
                        update page set state = 'CANCELLED', send_deadline = null,
                                        dropped_reason = case when provider_wait_since is null
                                                                   and created_at + make_interval(secs => ?) <= now()
                                                              then 'expired' else 'handoff-moved-on' end
                        where id = ? and state = 'SENDING' and attempts = ? and requested_at is null
                          and ((provider_wait_since is null and created_at + make_interval(secs => ?) <= now())
                               or not exists (select 1 from handoff h where h.referral_id = page.referral_id
                                              and """ + STILL_NEEDED + """
                                              ))
                        returning dropped_reason""")
                .params(seconds(expiry), pageId, attempt, seconds(expiry))
                .query(String.class)
                .list();
        if (dropped.isEmpty()) {
            // Not stale: its claim lapsed (the database clock passed its deadline, or another
            // instance took it). Still wanted and never requested, it is put back by the sweep and sent.
            return Start.LOST;
        }
        if ("expired".equals(dropped.get(0))) {
            dropExpired(List.of(pageId));
        }
        return Start.DROPPED;
    }

    /** After pages were dropped as expired: their handoffs' next steps now, where they were the latest. */
    private void dropExpired(List<Long> pageIds) {
        pageIds.forEach(this::escalateNowIfLatest);
        metrics.page("any", "expired", pageIds.size());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /**
     * Records that the provider accepted a page, starts the handoff's "paged" clock, and applies any
     * delivery report that arrived before this did. Also applies to a page already given up as
     * {@code UNCERTAIN}: the provider's answer settles it.
     */
    void markSent(long pageId, String sid, String providerStatus) {
        db.sql("""
                        update page set state = 'SENT', provider_sid = ?, provider_status = ?, sent_at = doorway_now(),
                                        send_deadline = null
                        where id = ? and state in ('SENDING', 'UNCERTAIN')""").params(sid, providerStatus, pageId).update();
        record Sent(UUID referralId, String kind, String recipientId) {}
        db.sql("select referral_id, kind, recipient_id from page where id = ?")
                .param(pageId)
                .query((rs, n) -> new Sent(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .optional()
                .ifPresent(p -> handoffs.sent(
                        p.referralId(),
                        switch (p.kind()) {
                            case "REMINDER", "ARRIVAL" -> HandoffEscalation.Sent.REMINDED;
                            case "NOTICE", "ALERT" -> HandoffEscalation.Sent.NOTIFIED;
                            default -> HandoffEscalation.Sent.PAGED;
                        },
                        "VOICE".equals(p.kind()) ? HandoffClock.Via.VOICE : HandoffClock.Via.SMS,
                        p.recipientId()));
        applyReportedStatus(sid);
    }

    /**
     * Gives up a page whose request reached the provider but whose answer never came: it may have
     * gone out, so it is never sent again (a late answer still settles it, see {@link #markSent}).
     * If it was a text and nobody has the handoff yet, the same person is called: a call cannot
     * duplicate the text, and reaches them if the text never left.
     */
    void markUncertain(long pageId, String error) {
        int marked = db.sql("update page set state = 'UNCERTAIN', error_code = ? where id = ? and state = 'SENDING'")
                .params(error, pageId)
                .update();
        if (marked == 1) {
            callInsteadOfUncertainText(pageId);
        }
    }

    /**
     * Puts a page back to be sent again after {@code delay} (a temporary failure: the provider did
     * nothing with it). It counts as waiting for the provider from now (if not already), so it is
     * not dropped as expired while the provider is unavailable.
     */
    void retryLater(long pageId, Duration delay, String error) {
        db.sql("""
                        update page set state = 'PENDING', due_at = doorway_now() + make_interval(secs => ?),
                                        error_code = ?, send_deadline = null, requested_at = null,
                                        provider_wait_since = coalesce(provider_wait_since, doorway_now())
                        where id = ? and state = 'SENDING'""").params(delay.toMillis() / 1000.0, error, pageId).update();
    }

    /**
     * Puts a claimed page whose request never left back to wait for its provider channel (down, or
     * trying one other page first): pending again, due as before, marked as waiting. Its attempt
     * stays counted, like a lapsed claim's.
     */
    void waitForProvider(long pageId, int attempt) {
        db.sql("""
                        update page set state = 'PENDING', send_deadline = null, requested_at = null,
                                        provider_wait_since = coalesce(provider_wait_since, doorway_now())
                        where id = ? and state = 'SENDING' and attempts = ? and requested_at is null""").params(pageId, attempt).update();
    }

    /**
     * Whether a page of this handoff (a text or a call to a case manager) is still waiting for the
     * provider: then the handoff's escalation is not over, whatever its steps say.
     */
    boolean awaitingProvider(UUID referralId) {
        return db.sql("""
                        select exists (select 1 from page where referral_id = ? and kind in ('PAGE', 'VOICE')
                                         and state in ('PENDING', 'SENDING') and provider_wait_since is not null)""").param(referralId).query(Boolean.class).single();
    }

    /** Texts that cannot reach the number as a mobile, which a call may still reach: a landline. */
    static final java.util.Set<String> LANDLINE = java.util.Set.of("21614", "30006");

    /**
     * Carrier delivery failures worth sending the text again, a little later: queue overflow,
     * handset unreachable (switched off, no signal), unknown error, missing segment, congestion.
     */
    static final java.util.Set<String> TRANSIENT = java.util.Set.of("30001", "30003", "30008", "30009", "30017");

    /** How many times a text is sent before a carrier's transient failures give way to a call. */
    static final int DELIVERY_ATTEMPTS = 3;

    /**
     * Gives a page up. A text that cannot reach its phone as a text (a landline, or still failing
     * after its retries) is followed at once by a call to the same person; anything else (an
     * invalid number, an opted-out phone, a call that failed) brings the handoff's next escalation
     * forward to now.
     *
     * @param exhausted whether the failure was a temporary one that ran out of retries
     */
    void markFailed(long pageId, String error, boolean exhausted) {
        db.sql("update page set state = 'FAILED', error_code = ?, send_deadline = null where id = ?")
                .params(error, pageId)
                .update();
        fallBack(pageId, exhausted || LANDLINE.contains(error));
    }

    /** After a failed page: a call to the same person if it was a text a call may reach, else the next person now. */
    /** A text page (not a reminder, notice or call) of a handoff still paging: what a call to its person needs. */
    private record Failed(
            UUID referralId, int step, String recipientId, String to, String shortRef, String door, String place) {}

    private Optional<Failed> failedText(long pageId) {
        return db.sql("""
                        select p.referral_id, p.step, p.recipient_id, p.to_number, r.short_ref, r.door,
                               coalesce(r.sealed, r.body::text)
                        from page p join handoff h on h.referral_id = p.referral_id join referral r on r.id = p.referral_id
                        where p.id = ? and p.kind = 'PAGE' and h.state = 'PAGING'""")
                .param(pageId)
                .query((rs, n) -> new Failed(
                        rs.getObject(1, UUID.class),
                        rs.getInt(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        referrals
                                .whole(rs.getString(7))
                                .path("location")
                                .path("text")
                                .asText(null)))
                .optional();
    }

    private void fallBack(long pageId, boolean callInstead) {
        Optional<Failed> text = failedText(pageId);
        if (text.isPresent() && callInstead) {
            Failed f = text.get();
            add(
                    f.referralId(),
                    f.step(),
                    "VOICE",
                    f.recipientId(),
                    f.to(),
                    (code, id) ->
                            PageText.speech(f.shortRef(), org.doorway.referral.Door.valueOf(f.door()), f.place()));
        } else {
            escalateNowIfLatest(pageId);
        }
    }

    /**
     * Pages whose sender died mid-send (deadline passed, still {@code SENDING}) are settled: one
     * whose request never left goes back to be sent; one whose request left becomes
     * {@code UNCERTAIN}: it may have gone out, so they are never sent again; a text is followed by
     * a call to the same person. The handoff's own escalation timer still runs, so nobody is dropped.
     */
    int expireStuckSends() {
        // Claimed, but the request never left (the sender died first, or is still queued and will
        // find its claim gone): due again. Its attempt stays counted, so that a sender still
        // holding the lapsed claim never mistakes a new claim for its own.
        db.sql("""
                        update page set state = 'PENDING', send_deadline = null
                        where state = 'SENDING' and send_deadline < doorway_now() and requested_at is null""").update();
        List<Long> expired = db.sql("""
                        update page set state = 'UNCERTAIN' where state = 'SENDING' and send_deadline < doorway_now()
                        returning id""").query(Long.class).list();
        expired.forEach(this::callInsteadOfUncertainText);
        return expired.size();
    }

    /** After a text whose fate is unknown: a call to the same person, while the handoff still pages. */
    private void callInsteadOfUncertainText(long pageId) {
        Optional<Failed> text = failedText(pageId);
        text.ifPresent(f -> add(
                f.referralId(),
                f.step(),
                "VOICE",
                f.recipientId(),
                f.to(),
                (code, id) -> PageText.speech(f.shortRef(), org.doorway.referral.Door.valueOf(f.door()), f.place())));
    }

    /**
     * Records a delivery report from the provider, keeping only the furthest status reached (reports
     * may arrive out of order), and applies it to its page if that page's send is recorded.
     */
    void report(String sid, String status, String errorCode) {
        db.sql("""
                        insert into provider_status (sid, status, rank, error_code, reported_at)
                        values (?, ?, ?, ?, doorway_now())
                        on conflict (sid) do update
                          set status = excluded.status, rank = excluded.rank,
                              error_code = coalesce(excluded.error_code, provider_status.error_code),
                              reported_at = excluded.reported_at
                          where provider_status.rank < excluded.rank""").params(sid, status, rank(status), errorCode).update();
        applyReportedStatus(sid);
    }

    private void applyReportedStatus(String sid) {
        record Failure(long pageId, String kind, String error, int attempts) {}
        List<Failure> failed = db.sql("""
                        update page set provider_status = ps.status,
                                        error_code = coalesce(ps.error_code, page.error_code),
                                        state = case when ps.status = 'delivered' then 'DELIVERED'
                                                     when ps.status in ('failed', 'undelivered', 'canceled') then 'FAILED'
                                                     else page.state end,
                                        delivered_at = case when ps.status = 'delivered'
                                                            then coalesce(page.delivered_at, ps.reported_at)
                                                            else page.delivered_at end
                        from provider_status ps
                        where ps.sid = page.provider_sid and page.provider_sid = ?
                          and page.state in ('SENT', 'DELIVERED')
                        returning page.id, page.state, page.kind, page.error_code, page.attempts""")
                .param(sid)
                .query((rs, n) -> "FAILED".equals(rs.getString(2))
                        ? new Failure(rs.getLong(1), rs.getString(3), rs.getString(4), rs.getInt(5))
                        : null)
                .list();
        record Delivered(UUID referralId, Instant at, String recipientId) {}
        db.sql("""
                        select referral_id, delivered_at, recipient_id from page
                        where provider_sid = ? and delivered_at is not null and kind <> 'NOTICE'
                        order by id""")
                .param(sid)
                .query((rs, n) -> new Delivered(
                        rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                .list()
                .forEach(d -> handoffs.delivered(d.referralId(), d.at(), d.recipientId()));
        for (Failure failure : failed) {
            if (failure == null) {
                continue;
            }
            boolean text = !"VOICE".equals(failure.kind());
            if (text && TRANSIENT.contains(failure.error()) && failure.attempts() < DELIVERY_ATTEMPTS) {
                // The carrier may take it later: the same text again, after a pause that grows.
                db.sql("""
                                update page set state = 'PENDING', provider_sid = null, provider_status = null,
                                                due_at = doorway_now() + make_interval(secs => ?)
                                where id = ?""").params(15.0 * failure.attempts(), failure.pageId()).update();
                metrics.page(failure.kind(), "retried", 1);
            } else {
                // No code: the carrier did not say why, so try the voice it may still reach.
                fallBack(
                        failure.pageId(),
                        text
                                && (failure.error() == null
                                        || TRANSIENT.contains(failure.error())
                                        || LANDLINE.contains(failure.error())));
            }
        }
    }

    /** If this page belongs to its handoff's latest step and nobody has answered, page the next person now. */
    private void escalateNowIfLatest(long pageId) {
        record Paged(UUID referralId, int step) {}
        db.sql("select referral_id, step from page where id = ? and kind in ('PAGE', 'VOICE')")
                .param(pageId)
                .query((rs, n) -> new Paged(rs.getObject(1, UUID.class), rs.getInt(2)))
                .optional()
                .ifPresent(p -> handoffs.escalateNowIfAwaiting(p.referralId(), p.step()));
    }

    /**
     * A page and its handoff's state, for its one-tap link.
     *
     * @param referralId   the referral
     * @param recipientId  whom it was sent to
     * @param replyCode    its reply code
     */
    record Linked(long pageId, UUID referralId, String recipientId, int replyCode) {}

    /** The page with this id, for its link. */
    Optional<Linked> linked(long pageId) {
        return db.sql("select id, referral_id, recipient_id, reply_code from page where id = ?")
                .param(pageId)
                .query((rs, n) -> new Linked(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4)))
                .optional();
    }

    /** Whether Doorway has ever paged this number (replies from other numbers are not answered). */
    boolean hasPaged(String number) {
        return db.sql("select exists (select 1 from page where to_number = ? and kind <> 'NOTICE')")
                .param(number)
                .query(Boolean.class)
                .single();
    }

    /**
     * The page a reply from {@code from} refers to: the newest page to that phone with this reply
     * code, or, without a code, the newest one still open for that phone (paging, or taken by the
     * phone's own case manager and not yet handed off), else simply the newest.
     */
    Optional<Answered> answered(String from, Integer code) {
        String choose = code != null
                ? " and p.reply_code = ? order by p.created_at desc"
                : " order by (h.state = 'PAGING' or (h.responder_id = p.recipient_id"
                        + " and h.state in ('ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'))) desc, p.created_at desc";
        var statement = db.sql("""
                        select p.referral_id, h.site, r.short_ref, p.recipient_id, p.reply_code, h.state, h.responder_id
                        from page p join handoff h on h.referral_id = p.referral_id join referral r on r.id = p.referral_id
                        where p.to_number = ? and p.kind <> 'NOTICE'""" + choose + " limit 1").param(from);
        if (code != null) {
            statement = statement.param(code);
        }
        return statement
                .query((rs, n) -> new Answered(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getString(6),
                        rs.getString(7)))
                .optional();
    }

    /**
     * A statement on the pending pages with their pace: {@code sql} may read {@code paced(id,
     * to_number, due_at, kind, free_at)}, one row per pending page of a phone with nothing being
     * sent to it ({@code due} only: only pages due now), where {@code free_at} is the moment its
     * phone's windows allow it (null: allowed now). A page is paced by its handoff's site; the
     * windows of sites without their own, and of pages without a known site, are the defaults.
     */
    /**
     * The ids of at most {@code room} due pages that may be claimed now, one per phone, the oldest
     * first. The pace windows are worked out phone by phone in that order and only until enough
     * are found, so a round costs about as much with a thousand phones waiting as with ten. A
     * phone's windows depend only on whether the page is a call or a text (and its site's rules),
     * so the oldest page of each such kind per phone stands for the rest.
     */
    private List<Long> claimable(PaceRules.Current pace, String[] waitingKinds, int room) {
        record Candidate(long id, String to) {}
        List<Candidate> rows = db.sql("""
                        with rule as (
                            select * from unnest(?::text[], ?::int[], ?::float8[], ?::float8[])
                                as r(site, texts, text_window, call_gap)),
                        oldest as (
                            select distinct on (to_number, kind = 'VOICE', texts, text_window, call_gap)
                                   id, to_number, kind, due_at, texts, text_window, call_gap
                            from (select p.id, p.to_number, p.kind,
                                         -- A page that waited for its provider is as old as its wait: first out.
                                         coalesce(p.provider_wait_since, p.due_at) as due_at,
                                         coalesce(r.texts, d.texts) as texts,
                                         coalesce(r.text_window, d.text_window) as text_window,
                                         coalesce(r.call_gap, d.call_gap) as call_gap
                                  from page p
                                  join rule d on d.site = ''
                                  left join handoff h on h.referral_id = p.referral_id
                                  left join rule r on r.site = h.site and r.site <> ''
                                  where p.state = 'PENDING' and p.due_at <= doorway_now() and p.kind <> all(?)
                                    and not exists (select 1 from page q where q.to_number = p.to_number
                                                      and q.state = 'SENDING')) p
                            order by to_number, kind = 'VOICE', texts, text_window, call_gap, due_at, id)
                        -- offset 0 keeps the windows' filter above the sort: worked out lazily, row by row.
                        select id, to_number from (select * from oldest order by due_at, id offset 0) o
                        where coalesce(greatest(
                                  (select max(q.sent_at) from page q
                                    where q.to_number = o.to_number and q.sent_at <= doorway_now())
                                    + make_interval(secs => ?),
                                  case when o.kind = 'VOICE'
                                       then (select max(q.requested_at) from page q
                                              where q.to_number = o.to_number and q.kind = 'VOICE'
                                                and q.requested_at <= doorway_now())
                                            + make_interval(secs => o.call_gap)
                                       else (select q.requested_at from page q
                                              where q.to_number = o.to_number and q.kind <> 'VOICE'
                                                and q.requested_at <= doorway_now()
                                                and q.requested_at > doorway_now() - make_interval(secs => o.text_window)
                                              order by q.requested_at desc
                                              offset o.texts - 1 limit 1)
                                            + make_interval(secs => o.text_window) end),
                                  '-infinity') <= doorway_now()
                        limit ?""")
                .params(
                        pace.sites(),
                        pace.textsPerPhone(),
                        pace.textWindowSeconds(),
                        pace.callGapSeconds(),
                        waitingKinds,
                        PaceRules.Current.seconds(pace.phoneGap()),
                        // A phone appears at most twice (a call, a text), so twice the room finds
                        // room phones whenever there are that many.
                        room * 2)
                .query((rs, n) -> new Candidate(rs.getLong(1), rs.getString(2)))
                .list();
        Set<String> phones = new HashSet<>();
        List<Long> ids = new ArrayList<>();
        for (Candidate candidate : rows) {
            if (ids.size() < room && phones.add(candidate.to())) {
                ids.add(candidate.id());
            }
        }
        return ids;
    }

    private JdbcClient.StatementSpec paced(boolean due, PaceRules.Current pace, String sql) {
        return db.sql("""
                        with rule as (
                            select * from unnest(?::text[], ?::int[], ?::float8[], ?::float8[])
                                as r(site, texts, text_window, call_gap)),
                        pending as (
                            -- A page that waited for its provider is as old as its wait: first out.
                            select p.id, p.to_number, coalesce(p.provider_wait_since, p.due_at) as due_at, p.kind,
                                   coalesce(r.texts, d.texts) as texts,
                                   coalesce(r.text_window, d.text_window) as text_window,
                                   coalesce(r.call_gap, d.call_gap) as call_gap
                            from page p
                            join rule d on d.site = ''
                            left join handoff h on h.referral_id = p.referral_id
                            left join rule r on r.site = h.site and r.site <> ''
                            where p.state = 'PENDING' and (not ? or p.due_at <= doorway_now())
                              and not exists (select 1 from page q where q.to_number = p.to_number
                                                and q.state = 'SENDING')),
                        phone as (
                            -- Once per phone (and window), not per page: a backlog costs no more.
                            select w.*,
                                   (select max(q.sent_at) from page q
                                     where q.to_number = w.to_number and q.sent_at <= doorway_now())
                                     + make_interval(secs => ?) as gap_free,
                                   (select max(q.requested_at) from page q
                                     where q.to_number = w.to_number and q.kind = 'VOICE'
                                       and q.requested_at <= doorway_now())
                                     + make_interval(secs => w.call_gap) as call_free,
                                   (select q.requested_at from page q
                                     where q.to_number = w.to_number and q.kind <> 'VOICE'
                                       and q.requested_at <= doorway_now()
                                       and q.requested_at > doorway_now() - make_interval(secs => w.text_window)
                                     order by q.requested_at desc
                                     offset w.texts - 1 limit 1)
                                     + make_interval(secs => w.text_window) as text_free
                            from (select distinct to_number, texts, text_window, call_gap from pending) w),
                        paced as (
                            select p.id, p.to_number, p.due_at, p.kind,
                                   greatest(f.gap_free,
                                            case when p.kind = 'VOICE' then f.call_free else f.text_free end)
                                     as free_at
                            from pending p join phone f using (to_number, texts, text_window, call_gap))
                        """ + sql)
                .params(
                        pace.sites(),
                        pace.textsPerPhone(),
                        pace.textWindowSeconds(),
                        pace.callGapSeconds(),
                        due,
                        PaceRules.Current.seconds(pace.phoneGap()));
    }

    /**
     * How long until the earliest paging work falls due by the database's clock (zero or negative:
     * already due), or empty when none is scheduled.
     */
    Optional<Duration> untilNextDue(PaceRules.Current pace) {
        // A page a window holds is claimable only once the window allows it; one waiting for a
        // send in flight, when that send ends (the sender wakes the engine). Counting either as due
        // now would have the engine spin while a phone has a queue.
        List<Double> next = paced(false, pace, """
                        select extract(epoch from least(
                                   (select min(escalate_at) from handoff where escalate_at is not null
                                      and state in ('PAGING', 'ACKNOWLEDGED')),
                                   (select min(greatest(due_at, free_at)) from paced),
                                   (select min(case state when 'PENDING' then due_at else lease_until end)
                                      from notice where state in ('PENDING', 'SENDING'))) - doorway_now())""").query(Double.class).list();
        return next.isEmpty() || next.get(0) == null
                ? Optional.empty()
                : Optional.of(Duration.ofMillis((long) (next.get(0) * 1000)));
    }

    @Override
    public String what() {
        return "page.body";
    }

    /** Seals again page texts stored before encryption at rest or under an earlier master key. */
    @Override
    public int reseal(int batch, List<Long> currentKeys) {
        record Row(long id, String site, String body) {}
        List<Row> rows = db.sql("select p.id, r.site, p.body from page p join referral r on r.id = p.referral_id where "
                        + Sealer.staleText("p.body", currentKeys) + " limit ?")
                .param(batch)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
        for (Row row : rows) {
            db.sql("update page set body = ? where id = ? and body = ?")
                    .params(sealer.seal(row.site(), sealer.open(row.body())), row.id(), row.body())
                    .update();
        }
        return rows.size();
    }
}
