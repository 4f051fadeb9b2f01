package org.doorway.referral;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of personal data, for matching without storing what is matched: HMAC-SHA256 under a
 * secret key ({@code doorway.triage.match-key}), written as lower-case hex. Without the secret a
 * hash cannot be checked against a guessed name. The participant match keys of the golden thread
 * and the duplicate match keys of referrals ({@link Duplicates}) are both made here, each over text
 * that starts with its own purpose, so that a key of one kind never equals a key of the other.
 */
public final class KeyedHash {

    private final SecretKeySpec secret;

    /** @throws IllegalArgumentException when the secret is empty */
    public KeyedHash(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the match key must not be empty");
        }
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The hex HMAC-SHA256 of {@code text} (UTF-8) under the secret. */
    public String hex(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * A name as keys compare it: compatibility-decomposed, accents dropped, case folded, and
     * everything but letters and digits removed ("José-María O'Neil" and "JOSE MARIA ONEIL" are
     * one name); {@code ""} for {@code null}.
     */
    public static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return decomposed.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "");
    }
}
