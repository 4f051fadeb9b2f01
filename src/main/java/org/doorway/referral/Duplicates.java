package org.doorway.referral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.doorway.seal.Sealer;
import org.doorway.system.DoorwayProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finds the referral a new one repeats: the same person, or the same incident reported through
 * another door or source (a CAD call and the RMS report of the arrest that followed), received
 * within a window before it.
 * <ul>
 *   <li><b>Same person</b>: a person on both with the same given and family name (ignoring case,
 *       accents and punctuation) and, where both give one, the same date of birth.</li>
 *   <li><b>Same incident</b>: both located within 150 m of each other (or at the same address
 *       text) and occurring within the window of each other, sharing a charge code where both have
 *       charges.</li>
 * </ul>
 * The same-incident rule applies only across sources: within one source, its own ids tell incidents
 * apart (two people at one corner are two referrals). A new referral is linked to the earliest
 * referral of a chain.
 *
 * <p><b>Match keys.</b> Earlier referrals are found through the table {@code referral_match_key},
 * not by reading recent bodies: each referral is stored with keyed hashes ({@link KeyedHash}, under
 * {@code doorway.triage.match-key}) of its people's names and, when it says when it happened, of
 * its place (the coordinate cell and the address text). A key is coarser than the rule it stands
 * for (a name without its date of birth; a cell of about 220 m by 0.01° of longitude, looked up with
 * its eight neighbours), so every referral the rules above would match shares a key with the new
 * one; only those few are read and checked against the rules. No key holds a name, date or place
 * in clear. Coordinates are keyed to within 150 m wherever a degree of longitude is longer than
 * 15 km, that is between 82° south and north.
 *
 * <p><b>One at a time per key.</b> Two transactions storing the same person at once would not see
 * each other's uncommitted rows. Before looking, a transaction takes a PostgreSQL advisory lock
 * (held until it commits) for each key it looks up, in one order; a second transaction with a key
 * in common waits, then sees the first one committed and is linked to it.
 */
