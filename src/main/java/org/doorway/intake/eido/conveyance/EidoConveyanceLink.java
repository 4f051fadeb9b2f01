package org.doorway.intake.eido.conveyance;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Event;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.EventResponse;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Message;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Response;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Subscribe;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.SubscribeResponse;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Terminate;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.TerminateResponse;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Unsubscribe;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.UnsubscribeResponse;
import org.doorway.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's side of one EIDO server: take the server's lease, connect, subscribe (or resume
 * the stored subscription), answer notifications once their EIDOs are committed, refresh the
 * subscription before it expires, answer {@code terminate} and subscribe again later, ping, and
 * after any loss give the lease up and try again with exponential backoff and jitter.
 *
 * <p>State lives on one control thread; notifications are taken in on a second thread, one at a
 * time in the order they came, so the connection keeps answering pings and subscription traffic
 * while the database works. Logs name the server, subscription and transaction ids, counts and
 * status codes, never a document's content.
 *
 * <p>After a notification that could not be stored (answered 503), the link closes the connection
 * and, after the backoff, subscribes anew rather than resuming: NENA-STA-024 has the server send
 * every active incident matching a new subscription at once, so what was not stored comes again
 * even from a server that never re-sends a notification.
 *
 * <p>Why one class of some 850 lines: it is one connection's state machine (lease, connect,
 * subscribe or resume, notify, acknowledge, back off), and every state shares the socket, the
 * lease and the stored subscription; the message codec and the backoff are already their own
 * classes.
 */
final class EidoConveyanceLink {

    private static final Logger log = LoggerFactory.getLogger(EidoConveyanceLink.class);
    private static final ByteBuffer PING =
            ByteBuffer.wrap("doorway".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    private static final Duration DRAIN = Duration.ofSeconds(15);
    private static final int GOING_AWAY = 1001;
    private static final int POLICY_VIOLATION = 1008;

    private enum Request {
        NEW,
        RESUME,
        REFRESH,
        UNSUBSCRIBE
    }

    private final EidoConveyanceProperties.Server server;
    private final String name;
    private final Duration lease;
    private final String holder;
    private final EidoConveyanceStore store;
    private final EidoConveyanceIntake intake;
    private final EidoConveyanceCodec codec;
    private final HttpClient http;
    private final EidoConveyanceBackoff backoff;
    private final ScheduledThreadPoolExecutor control;
    private final ExecutorService notifications;

    // Confined to the control thread.
    private Connection connection;
    private boolean leased;
    private long leaseDeadline;
    private boolean standingBy;
    private String subscriptionId;
    private boolean resumable;
    private boolean resync;
    private String stale;
    private final Map<String, Request> pending = new HashMap<>();
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> leaseRenewal;
    private ScheduledFuture<?> refresh;
    private ScheduledFuture<?> keepAlive;
    private ScheduledFuture<?> resubscribe;
    private long subscribedAt;
    private int attempt;

    private volatile boolean stopping;

    EidoConveyanceLink(
            EidoConveyanceProperties.Server server,
            Duration lease,
            String holder,
            EidoConveyanceStore store,
            EidoConveyanceIntake intake,
            EidoConveyanceCodec codec,
            HttpClient http) {
        this.server = server;
        this.name = server.name();
        this.lease = lease;
        this.holder = holder;
        this.store = store;
        this.intake = intake;
        this.codec = codec;
        this.http = http;
        this.backoff = new EidoConveyanceBackoff(
                server.reconnect().initial(), server.reconnect().max());
        this.control = new ScheduledThreadPoolExecutor(1, daemon("eido-conveyance-" + name));
        this.control.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.control.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.control.setRemoveOnCancelPolicy(true);
        this.notifications = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                daemon("eido-conveyance-" + name + "-intake"));
    }

