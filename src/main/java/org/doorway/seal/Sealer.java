package org.doorway.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Seals and opens personal data for storage. A sealed value is AES-256-GCM under a data key of its
 * site and month ({@link DataKeys}), with a fresh 96-bit nonce, and names its key:
 *
 * <ul>
 *   <li>as text (for {@code text} and {@code jsonb}-replacing columns): {@code ~S1.<key id>.<base64
 *       of nonce, ciphertext and tag>};
 *   <li>as bytes (for {@code bytea} columns): the same prefix in ASCII, then the nonce, ciphertext
 *       and tag.
 * </ul>
 *
 * The prefix and key id are the associated data: a value whose key id was altered does not open.
 * A value without the prefix was stored before encryption at rest (or by a test): {@link #open}
 * returns it as it is, and {@link Resealer} seals it in the background.
 */
@Component
public class Sealer {

    /** What every sealed value starts with. */
    public static final String PREFIX = "~S1.";

    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataKeys keys;

    /** A sealer whose data keys are in {@code db}'s {@code seal_key}, wrapped by {@code masters}. */
    public Sealer(JdbcClient db, MasterKeys masters, PlatformTransactionManager transactions) {
        this.keys = new DataKeys(db, masters, transactions, Clock.systemUTC());
    }

    /**
     * Makes the site's data keys for this month and the next ahead of time (see {@link DataKeys}),
     * so that no request waits for one to be made.
     */
    public void prepare(String site) {
        keys.prepare(site);
    }

    /** {@code plaintext} sealed under the site's current data key; {@code null} stays {@code null}. */
    public String seal(String site, String plaintext) {
        if (plaintext == null) {
            return null;
        }
        DataKeys.DataKey key = keys.current(site);
        String head = PREFIX + key.id() + ".";
        return head
                + Base64.getEncoder().encodeToString(encrypt(key, head, plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The plaintext of a value {@link #seal(String, String) sealed} as text, or the value itself
     * when it is not sealed (stored before encryption at rest); {@code null} stays {@code null}.
     *
     * @throws IllegalStateException when the value does not open (a missing master key, an altered
     *     value)
     */
    public String open(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        int dot = stored.indexOf('.', PREFIX.length());
        if (dot < 0) {
            throw new IllegalStateException("a sealed value has no key id");
        }
        String head = stored.substring(0, dot + 1);
        long id = Long.parseLong(stored.substring(PREFIX.length(), dot));
        byte[] body = Base64.getDecoder().decode(stored.substring(dot + 1));
        return new String(decrypt(keys.byId(id), head, body, 0), StandardCharsets.UTF_8);
    }

    /** {@code plaintext} sealed as bytes under the site's current data key. */
    public byte[] seal(String site, byte[] plaintext) {
        DataKeys.DataKey key = keys.current(site);
        String head = PREFIX + key.id() + ".";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = encrypt(key, head, plaintext);
        byte[] out = Arrays.copyOf(headBytes, headBytes.length + sealed.length);
        System.arraycopy(sealed, 0, out, headBytes.length, sealed.length);
        return out;
    }

    /** The plaintext of bytes {@link #seal(String, byte[]) sealed}, or the bytes as they are when not sealed. */
    public byte[] open(byte[] stored) {
        OptionalLong id = keyId(stored);
        if (id.isEmpty()) {
            return stored;
        }
        int dot = indexOf(stored, (byte) '.', PREFIX_BYTES.length);
        String head = new String(stored, 0, dot + 1, StandardCharsets.US_ASCII);
        return decrypt(keys.byId(id.getAsLong()), head, stored, dot + 1);
    }

    /** Whether a text value is sealed (else it was stored before encryption at rest). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The data key id a sealed text value names; empty when it is not sealed. */
    public static OptionalLong keyId(String stored) {
        if (!isSealed(stored)) {
            return OptionalLong.empty();
        }
        int dot = stored.indexOf('.', PREFIX.length());
        return dot < 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(stored.substring(PREFIX.length(), dot)));
    }

    /** The data key id sealed bytes name; empty when they are not sealed. */
    public static OptionalLong keyId(byte[] stored) {
        if (stored == null
                || stored.length < PREFIX_BYTES.length
                || !Arrays.equals(stored, 0, PREFIX_BYTES.length, PREFIX_BYTES, 0, PREFIX_BYTES.length)) {
            return OptionalLong.empty();
        }
        int dot = indexOf(stored, (byte) '.', PREFIX_BYTES.length);
        if (dot < 0 || dot - PREFIX_BYTES.length > 19) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(
                    new String(stored, PREFIX_BYTES.length, dot - PREFIX_BYTES.length, StandardCharsets.US_ASCII)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Whether a stored text value should be sealed again: it is not sealed, or sealed under a data
     * key the current master key does not wrap.
     */
    public boolean stale(String stored, List<Long> currentKeys) {
        OptionalLong id = keyId(stored);
        return id.isEmpty() || !currentKeys.contains(id.getAsLong());
    }

    /** As {@link #stale(String, List)}, for bytes. */
    public boolean stale(byte[] stored, List<Long> currentKeys) {
        OptionalLong id = keyId(stored);
        return id.isEmpty() || !currentKeys.contains(id.getAsLong());
    }

    /**
     * A SQL condition true when the text column holds a stale value: not sealed, or sealed under a
     * key not in {@code currentKeys}. {@code null} is not stale.
     */
    public static String staleText(String column, List<Long> currentKeys) {
        return "(" + column + " is not null and (" + column + " not like '~S1.%' or split_part(" + column
                + ", '.', 2) not in (" + quoted(currentKeys) + ")))";
    }

    /** As {@link #staleText}, for a {@code bytea} column. */
    public static String staleBytes(String column, List<Long> currentKeys) {
        String head = "substring(" + column + " from 1 for 4)";
        return "(" + column + " is not null and (" + head + " <> cast('~S1.' as bytea) or split_part(encode(substring("
                + column + " from 1 for 28), 'escape'), '.', 2) not in (" + quoted(currentKeys) + ")))";
    }

    private static String quoted(List<Long> ids) {
        return ids.isEmpty()
                ? "''"
                : String.join(", ", ids.stream().map(id -> "'" + id + "'").toList());
    }

    /** The ids of the data keys wrapped by the current master key, for {@link #stale}. */
    public List<Long> currentKeys() {
        return keys.currentIds();
    }

    private static byte[] encrypt(DataKeys.DataKey key, String head, byte[] plaintext) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(head.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private static byte[] decrypt(DataKeys.DataKey key, String head, byte[] body, int from) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, body, from, NONCE));
            cipher.updateAAD(head.getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(body, from + NONCE, body.length - from - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed value does not open under data key " + key.id(), e);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
