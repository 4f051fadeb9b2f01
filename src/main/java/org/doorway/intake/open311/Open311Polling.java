package org.doorway.intake.open311;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 * overlap. A failed poll leaves the cursor, and the next poll asks again (re-reads are harmless:
 * intake is idempotent on the request id).
 *
 * <p>The cursor is the server's own time, never this machine's: once a poll's referrals are
 * committed it moves to the greatest {@code updated_datetime} of the answer (an answer without
 * any leaves it). Servers cap their answers (GeoReport v2 suggests 1000 requests): an answer of
 * the feed's {@code page-size} or more is taken as capped, and the next poll follows at once from
 * that greatest time, without overlap, until an answer comes back below the cap. A capped answer
 * whose requests all share one time cannot be paged past by time: the cursor steps one second on
 * and the feed's last error says so. An answer over {@value Open311Mapper#MAX_REQUESTS} requests
 * is refused as a whole; the next poll asks for half the window ({@code end_date}), and so on
 * until the answer fits, then goes on from the window's end. A feed without a cursor yet starts
 * from {@link #FIRST_WINDOW} ago, held as its cursor while it narrows.
 */
final class Open311Polling {

    private static final Logger log = LoggerFactory.getLogger(Open311Polling.class);
    private static final String INSTANCE = UUID.randomUUID().toString();
    private static final String FEED = "doorwayOpen311Feed";
    private static final String START = "doorwayOpen311Start";
    private static final String END = "doorwayOpen311End";
    private static final String CLAIMED = "doorwayOpen311Claimed";
    private static final String COUNT = "doorwayOpen311Count";
    private static final String LATEST = "doorwayOpen311Latest";
    /** Where a first poll that meets a too-large answer starts splitting from. */
    static final Duration FIRST_WINDOW = Duration.ofDays(90);

    private Open311Polling() {}

    /**
     * A feed claimed for this poll, with where its last poll got to.
     *
     * @param cursor     the greatest server time taken in, or {@code null} before the first poll
     * @param catchingUp whether the last answer was capped (ask from the cursor itself)
     * @param splitUntil the end of a window narrowed for a too-large answer, or {@code null}
     */
    record Claimed(DoorwayProperties.Open311Feed feed, Instant cursor, boolean catchingUp, Instant splitUntil) {

        /** The start of this poll's window ({@code start_date}), or {@code null} for none. */
        Instant start() {
            if (cursor == null) {
                return splitUntil == null ? null : splitUntil.minus(FIRST_WINDOW);
            }
            return catchingUp ? cursor : cursor.minus(feed.overlap());
        }
    }

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
                                returning cursor_at, catching_up, split_until""")
                        .params(INSTANCE, feed.name(), INSTANCE, (double)
                                settings.interval().toSeconds())
                        // a row (whose cursor may still be null) means the lease is ours
                        .query((rs, n) -> new Claimed(
                                feed,
                                rs.getTimestamp(1) == null
                                        ? null
                                        : rs.getTimestamp(1).toInstant(),
                                rs.getBoolean(2),
                                rs.getTimestamp(3) == null
                                        ? null
                                        : rs.getTimestamp(3).toInstant()))
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
            exchange.setProperty(FEED, feed.name());
            exchange.setProperty(CLAIMED, claimed);
            Instant start = claimed.start();
            exchange.setProperty(START, start);
            exchange.setProperty(END, claimed.splitUntil());
            exchange.setProperty(IntakeSource.PROPERTY, new IntakeSource(feed.site(), "open311:" + feed.name()));
            exchange.setProperty("doorwayOpen311Url", feed.url());
            exchange.setProperty("doorway.open311.xml", feed.url().toLowerCase().contains(".xml"));
            List<String> query = new ArrayList<>();
            if (!feed.serviceCodes().isEmpty()) {
                query.add("service_code=" + enc(String.join(",", feed.serviceCodes())));
            }
            if (start != null) {
                query.add("start_date="
                        + enc(start.truncatedTo(ChronoUnit.SECONDS).toString()));
            }
            if (claimed.splitUntil() != null) {
                query.add("end_date="
                        + enc(claimed.splitUntil()
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString()));
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

    /**
     * {@code readOpen311Answer}: notes how many requests the answer holds and the greatest
     * {@code updated_datetime} among them, for the cursor; the body itself goes on to the mapper.
     * An answer over {@value Open311Mapper#MAX_REQUESTS} requests is refused here
     * ({@link Open311Mapper.TooManyRequests}).
     */
    @Component("readOpen311Answer")
    static final class ReadAnswer implements Processor {
        @Override
        public void process(Exchange exchange) {
            byte[] body = exchange.getMessage().getBody(byte[].class);
            exchange.getMessage().setBody(body);
            if (body == null || body.length == 0) {
                exchange.setProperty(COUNT, 0);
                return;
            }
            boolean xml = Boolean.TRUE.equals(exchange.getProperty("doorway.open311.xml"));
            Open311Body read = xml ? Open311Xml.read(body) : Open311Json.read(body);
            Instant latest = null;
            for (Open311Item item : read.items()) {
                Instant updated =
                        item.fields() == null ? null : time(item.fields().get("updated_datetime"));
                if (updated != null && (latest == null || updated.isAfter(latest))) {
                    latest = updated;
                }
            }
            exchange.setProperty(COUNT, read.items().size());
            exchange.setProperty(LATEST, latest);
        }

        private static Instant time(Object value) {
            if (!(value instanceof String text) || text.isBlank()) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(text.strip());
                } catch (DateTimeParseException again) {
                    return null;
                }
            }
        }
    }

    /**
     * {@code advanceOpen311Cursor}: the poll's referrals are committed; move the cursor to the
     * greatest server time seen (see the class comment for capped and narrowed answers) and release.
     */
    @Component("advanceOpen311Cursor")
    static final class Advance implements Processor {
        private final JdbcClient db;
        private final org.doorway.intake.FeedHeartbeats heartbeats;

        Advance(JdbcClient db, org.doorway.intake.FeedHeartbeats heartbeats) {
            this.db = db;
            this.heartbeats = heartbeats;
        }

        @Override
        public void process(Exchange exchange) {
            IntakeResult result = exchange.getMessage().getBody(IntakeResult.class);
            String feed = exchange.getProperty(FEED, String.class);
            Claimed claimed = exchange.getProperty(CLAIMED, Claimed.class);
            Instant start = exchange.getProperty(START, Instant.class);
            Instant end = exchange.getProperty(END, Instant.class);
            int count = exchange.getProperty(COUNT, 0, Integer.class);
            Instant latest = exchange.getProperty(LATEST, Instant.class);
            boolean capped = count >= claimed.feed().pageSize();
            Instant cursor = claimed.cursor();
            boolean catchingUp;
            Instant splitUntil = end;
            String note = null;
            if (capped) {
                // More may follow: the next poll asks at once from the greatest time seen, without
                // overlap. An answer that cannot move that start (all of it at one instant) is
                // stepped past by a second, and the feed's last error says so.
                catchingUp = true;
                if (latest != null && (cursor == null || latest.isAfter(cursor))) {
                    cursor = latest;
                }
                if (cursor == null || (start != null && !cursor.isAfter(start))) {
                    Instant from = start != null ? start : latest;
                    cursor = from == null ? cursor : from.plusSeconds(1);
                    note = "answer capped at " + count
                            + " requests all updated at one time; later ones at that time may be missed";
                }
                if (cursor == null) {
                    catchingUp = false; // no time to page by: poll at the feed's interval
                    note = "answer capped at " + count + " requests without updated_datetime";
                }
            } else if (end != null) {
                cursor = end; // the narrowed window is in whole: go on from its end
                splitUntil = null;
                catchingUp = true;
            } else {
                if (latest != null && (cursor == null || latest.isAfter(cursor))) {
                    cursor = latest;
                }
                catchingUp = false;
            }
            String summary = (result == null
                            ? "ok"
                            : result.referrals().size() + " referrals, "
                                    + result.rejected().size() + " rejected")
                    + (catchingUp ? ", more to fetch" : "");
            db.sql("""
                            update open311_feed set cursor_at = ?, catching_up = ?, split_until = ?,
                                                    last_polled_at = case when ? then null else now() end,
                                                    lease_until = null, lease_holder = null, last_result = ?
                            where name = ?""")
                    .params(
                            cursor == null ? null : Timestamp.from(cursor),
                            catchingUp,
                            splitUntil == null ? null : Timestamp.from(splitUntil),
                            catchingUp,
                            summary,
                            feed)
                    .update();
            if (note != null) {
                IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
                heartbeats.failed(source.site(), source.channel(), note);
            }
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
            if (feed != null && tooMany(cause)) {
                split(exchange, feed);
                return;
            }
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

        /** An answer too large for one body: ask again at once for the first half of its window. */
        private void split(Exchange exchange, String feed) {
            Instant start = exchange.getProperty(START, Instant.class);
            Instant end = exchange.getProperty(END, Instant.class);
            Instant until = end != null
                    ? end
                    : db.sql("select now()").query(Timestamp.class).single().toInstant();
            Instant from = start != null ? start : until.minus(FIRST_WINDOW);
            Instant half = from.plus(Duration.between(from, until).dividedBy(2));
            if (!half.isAfter(from.plusSeconds(1))) {
                half = from.plusSeconds(1);
            }
            log.warn(
                    "311 feed {} answered over {} requests; asking for a narrower window",
                    feed,
                    Open311Mapper.MAX_REQUESTS);
            // Before a first cursor the window's start is held as the cursor (catching up, so asked
            // as it is): otherwise each split would ask the full first window back from its new end,
            // sliding back in time for ever instead of narrowing.
            boolean noCursor = start == null;
            db.sql("""
                            update open311_feed set split_until = ?, last_polled_at = null, lease_until = null,
                                                    lease_holder = null, last_result = ?,
                                                    cursor_at = case when ? then ? else cursor_at end,
                                                    catching_up = case when ? then true else catching_up end
                            where name = ?""")
                    .params(
                            Timestamp.from(half),
                            "answer too large: window split",
                            noCursor,
                            Timestamp.from(from),
                            noCursor,
                            feed)
                    .update();
            IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
            if (source != null) {
                heartbeats.failed(
                        source.site(),
                        source.channel(),
                        "answer over " + Open311Mapper.MAX_REQUESTS + " requests; asking in smaller windows");
            }
        }

        private static boolean tooMany(Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof Open311Mapper.TooManyRequests) {
                    return true;
                }
            }
            return false;
        }
    }
}
