package org.doorway.site;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.doorway.system.Background;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The on-call overrides made in the browser or through the API ({@code oncall_override}), the
 * only code that writes them. Every site lookup applies them, so lookups never read the database:
 * a thread of their own reads every site's overrides each second, and this instance reads them
 * again at once after its own change (and when that change's transaction ends). An override is in
 * force at once where it was made and within a second on every other instance.
 *
 * <p>Why not read through at each lookup: intake, triage and paging look sites up several times
 * per referral, and while the database is away each lookup would wait out the pool's connection
 * timeout, so the doors would not answer {@code 503} at once (what tells a source to send again).
 * While it is away, the overrides last read stand.
 */
@Component
class StoredOverrides {

    private static final Logger log = LoggerFactory.getLogger(StoredOverrides.class);

    /**
     * One stored override: a cover of {@code layer} by {@code caseManager} over {@code [from, to)}.
     *
     * @param createdBy the user name of whoever made it
     * @param reason    why, as they gave it
     */
    record Stored(
            UUID id,
            String site,
            String layer,
            String caseManager,
            Instant from,
            Instant to,
            String reason,
            String createdBy,
            Instant createdAt) {

        /** As the schedule applies it. */
        ScheduleOverride asOverride() {
            return ScheduleOverride.cover(from, to, caseManager);
        }
    }

    private static final String COLUMNS =
            "id, site, layer, case_manager, from_at, to_at, reason, created_by, created_at from oncall_override";

    private final JdbcClient db;
    private final Background background;

    StoredOverrides(JdbcClient db, Background background) {
        this.db = db;
        this.background = background;
    }

    /** Doorway's clock ({@code doorway_now()}), by which escalation steps fire. */
    Instant now() {
        return db.sql("select doorway_now()").query(Timestamp.class).single().toInstant();
    }

    /** How often every instance reads the stored overrides again (others' changes). */
    private static final long REFRESH_MILLIS = 1000;

    /** Every site's overrides in force, as last read: what lookups use, never waiting on the database. */
    private volatile Map<String, List<Stored>> inForce = Map.of();

    private final AtomicBoolean loaded = new AtomicBoolean();
    private volatile Background.Task refresher;

    /**
     * The overrides of {@code site} in force (not removed), in the order they apply, as read at most
     * a second ago, or just now by this instance's own change. Never waits on the database: while it
     * cannot be reached, the last read stands (and before any read, none).
     */
    List<Stored> inForce(String site) {
        if (loaded.compareAndSet(false, true)) {
            refreshQuietly();
            Duration every = Duration.ofMillis(REFRESH_MILLIS);
            refresher = background.every("oncall-overrides", every, every, this::refreshQuietly);
        }
        return inForce.getOrDefault(site, List.of());
    }

    @PreDestroy
    void stop() {
        Background.Task task = refresher;
        if (task != null) {
            task.cancel();
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (DataAccessException e) {
            log.debug(
                    "Stored on-call overrides not read again: {}", e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // Anything else is logged, never thrown: a task that throws is never run again.
            log.warn("Stored on-call overrides not read again: {}", e.getClass().getSimpleName());
        }
    }

    /** One read at a time, so a read begun before a change never lands after the read that follows it. */
    private synchronized void refresh() {
        Map<String, List<Stored>> bySite = new HashMap<>();
        for (Stored o : db.sql("select " + COLUMNS + " where removed_at is null order by seq")
                .query(StoredOverrides::row)
                .list()) {
            bySite.computeIfAbsent(o.site(), k -> new ArrayList<>()).add(o);
        }
        bySite.replaceAll((k, v) -> List.copyOf(v));
        inForce = Map.copyOf(bySite);
    }

    /** Reads again after this instance's own change, and once more when the caller's transaction ends. */
    private void changed() {
        refreshQuietly();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    refreshQuietly();
                }
            });
        }
    }

    private static Stored row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Stored(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6).toInstant(),
                rs.getString(7),
                rs.getString(8),
                rs.getTimestamp(9).toInstant());
    }

    private List<Stored> read(String site) {
        return db.sql("select " + COLUMNS + " where site = ? and removed_at is null order by seq")
                .param(site)
                .query(StoredOverrides::row)
                .list();
    }

    /** The override in force with this id at {@code site}, if any. */
    Optional<Stored> find(String site, UUID id) {
        return read(site).stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /**
     * Stores a cover, in force at once; it applies after every override before it.
     *
     * @return its id
     */
    UUID add(String site, String layer, String caseManager, Instant from, Instant to, String reason, String by) {
        UUID id = UUID.randomUUID();
        db.sql("insert into oncall_override (id, site, layer, case_manager, from_at, to_at, reason, created_by)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, site, layer, caseManager, Timestamp.from(from), Timestamp.from(to), reason, by)
                .update();
        changed();
        return id;
    }

    /**
     * Takes an override out of force, recording who did; the row stays.
     *
     * @return whether an override of {@code site} with this id was in force
     */
    boolean remove(String site, UUID id, String by) {
        boolean removed = db.sql("update oncall_override set removed_by = ?, removed_at = now()"
                                + " where id = ? and site = ? and removed_at is null")
                        .params(by, id, site)
                        .update()
                == 1;
        changed();
        return removed;
    }
}
