package org.doorway.site;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The on-call overrides made in the browser or through the API ({@code oncall_override}), the
 * only code that writes them. Every lookup reads through to the database, so an override made on
 * one instance is in force on every instance at once; there is no cache to invalidate.
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

    /** The overrides of {@code site} in force (not removed), in the order they apply. */
    List<Stored> inForce(String site) {
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
        return inForce(site).stream().filter(o -> o.id().equals(id)).findFirst();
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
        return id;
    }

    /**
     * Takes an override out of force, recording who did; the row stays.
     *
     * @return whether an override of {@code site} with this id was in force
     */
    boolean remove(String site, UUID id, String by) {
        return db.sql("update oncall_override set removed_by = ?, removed_at = now()"
                                + " where id = ? and site = ? and removed_at is null")
                        .params(by, id, site)
                        .update()
                == 1;
    }
}
