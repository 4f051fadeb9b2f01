package org.doorway.referral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable record of every referral Doorway has accepted. A referral is unique on
 * {@code (source, sourceId)}: storing one that is already there changes nothing.
 */
@Repository
public class ReferralStore {

    private final JdbcClient db;
    private final ObjectMapper json;

    ReferralStore(JdbcClient db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * A referral as stored.
     *
     * @param id       Doorway's id of the referral
     * @param shortRef the short reference that stands for it in SMS and on the radio
     * @param site     its site
     * @param door     its door
     * @param channel  how it arrived, e.g. {@code http:demo-cad} or {@code kafka:doorway.eido}
     * @param duplicateOf the referral this one repeats (another door's report of the same incident
     *                 or person), or {@code null}
     */
    public record Stored(UUID id, String shortRef, String site, Door door, String channel, UUID duplicateOf) {}

    /**
     * Stores a new referral, in the caller's transaction.
     *
     * @return the stored referral, or empty when one with the same source and source id exists
     *         (then nothing was written)
     */
    public Optional<Stored> insertIfNew(Referral referral, String channel) {
        UUID id = UUID.randomUUID();
        return db.sql("""
                        insert into referral (id, short_ref, site, door, source, source_id, channel,
                                              received_at, occurred_at, body)
                        values (?, short_ref(nextval('referral_ref_seq')), ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))
                        on conflict (source, source_id) do nothing
                        returning short_ref""")
                .params(
                        id,
                        referral.site(),
                        referral.door().name(),
                        referral.source(),
                        referral.sourceId(),
                        channel,
                        Timestamp.from(referral.receivedAt()),
                        referral.occurredAt() == null ? null : Timestamp.from(referral.occurredAt()),
                        toJson(referral))
                .query(String.class)
                .optional()
                .map(shortRef -> new Stored(id, shortRef, referral.site(), referral.door(), channel, null));
    }

    /** The referral a source already sent under this id, if any. */
    public Optional<Stored> findBySource(String source, String sourceId) {
        return db.sql(
                        "select id, short_ref, site, door, channel, duplicate_of from referral where source = ? and source_id = ?")
                .params(source, sourceId)
                .query(ReferralStore::stored)
                .optional();
    }

    /** The stored referral with this id, if any. */
    public Optional<Stored> find(UUID id) {
        return db.sql("select id, short_ref, site, door, channel, duplicate_of from referral where id = ?")
                .param(id)
                .query(ReferralStore::stored)
                .optional();
    }

    private static Stored stored(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Stored(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                Door.valueOf(rs.getString(4)),
                rs.getString(5),
                rs.getObject(6, UUID.class));
    }

    /** The canonical referral with this id, as stored. */
    public Optional<Referral> body(UUID id) {
        return db.sql("select body::text from referral where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(this::fromJson);
    }

    /** The canonical referral's JSON object, as stored, for responses that add to it. */
    public Optional<ObjectNode> bodyJson(UUID id) {
        return db.sql("select body::text from referral where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(text -> {
                    try {
                        return (ObjectNode) json.readTree(text);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("stored referral is not JSON", e);
                    }
                });
    }

    private String toJson(Referral referral) {
        try {
            return json.writeValueAsString(referral);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Referral fromJson(String text) {
        try {
            return json.readValue(text, Referral.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored referral is not readable", e);
        }
    }
}
