package org.doorway.intake.open311;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.intake.IntakeResult;
import org.doorway.intake.IntakeSource;
import org.doorway.system.DoorwayProperties;
import org.doorway.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The route steps that poll cities' 311 systems ({@code doorway.intake.open311.feeds}). Each feed
 * is polled by one instance at a time (a lease in {@code open311_feed}), no more often than its
 * interval, with GeoReport v2 {@code GET requests} for its service codes since its cursor less an
 * overlap. The cursor advances to the poll's start only after the poll's referrals are committed;
 * a failed poll leaves it, and the next poll asks again (re-reads are harmless: intake is
 * idempotent on the request id).
 */
final class Open311Polling {

    private static final Logger log = LoggerFactory.getLogger(Open311Polling.class);
    private static final String INSTANCE = UUID.randomUUID().toString();
    private static final String FEED = "doorwayOpen311Feed";
    private static final String STARTED = "doorwayOpen311Started";

    private Open311Polling() {}

    /** A feed claimed for this poll, with where its last poll got to. */
    record Claimed(DoorwayProperties.Open311Feed feed, Instant cursor) {}

    /** {@code claimOpen311Feeds}: the feeds due now and leased to this instance, as the body. */
    @Component("claimOpen311Feeds")
    static final class Claim implements Processor {
        private final JdbcClient db;
        private final DoorwayProperties.Open311 settings;

        Claim(JdbcClient db, DoorwayProperties properties) {
            this.db = db;
            this.settings = properties.intake().open311();
        }

        @Override
        public void process(Exchange exchange) {
            List<Claimed> claimed = new ArrayList<>();
            for (DoorwayProperties.Open311Feed feed : settings.feeds()) {
                db.sql("insert into open311_feed (name) values (?) on conflict (name) do nothing")
                        .param(feed.name())
                        .update();
                db.sql("""
                                update open311_feed set lease_holder = ?, lease_until = now() + interval '5 minutes'
                                where name = ? and (lease_until is null or lease_until < now() or lease_holder = ?)
                                  and (last_polled_at is null or last_polled_at <= now() - make_interval(secs => ?))
                                returning cursor_at""")
                        .params(INSTANCE, feed.name(), INSTANCE, (double)
                                settings.interval().toSeconds())
                        // a row (whose cursor may still be null) means the lease is ours
                        .query((rs, n) -> new Claimed(
                                feed,
                                rs.getTimestamp(1) == null
                                        ? null
                                        : rs.getTimestamp(1).toInstant()))
                        .list()
                        .forEach(claimed::add);
            }
            exchange.getMessage().setBody(claimed);
        }
    }

    /** {@code prepareOpen311Poll}: the GET request for one claimed feed. */
    @Component("prepareOpen311Poll")
    static final class Prepare implements Processor {
        @Override
        public void process(Exchange exchange) throws Exception {
            Claimed claimed = exchange.getMessage().getMandatoryBody(Claimed.class);
            DoorwayProperties.Open311Feed feed = claimed.feed();
            Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            exchange.setProperty(FEED, feed.name());
            exchange.setProperty(STARTED, started);
            exchange.setProperty(IntakeSource.PROPERTY, new IntakeSource(feed.site(), "open311:" + feed.name()));
            exchange.setProperty("doorwayOpen311Url", feed.url());
            exchange.setProperty("doorway.open311.xml", feed.url().toLowerCase().contains(".xml"));
            List<String> query = new ArrayList<>();
            if (!feed.serviceCodes().isEmpty()) {
                query.add("service_code=" + enc(String.join(",", feed.serviceCodes())));
            }
            if (claimed.cursor() != null) {
                query.add("start_date="
                        + enc(claimed.cursor().minus(feed.overlap()).toString()));
            }
            if (feed.apiKey() != null && !feed.apiKey().isBlank()) {
                query.add("api_key=" + enc(feed.apiKey()));
            }
            var message = exchange.getMessage();
            message.removeHeaders("*");
            message.setHeader(Exchange.HTTP_METHOD, "GET");
            message.setHeader(Exchange.HTTP_QUERY, String.join("&", query));
            message.setHeader("Accept", "application/json, application/xml");
            message.setBody(null);
        }

        private static String enc(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    /** {@code advanceOpen311Cursor}: the poll's referrals are committed; move the cursor and release. */
    @Component("advanceOpen311Cursor")
    static final class Advance implements Processor {
        private final JdbcClient db;

        Advance(JdbcClient db) {
            this.db = db;
        }

        @Override
        public void process(Exchange exchange) {
            IntakeResult result = exchange.getMessage().getBody(IntakeResult.class);
            String feed = exchange.getProperty(FEED, String.class);
            Instant started = exchange.getProperty(STARTED, Instant.class);
            String summary = result == null
                    ? "ok"
                    : result.referrals().size() + " referrals, "
                            + result.rejected().size() + " rejected";
            db.sql("""
                            update open311_feed set cursor_at = ?, last_polled_at = now(), lease_until = null,
                                                    lease_holder = null, last_result = ?
                            where name = ?""").params(Timestamp.from(started), summary, feed).update();
            log.info("311 feed {} polled: {}", feed, summary);
        }
    }

    /** {@code releaseOpen311Feed}: a poll failed; keep the cursor, release the lease, try next time. */
    @Component("releaseOpen311Feed")
    static final class Release implements Processor {
        private final JdbcClient db;
        private final org.doorway.intake.FeedHeartbeats heartbeats;

        Release(JdbcClient db, org.doorway.intake.FeedHeartbeats heartbeats) {
            this.db = db;
            this.heartbeats = heartbeats;
        }

        @Override
        public void process(Exchange exchange) {
            String feed = exchange.getProperty(FEED, String.class);
            Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            String what = cause == null ? "unknown" : cause.getClass().getSimpleName();
            log.warn("311 feed {} poll failed; cursor kept: {}", feed, cause == null ? what : SafeLog.describe(cause));
            if (feed != null) {
                db.sql("""
                                update open311_feed set last_polled_at = now(), lease_until = null, lease_holder = null,
                                                        last_result = ?
                                where name = ?""").params("failed: " + what, feed).update();
            }
            // The feed's last error, for the dashboard's feeds page (its silence is the feed watch's).
            IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
            if (source != null) {
                heartbeats.failed(source.site(), source.channel(), "poll failed: " + what);
            }
        }
    }
}
