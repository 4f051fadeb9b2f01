package org.doorway.intake.eido.conveyance;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.doorway.site.Sites;
import org.doorway.system.DoorwayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Doorway as a NENA-STA-024 subscriber: for every configured CAD EIDO server
 * ({@code doorway.intake.eido-conveyance.servers}) one {@link EidoConveyanceLink} connects over a
 * WebSocket, subscribes to new incidents, and takes each notified EIDO in through
 * {@code direct:eido-conveyance}, answering the notification only once the referral is committed.
 *
 * <p>Only one instance holds a server's subscription at a time (a lease row in
 * {@code eido_subscription}); the others stand by and take over when it stops or its lease lapses.
 * The subscription id is stored, so a restart resumes it where the server still has it.
 *
 * <p>Links start once the application is ready (Camel's routes included), and stop before Camel
 * does, finishing and answering the notifications already received.
 */
@Component
class EidoConveyanceSubscriber implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EidoConveyanceSubscriber.class);

    private final EidoConveyanceProperties properties;
    private final EidoConveyanceStore store;
    private final EidoConveyanceIntake intake;
    private final EidoConveyanceCodec codec = new EidoConveyanceCodec();
    private final HttpClient http;
    private final String instance;
    private final List<EidoConveyanceLink> links = new ArrayList<>();
    private volatile boolean ready;
    private volatile boolean running;

    @Autowired
    EidoConveyanceSubscriber(
            EidoConveyanceProperties properties,
            JdbcClient db,
            ProducerTemplate camel,
            DoorwayProperties doorway,
            Sites sites,
            org.doorway.intake.IntakeDeadLetters deadLetters,
            org.doorway.intake.FeedHeartbeats heartbeats) {
        this(
                properties,
                new EidoConveyanceStore(db),
                new EidoConveyanceIntake(camel, doorway.intake().maxBodyBytes(), (source, route, reason, document) -> {
                    // Kept for an administrator, and the feed's last error on the feeds page.
                    deadLetters.keep(source, route, reason, document);
                    heartbeats.failed(source.site(), source.channel(), reason);
                }));
        for (EidoConveyanceProperties.Server server : properties.enabledServers()) {
            if (sites.find(server.site()).isEmpty()) {
                throw new IllegalStateException(
                        "EIDO server " + server.name() + ": site " + server.site() + " is not configured");
            }
        }
    }

    /** For tests: the parts given directly. */
    EidoConveyanceSubscriber(
            EidoConveyanceProperties properties, EidoConveyanceStore store, EidoConveyanceIntake intake) {
        this.properties = properties;
        this.store = store;
        this.intake = intake;
        this.instance = host() + "/" + ProcessHandle.current().pid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        this.http = properties.enabledServers().isEmpty() ? null : HttpClient.newHttpClient();
        for (EidoConveyanceProperties.Server server : properties.enabledServers()) {
            EidoConveyanceLink.checkHandshake(http, server);
            if ("ws".equalsIgnoreCase(server.url().getScheme())) {
                log.warn("EIDO server {}: ws:// is unencrypted; use wss:// outside a test", server.name());
            }
        }
    }

    /** The application, Camel's routes included, is up: links may start. */
    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        ready = true;
        synchronized (this) {
            if (running && links.isEmpty()) {
                launch();
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        if (ready && links.isEmpty()) {
            launch();
        }
    }

    private void launch() {
        for (EidoConveyanceProperties.Server server : properties.enabledServers()) {
            EidoConveyanceLink link =
                    new EidoConveyanceLink(server, properties.lease(), instance, store, intake, codec, http);
            links.add(link);
            link.start();
        }
        if (!links.isEmpty()) {
            log.info("Subscribing to {} EIDO servers as instance {}", links.size(), instance);
        }
    }

    @Override
    public void stop() {
        List<EidoConveyanceLink> stopping;
        synchronized (this) {
            running = false;
            stopping = new ArrayList<>(links);
            links.clear();
        }
        List<Thread> threads = new ArrayList<>();
        for (EidoConveyanceLink link : stopping) {
            Thread thread = new Thread(link::stop, "eido-conveyance-stop");
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Start after Camel (which takes the EIDOs in) and stop before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /** This instance's name as a lease holder. */
    String instance() {
        return instance;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
