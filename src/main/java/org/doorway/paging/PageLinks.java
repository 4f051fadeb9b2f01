package org.doorway.paging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.doorway.system.DoorwayProperties;
import org.springframework.stereotype.Component;

/**
 * The one-tap link each page carries: {@code <public-base-url>/p/<token>}, where the 20-character
 * token holds the page's id (48 bits) and its expiry (minutes since 2026, 24 bits), signed with
 * HMAC-SHA256 under {@code doorway.paging.link-key} (the first 6 bytes). A link cannot be forged or
 * altered, and stops working after {@code doorway.paging.link-validity}; it leads to the page's
 * actions only (details need sign-in).
 */
@Component
class PageLinks {

    private static final int MAC_BYTES = 6;
    private static final int PAYLOAD_BYTES = 9;
    private static final long EPOCH_MINUTE =
            java.time.Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() / 60;

    private final byte[] key;
    private final Duration validity;
    private final String base;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    PageLinks(DoorwayProperties properties) {
        this(properties, Clock.systemUTC());
    }

    PageLinks(DoorwayProperties properties, Clock clock) {
        this.key = properties.paging().linkKey().getBytes(StandardCharsets.UTF_8);
        this.validity = properties.paging().linkValidity();
        this.base = properties.publicBaseUrl();
        this.clock = clock;
    }

    /** The link for a page, valid from now. */
    String url(long pageId) {
        return base + "/p/" + token(pageId);
    }

    String token(long pageId) {
        long expiresMinute = clock.instant().plus(validity).getEpochSecond() / 60 - EPOCH_MINUTE;
        byte[] payload = new byte[PAYLOAD_BYTES];
        for (int i = 0; i < 6; i++) {
            payload[i] = (byte) (pageId >>> (8 * (5 - i)));
        }
        for (int i = 0; i < 3; i++) {
            payload[6 + i] = (byte) (expiresMinute >>> (8 * (2 - i)));
        }
        byte[] mac = Arrays.copyOf(mac(payload), MAC_BYTES);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(ByteBuffer.allocate(PAYLOAD_BYTES + MAC_BYTES)
                        .put(payload)
                        .put(mac)
                        .array());
    }

    /** The page a token names, if the token is genuine and has not expired. */
    Optional<Long> pageId(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != PAYLOAD_BYTES + MAC_BYTES) {
            return Optional.empty();
        }
        byte[] payload = Arrays.copyOf(bytes, PAYLOAD_BYTES);
        byte[] expected = Arrays.copyOf(mac(payload), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, PAYLOAD_BYTES, bytes.length))) {
            return Optional.empty();
        }
        long pageId = 0;
        for (int i = 0; i < 6; i++) {
            pageId = (pageId << 8) | (payload[i] & 0xff);
        }
        long expiresMinute = 0;
        for (int i = 6; i < 9; i++) {
            expiresMinute = (expiresMinute << 8) | (payload[i] & 0xff);
        }
        if (clock.instant().getEpochSecond() / 60 - EPOCH_MINUTE > expiresMinute) {
            return Optional.empty();
        }
        return Optional.of(pageId);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
