package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.doorway.system.DoorwayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A page's one-tap link names its page, cannot be altered or forged, and expires. */
class PageLinksTest {

    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    private static DoorwayProperties properties(String key) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(java.util.Map.of(
                "doorway.public-base-url", "https://doorway.example.org",
                "doorway.twilio.from-number", "+15005550006",
                "doorway.paging.link-key", key,
                "doorway.paging.link-validity", "PT12H"));
        return new Binder(source)
                .bind("doorway", Bindable.of(DoorwayProperties.class))
                .get();
    }

    private static PageLinks links(String key, Instant now) {
        return new PageLinks(properties(key), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aLinkNamesItsPageAndIsShort() {
        PageLinks links = links("k1", NOW);

        String url = links.url(123_456_789L);

        assertThat(url).startsWith("https://doorway.example.org/p/");
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(token).hasSize(20).matches("[A-Za-z0-9_-]+");
        assertThat(links.pageId(token)).contains(123_456_789L);
    }

    @Test
    void anAlteredOrForeignTokenIsRefused() {
        String token = links("k1", NOW).token(42);
        char[] chars = token.toCharArray();
        chars[3] = chars[3] == 'A' ? 'B' : 'A';

        assertThat(links("k1", NOW).pageId(new String(chars))).isEmpty();
        assertThat(links("another key", NOW).pageId(token))
                .as("signed with another key")
                .isEmpty();
        assertThat(links("k1", NOW).pageId("not base64 !")).isEmpty();
        assertThat(links("k1", NOW).pageId("")).isEmpty();
    }

    @Test
    void aLinkExpiresAfterItsValidity() {
        String token = links("k1", NOW).token(7);

        assertThat(links("k1", NOW.plus(Duration.ofHours(11))).pageId(token)).contains(7L);
        assertThat(links("k1", NOW.plus(Duration.ofHours(12)).plusSeconds(120)).pageId(token))
                .isEmpty();
    }
}
