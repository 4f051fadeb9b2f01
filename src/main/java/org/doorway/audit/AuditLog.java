package org.doorway.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code access_audit} table: rows are only ever added ({@link #add}) and read
 * ({@link #search}); the database refuses anything else.
 */
@Component
class AuditLog {

    /** The most rows one search answers, newest first. */
    static final int LIMIT = 5000;

    private final JdbcClient db;

    AuditLog(JdbcClient db) {
        this.db = db;
    }

    /** Writes one row, in its own statement (committed at once outside a transaction). */
    void add(AuditEntry entry) {
        db.sql("""
                        insert into access_audit (site, actor_kind, actor, action, record_kind, record_id, referral_id,
                                                  request, purpose, remote_address)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        entry.site(),
                        entry.actorKind(),
                        entry.actor(),
                        entry.action(),
                        entry.recordKind(),
                        entry.recordId(),
                        entry.referralId(),
                        entry.request(),
                        entry.purpose(),
                        entry.remoteAddress())
                .update();
    }

    /**
     * A site's audit (every site's when {@code site} is {@code null}), newest first, at most
     * {@link #LIMIT} rows.
     *
     * @param site     the one site to show, or {@code null} for all (the global administrator)
     * @param referral a referral's id or short reference, or {@code null}
     * @param actor    an actor's name exactly as recorded, or {@code null}
     */
    List<AuditEntry> search(String site, String referral, String actor) {
        StringBuilder sql = new StringBuilder("""
                select id, at, site, actor_kind, actor, action, record_kind, record_id, referral_id, request,
                       purpose, remote_address
                from access_audit where true""");
        List<Object> params = new ArrayList<>();
        if (site != null) {
            sql.append(" and site = ?");
            params.add(site);
        }
        if (referral != null) {
            UUID id = uuid(referral);
            if (id != null) {
                sql.append(" and referral_id = ?");
                params.add(id);
            } else {
                sql.append(" and referral_id in (select r.id from referral r where r.short_ref = ?)");
                params.add(referral);
            }
        }
        if (actor != null) {
            sql.append(" and actor = ?");
            params.add(actor);
        }
        sql.append(" order by id desc limit ").append(LIMIT);
        return db.sql(sql.toString())
                .params(params)
                .query((rs, n) -> new AuditEntry(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getObject(9, UUID.class),
                        rs.getString(10),
                        rs.getString(11),
                        rs.getString(12)))
                .list();
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
