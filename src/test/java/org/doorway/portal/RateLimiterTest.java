package org.doorway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The portal's rate limits, counted in a real PostgreSQL (the embedded one) with the portal's own
 * migration, so that what several instances would share is what is tested.
 */
class RateLimiterTest {

    private static EmbeddedPostgres postgres;
    private static JdbcClient db;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T18:10:00Z"));
    private RateLimiter limiter;

    private static final PortalSettings.RateLimits LIMITS = new PortalSettings.RateLimits(
            new PortalSettings.Limit(3, Duration.ofHours(1)),
            new PortalSettings.Limit(5, Duration.ofDays(1)),
            new PortalSettings.Limit(4, Duration.ofDays(1)));

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(Files.readString(Path.of("src/main/resources/db/migration/V4__portal.sql")));
        }
        db = JdbcClient.create(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        db.sql("delete from portal_rate_window").update();
        limiter = new RateLimiter(db, clock);
    }

    @Test
    void anAddressMaySendUpToItsLimitInAWindowThenWaitsForTheNextWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit("demo", "203.0.113.7", "HARBOR", LIMITS).allowed())
                    .isTrue();
        }
        RateLimiter.Verdict refused = limiter.admit("demo", "203.0.113.7", "HARBOR", LIMITS);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limitedBy()).isEqualTo("address");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(50)); // 18:10 → 19:00
        assertThat(limiter.admit("demo", "203.0.113.8", "HARBOR", LIMITS).allowed())
                .as("another address")
                .isTrue();

        clock.now = Instant.parse("2026-03-02T19:00:00Z");
        assertThat(limiter.admit("demo", "203.0.113.7", "HARBOR", LIMITS).allowed())
                .isTrue();
    }

    @Test
    void aPartnersCodeHasItsOwnLimitAcrossAddresses() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.admit("demo", "198.51.100." + i, "HARBOR", LIMITS)
                            .allowed())
                    .isTrue();
        }
        RateLimiter.Verdict refused = limiter.admit("demo", "198.51.100.99", "HARBOR", LIMITS);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limitedBy()).isEqualTo("code");
        assertThat(limiter.admit("demo", "198.51.100.99", "LIBRARY", LIMITS).allowed())
                .as("another partner")
                .isTrue();
    }

    @Test
    void thePublicCodeHasTheSitesPublicLimit() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.admit("demo", "192.0.2." + i, RateLimiter.PUBLIC, LIMITS)
                            .allowed())
                    .isTrue();
        }
        assertThat(limiter.admit("demo", "192.0.2.50", RateLimiter.PUBLIC, LIMITS)
                        .limitedBy())
                .isEqualTo("code");
    }

    @Test
    void oneFloodingAddressCannotUseUpAPartnersAllowance() {
        for (int i = 0; i < 50; i++) {
            limiter.admit("demo", "203.0.113.66", "HARBOR", LIMITS);
        }
        // The flood counted 3 against HARBOR; 2 of its 5 remain for everyone else.
        assertThat(limiter.admit("demo", "198.51.100.1", "HARBOR", LIMITS).allowed())
                .isTrue();
        assertThat(limiter.admit("demo", "198.51.100.2", "HARBOR", LIMITS).allowed())
                .isTrue();
        assertThat(limiter.admit("demo", "198.51.100.3", "HARBOR", LIMITS).allowed())
                .isFalse();
    }

    @Test
    void sitesAreCountedApart() {
        for (int i = 0; i < 3; i++) {
            limiter.admit("demo", "203.0.113.7", RateLimiter.PUBLIC, LIMITS);
        }
        assertThat(limiter.admit("other", "203.0.113.7", RateLimiter.PUBLIC, LIMITS)
                        .allowed())
                .isTrue();
    }

    @Test
    void limitsHoldAcrossInstancesSharingTheDatabase() {
        RateLimiter second = new RateLimiter(db, clock);
        assertThat(limiter.admit("demo", "203.0.113.7", "HARBOR", LIMITS).allowed())
                .isTrue();
        assertThat(second.admit("demo", "203.0.113.7", "HARBOR", LIMITS).allowed())
                .isTrue();
        assertThat(limiter.admit("demo", "203.0.113.7", "HARBOR", LIMITS).allowed())
                .isTrue();
        assertThat(second.admit("demo", "203.0.113.7", "HARBOR", LIMITS).allowed())
                .isFalse();
    }

    @Test
    void noAddressIsStoredAndItsHashChangesWithEveryWindow() {
        limiter.admit("demo", "203.0.113.7", "HARBOR", LIMITS);
        String first = addressBucket();
        clock.now = clock.now.plus(Duration.ofHours(1));
        limiter.admit("demo", "203.0.113.7", "HARBOR", LIMITS);
        String second = addressBucket();

        assertThat(List.of(first, second))
                .allSatisfy(b -> assertThat(b).doesNotContain("203.0.113").doesNotContain("113.7"));
        assertThat(first).isNotEqualTo(second);
    }

    private static String addressBucket() {
        return db.sql(
                        "select bucket from portal_rate_window where bucket like 'address:%' order by window_start desc limit 1")
                .query(String.class)
                .single();
    }

    @Test
    void endedWindowsAreForgotten() {
        limiter.admit("demo", "203.0.113.7", "HARBOR", LIMITS);
        clock.now = clock.now.plus(Duration.ofDays(2));
        limiter.admit("demo", "203.0.113.9", "LIBRARY", LIMITS);

        assertThat(db.sql("select count(*) from portal_rate_window where expires_at < ?")
                        .param(java.sql.Timestamp.from(clock.now))
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void anIpv6HostIsCountedByItsSlash64AndMappedIpv4AsIpv4() {
        assertThat(RateLimiter.network("2001:db8:1:2:aaaa::1")).isEqualTo(RateLimiter.network("2001:db8:1:2:bbbb::9"));
        assertThat(RateLimiter.network("2001:db8:1:2::1")).isNotEqualTo(RateLimiter.network("2001:db8:1:3::1"));
        assertThat(RateLimiter.network("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(RateLimiter.network("[2001:db8::1%eth0]")).isEqualTo(RateLimiter.network("2001:db8::2"));
        assertThat(RateLimiter.network("not-an-address.example")).isEqualTo("not-an-address.example");
    }

    @Test
    void windowsStartAtMultiplesOfTheirLength() {
        assertThat(RateLimiter.windowStart(Instant.parse("2026-03-02T18:59:59Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-03-02T18:00:00Z"));
        assertThat(RateLimiter.windowStart(Instant.parse("2026-03-02T18:59:59Z"), Duration.ofDays(1)))
                .isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
