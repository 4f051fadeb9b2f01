package org.doorway.site;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The on-call overrides made in the browser or through the API ({@code oncall_override}), the
 * only code that writes them. Lookups read the database at most once a second per site: an override
 * made on this instance is in force here at once (its commit forgets what was read), and on every
 * other instance within a second. Intake, triage and paging look sites up many times per referral;
 * reading through each time cost them a query apiece.
 *
 * <p>While the database cannot be reached, the overrides last read stand and it is not asked again
 * for a few seconds: every lookup waiting out the connection timeout would keep the doors from
 * answering {@code 503} at once, which is what tells a source to send again.
 */
@Component
class StoredOverrides {

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

    StoredOverrides(JdbcClient db) {
        this.db = db;
    }

    /** Doorway's clock ({@code doorway_now()}), by which escalation steps fire. */
    Instant now() {
        return db.sql("select doorway_now()").query(Timestamp.class).single().toInstant();
    }

    /** How long overrides read from the database are used before it is asked again. */
    private static final long FRESH_NANOS = 1_000_000_000L;

    /** How long an unreachable database is not asked again. */
    private static final long UNREACHABLE_NANOS = 5_000_000_000L;

    private record Read(List<Stored> overrides, long at) {}

    private final Map<String, Read> recent = new ConcurrentHashMap<>();
    /** Moves on at every forgetting: a read that began before one is not kept. */
    private final AtomicLong forgotten = new AtomicLong();

    private volatile long askAgainAt = System.nanoTime();

    /**
     * The overrides of {@code site} in force (not removed), in the order they apply, as read within
     * the last second. While the database cannot be reached, the last read (if any) stands.
     *
     * @throws DataAccessException when the database cannot be reached and nothing was read before
     */
    List<Stored> inForce(String site) {
        long now = System.nanoTime();
        Read last = recent.get(site);
        if (last != null && now - last.at() < FRESH_NANOS) {
            return last.overrides();
        }
        if (now - askAgainAt < 0) {
            if (last != null) {
                return last.overrides();
            }
            throw new DataAccessResourceFailureException("the database was unreachable a moment ago");
        }
        try {
            long before = forgotten.get();
            List<Stored> read = read(site);
            if (forgotten.get() == before) {
                recent.put(site, new Read(read, now));
            }
            return read;
        } catch (DataAccessException e) {
            askAgainAt = now + UNREACHABLE_NANOS;
            if (last != null) {
                return last.overrides();
            }
            throw e;
        }
    }

    /**
     * Forgets what was read of {@code site} after a write, and again once the caller's transaction
     * (if any) ends; a read that was under way meanwhile is not kept.
     */
    private void forget(String site) {
        forgotten.incrementAndGet();
        recent.remove(site);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forgotten.incrementAndGet();
                    recent.remove(site);
                }
            });
        }
    }

    private List<Stored> read(String site) {
        return db.sql("select " + COLUMNS + " where site = ? and removed_at is null order by seq")
                .param(site)
                .query((rs, n) -> new Stored(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant(),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getTimestamp(9).toInstant()))
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
        forget(site);
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
        forget(site);
        return removed;
    }
}
