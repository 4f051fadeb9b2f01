package org.doorway.intake;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The heartbeat of each feed (a site and the channel its records arrive on): when it last
 * delivered a record and when it last failed, for the feed watch ({@code feeds}) and the
 * dashboard. Written outside the intake transaction, after its commit, so that no commit waits on
 * a feed's row; a heartbeat lost to a crash between the two is made good by the next record.
 *
 * <p>At hundreds of records a second a feed's row is written at most every {@link #RESOLUTION_SECONDS}
 * seconds (by the database clock {@code doorway_now()}, which the feed watch reads too): the
 * statement that finds the row fresh enough changes and locks nothing.
 */
@Repository
public class FeedHeartbeats {

    /** How stale a feed's "last record" may be before a new record writes it again. */
    static final int RESOLUTION_SECONDS = 5;

    private final JdbcClient db;

    FeedHeartbeats(JdbcClient db) {
        this.db = db;
    }

    /** Notes that {@code channel} delivered records for {@code site} just now. */
    public void delivered(String site, String channel) {
        int updated = db.sql("""
                        update feed_heartbeat set last_record_at = doorway_now()
                        where site = ? and channel = ?
                          and (last_record_at is null
                               or last_record_at < doorway_now() - make_interval(secs => ?))""").params(site, channel, RESOLUTION_SECONDS).update();
        if (updated == 0) {
            db.sql("""
                            insert into feed_heartbeat (site, channel, last_record_at) values (?, ?, doorway_now())
                            on conflict (site, channel) do nothing""").params(site, channel).update();
        }
    }

    /**
     * Notes that what {@code channel} delivered for {@code site} failed: {@code reason} names
     * fields, reasons and exception types, never values.
     */
    public void failed(String site, String channel, String reason) {
        String shortened = reason == null ? "unknown" : reason.length() > 300 ? reason.substring(0, 300) : reason;
        db.sql("""
                        insert into feed_heartbeat (site, channel, last_error_at, last_error) values (?, ?, doorway_now(), ?)
                        on conflict (site, channel) do update
                        set last_error_at = excluded.last_error_at, last_error = excluded.last_error""").params(site, channel, shortened).update();
    }
}
