package org.doorway.seal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data keys of {@code seal_key}: one per site, month (UTC) and master key, made the first time
 * a value of that site is sealed in that month, and stored only wrapped by its master key, with
 * {@code site/month} as the wrapping's associated data (a wrapped key moved to another row does not
 * unwrap). A new key is committed in its own transaction before any value sealed under it, so that
 * no value ever names a key a rolled-back transaction took with it; two instances making the same
 * key at once keep the first. Unwrapped keys are kept in memory by id.
 */
final class DataKeys {

    /** A data key ready for use. */
    record DataKey(long id, SecretKey key) {}

    private record Slot(String site, LocalDate month, String masterId) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient db;
    private final MasterKeys masters;
    private final TransactionTemplate separately;
    private final Clock clock;
    private final Map<Long, DataKey> byId = new ConcurrentHashMap<>();
    private final Map<Slot, DataKey> current = new ConcurrentHashMap<>();

    DataKeys(JdbcClient db, MasterKeys masters, PlatformTransactionManager transactions, Clock clock) {
        this.db = db;
        this.masters = masters;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** The key new values of this site are sealed under now: this month's, under the current master key. */
    DataKey current(String site) {
        return slot(new Slot(site, thisMonth(), masters.currentId()));
    }

    /**
     * Makes this month's and next month's keys of the site now, if not made yet, so that sealing
     * on the intake path finds them in memory: making a key takes a transaction (and a pool
     * connection) of its own, which a request holding a connection should not have to wait for.
     */
    void prepare(String site) {
        slot(new Slot(site, thisMonth(), masters.currentId()));
        slot(new Slot(site, thisMonth().plusMonths(1), masters.currentId()));
    }

    private LocalDate thisMonth() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
    }

    /**
     * The slot's key, made if need be. Not {@code computeIfAbsent}: that would hold a lock of the map
     * (other sites' slots too) while the key is made in the database. Two threads making the same
     * key at once get the same row ({@code on conflict do nothing}).
     */
    private DataKey slot(Slot slot) {
        DataKey known = current.get(slot);
        if (known != null) {
            return known;
        }
        DataKey made = make(slot);
        DataKey first = current.putIfAbsent(slot, made);
        return first != null ? first : made;
    }

    /** The key with this id. @throws IllegalStateException when there is none */
    DataKey byId(long id) {
        DataKey known = byId.get(id);
        if (known != null) {
            return known;
        }
        record Row(String site, LocalDate month, String masterId, byte[] wrapped) {}
        Row row = db.sql("select site, month, master_id, wrapped from seal_key where id = ?")
                .param(id)
                .query((rs, n) ->
                        new Row(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3), rs.getBytes(4)))
                .optional()
                .orElseThrow(() -> new IllegalStateException("data key " + id + " is not in seal_key"));
        DataKey key = new DataKey(
                id,
                new SecretKeySpec(
                        masters.unwrap(row.masterId(), row.wrapped(), context(row.site(), row.month())), "AES"));
        byId.put(id, key);
        return key;
    }

    /** The ids of the data keys wrapped by the current master key. */
    java.util.List<Long> currentIds() {
        return db.sql("select id from seal_key where master_id = ?")
                .param(masters.currentId())
                .query(Long.class)
                .list();
    }

    private DataKey make(Slot slot) {
        Long id = separately.execute(status -> {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            db.sql("""
                            insert into seal_key (site, month, master_id, wrapped) values (?, ?, ?, ?)
                            on conflict (site, month, master_id) do nothing""")
                    .params(
                            slot.site(),
                            slot.month(),
                            slot.masterId(),
                            masters.wrap(fresh, context(slot.site(), slot.month())))
                    .update();
            return db.sql("select id from seal_key where site = ? and month = ? and master_id = ?")
                    .params(slot.site(), slot.month(), slot.masterId())
                    .query(Long.class)
                    .single();
        });
        return byId(id);
    }

    private static String context(String site, LocalDate month) {
        return "doorway-seal-key/" + site + "/" + month;
    }
}
