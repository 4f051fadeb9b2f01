package org.doorway.feeds;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.site.Source;
import org.doorway.system.Background;
import org.doorway.triage.Policies;
import org.doorway.triage.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Watches every feed a site gives a rhythm ({@code sources[].expect-every}). Every
 * {@code doorway.feeds.watch-every} (PT30S) it looks at each, by the database clock
 * {@code doorway_now()}, each feed in a transaction of its own (one that fails is logged and
 * skipped): a {@code FLOWING} feed whose {@link Rhythm} finds it silent becomes {@code SILENT}, and
 * a {@code SILENT} feed that has delivered since becomes {@code FLOWING}; each change texts the
 * site's administrator once ({@link FeedAlerts}), in the same transaction. The feed's row is locked
 * while it is looked at ({@code FOR UPDATE SKIP LOCKED}), so instances watching together change it,
 * and alert, once. A feed is watched during the site's operating hours (its triage policy in
 * force), at every hour when the site has no policy.
 */
@Component
class FeedWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedWatch.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d HH:mm");

    private final Sites sites;
    private final Policies policies;
    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final FeedAlerts alerts;
    private final Duration every;
    private final Background background;
    private Background.Task timer;

    FeedWatch(
            Sites sites,
            Policies policies,
            JdbcClient db,
            TransactionTemplate transaction,
            FeedAlerts alerts,
            Background background,
            @Value("${doorway.feeds.watch-every:PT30S}") Duration every) {
        this.background = background;
        this.sites = sites;
        this.policies = policies;
        this.db = db;
        this.transaction = transaction;
        this.alerts = alerts;
        this.every = every;
    }

    /** The rhythm of a site's source at {@code now}: its own, over the site's operating hours. */
    Optional<Rhythm> rhythm(Site site, Source source, Instant now) {
        return source.rhythm()
                .map(expect -> policies.inForce(site.id(), now)
                        .map(policy -> new Rhythm(expect, at -> open(policy, at)))
                        .orElseGet(() -> Rhythm.always(expect)));
    }

    private static boolean open(Policy policy, Instant at) {
        return policy.hours().open(at, policy.timeZone());
    }

    /** The database clock's now, which tests move. */
    Instant now() {
        return db.sql("select doorway_now()")
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .single();
    }

    /** Looks at every watched feed once, then sends the texts that are due. */
    void watch() {
        for (Site site : sites.all()) {
            for (Source source : site.sources()) {
                if (source.expectEvery() == null) {
                    continue;
                }
                try {
                    transaction.executeWithoutResult(status -> look(site, source));
                } catch (RuntimeException e) {
                    log.warn(
                            "Feed {} of site {} not watched this round: {}",
                            source.channel(),
                            site.id(),
                            e.getClass().getSimpleName());
                }
            }
        }
        alerts.sendDue();
    }

    private record Row(Instant now, Instant watchingSince, String state, Instant silentAfter, Instant lastRecord) {}

    private void look(Site site, Source source) {
        String channel = source.channel();
        db.sql("""
                        insert into feed_watch (site, channel, watching_since) values (?, ?, doorway_now())
                        on conflict (site, channel) do nothing""").params(site.id(), channel).update();
        Optional<Row> found = db.sql("""
                        select doorway_now(), w.watching_since, w.state, w.silent_after, h.last_record_at
                        from feed_watch w
                        left join feed_heartbeat h on h.site = w.site and h.channel = w.channel
                        where w.site = ? and w.channel = ?
                        for update of w skip locked""")
                .params(site.id(), channel)
                .query((rs, n) -> new Row(
                        instant(rs.getObject(1, OffsetDateTime.class)),
                        instant(rs.getObject(2, OffsetDateTime.class)),
                        rs.getString(3),
                        instant(rs.getObject(4, OffsetDateTime.class)),
                        instant(rs.getObject(5, OffsetDateTime.class))))
                .optional();
        if (found.isEmpty()) {
            return; // another instance is looking at it
        }
        Row row = found.get();
        Rhythm rhythm = rhythm(site, source, row.now()).orElseThrow();
        Instant lastSign = row.lastRecord() != null && row.lastRecord().isAfter(row.watchingSince())
                ? row.lastRecord()
                : row.watchingSince();
        ZoneId zone = site.timeZone();
        if ("FLOWING".equals(row.state()) && rhythm.silent(lastSign, row.now())) {
            db.sql("""
                            update feed_watch set state = 'SILENT', silent_at = doorway_now(), silent_after = ?
                            where site = ? and channel = ?""")
                    .params(
                            row.lastRecord() == null ? null : java.sql.Timestamp.from(row.lastRecord()),
                            site.id(),
                            channel)
                    .update();
            log.warn("Feed {} of site {} is silent", channel, site.id());
            site.administrator()
                    .ifPresent(phone -> alerts.add(
                            site.id(),
                            channel,
                            FeedAlerts.Kind.SILENT,
                            phone,
                            "Doorway: feed " + channel + " of site " + site.id() + " has sent nothing since "
                                    + TIME.format(lastSign.atZone(zone)) + " (expected every "
                                    + words(source.expectEvery()) + "). See Dashboard > Feeds."));
        } else if ("SILENT".equals(row.state())
                && row.lastRecord() != null
                && (row.silentAfter() == null || row.lastRecord().isAfter(row.silentAfter()))) {
            db.sql("""
                            update feed_watch set state = 'FLOWING', silent_at = null, silent_after = null,
                              recovered_at = doorway_now()
                            where site = ? and channel = ?""").params(site.id(), channel).update();
            log.info("Feed {} of site {} delivers again", channel, site.id());
            site.administrator()
                    .ifPresent(phone -> alerts.add(
                            site.id(),
                            channel,
                            FeedAlerts.Kind.RECOVERED,
                            phone,
                            "Doorway: feed " + channel + " of site " + site.id() + " delivers again (record at "
                                    + TIME.format(row.lastRecord().atZone(zone)) + ")."));
        }
    }

    /** A rhythm in words: "30 min", "2 h", "90 s". */
    static String words(Duration duration) {
        if (duration.toSeconds() % 3600 == 0) {
            return duration.toHours() + " h";
        }
        if (duration.toSeconds() % 60 == 0) {
            return duration.toMinutes() + " min";
        }
        return duration.toSeconds() + " s";
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    @Override
    public void start() {
        Duration round = Duration.ofMillis(Math.max(1000, every.toMillis()));
        timer = background.every("feed-watch", round, round, this::watch);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
