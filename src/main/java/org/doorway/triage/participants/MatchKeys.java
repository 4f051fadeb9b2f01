package org.doorway.triage.participants;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.doorway.referral.KeyedHash;
import org.doorway.triage.Policy;

/**
 * The keys by which a referral is matched to an enrolled participant without storing who the
 * participant is: HMAC-SHA256, under a secret key, of the site, the matching rule and the person's
 * normalised name parts and date of birth. Names are normalised so that the same person written
 * twice gives the same key: accents dropped, case folded, everything but letters and digits
 * removed ("José-María O'Neil" and "JOSE MARIA ONEIL" are one person). Without the secret the keys
 * cannot be checked against a guessed name.
 */
final class MatchKeys {

    private final KeyedHash secret;

    MatchKeys(String secret) {
        this.secret = new KeyedHash(secret);
    }

    /**
     * The key of a person under a rule, or empty when the person lacks what the rule needs (or the
     * rule is {@code off}).
     *
     * @param birthDate ISO-8601 {@code yyyy-mm-dd}
     */
    Optional<String> key(Policy.MatchRule rule, String site, String givenName, String familyName, String birthDate) {
        String given = normalise(givenName);
        String family = normalise(familyName);
        String born = date(birthDate);
        String parts = switch (rule) {
            case FULL_NAME_AND_BIRTH_DATE ->
                given.isEmpty() || family.isEmpty() || born == null ? null : given + "\n" + family + "\n" + born;
            case FAMILY_NAME_AND_BIRTH_DATE -> family.isEmpty() || born == null ? null : family + "\n" + born;
            case OFF -> null;
        };
        if (parts == null) {
            return Optional.empty();
        }
        return Optional.of(hmac(site + "\n" + rule.word + "\n" + parts));
    }

    /** A name part as keys compare it ({@link KeyedHash#normalise}). */
    static String normalise(String name) {
        return KeyedHash.normalise(name);
    }

    private static String date(String birthDate) {
        if (birthDate == null || birthDate.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(birthDate.trim()).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private String hmac(String text) {
        return secret.hex(text);
    }
}
