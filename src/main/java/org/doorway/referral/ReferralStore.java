package org.doorway.referral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.doorway.seal.Resealable;
import org.doorway.seal.Sealer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable record of every referral Doorway has accepted. A referral is identified by
 * {@code (site, source, sourceId)}: two sites whose sources number their records alike hold two
 * referrals, and every lookup by a source's id names the site, so that one site can neither claim
 * nor read another's ids.
 *
 * <p>A source may send the same record again. {@link #save} keeps every version the source sent
 * ({@code referral_version}) and the newest in the referral itself: a version identical to one
 * already stored changes nothing; an older one arriving late (by the source's own update time,
 * {@link Referral.Revision#updatedAt()}) changes nothing; any other is a newer version, and replaces
 * the referral's body, door and event time. Where the source gives no update time, versions are
 * taken in the order they arrive.
 *
 * <p>Sealed at rest (issue 14): the whole referral, and each version, is stored sealed ({@link
 * Sealer}, column {@code sealed}); the {@code body} column holds only its {@linkplain #projection
 * projection}, without personal data, for the queries that count and group referrals. A referral
 * stored before encryption at rest has no {@code sealed} value and a whole {@code body} until the
 * background pass ({@link #reseal}) seals it; every read here takes either.
 *
 * <p>Why one class of over 500 lines: storing a version, sealing it, the projection, the
 * background re-sealing and retention's de-identification all write the same two tables under the
 * same rules of what is sealed and what is projected; split, each part would have to know those
 * rules again.
 */
@Repository
public class ReferralStore implements Resealable {

    /**
     * The SQL expression of a referral's whole stored form, for a query over {@code referral r}:
     * open it with {@link #whole(String)}.
     */
    public static final String WHOLE = "coalesce(r.sealed, r.body::text)";

    /** The top-level field that marks a {@code body} as a projection (not a whole referral). */
    static final String PROJECTION = "projection";

    private final JdbcClient db;
    private final ObjectMapper json;
    private final Sealer sealer;

    ReferralStore(JdbcClient db, ObjectMapper json, Sealer sealer) {
        this.db = db;
        this.json = json;
        this.sealer = sealer;
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

    /** What storing a version of a source's record did. */
    public enum Change {
        /** The first version: a new referral. */
        NEW,
        /** The same as a version already stored: nothing changed. */
        SAME,
        /** Older than the version in force, by the source's own update time: nothing changed. */
        OUT_OF_DATE,
        /** A newer version: the referral now holds it. */
        UPDATED,
        /** A newer version that closes the incident: the referral now holds it. */
        CLOSED
    }

    /**
     * A version of a source's record, stored.
     *
     * @param stored  the referral it belongs to
     * @param change  what storing it did
     * @param version the referral's version in force now (from 1)
     */
    public record Saved(Stored stored, Change change, int version) {}

    /**
     * Stores a version of a source's record, in the caller's transaction: a new referral, a newer
     * version of one already stored (which then holds it), or nothing when it is the same as a
     * stored version or older than the one in force. Two versions of one record stored at once are
     * taken one after the other (the referral's row is locked).
     */
    public Saved save(Referral referral, String channel) {
        Optional<Stored> inserted = insertIfNew(referral, channel);
        if (inserted.isPresent()) {
            version(inserted.get().id(), 1, referral, channel, Change.NEW);
            db.sql("""
                            update referral set source_updated_at = ?,
                                   source_closed_at = case when ? then doorway_now() end
                            where id = ?""")
                    .params(
                            timestamp(referral.revision().updatedAt()),
                            referral.revision().closed(),
                            inserted.get().id())
                    .update();
            return new Saved(inserted.get(), Change.NEW, 1);
        }
        record Current(Stored stored, int version, Timestamp updatedAt, boolean closed) {}
        Current current = db.sql("""
                        select id, short_ref, site, door, channel, duplicate_of, version, source_updated_at,
                               source_closed_at is not null
                        from referral where site = ? and source = ? and source_id = ? for update""")
                .params(referral.site(), referral.source(), referral.sourceId())
                .query((rs, n) -> new Current(stored(rs, n), rs.getInt(7), rs.getTimestamp(8), rs.getBoolean(9)))
                .optional()
                .orElseThrow(() -> new IllegalStateException("referral vanished during intake"));
        JsonNode mine = withoutReceivedAt(toJson(referral));
        boolean same = db
                .sql("select coalesce(sealed, body::text) from referral_version where referral_id = ?")
                .param(current.stored().id())
                .query(String.class)
                .list()
                .stream()
                .anyMatch(stored -> withoutReceivedAt(sealer.open(stored)).equals(mine));
        if (same) {
            return new Saved(current.stored(), Change.SAME, current.version());
        }
        Instant updatedAt = referral.revision().updatedAt();
        if (updatedAt != null
                && current.updatedAt() != null
                && !updatedAt.isAfter(current.updatedAt().toInstant())) {
            return new Saved(current.stored(), Change.OUT_OF_DATE, current.version());
        }
        int version = current.version() + 1;
        Change change = referral.revision().closed() && !current.closed() ? Change.CLOSED : Change.UPDATED;
        db.sql("""
                        update referral set door = ?, occurred_at = ?, body = cast(? as jsonb), sealed = ?,
                               version = ?, source_updated_at = ?,
                               source_closed_at = case when ? then coalesce(source_closed_at, doorway_now()) end
                        where id = ?""")
                .params(
                        referral.door().name(),
                        timestamp(referral.occurredAt()),
                        projectionJson(referral),
                        sealer.seal(referral.site(), toJson(referral)),
                        version,
                        timestamp(updatedAt),
                        referral.revision().closed(),
                        current.stored().id())
                .update();
        version(current.stored().id(), version, referral, channel, change);
        Stored was = current.stored();
        return new Saved(
                new Stored(was.id(), was.shortRef(), was.site(), referral.door(), was.channel(), was.duplicateOf()),
                change,
                version);
    }

    private void version(UUID id, int version, Referral referral, String channel, Change change) {
        db.sql("""
                        insert into referral_version (referral_id, version, received_at, source_updated_at, closed,
                                                      channel, change, body, sealed)
                        values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)""")
                .params(
                        id,
                        version,
                        Timestamp.from(referral.receivedAt()),
                        timestamp(referral.revision().updatedAt()),
                        referral.revision().closed(),
                        channel,
                        change.name(),
                        projectionJson(referral),
                        sealer.seal(referral.site(), toJson(referral)))
                .update();
    }

    /**
     * A version of a referral as its source sent it.
     *
     * @param version    its number, from 1
     * @param receivedAt when Doorway received it
     * @param updatedAt  the source's own update time, if it gave one
     * @param closed     whether it closed the incident
     * @param change     what it did ({@link Change#NEW}, {@link Change#UPDATED} or {@link Change#CLOSED})
     */
    public record Version(int version, Instant receivedAt, Instant updatedAt, boolean closed, Change change) {}

    /** Every version of a referral its source sent and Doorway took, oldest first. */
    public List<Version> versions(UUID id) {
        return db.sql("""
                        select version, received_at, source_updated_at, closed, change from referral_version
                        where referral_id = ? order by version""")
                .param(id)
                .query((rs, n) -> new Version(
                        rs.getInt(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
                        rs.getBoolean(4),
                        Change.valueOf(rs.getString(5))))
                .list();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /**
     * Stores a new referral, in the caller's transaction.
     *
     * @return the stored referral, or empty when one with the same site, source and source id
     *         exists (then nothing was written)
     */
    public Optional<Stored> insertIfNew(Referral referral, String channel) {
        UUID id = UUID.randomUUID();
        return db.sql("""
                        insert into referral (id, short_ref, site, door, source, source_id, channel,
                                              received_at, occurred_at, body, sealed)
                        values (?, short_ref(nextval('referral_ref_seq')), ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)
                        on conflict (site, source, source_id) do nothing
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
                        projectionJson(referral),
                        sealer.seal(referral.site(), toJson(referral)))
                .query(String.class)
                .optional()
                .map(shortRef -> new Stored(id, shortRef, referral.site(), referral.door(), channel, null));
    }

    /** The referral a source of this site already sent under this id, if any. */
    public Optional<Stored> findBySource(String site, String source, String sourceId) {
        return db.sql("""
                        select id, short_ref, site, door, channel, duplicate_of from referral
                        where site = ? and source = ? and source_id = ?""")
                .params(site, source, sourceId)
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

    /** The canonical referral with this id, as stored (its projection once de-identified). */
    public Optional<Referral> body(UUID id) {
        return db.sql("select coalesce(sealed, body::text) from referral where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(stored -> fromJson(whole(stored)));
    }

    /** The canonical referral's JSON object, as stored, for responses that add to it. */
    public Optional<ObjectNode> bodyJson(UUID id) {
        return db.sql("select coalesce(sealed, body::text) from referral where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(this::whole);
    }

    /**
     * The whole referral from what a query selected as {@link #WHOLE}: opened if sealed, as it is
     * otherwise (stored before encryption at rest, or a de-identified projection).
     */
    public ObjectNode whole(String stored) {
        try {
            ObjectNode node = (ObjectNode) json.readTree(sealer.open(stored));
            node.remove(PROJECTION);
            return node;
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored referral is not JSON", e);
        }
    }

    /**
     * What of a referral is stored in the clear, for the queries that count and group: where
     * (zone and coordinates, no address or description), when, which door, source and call type,
     * the referrer's agency, badge and role, how many charges (each charge an empty entry), the
     * people's roles and the descriptors equity reporting counts (race, ethnicity, gender), the
     * mapper's warnings and the revision. No name, birth date, address, charge, note, callback or
     * screening fact.
     */
    static Referral projection(Referral whole) {
        Referral.Location place = whole.location() == null
                ? null
                : new Referral.Location(
                        null,
                        null,
                        whole.location().latitude(),
                        whole.location().longitude(),
                        whole.location().zone());
        Referral.Referrer referrer = whole.referrer() == null
                ? null
                : new Referral.Referrer(
                        whole.referrer().agency(),
                        whole.referrer().agent(),
                        null,
                        whole.referrer().role(),
                        null);
        return new Referral(
                whole.site(),
                whole.door(),
                whole.source(),
                whole.sourceId(),
                whole.occurredAt(),
                whole.receivedAt(),
                place,
                whole.callType(),
                whole.charges().stream()
                        .map(c -> new Referral.Charge(null, null, null))
                        .toList(),
                referrer,
                whole.persons().stream()
                        .map(p -> new Referral.Person(p.roles(), null, null, null, p.race(), p.ethnicity(), p.gender()))
                        .toList(),
                List.of(),
                whole.warnings(),
                Referral.Screening.UNKNOWN,
                whole.revision());
    }

    private String projectionJson(Referral whole) {
        ObjectNode node = json.valueToTree(projection(whole));
        node.put(PROJECTION, true);
        return node.toString();
    }

    @Override
    public String what() {
        return "referral.sealed and referral_version.sealed";
    }

    /**
     * Seals again referrals and versions stored before encryption at rest (whole {@code body}, no
     * {@code sealed}) or under an earlier master key.
     */
    @Override
    public int reseal(int batch, List<Long> currentKeys) {
        record Row(UUID id, int version, String site, String sealed, String body) {}
        String stale = "(sealed is null and body -> '" + PROJECTION + "' is null) or "
                + Sealer.staleText("sealed", currentKeys);
        List<Row> referrals = db.sql("select id, 0, site, sealed, body::text from referral where " + stale + " limit ?")
                .param(batch)
                .query((rs, n) ->
                        new Row(rs.getObject(1, UUID.class), 0, rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
        for (Row row : referrals) {
            String whole = row.sealed() == null ? row.body() : sealer.open(row.sealed());
            db.sql("""
                            update referral set sealed = ?, body = cast(? as jsonb)
                            where id = ? and coalesce(sealed, '') = coalesce(cast(? as text), '') and body = cast(? as jsonb)""")
                    .params(
                            sealer.seal(row.site(), whole),
                            projectionJson(fromJson(whole(whole))),
                            row.id(),
                            row.sealed(),
                            row.body())
                    .update();
        }
        List<Row> versions = db.sql(
                        """
                        select v.referral_id, v.version, r.site, v.sealed, v.body::text
                        from referral_version v join referral r on r.id = v.referral_id
                        where %s limit ?""".formatted(stale.replace("sealed", "v.sealed").replace("and body", "and v.body")))
                .param(batch)
                .query((rs, n) -> new Row(
                        rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
        for (Row row : versions) {
            String whole = row.sealed() == null ? row.body() : sealer.open(row.sealed());
            db.sql("""
                            update referral_version set sealed = ?, body = cast(? as jsonb)
                            where referral_id = ? and version = ? and coalesce(sealed, '') = coalesce(cast(? as text), '')
                              and body = cast(? as jsonb)""")
                    .params(
                            sealer.seal(row.site(), whole),
                            projectionJson(fromJson(whole(whole))),
                            row.id(),
                            row.version(),
                            row.sealed(),
                            row.body())
                    .update();
        }
        return referrals.size() + versions.size();
    }

    private JsonNode withoutReceivedAt(String whole) {
        ObjectNode node = whole(whole);
        node.remove("receivedAt");
        return node;
    }

    private String toJson(Referral referral) {
        try {
            return json.writeValueAsString(referral);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Referral fromJson(ObjectNode node) {
        try {
            return json.treeToValue(node, Referral.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored referral is not readable", e);
        }
    }

    /**
     * For retention: drops the referral's personal content and keeps only what statistics read.
     * The body becomes a projection of the same shape (so every reader still parses it) that keeps
     * site, door, source kind, the times, the call type, the location's zone and coordinates, the
     * number of charges (each emptied), the referrer's agency and role, each person's roles and
     * race, ethnicity and gender, the screening facts (an override without its author or words),
     * the warnings and the revision, and of the notes only the arrest type "Taken into custody" (the
     * missed-diversion report counts by it); it drops names, birth dates, charge codes and texts, notes,
     * the address and its description, the referrer's agent, callback and name, and the source's
     * own id (an RMS or CAD number leads back to the person). Every earlier version and every
     * match key of the referral is deleted. Doing it twice changes nothing more.
     *
     * @return whether a referral with this id exists
     */
    public boolean deidentify(UUID referralId) {
        Optional<String> stored = db.sql("select coalesce(sealed, body::text) from referral where id = ?")
                .param(referralId)
                .query(String.class)
                .optional();
        if (stored.isEmpty()) {
            return false;
        }
        // Built from the whole referral (opened if sealed), then nothing sealed is kept: the
        // projection marker tells the background pass there is nothing left to seal.
        db.sql("""
                        update referral set source_id = 'deidentified:' || id::text, sealed = null,
                               deidentified_at = coalesce(deidentified_at, doorway_now()),
                               body = (select jsonb_build_object(
                            'site', body->'site', 'door', body->'door', 'source', body->'source', 'sourceId', null,
                            'occurredAt', body->'occurredAt', 'receivedAt', body->'receivedAt',
                            'location', case when jsonb_typeof(body->'location') = 'object' then jsonb_build_object(
                                'text', null, 'description', null, 'latitude', body->'location'->'latitude',
                                'longitude', body->'location'->'longitude', 'zone', body->'location'->'zone') end,
                            'callType', body->'callType',
                            'charges', (select coalesce(jsonb_agg(jsonb_build_object(
                                            'code', null, 'codeSystem', null, 'description', null)), '[]'::jsonb)
                                        from jsonb_array_elements(case when jsonb_typeof(body->'charges') = 'array'
                                                                       then body->'charges' else '[]'::jsonb end)),
                            'referrer', case when jsonb_typeof(body->'referrer') = 'object' then jsonb_build_object(
                                'agency', body->'referrer'->'agency', 'agent', null, 'callback', null,
                                'role', body->'referrer'->'role', 'name', null) end,
                            'persons', (select coalesce(jsonb_agg(jsonb_build_object(
                                            'roles', p->'roles', 'givenName', null, 'familyName', null, 'birthDate', null,
                                            'race', p->'race', 'ethnicity', p->'ethnicity', 'gender', p->'gender')),
                                            '[]'::jsonb)
                                        from jsonb_array_elements(case when jsonb_typeof(body->'persons') = 'array'
                                                                       then body->'persons' else '[]'::jsonb end) p),
                            'notes', case when exists (
                                    select 1 from jsonb_array_elements_text(case when jsonb_typeof(body->'notes') = 'array'
                                                                              then body->'notes' else '[]'::jsonb end) n
                                     where n like '%Taken into custody%')
                                then '["Taken into custody"]'::jsonb else '[]'::jsonb end,
                            'warnings', coalesce(body->'warnings', '[]'::jsonb),
                            'screening', case when jsonb_typeof(body->'screening'->'override') = 'object'
                                              then jsonb_set(body->'screening', '{override}', jsonb_build_object(
                                                  'by', null, 'rank', body->'screening'->'override'->'rank',
                                                  'at', body->'screening'->'override'->'at', 'reason', null))
                                              else body->'screening' end,
                            'revision', body->'revision', 'projection', true)
                                       from (select cast(? as jsonb) as body) whole)
                        where id = ?""").params(whole(stored.get()).toString(), referralId).update();
        db.sql("delete from referral_version where referral_id = ?")
                .param(referralId)
                .update();
        db.sql("delete from referral_match_key where referral_id = ?")
                .param(referralId)
                .update();
        return true;
    }

    /**
     * For retention: deletes the versions of a site's referrals received before {@code before},
     * except each referral's latest (whose body is the referral's own).
     *
     * @return how many versions were deleted
     */
    public int dropVersionsBefore(String site, Instant before) {
        return db.sql("""
                        delete from referral_version v using referral r
                         where r.id = v.referral_id and r.site = ? and v.received_at < ?
                           and v.version < (select max(l.version) from referral_version l where l.referral_id = v.referral_id)""").params(site, Timestamp.from(before)).update();
    }
}
