package org.doorway.referral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
 */
@Repository
public class Duplicates {

    private static final double SAME_PLACE_METRES = 150;
    private static final int CANDIDATES = 500;

    private final JdbcClient db;
    private final ObjectMapper json;

    Duplicates(JdbcClient db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * The id of the referral {@code referral} (stored as {@code self}) repeats, if one was received
     * within {@code window} before it.
     */
    public Optional<UUID> find(Referral referral, UUID self, Duration window) {
        Instant since = referral.receivedAt().minus(window);
        record Candidate(UUID id, UUID duplicateOf, String body) {}
        List<Candidate> candidates = db.sql("""
                        select id, duplicate_of, body::text from referral
                        where site = ? and received_at >= ? and id <> ?
                        order by received_at desc limit ?""")
                .params(referral.site(), Timestamp.from(since), self, CANDIDATES)
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
            return json.readValue(body, Referral.class);
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