@Repository
public class Duplicates implements SmartInitializingSingleton {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Duplicates.class);

    private static final double SAME_PLACE_METRES = 150;
    /** Cell sizes of the place keys, in degrees: 0.002° of latitude is about 222 m. */
    private static final double CELL_LATITUDE = 0.002;

    private static final double CELL_LONGITUDE = 0.01;
    /** The most earlier referrals read for one new one; keys leave far fewer. */
    private static final int CANDIDATES = 200;

    private static final String PERSON = "person";
    private static final String PLACE = "place";

    private final JdbcClient db;
    private final ObjectMapper json;
    private final KeyedHash hash;
    private final Duration window;
    private final Sealer sealer;

    Duplicates(
            JdbcClient db,
            ObjectMapper json,
            @Value("${doorway.triage.match-key:doorway-development-match-key}") String matchKey,
            DoorwayProperties properties,
            Sealer sealer) {
        this.db = db;
        this.sealer = sealer;
        this.json = json;
        this.hash = new KeyedHash(matchKey);
        this.window = properties.intake().duplicateWindow();
    }

    /** A match key of one referral: what it is stored under, and what it looks earlier ones up by. */
    private record Key(String kind, String key) {}

    /**
     * The keys of a referral.
     *
     * @param stored  the keys it is stored under
     * @param lookups the keys earlier referrals are looked up by (a cell's neighbours too)
     */
    private record Keys(List<Key> stored, List<Key> lookups) {}

    /**
     * The id of the referral {@code referral} (stored as {@code self}) repeats, if one was received
     * within {@code window} before it. Stores {@code self}'s match keys and, until the caller's
     * transaction ends, holds the locks of every key it looks up, so that a concurrent transaction
     * storing a matching referral waits for this one and then finds it.
     */
    public Optional<UUID> find(Referral referral, UUID self, Duration window) {
        Keys keys = keys(referral);
        lock(keys.lookups());
        store(self, referral, keys.stored());
        if (keys.lookups().isEmpty()) {
            return Optional.empty();
        }
        Instant since = referral.receivedAt().minus(window);
        record Candidate(UUID id, UUID duplicateOf, String body) {}
        // A referral found only by its place can only be the same incident, and only from another
        // source (sameIncident below): the same CAD's many calls at one busy corner are not read.
        List<String> persons = keys.lookups().stream()
                .filter(k -> PERSON.equals(k.kind()))
                .map(Key::key)
                .distinct()
                .toList();
        List<String> places = keys.lookups().stream()
                .filter(k -> PLACE.equals(k.kind()))
                .map(Key::key)
                .distinct()
                .toList();
        List<Object> params = new ArrayList<>();
        params.add(referral.site());
        params.add(Timestamp.from(since));
        params.add(self);
        params.addAll(persons);
        params.addAll(places);
        params.add(referral.source());
        params.add(CANDIDATES);
        List<Candidate> candidates = db.sql("""
                        select r.id, r.duplicate_of, coalesce(r.sealed, r.body::text) from referral r
                        where r.id in (select k.referral_id from referral_match_key k
                                        join referral e on e.id = k.referral_id
                                        where k.site = ? and k.received_at >= ? and k.referral_id <> ?
                                          and (%s or (%s and e.source <> ?)))
                        order by r.received_at desc limit ?""".formatted(inList(persons), inList(places)))
                .params(params)
                .query((rs, n) ->
                        new Candidate(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
                .list();
        for (Candidate candidate : candidates) {
            Referral earlier = read(candidate.body());
            if (samePerson(referral, earlier)
                    || (!referral.source().equals(earlier.source()) && sameIncident(referral, earlier, window))) {
                return Optional.of(candidate.duplicateOf() == null ? candidate.id() : candidate.duplicateOf());
            }
        }
        return Optional.empty();
    }

    /**
     * Takes, until the caller's transaction ends, the locks of every key the referrals will be
     * looked up by, all in one order: a transaction committing several referrals calls this first,
     * so that two such transactions never wait for each other in a circle.
     */
    public void serialize(Collection<Referral> referrals) {
        List<Key> all = new ArrayList<>();
        for (Referral referral : referrals) {
            if (referral != null) {
                all.addAll(keys(referral).lookups());
            }
        }
        lock(all);
    }

    /** {@code k.match_key in (?, …)} for these keys, or {@code false} for none. */
    private static String inList(List<String> keys) {
        return keys.isEmpty()
                ? "false"
                : "k.match_key in (" + String.join(", ", Collections.nCopies(keys.size(), "?")) + ")";
    }

    private void lock(List<Key> keys) {
        // Sorted and once each: two transactions take the locks they share in the same order.
        long[] ids = keys.stream()
                .mapToLong(k -> Long.parseUnsignedLong(k.key().substring(0, 16), 16))
                .distinct()
                .sorted()
                .toArray();
        if (ids.length == 0) {
            return;
        }
        // One round trip for all: unnest hands the ids over in the array's (sorted) order, and the
        // aggregate takes each lock as its row comes, so the order above still holds.
        db.sql("select count(pg_advisory_xact_lock(k)) from unnest(?::bigint[]) as k")
                .param(Arrays.stream(ids).boxed().toArray(Long[]::new))
                .query(Long.class)
                .single();
    }

    private void store(UUID self, Referral referral, List<Key> keys) {
        List<Key> distinct = keys.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        for (Key key : distinct) {
            params.addAll(List.of(self, referral.site(), key.kind(), key.key(), Timestamp.from(referral.receivedAt())));
        }
        db.sql("insert into referral_match_key (referral_id, site, kind, match_key, received_at) values "
                        + String.join(", ", Collections.nCopies(distinct.size(), "(?, ?, ?, ?, ?)"))
                        + " on conflict do nothing")
                .params(params)
                .update();
    }

    private Keys keys(Referral referral) {
        List<Key> stored = new ArrayList<>();
        List<Key> lookups = new ArrayList<>();
        String site = referral.site();
        for (Referral.Person person : referral.persons()) {
            if (person == null || person.givenName() == null || person.familyName() == null) {
                continue;
            }
            String name = KeyedHash.normalise(person.givenName()) + KeyedHash.normalise(person.familyName());
            if (name.isEmpty()) {
                continue;
            }
            Key key = new Key(PERSON, hash.hex("duplicate-person\n" + site + "\n" + name));
            stored.add(key);
            lookups.add(key);
        }
        Referral.Location place = referral.location();
        if (referral.occurredAt() != null && place != null) {
            if (place.latitude() != null
                    && place.longitude() != null
                    && Double.isFinite(place.latitude())
                    && Double.isFinite(place.longitude())) {
                long row = (long) Math.floor(place.latitude() / CELL_LATITUDE);
                long column = (long) Math.floor(place.longitude() / CELL_LONGITUDE);
                stored.add(cell(site, row, column));
                for (long r = row - 1; r <= row + 1; r++) {
                    for (long c = column - 1; c <= column + 1; c++) {
                        lookups.add(cell(site, r, c));
                    }
                }
            }
            String text = place.text() == null ? "" : KeyedHash.normalise(place.text());
            if (!text.isEmpty()) {
                Key key = new Key(PLACE, hash.hex("duplicate-address\n" + site + "\n" + text));
                stored.add(key);
                lookups.add(key);
            }
        }
        return new Keys(stored, lookups);
    }

    private Key cell(String site, long row, long column) {
        return new Key(PLACE, hash.hex("duplicate-cell\n" + site + "\n" + row + "\n" + column));
    }

    /**
     * Keys the referrals received within the duplicate window before now that have none (those
     * stored before the match keys existed, or under an earlier match key), before intake starts:
     * a referral older than the window is never matched again, so nothing older needs keys.
     */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            keyRecentReferrals();
        } catch (DataAccessException e) {
            // Never a reason not to start: those referrals only miss being matched as duplicates.
            log.warn(
                    "Recent referrals not keyed for duplicate matching: {}",
                    e.getClass().getSimpleName());
        }
    }

    private void keyRecentReferrals() {
        Instant since = Instant.now().minus(window);
        List<UUID> ids =
                db.sql("""
                        select id from referral r
                        where received_at >= ?
                          and not exists (select 1 from referral_match_key k where k.referral_id = r.id)""").param(Timestamp.from(since)).query(UUID.class).list();
        int keyed = 0;
        for (UUID id : ids) {
            String body = db.sql("select coalesce(sealed, body::text) from referral where id = ?")
                    .param(id)
                    .query(String.class)
                    .single();
            try {
                Referral referral = read(body);
                store(id, referral, keys(referral).stored());
                keyed++;
            } catch (RuntimeException e) {
                log.warn(
                        "Referral {} not keyed for duplicates: {}",
                        id,
                        e.getClass().getSimpleName());
            }
        }
        if (keyed > 0) {
            log.info("Keyed {} recent referral(s) for duplicate matching", keyed);
        }
    }

    static boolean samePerson(Referral a, Referral b) {
        for (Referral.Person p : a.persons()) {
            String name = name(p);
            if (name == null) {
                continue;
            }
            for (Referral.Person q : b.persons()) {
                if (name.equals(name(q))
                        && (p.birthDate() == null
                                || q.birthDate() == null
                                || p.birthDate().equals(q.birthDate()))) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean sameIncident(Referral a, Referral b, Duration window) {
        if (a.occurredAt() == null
                || b.occurredAt() == null
                || Duration.between(a.occurredAt(), b.occurredAt()).abs().compareTo(window) > 0) {
            return false;
        }
        if (!samePlace(a.location(), b.location())) {
            return false;
        }
        // Call types differ between a CAD and an RMS for the same incident; charges, where both
        // have them, must share one.
        return a.charges().isEmpty()
                || b.charges().isEmpty()
                || a.charges().stream()
                        .anyMatch(c -> b.charges().stream().anyMatch(d -> Objects.equals(c.code(), d.code())));
    }

    private static boolean samePlace(Referral.Location a, Referral.Location b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.latitude() != null && a.longitude() != null && b.latitude() != null && b.longitude() != null) {
            return metres(a.latitude(), a.longitude(), b.latitude(), b.longitude()) <= SAME_PLACE_METRES;
        }
        return a.text() != null && b.text() != null && normal(a.text()).equals(normal(b.text()));
    }

    /** Great-circle distance, close enough at these scales. */
    static double metres(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    private static String name(Referral.Person person) {
        if (person.givenName() == null || person.familyName() == null) {
            return null;
        }
        return normal(person.givenName()) + " " + normal(person.familyName());
    }

    private static String normal(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
    }

    private Referral read(String body) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode node =
                    (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(sealer.open(body));
            node.remove(ReferralStore.PROJECTION);
            return json.treeToValue(node, Referral.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored referral is not readable", e);
        }
    }

    /** Links a stored referral to the one it repeats, in the caller's transaction. */
    public void link(UUID referral, UUID duplicateOf) {
        db.sql("update referral set duplicate_of = ? where id = ?")
                .params(Objects.requireNonNull(duplicateOf), referral)
                .update();
    }
}
