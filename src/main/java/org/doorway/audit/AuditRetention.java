package org.doorway.audit;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * For retention: the one way access audit entries leave the table, through the database's
 * {@code access_audit_purge} (V41), which refuses any cutoff less than six years back; the table
 * stays append-only for everything else.
 */
@Component
public class AuditRetention {

    private final JdbcClient db;

    AuditRetention(JdbcClient db) {
        this.db = db;
    }

    /**
     * Deletes the entries of {@code site} ({@code null}: those of no one site) recorded before
     * {@code before}, which must be at least six years back by Doorway's clock.
     *
     * @return how many were deleted
     */
    public long forgetBefore(String site, Instant before) {
        return db.sql("select access_audit_purge(?, ?)")
                .params(site, Timestamp.from(before))
                .query(Long.class)
                .single();
    }
}
