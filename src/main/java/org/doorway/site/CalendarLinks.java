package org.doorway.site;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.doorway.system.DoorwayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The secret addresses of the iCalendar feeds: {@code <public-base-url>/calendar/<token>.ics}, one
 * per case manager (their shifts in every layer) and one per layer (everyone's shifts in it), for
 * each site. A token is an HMAC-SHA256 of the site, the kind of feed and the person's or layer's
 * id under {@code doorway.calendar.key}, cut to 24 bytes and written in base64url: it cannot be
 * guessed or altered, needs no storage, and stays the same until the key changes. Changing the key
 * revokes every feed at once; removing a person from the site revokes theirs. Tokens and URLs are
 * never logged.
 *
 * <p>Rotation: with the new key in {@code doorway.calendar.key} and the old one in
 * {@code doorway.calendar.previous-keys}, addresses made under either open their feed while new
 * addresses use the new key; removing the old key ends the window and revokes its addresses.
 */
@Component
public class CalendarLinks {

    /** The key tokens are signed with when {@code doorway.calendar.key} is not set; for development only. */
    static final String DEVELOPMENT_KEY = "doorway-dev-calendar-key";

    private static final Logger log = LoggerFactory.getLogger(CalendarLinks.class);
    private static final int TOKEN_BYTES = 24;

    private final Sites sites;
    private final String base;
    private final byte[] key;
    private final List<byte[]> previousKeys;
    private final List<Known> known = new ArrayList<>();

    /** What a feed shows. */
    public enum Kind {
        /** One case manager's shifts, in every layer. */
        PERSON,
        /** Everyone's shifts in one layer. */
        LAYER
    }

    /**
     * A feed of a site.
     *
     * @param kind whose shifts it shows
     * @param id   the case manager's id, or the layer's name
     */
    public record Feed(Kind kind, String id) {

        /** The feed of one case manager's shifts. */
        public static Feed person(String caseManagerId) {
            return new Feed(Kind.PERSON, caseManagerId);
        }

        /** The feed of one layer. */
        public static Feed layer(String layer) {
            return new Feed(Kind.LAYER, layer);
        }
    }

    /**
     * A feed a token opens.
     *
     * @param site the site's id
     * @param feed which feed
     */
    public record Resolved(String site, Feed feed) {}

    private record Known(byte[] token, Resolved feed) {}

    @Autowired
    CalendarLinks(
            Sites sites,
            DoorwayProperties properties,
            @Value("${doorway.calendar.key:" + DEVELOPMENT_KEY + "}") String key,
            org.springframework.core.env.Environment environment) {
        this(
                sites,
                properties.publicBaseUrl(),
                key,
                org.springframework.boot.context.properties.bind.Binder.get(environment)
                        .bind(
                                "doorway.calendar.previous-keys",
                                org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                        .orElse(List.of()));
        if (DEVELOPMENT_KEY.equals(key) && !properties.twilio().outbox()) {
            log.warn("doorway.calendar.key is not set: calendar feed addresses are signed with the development"
                    + " key and can be forged; set a secret of your own");
        }
    }

    CalendarLinks(Sites sites, String publicBaseUrl, String key) {
        this(sites, publicBaseUrl, key, List.of());
    }

    /**
     * @param key          the key new addresses are made with
     * @param previousKeys keys whose addresses still open their feeds (a rotation's window)
     */
    CalendarLinks(Sites sites, String publicBaseUrl, String key, List<String> previousKeys) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("doorway.calendar.key must not be blank");
        }
        this.previousKeys = previousKeys.stream()
                .filter(k -> !k.isBlank())
                .map(k -> k.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.sites = sites;
        this.base =
                publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        this.key = key.getBytes(StandardCharsets.UTF_8);
        for (Site site : sites.all()) {
            for (String person : site.caseManagers().keySet()) {
                remember(site.id(), Feed.person(person));
            }
            for (String layer : site.schedules().keySet()) {
                remember(site.id(), Feed.layer(layer));
            }
        }
    }

    private void remember(String site, Feed feed) {
        known.add(new Known(tokenBytes(key, site, feed), new Resolved(site, feed)));
        for (byte[] previous : previousKeys) {
            known.add(new Known(tokenBytes(previous, site, feed), new Resolved(site, feed)));
        }
    }

    /**
     * The address of a feed, to give to the person it belongs to (and to nobody else: it is the
     * only credential the feed asks for).
     *
     * @throws IllegalArgumentException if the site has no such case manager or layer
     */
    public URI url(String site, Feed feed) {
        Site s = sites.find(site).orElseThrow(() -> new IllegalArgumentException("no site " + site));
        boolean exists = feed.kind() == Kind.PERSON
                ? s.caseManagers().containsKey(feed.id())
                : s.schedules().containsKey(feed.id());
        if (!exists) {
            throw new IllegalArgumentException("site " + site + " has no "
                    + feed.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + feed.id());
        }
        return URI.create(base + "/calendar/" + token(site, feed) + ".ics");
    }

    /** The token of a feed (whether or not the site has it). */
    String token(String site, Feed feed) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes(key, site, feed));
    }

    /** The feed a token opens; empty for anything that is not a current feed's token. */
    public Optional<Resolved> resolve(String token) {
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (presented.length != TOKEN_BYTES) {
            return Optional.empty();
        }
        // Compare with every feed, in constant time, so the answer's timing says nothing.
        Resolved match = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(k.token(), presented)) {
                match = k.feed();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] tokenBytes(byte[] key, String site, Feed feed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            // Length-prefixed parts, so that no two (site, kind, id) give the same input.
            for (String part : List.of("doorway-calendar", site, feed.kind().name(), feed.id())) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(new byte[] {
                    (byte) (bytes.length >>> 24),
                    (byte) (bytes.length >>> 16),
                    (byte) (bytes.length >>> 8),
                    (byte) bytes.length
                });
                mac.update(bytes);
            }
            return Arrays.copyOf(mac.doFinal(), TOKEN_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