    /** Checks the handshake settings the JDK refuses (restricted headers), before anything runs. */
    static void checkHandshake(HttpClient http, EidoConveyanceProperties.Server server) {
        WebSocket.Builder builder = http.newWebSocketBuilder();
        try {
            handshake(builder, server);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "EIDO server " + server.name() + ": a handshake header or the sub-protocol is not allowed ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private static WebSocket.Builder handshake(WebSocket.Builder builder, EidoConveyanceProperties.Server server) {
        builder.connectTimeout(server.connectTimeout());
        if (server.bearerToken() != null && !server.bearerToken().isBlank()) {
            builder.header("Authorization", "Bearer " + server.bearerToken().strip());
        }
        server.headers().forEach(builder::header);
        if (!server.subprotocol().isEmpty()) {
            builder.subprotocols(server.subprotocol());
        }
        return builder;
    }

    /** Begins: takes the lease when free, then connects. Returns at once. */
    void start() {
        submit(this::acquire);
    }

    /**
     * Stops: finishes the notifications already received (answering them), closes the connection
     * ("going away"), and gives the lease up. The subscription is not unsubscribed: the next
     * holder, this instance after a restart or another one, resumes it if the server still has it.
     */
    void stop() {
        stopping = true;
        await(call(() -> {
            cancel(retry, leaseRenewal, refresh, keepAlive, resubscribe);
            return null;
        }));
        notifications.shutdown();
        boolean drained;
        try {
            drained = notifications.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        boolean allAnswered = drained;
        await(call(() -> {
            if (!allAnswered) {
                notifications.shutdownNow();
                markResync();
            }
            Connection c = connection;
            connection = null;
            if (c != null) {
                try {
                    c.close(GOING_AWAY).get(2, TimeUnit.SECONDS); // sent before the lease is free for another
                } catch (ExecutionException | TimeoutException e) {
                    log.debug("EIDO server {}: close not confirmed: {}", name, SafeLog.describe(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            giveUpLease();
            log.info("EIDO server {}: stopped; subscription {} kept for the next start", name, subscriptionId);
            return null;
        }));
        control.shutdown();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- lease and connection

    private void acquire() {
        retry = null;
        if (stopping) {
            return;
        }
        Optional<EidoConveyanceStore.Held> held;
        try {
            held = store.acquire(name, holder, lease);
        } catch (RuntimeException e) {
            log.warn("EIDO server {}: cannot take the subscription lease: {}", name, SafeLog.describe(e));
            retryLater();
            return;
        }
        if (held.isEmpty()) {
            if (!standingBy) {
                log.info("EIDO server {}: another instance holds the subscription; standing by", name);
                standingBy = true;
            }
            long wait = lease.toMillis() / 2;
            retry = control.schedule(
                    guard(this::acquire),
                    wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1),
                    TimeUnit.MILLISECONDS);
            return;
        }
        standingBy = false;
        leased = true;
        leaseDeadline = System.nanoTime() + lease.toNanos();
        long every = Math.max(100, lease.toMillis() / 3);
        leaseRenewal = control.scheduleWithFixedDelay(guard(this::renewLease), every, every, TimeUnit.MILLISECONDS);
        subscriptionId = held.get().subscriptionId();
        resync = resync || held.get().resync();
        resumable = held.get().live() && !resync;
        connect();
    }

    private void renewLease() {
        if (!leased) {
            return;
        }
        try {
            if (store.renew(name, holder, lease)) {
                leaseDeadline = System.nanoTime() + lease.toNanos();
                return;
            }
            log.warn("EIDO server {}: another instance took the subscription over; disconnecting", name);
        } catch (RuntimeException e) {
            if (System.nanoTime() - leaseDeadline < 0) {
                log.debug("EIDO server {}: lease not renewed yet: {}", name, SafeLog.describe(e));
                return;
            }
            log.warn("EIDO server {}: the lease lapsed unrenewed ({}); disconnecting", name, SafeLog.describe(e));
        }
        leased = false;
        cancel(leaseRenewal);
        if (connection != null) {
            drop(connection, WebSocket.NORMAL_CLOSURE, "lease lost");
        }
    }

    private void giveUpLease() {
        cancel(leaseRenewal);
        if (!leased) {
            return;
        }
        leased = false;
        try {
            store.release(name, holder);
        } catch (RuntimeException e) {
            log.warn("EIDO server {}: could not give the lease up (it will lapse): {}", name, SafeLog.describe(e));
        }
    }

    private void retryLater() {
        if (stopping) {
            return;
        }
        Duration wait = backoff.delay(attempt++);
        log.info("EIDO server {}: next attempt in {} ms", name, wait.toMillis());
        retry = control.schedule(guard(this::acquire), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void connect() {
        Connection c = new Connection();
        connection = c;
        log.info("EIDO server {}: connecting", name);
        try {
            handshake(http.newWebSocketBuilder(), server)
                    .buildAsync(server.url(), c)
                    .whenComplete((socket, failure) -> submit(() -> opened(c, socket, failure)));
        } catch (RuntimeException e) {
            disconnected(c, "could not connect: " + SafeLog.describe(e));
        }
    }

    private void opened(Connection c, WebSocket socket, Throwable failure) {
        if (c != connection) {
            if (socket != null) {
                socket.abort();
            }
            return;
        }
        if (failure != null) {
            disconnected(c, "could not connect: " + SafeLog.describe(failure));
            return;
        }
        c.socket = socket;
        String agreed = socket.getSubprotocol();
        log.info(
                "EIDO server {}: connected{}",
                name,
                agreed == null || agreed.isEmpty() ? " (no sub-protocol agreed)" : " with sub-protocol " + agreed);
        long every = server.pingInterval().toMillis();
        keepAlive = control.scheduleWithFixedDelay(guard(() -> keepAlive(c)), every, every, TimeUnit.MILLISECONDS);
        if (subscriptionId != null && resumable) {
            request(c, Request.RESUME);
        } else {
            if (subscriptionId != null) {
                stale = subscriptionId;
            }
            subscriptionId = null;
            request(c, Request.NEW);
        }
    }

    private void keepAlive(Connection c) {
        if (c != connection) {
            return;
        }
        long silent = System.nanoTime() - c.heard;
        if (silent > 2 * server.pingInterval().toNanos()) {
            log.warn("EIDO server {}: no answer for {} s; reconnecting", name, TimeUnit.NANOSECONDS.toSeconds(silent));
            WebSocket socket = c.socket;
            if (socket != null) {
                socket.abort();
            }
            disconnected(c, "silent");
            return;
        }
        c.ping();
    }

    /** Closes a connection this side decided to give up; the usual reconnection follows. */
    private void drop(Connection c, int code, String why) {
        if (c != connection) {
            return;
        }
        c.close(code);
        disconnected(c, why);
    }

    private void disconnected(Connection c, String why) {
        if (c != connection) {
            return;
        }
        connection = null;
        cancel(keepAlive, refresh, resubscribe);
        pending.clear();
        if (subscribedAt != 0
                && System.nanoTime() - subscribedAt >= server.reconnect().max().toNanos()) {
            attempt = 0;
        }
        subscribedAt = 0;
        if (stopping) {
            return;
        }
        log.warn(
                "EIDO server {}: connection lost ({}); {}",
                name,
                why,
                resync || subscriptionId == null
                        ? "a new subscription will be asked for"
                        : "subscription " + subscriptionId + " to be resumed");
        giveUpLease();
        retryLater();
    }

    // ---------------------------------------------------------------- subscription

    private void request(Connection c, Request kind) {
        String requestId = UUID.randomUUID().toString();
        EidoConveyanceProperties.Subscription wanted = server.subscription();
        Subscribe message = kind == Request.NEW
                ? new Subscribe(
                        requestId,
                        wanted.requestType(),
                        wanted.requestSubType(),
                        wanted.requestAccepts(),
                        blankToNull(wanted.qualFilter()),
                        blankToNull(wanted.qualFilter()) == null ? null : wanted.qualFilterEvalPeriod(),
                        wanted.minRate(),
                        wanted.maxRate(),
                        null,
                        null,
                        wanted.expires())
                : new Subscribe(
                        requestId, null, null, null, null, null, null, null, subscriptionId, null, wanted.expires());
        pending.put(requestId, kind);
        c.send(codec.encode(message));
        control.schedule(
                guard(() -> {
                    if (c == connection && pending.remove(requestId) != null) {
                        log.warn(
                                "EIDO server {}: no answer to subscribe within {} ms",
                                name,
                                server.responseTimeout().toMillis());
                        drop(c, WebSocket.NORMAL_CLOSURE, "no answer to subscribe");
                    }
                }),
                server.responseTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void handle(Connection c, Message message) {
        if (c != connection) {
            return;
        }
        if (message instanceof SubscribeResponse r) {
            answered(c, r.requestId(), r.statusCode(), r.subscriptionId(), r.expires());
        } else if (message instanceof Response r) {
            if (pending.get(r.requestId()) == Request.UNSUBSCRIBE) {
                pending.remove(r.requestId());
                log.info("EIDO server {}: unsubscribe answered {}", name, r.statusCode());
            } else {
                answered(c, r.requestId(), r.statusCode(), null, null);
            }
        } else if (message instanceof UnsubscribeResponse r) {
            if (r.requestId() == null || pending.remove(r.requestId()) == null) {
                pending.values().remove(Request.UNSUBSCRIBE);
            }
            log.info(
                    "EIDO server {}: stale subscription {} unsubscribed: status {}",
                    name,
                    r.subscriptionId(),
                    r.statusCode());
        } else if (message instanceof Terminate t) {
            terminated(c, t);
        } else if (message instanceof Subscribe r) {
            c.send(codec.encode(new Response(r.requestId(), 501, "Not Implemented")));
        } else if (message instanceof Unsubscribe r) {
            c.send(codec.encode(new Response(r.requestId(), 501, "Not Implemented")));
        } else {
            log.debug(
                    "EIDO server {}: ignored a message of type {}",
                    name,
                    message.getClass().getSimpleName());
        }
    }

    private void answered(Connection c, String requestId, int status, String id, Integer expires) {
        Request kind = requestId == null ? onlyPendingSubscribe() : pending.remove(requestId);
        if (kind == null || kind == Request.UNSUBSCRIBE) {
            log.debug("EIDO server {}: an answer to no pending subscribe ignored", name);
            return;
        }
        boolean ok = status >= 200 && status < 300;
        if (kind == Request.NEW) {
            if (!ok || id == null) {
                log.warn("EIDO server {}: subscription refused: status {}", name, status);
                drop(c, WebSocket.NORMAL_CLOSURE, "subscription refused");
                return;
            }
            String previous = stale;
            stale = null;
            granted(c, id, expires);
            log.info("EIDO server {}: subscribed as {} (expires in {} s)", name, id, expires);
            if (previous != null && !previous.equals(id)) {
                unsubscribe(c, previous);
            }
            return;
        }
        if (ok) {
            granted(c, id != null ? id : subscriptionId, expires);
            if (kind == Request.RESUME) {
                log.info("EIDO server {}: resumed subscription {} (expires in {} s)", name, subscriptionId, expires);
            } else {
                log.debug("EIDO server {}: refreshed subscription {} (expires in {} s)", name, subscriptionId, expires);
            }
            return;
        }
        log.info(
                "EIDO server {}: subscription {} not {}: status {}; subscribing anew",
                name,
                subscriptionId,
                kind == Request.RESUME ? "resumed" : "refreshed",
                status);
        stale = status == 481 ? null : subscriptionId;
        subscriptionId = null;
        resumable = false;
        cancel(refresh);
        try {
            store.forget(name, holder);
        } catch (RuntimeException e) {
            log.warn("EIDO server {}: could not record the lost subscription: {}", name, SafeLog.describe(e));
        }
        request(c, Request.NEW);
    }

    private Request onlyPendingSubscribe() {
        String only = null;
        for (Map.Entry<String, Request> entry : pending.entrySet()) {
            if (entry.getValue() != Request.UNSUBSCRIBE) {
                if (only != null) {
                    return null;
                }
                only = entry.getKey();
            }
        }
        return only == null ? null : pending.remove(only);
    }

    private void granted(Connection c, String id, Integer expires) {
        subscriptionId = id;
        resumable = true;
        resync = false;
        if (subscribedAt == 0) {
            subscribedAt = System.nanoTime();
        }
        try {
            store.subscribed(name, holder, id, expires);
        } catch (RuntimeException e) {
            log.warn("EIDO server {}: could not record subscription {}: {}", name, id, SafeLog.describe(e));
        }
        cancel(refresh);
        if (expires != null && expires > 0) {
            long total = expires * 1000L;
            long at = Math.max(total / 2, total - server.renewBefore().toMillis());
            refresh = control.schedule(
                    guard(() -> {
                        if (c == connection && subscriptionId != null) {
                            request(c, Request.REFRESH);
                        }
                    }),
                    at,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void unsubscribe(Connection c, String id) {
        String requestId = UUID.randomUUID().toString();
        pending.put(requestId, Request.UNSUBSCRIBE);
        c.send(codec.encode(new Unsubscribe(requestId, id)));
    }

    private void terminated(Connection c, Terminate terminate) {
        boolean ours =
                terminate.subscriptionId() == null || terminate.subscriptionId().equals(subscriptionId);
        c.send(codec.encode(new TerminateResponse(
                terminate.requestId(),
                terminate.subscriptionId(),
                ours ? 200 : 481,
                ours ? "OK" : "Subscription Does Not Exist")));
        if (!ours) {
            log.info("EIDO server {}: terminate of a subscription not held answered 481", name);
            return;
        }
        log.info("EIDO server {}: subscription {} terminated by the server", name, subscriptionId);
        subscriptionId = null;
        resumable = false;
        cancel(refresh, resubscribe);
        try {
            store.forget(name, holder);
        } catch (RuntimeException e) {
            log.warn("EIDO server {}: could not record the terminated subscription: {}", name, SafeLog.describe(e));
        }
        if ("single".equalsIgnoreCase(server.subscription().requestSubType())) {
            return; // one incident's subscription ends with the incident
        }
        resubscribe = control.schedule(
                guard(() -> {
                    if (c == connection && subscriptionId == null && !pending.containsValue(Request.NEW)) {
                        request(c, Request.NEW);
                    }
                }),
                server.resubscribeAfterTerminate().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- notifications

    /** On the listener's thread: decodes a complete message and routes it. */
    private void received(Connection c, String text) {
        Message message;
        try {
            message = codec.decode(text);
        } catch (EidoConveyanceCodec.UnreadableMessage e) {
            log.warn(
                    "EIDO server {}: a message that is {} ignored ({} characters)",
                    name,
                    e.getMessage(),
                    text.length());
            return;
        }
        if (message instanceof Event event) {
            try {
                notifications.execute(() -> take(c, event));
            } catch (RejectedExecutionException e) {
                // Stopping: neither taken in nor answered. The next start subscribes anew, so the
                // server sends every active incident again.
                log.warn(
                        "EIDO server {}: notification {} arrived while stopping; left for a new subscription",
                        name,
                        event.transactionId());
                markResync();
            }
        } else {
            submit(() -> handle(c, message));
        }
    }

    /** On the intake thread: takes the EIDOs in, then answers. */
    private void take(Connection c, Event event) {
        EidoConveyanceIntake.Outcome outcome;
        try {
            outcome = intake.deliver(server, event.notification());
        } catch (RuntimeException e) {
            log.warn(
                    "EIDO server {}: notification {} not taken in: {}",
                    name,
                    event.transactionId(),
                    SafeLog.describe(e));
            outcome = new EidoConveyanceIntake.Outcome(503, "Service Unavailable", 0, 0);
        }
        c.send(codec.encode(new EventResponse(event.transactionId(), outcome.statusCode(), outcome.statusText())));
        if (event.notification().isEmpty()) {
            log.debug("EIDO server {}: keep-alive {} answered", name, event.transactionId());
        } else {
            log.info(
                    "EIDO server {}: notification {} with {} EIDOs answered {} ({} stored, {} refused)",
                    name,
                    event.transactionId(),
                    event.notification().size(),
                    outcome.statusCode(),
                    outcome.stored(),
                    outcome.refused());
        }
        try {
            store.answered(name, holder, event.transactionId(), outcome.statusCode());
        } catch (RuntimeException e) {
            log.debug("EIDO server {}: last transaction not recorded: {}", name, SafeLog.describe(e));
        }
        if (outcome.unstored()) {
            submit(() -> unstored(c));
        }
    }

    private void unstored(Connection c) {
        resync = true;
        markResync();
        if (c == connection) {
            log.warn(
                    "EIDO server {}: a notification could not be stored; reconnecting to subscribe anew, "
                            + "so the server sends every active incident again",
                    name);
            drop(c, WebSocket.NORMAL_CLOSURE, "notification not stored");
        }
    }

    private void markResync() {
        try {
            store.markResync(name, holder);
        } catch (RuntimeException e) {
            log.warn(
                    "EIDO server {}: could not record that a new subscription is needed: {}",
                    name,
                    SafeLog.describe(e));
        }
    }

    // ---------------------------------------------------------------- plumbing

    /** One WebSocket connection: its listener, and its outgoing messages in order. */
    private final class Connection implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();
        private volatile WebSocket socket;
        private volatile long heard = System.nanoTime();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
        private boolean oversized;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            heard = System.nanoTime();
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            heard = System.nanoTime();
            if (oversized) {
                return null;
            }
            text.append(data);
            if (text.length() > server.maxMessageBytes()) {
                oversized = true;
                text.setLength(0);
                log.warn(
                        "EIDO server {}: a message over {} bytes; closing the connection",
                        name,
                        server.maxMessageBytes());
                submit(() -> drop(this, POLICY_VIOLATION, "message too large"));
                return null;
            }
            if (last) {
                String message = text.toString();
                text.setLength(0);
                received(this, message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            heard = System.nanoTime();
            if (last) {
                log.debug("EIDO server {}: a binary message ignored", name);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            heard = System.nanoTime(); // the JDK answers with a pong by itself
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            heard = System.nanoTime();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            submit(() -> disconnected(this, "closed by the server, code " + statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            submit(() -> disconnected(this, "failed: " + SafeLog.describe(error)));
        }

        synchronized void send(String message) {
            WebSocket ws = socket;
            if (ws == null) {
                return;
            }
            sending = sending.handle((done, failed) -> null).thenCompose(ignored -> ws.sendText(message, true));
            sending.whenComplete((done, failed) -> {
                if (failed != null) {
                    log.debug("EIDO server {}: a message could not be sent: {}", name, SafeLog.describe(failed));
                }
            });
        }

        synchronized void ping() {
            WebSocket ws = socket;
            if (ws != null) {
                sending = sending.handle((done, failed) -> null).thenCompose(ignored -> ws.sendPing(PING.duplicate()));
            }
        }

        /** Sends a close after whatever is queued, then lets go of the connection; completes when done. */
        synchronized CompletableFuture<?> close(int code) {
            WebSocket ws = socket;
            if (ws == null) {
                return CompletableFuture.completedFuture(null);
            }
            sending = sending.handle((done, failed) -> null)
                    .thenCompose(ignored -> ws.sendClose(code, ""))
                    .orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((done, failed) -> ws.abort());
            return sending;
        }
    }

    private void submit(Runnable task) {
        try {
            control.execute(guard(task));
        } catch (RejectedExecutionException e) {
            log.debug("EIDO server {}: stopped; a task was dropped", name);
        }
    }

    private <T> Future<T> call(java.util.concurrent.Callable<T> task) {
        try {
            return control.submit(task);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private void await(Future<?> future) {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("EIDO server {}: stopping did not finish cleanly: {}", name, SafeLog.describe(e));
        }
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("EIDO server {}: unexpected failure: {}", name, SafeLog.describe(e));
            }
        };
    }

    private static void cancel(ScheduledFuture<?>... timers) {
        for (ScheduledFuture<?> timer : timers) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
