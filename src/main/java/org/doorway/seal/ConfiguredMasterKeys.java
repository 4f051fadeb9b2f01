package org.doorway.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Master keys from configuration ({@link SealProperties}): each {@code id:key}, the key 32 bytes in
 * base64. A data key is wrapped with AES-256-GCM under the master key, a fresh 96-bit nonce and the
 * context as associated data; what is stored is the nonce followed by the ciphertext and tag.
 */
final class ConfiguredMasterKeys implements MasterKeys {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKey> keys;

    ConfiguredMasterKeys(String current, List<String> previous) {
        Map<String, SecretKey> all = new LinkedHashMap<>();
        Entry first = parse(current)
                .orElseThrow(() -> new IllegalArgumentException(
                        "doorway.seal.master-key: " + problem(current).orElse("unreadable")));
        all.put(first.id(), first.key());
        for (String entry : previous) {
            Entry e = parse(entry)
                    .orElseThrow(() -> new IllegalArgumentException("doorway.seal.previous-master-keys: "
                            + problem(entry).orElse("unreadable")));
            if (all.putIfAbsent(e.id(), e.key()) != null) {
                throw new IllegalArgumentException("doorway.seal: master key id " + e.id() + " is given twice");
            }
        }
        this.currentId = first.id();
        this.keys = Collections.unmodifiableMap(all);
    }

    private record Entry(String id, SecretKey key) {}

    /**
     * What is wrong with a configured master key ({@code id:key}), naming no part of the key; empty
     * when nothing is.
     */
    static Optional<String> problem(String entry) {
        if (entry == null || entry.isBlank()) {
            return Optional.of("not set");
        }
        int colon = entry.indexOf(':');
        if (colon < 0 || !ID.matcher(entry.substring(0, colon).trim()).matches()) {
            return Optional.of("not of the form id:key (id of letters, digits, - or _)");
        }
        try {
            byte[] key = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
            return key.length == 32
                    ? Optional.empty()
                    : Optional.of("the key is not 32 bytes in base64 (openssl rand -base64 32)");
        } catch (IllegalArgumentException e) {
            return Optional.of("the key is not base64 (openssl rand -base64 32)");
        }
    }

    private static Optional<Entry> parse(String entry) {
        if (problem(entry).isPresent()) {
            return Optional.empty();
        }
        int colon = entry.indexOf(':');
        byte[] key = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
        return Optional.of(new Entry(entry.substring(0, colon).trim(), new SecretKeySpec(key, "AES")));
    }

    @Override
    public String currentId() {
        return currentId;
    }

    @Override
    public Set<String> ids() {
        return keys.keySet();
    }

    @Override
    public byte[] wrap(byte[] dataKey, String context) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(dataKey);
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    @Override
    public byte[] unwrap(String masterId, byte[] wrapped, String context) {
        SecretKey key = keys.get(masterId);
        if (key == null) {
            throw new IllegalStateException("master key " + masterId
                    + " is not configured (doorway.seal.master-key or doorway.seal.previous-master-keys)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(wrapped, NONCE, wrapped.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a data key does not unwrap under master key " + masterId, e);
        }
    }
}
