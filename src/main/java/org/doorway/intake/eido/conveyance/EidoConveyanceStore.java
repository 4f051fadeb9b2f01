package org.doorway.intake.eido.conveyance;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code eido_subscription} rows: per EIDO server, the current subscription and the lease that
 * lets exactly one Doorway instance hold it. Every write but {@link #acquire} is made only by the
 * lease's holder, so an instance that lost its lease cannot overwrite its successor's state. All
 * times are the database's.
 */
final class EidoConveyanceStore {

    private final JdbcClient db;

    EidoConveyanceStore(JdbcClient db) {
        this.db = db;
    }

    /**
     * What the new holder of a lease finds.
     *
     * @param subscriptionId the stored subscription, or {@code null}
     * @param live           whether it has not expired yet (or has no expiry)
     * @param resync         whether a notification went unstored, so a new subscription is needed
     */
    record Held(String subscriptionId, boolean live, boolean resync) {}

    /** A row as stored, for diagnostics and tests. */
    record Row(
            String server,
            String subscriptionId,
            Instant expiresAt,
            boolean resync,
            String lastTransactionId,
            Integer lastTransactionStatus,
            String holder,
            Instant leaseUntil) {}

    /**
     * Takes the lease on a server if nobody holds it (or this holder already does) and returns the
     * stored subscription; empty when another instance holds it.
     */
    Optional<Held> acquire(String server, String holder, Duration lease) {
        db.sql("insert into eido_subscription (server) values (?) on conflict (server) do nothing")
                .param(server)
                .update();
        return db.sql("""
                        update eido_subscription
                           set holder = :holder, lease_until = now() + make_interval(secs => :seconds)
                         where server = :server and (lease_until < now() or holder = :holder)
                        returning subscription_id,
                                  subscription_id is not null
                                      and (expires_at is null or expires_at > now() + interval '5 seconds') as live,
                                  resync""")
                .param("holder", holder)
                .param("seconds", seconds(lease))
                .param("server", server)
                .query((rs, n) ->
                        new Held(rs.getString("subscription_id"), rs.getBoolean("live"), rs.getBoolean("resync")))
                .optional();
    }

    /** Extends this holder's lease; false if it is no longer the holder. */
    boolean renew(String server, String holder, Duration lease) {
        return db.sql("""
                        update eido_subscription set lease_until = now() + make_interval(secs => ?)
                         where server = ? and holder = ?""").params(seconds(lease), server, holder).update() == 1;
    }

    /** Gives the lease up at once, so another instance may take the server over without waiting. */
    void release(String server, String holder) {
        db.sql("update eido_subscription set holder = null, lease_until = '-infinity' where server = ? and holder = ?")
                .params(server, holder)
                .update();
    }

    /** Records a subscription the server granted or refreshed, expiring in {@code expires} seconds (null: never). */
    void subscribed(String server, String holder, String subscriptionId, Integer expires) {
        db.sql("""
                        update eido_subscription
                           set subscription_id = ?, subscribed_at = now(), resync = false,
                               expires_at = case when ?::int is null then null else now() + make_interval(secs => ?::int) end
                         where server = ? and holder = ?""").params(subscriptionId, expires, expires, server, holder).update();
    }

    /** Forgets the subscription (the server ended it, or no longer knows it). */
    void forget(String server, String holder) {
        db.sql("update eido_subscription set subscription_id = null, expires_at = null where server = ? and holder = ?")
                .params(server, holder)
                .update();
    }

    /** Asks for a new subscription next time: a notification went unstored. */
    void markResync(String server, String holder) {
        db.sql("update eido_subscription set resync = true where server = ? and holder = ?")
                .params(server, holder)
                .update();
    }

    /** Records the last notification answered. */
    void answered(String server, String holder, String transactionId, int status) {
        db.sql("""
                        update eido_subscription
                           set last_transaction_id = ?, last_transaction_status = ?, last_notified_at = now()
                         where server = ? and holder = ?""").params(transactionId, status, server, holder).update();
    }

    /** The row of a server, if there is one. */
    Optional<Row> find(String server) {
        return db.sql("""
                        select server, subscription_id, expires_at, resync, last_transaction_id, last_transaction_status,
                               holder, case when lease_until = '-infinity' then null else lease_until end as lease_until
                          from eido_subscription where server = ?""")
                .param(server)
                .query((rs, n) -> new Row(
                        rs.getString("server"),
                        rs.getString("subscription_id"),
                        instant(rs.getTimestamp("expires_at")),
                        rs.getBoolean("resync"),
                        rs.getString("last_transaction_id"),
                        (Integer) rs.getObject("last_transaction_status"),
                        rs.getString("holder"),
                        instant(rs.getTimestamp("lease_until"))))
                .optional();
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
