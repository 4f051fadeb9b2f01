package org.doorway.paging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.doorway.handoff.ArrivalWatch;
import org.doorway.handoff.HandoffRequested;
import org.doorway.system.DoorwayProperties;
import org.doorway.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs paging: fires due escalation steps, sends due pages and delivers due handoff notices, on
 * every instance at once. All
 * state is in PostgreSQL; this class holds none that matters. It wakes when a handoff is committed
 * on this instance, when the next known timer falls due, and at least every
 * {@code doorway.paging.poll-interval} (for work other instances scheduled).
 *
 * <p>A page is sent at most once: it is claimed and marked {@code SENDING} with a deadline in its
 * own committed transaction, then, on its sender thread, looked at once more and marked as
 * requested (or dropped, if it went stale while it waited) before the provider is called, once
 * (the provider client never repeats a request). A temporary failure (nothing was sent) puts it
 * back with a growing delay; a permanent one fails it and escalates the handoff at once; an
 * uncertain one (the request left, no usable answer came) is never resent. Notices to referrers go
 * out on threads of their own.
 *
 * <p>Each provider channel has a circuit breaker ({@link ProviderBreakers}): while a channel is
 * down its pages are not claimed (they wait, and are given up neither as failed nor as expired),
 * one page at a time tries it again, and the outage is recorded and announced
 * ({@link ProviderOutages}). A temporary failure while the channel is down never uses up a page's
 * attempts.
 */
