package org.doorway.testing;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets as an operator generates them for production ({@code openssl rand -base64 32}): fresh
 * for every run, so no test depends on a published key.
 */
public final class TestSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestSecrets() {}

    /** 32 random bytes in base64 (44 characters), as {@code openssl rand -base64 32} prints them. */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
