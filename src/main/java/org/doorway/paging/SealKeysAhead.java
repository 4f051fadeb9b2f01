package org.doorway.paging;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.doorway.seal.Sealer;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.system.Background;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes every site's data keys for encryption at rest ahead of time: at start and then every hour,
 * this month's and next month's ({@link Sealer#prepare}). A referral, page or outbox text sealed on
 * the intake or paging path then finds its key in memory, never waiting while one is made in a
 * transaction (and pool connection) of its own; a burst of referrals to many sites, or the first
 * hour of a month, no longer queues behind key making. A site added since the last pass still gets
 * its key on first use. Here, in paging, because paging knows the sites and seals the most.
 */
@Component
class SealKeysAhead {

    private static final Logger log = LoggerFactory.getLogger(SealKeysAhead.class);

    /** The pseudo-site the outbox seals its texts under ({@code dev.OutboxMessages}). */
    private static final String OUTBOX = "outbox";

    private final Sealer sealer;
    private final Sites sites;
    private final Background background;
    private volatile Background.Task task;

    SealKeysAhead(Sealer sealer, Sites sites, Background background) {
        this.sealer = sealer;
        this.sites = sites;
        this.background = background;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        task = background.every("seal-keys-ahead", Duration.ZERO, Duration.ofHours(1), this::prepareQuietly);
    }

    @PreDestroy
    void stop() {
        Background.Task running = task;
        if (running != null) {
            running.cancel();
        }
    }

    /** One pass over every site; a failure (the database away) waits for the next pass. */
    void prepareQuietly() {
        try {
            for (Site site : sites.all()) {
                sealer.prepare(site.id());
            }
            sealer.prepare(OUTBOX);
        } catch (RuntimeException e) {
            log.warn("Data keys not made ahead this time: {}", e.getClass().getSimpleName());
        }
    }
}