@Component
class PagingEngine implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PagingEngine.class);

    private final Escalations escalations;
    private final Pages pages;
    private final Notices notices;
    private final NoticeDelivery noticeDelivery;
    private final SmsGateway sms;
    private final TransactionTemplate transaction;
    private final DoorwayProperties.Paging settings;
    private final org.doorway.system.Metrics metrics;
    private final PageLinks links;
    private final ArrivalWatch arrivals;
    private final ProviderBreakers breakers;
    private final ProviderOutages outages;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger noticesInFlight = new AtomicInteger();
    /** Handoffs whose timer a firing thread of this instance is firing now: not handed out twice. */
    private final Set<UUID> firing = ConcurrentHashMap.newKeySet();

    private boolean woken;
    private volatile boolean running;
    private volatile boolean ready;
    private Thread loop;
    private ExecutorService senders;
    private ExecutorService noticeSenders;
    private ExecutorService firers;
    private Instant nextSweep = Instant.EPOCH;
    private final Pace pace;
    private final PaceRules paceRules;

    /**
     * This instance's sending pace: at most {@code doorway.paging.max-per-second} messages a second
     * to the provider (its account's throughput), in a bucket of one second's worth.
     */
    static final class Pace {
        private final int perSecond;
        private double tokens;
        private long last = System.nanoTime();

        Pace(int perSecond) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
        }

        synchronized int available() {
            long now = System.nanoTime();
            tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            return (int) tokens;
        }

        synchronized void take(int n) {
            tokens -= n;
        }
    }

    PagingEngine(
            Escalations escalations,
            Pages pages,
            Notices notices,
            NoticeDelivery noticeDelivery,
            SmsGateway sms,
            TransactionTemplate transaction,
            DoorwayProperties properties,
            org.doorway.system.Metrics metrics,
            PageLinks links,
            ArrivalWatch arrivals,
            ProviderBreakers breakers,
            ProviderOutages outages,
            PaceRules paceRules) {
        this.arrivals = arrivals;
        this.escalations = escalations;
        this.pages = pages;
        this.notices = notices;
        this.noticeDelivery = noticeDelivery;
        this.sms = sms;
        this.transaction = transaction;
        this.settings = properties.paging();
        this.metrics = metrics;
        this.links = links;
        this.breakers = breakers;
        this.outages = outages;
        this.paceRules = paceRules;
        this.pace = new Pace(settings.maxPerSecond());
    }

    /** A handoff was committed here: look for work now rather than at the next poll. */
    @TransactionalEventListener
    void onHandoffRequested(HandoffRequested event) {
        wake();
    }

    /**
     * The application (Camel's routes included) is up: paging may begin. Deliberately not a
     * dependency on the CamelContext bean, which would make Spring start Camel before its routes
     * are added.
     */
    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        ready = true;
        wake();
    }

    void wake() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (running) {
            if (!ready) {
                pause(Duration.ofMillis(100)); // pages go out through Camel routes, ready only then
                continue;
            }
            try {
                outages.reconcile();
                int fired = fireEscalations() + arrivals.fireDue(100);
                int claimed = sendDue() + deliverNotices();
                if (Instant.now().isAfter(nextSweep)) {
                    int expired = transaction.execute(status -> pages.expireStuckSends());
                    metrics.page("any", "uncertain", expired);
                    if (expired > 0) {
                        log.warn(
                                "{} pages were being sent when their sender stopped; marked uncertain, not resent",
                                expired);
                    }
                    transaction.execute(status -> links.forgetExpired());
                    nextSweep = Instant.now().plusSeconds(5);
                }
                if (fired == 0 && claimed == 0) {
                    waitForWork();
                }
            } catch (RuntimeException e) {
                log.warn("Paging engine cycle failed, retrying in 1 s: {}", SafeLog.describe(e));
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * Hands due escalation timers to the firing threads, each handoff in a transaction of its own,
     * and returns at once: a burst of new handoffs is paged by several threads while this loop goes
     * on claiming and sending the pages already made. A finished firing wakes the loop, so its page
     * is claimed at once. Returns how many were handed out.
     */
    private int fireEscalations() {
        int room = Math.max(1, settings.firingThreads()) * 2 - firing.size();
        if (room <= 0) {
            return 0;
        }
        int handed = 0;
        for (UUID referralId : escalations.due(room + firing.size())) {
            if (handed == room || !firing.add(referralId)) {
                continue;
            }
            handed++;
            firers.execute(() -> {
                try {
                    escalations.fire(referralId);
                } finally {
                    firing.remove(referralId);
                    wake();
                }
            });
        }
        return handed;
    }

    private int sendDue() {
        int room = settings.senderThreads() * 2 - inFlight.get();
        if (room <= 0) {
            return 0;
        }
        int allowed = Math.min(room, pace.available());
        if (allowed <= 0) {
            return 0;
        }
        List<Pages.Claimed> claimed =
                // A text's link is minted as it is claimed, in the same transaction: stored before it is sent.
                transaction.execute(status -> links.withLinks(pages.claimDue(
                        allowed,
                        settings.sendDeadline(),
                        paceRules.current(),
                        settings.pageExpiry(),
                        breakers.waitingKinds())));
        pace.take(claimed.size());
        for (Pages.Claimed page : claimed) {
            inFlight.incrementAndGet();
            senders.execute(() -> {
                try {
                    send(page);
                } finally {
                    inFlight.decrementAndGet();
                    wake();
                }
            });
        }
        return claimed.size();
    }

    /**
     * Hands due notices to threads of their own: a referrer's slow webhook never holds up a page,
     * nor a slow SMS provider a notice.
     */
    private int deliverNotices() {
        int room = Math.max(1, settings.noticeThreads()) * 2 - noticesInFlight.get();
        if (room <= 0) {
            return 0;
        }
        List<Notices.Claimed> claimed = transaction.execute(status -> notices.claimDue(room));
        for (Notices.Claimed notice : claimed) {
            noticesInFlight.incrementAndGet();
            noticeSenders.execute(() -> {
                try {
                    noticeDelivery.deliver(notice);
                } finally {
                    noticesInFlight.decrementAndGet();
                    wake();
                }
            });
        }
        return claimed.size();
    }

    private void send(Pages.Claimed page) {
        ProviderBreakers.Channel channel = ProviderBreakers.Channel.of(page.kind());
        if (!breakers.tryAcquire(channel)) {
            // The provider's channel is down (or one page is trying it): this page waits, unattempted.
            try {
                transaction.executeWithoutResult(status -> pages.waitForProvider(page.id(), page.attempts()));
            } catch (RuntimeException e) {
                log.error("Page {} could not be put back to wait: {}", page.id(), SafeLog.describe(e));
            }
            metrics.page(page.kind(), "waiting", 1);
            return;
        }
        boolean requested = false;
        try {
            requested = request(page, channel);
        } finally {
            if (!requested) {
                breakers.unused(channel);
            }
        }
    }

    /** Sends a page whose channel let it through; false if no request left (so the permission is unused). */
    private boolean request(Pages.Claimed page, ProviderBreakers.Channel channel) {
        try {
            // The last look: a page that waited here while it expired, or whose handoff moved on,
            // is dropped; from here on a lost answer makes the page uncertain.
            Pages.Start start = transaction.execute(status ->
                    pages.startRequest(page.id(), page.attempts(), settings.sendDeadline(), settings.pageExpiry()));
            if (start != Pages.Start.SEND) {
                log.info(
                        "Page {} not sent: {}",
                        page.id(),
                        start == Pages.Start.DROPPED ? "stale, dropped" : "claim lapsed");
                metrics.page(page.kind(), start == Pages.Start.DROPPED ? "dropped" : "claim-lapsed", 1);
                return false;
            }
        } catch (RuntimeException e) {
            // Nothing has left: the claim lapses and the sweep puts the page back to be sent.
            log.error("Page {} could not be started: {}", page.id(), SafeLog.describe(e));
            return false;
        }
        SmsFailure failure;
        try {
            SmsGateway.Accepted accepted = "VOICE".equals(page.kind())
                    ? sms.call(page.to(), page.body(), page.id())
                    : sms.send(page.to(), page.body());
            breakers.succeeded(channel);
            try {
                transaction.executeWithoutResult(
                        status -> pages.markSent(page.id(), accepted.sid(), accepted.status()));
                metrics.page(page.kind(), "sent", 1);
            } catch (RuntimeException e) {
                // Could not record it: leave the row SENDING; the deadline sweep settles it.
                log.error("Page {} outcome not recorded: {}", page.id(), SafeLog.describe(e));
            }
            return true;
        } catch (SmsFailure f) {
            failure = f;
        } catch (RuntimeException e) {
            // Not the provider's answer (a route error after the request left?): uncertain, as a lost answer.
            failure = SmsFailure.uncertain("route-error", e);
        }
        SmsFailure outcome = failure;
        if (outcome.temporary() || outcome.uncertain()) {
            breakers.failed(channel, outcome);
        } else {
            breakers.succeeded(channel); // a refusal for the recipient's sake: the provider works
        }
        try {
            if (outcome.uncertain()) {
                // The provider may have taken it: never sent again; the escalation timer carries on.
                log.warn("Page {} sent but the provider never answered; marked uncertain, not resent", page.id());
                transaction.executeWithoutResult(status -> pages.markUncertain(page.id(), outcome.code()));
                metrics.page(page.kind(), "uncertain", 1);
            } else if (outcome.temporary()
                    && (page.attempts() < settings.maxSendAttempts() || breakers.down(channel))) {
                // While the channel is down a page is never given up for the provider's sake: it
                // waits (its attempts run out only against a provider that works for other pages).
                // While the channel is down the breaker paces the tries: due again at once, claimed
                // only when the channel lets a page through.
                Duration delay = breakers.down(channel)
                        ? Duration.ZERO
                        : Duration.ofSeconds(Math.min(60, 1L << Math.min(6, page.attempts())));
                log.warn(
                        "Page {} attempt {} failed temporarily ({}); retrying in {} s",
                        page.id(),
                        page.attempts(),
                        outcome.code(),
                        delay.toSeconds());
                transaction.executeWithoutResult(status -> pages.retryLater(page.id(), delay, outcome.code()));
                metrics.page(page.kind(), "retried", 1);
            } else {
                log.warn("Page {} failed ({}); escalating", page.id(), outcome.code());
                boolean exhausted = outcome.temporary();
                transaction.executeWithoutResult(status -> pages.markFailed(page.id(), outcome.code(), exhausted));
                metrics.page(page.kind(), "failed", 1);
            }
        } catch (RuntimeException e) {
            // Could not even record the outcome: leave the row SENDING; the deadline sweep settles it.
            log.error("Page {} outcome not recorded: {}", page.id(), SafeLog.describe(e));
        }
        return true;
    }

    /**
     * Sleeps until the next work is due, at most the poll interval (work another instance created
     * may be due sooner). Work due now that this round could not take waits for the pace to allow
     * one more message, or for a sender to finish (which wakes the loop): never a busy spin.
     */
    private void waitForWork() {
        Duration wait = settings.pollInterval();
        Duration untilDue = pages.untilNextDue(paceRules.current()).orElse(wait);
        if (untilDue.compareTo(wait) < 0) {
            // Due already, yet not taken this round (the pace, a full sender pool, another instance's lock).
            Duration nextToken = Duration.ofNanos(1_000_000_000L / Math.max(1, settings.maxPerSecond()));
            wait = untilDue.isNegative() || untilDue.isZero() ? nextToken : untilDue;
            if (!firing.isEmpty()) {
                // What is due may be a timer a firing thread holds: its end wakes the loop.
                wait = settings.pollInterval();
            }
            if (!breakers.waitingKinds().isEmpty()) {
                // Pages waiting for a provider channel that is down count as due: look each poll, not each token.
                wait = settings.pollInterval();
            }
        }
        pause(wait);
    }

    private void pause(Duration wait) {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (!woken && running && nanos > 0) {
                nanos = wakeUp.awaitNanos(nanos);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        running = true;
        senders = Executors.newFixedThreadPool(settings.senderThreads(), r -> {
            Thread t = new Thread(r, "doorway-page-sender");
            t.setDaemon(true);
            return t;
        });
        noticeSenders = Executors.newFixedThreadPool(Math.max(1, settings.noticeThreads()), r -> {
            Thread t = new Thread(r, "doorway-notice-sender");
            t.setDaemon(true);
            return t;
        });
        firers = Executors.newFixedThreadPool(Math.max(1, settings.firingThreads()), r -> {
            Thread t = new Thread(r, "doorway-escalation");
            t.setDaemon(true);
            return t;
        });
        loop = new Thread(this::run, "doorway-paging");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        wake();
        try {
            if (loop != null) {
                loop.join(5000);
            }
            for (ExecutorService pool : new ExecutorService[] {firers, senders, noticeSenders}) {
                if (pool != null) {
                    pool.shutdown();
                    pool.awaitTermination(15, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Start after Camel (which sends the pages) and stop before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
