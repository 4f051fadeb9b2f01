package org.doorway.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import org.doorway.seal.Resealable;
import org.doorway.seal.Sealer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The dead letter of the HTTP doors and the STA-024 subscription ({@code intake_dead_letter}): a
 * body Doorway read but could not take, kept with the reason so that an administrator can see
 * what a source sends that never becomes a referral, while the source is told once (a 4xx) and
 * never asked to send it again. The same body from the same source is kept once, however often
 * it is resent: its count and last time grow instead.
 *
 * <p>Only the site, channel, route, reason (field names and exception types, never values), size
 * and times are ever shown; the body stays in the database, sealed ({@link Sealer}: it may name a
 * person). Its SHA-256, which finds a resend, is of the bytes as received.
 */
@Component
public class IntakeDeadLetters implements Resealable {

    /** The longest reason kept, in characters. */
    static final int MAX_REASON = 2000;

    private final JdbcClient db;
    private final Sealer sealer;

    IntakeDeadLetters(JdbcClient db, Sealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    /**
     * One kept body, as shown to an administrator.
     *
     * @param id         its number
     * @param site       the site of the source that sent it
     * @param channel    how it came ({@code http:<source>}, {@code eido-conveyance:<server>})
     * @param route      the door's route
     * @param reason     why it was refused: fields and reasons, never values
     * @param bytes      the body's size
     * @param receivedAt when it first came
     * @param lastSeenAt when it last came
     * @param times      how often it came
     */
    public record Kept(
            long id,
            String site,
            String channel,
            String route,
            String reason,
            int bytes,
            Instant receivedAt,
            Instant lastSeenAt,
            int times) {}

    /**
     * Keeps a refused body (or counts it again when this source sent the same bytes before).
     *
     * @param source who sent it
     * @param route  the route that refused it
     * @param reason why, naming fields and exception types, never quoting values
     * @param body   the bytes as received
     */
    public void keep(IntakeSource source, String route, String reason, byte[] body) {
        String shortReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
        db.sql("""
                        insert into intake_dead_letter (site, channel, route, reason, body, bytes, body_sha256)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (site, channel, body_sha256) do update
                        set times = intake_dead_letter.times + 1, last_seen_at = doorway_now(),
                            reason = excluded.reason, route = excluded.route""")
                .params(
                        source.site(),
                        source.channel(),
                        route == null ? "" : route,
                        shortReason,
                        sealer.seal(source.site(), body),
                        body.length,
                        sha256(body))
                .update();
    }

    /**
     * The most recently seen kept bodies, newest first.
     *
     * @param site  only this site's, or every site's when {@code null}
     * @param limit how many at most
     */
    public List<Kept> recent(String site, int limit) {
        return db.sql("""
                        select id, site, channel, route, reason, coalesce(bytes, octet_length(body)), received_at, last_seen_at, times
                        from intake_dead_letter where (cast(? as text) is null or site = ?)
                        order by last_seen_at desc, id desc limit ?""")
                .params(site, site, limit)
                .query((rs, n) -> new Kept(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getObject(7, OffsetDateTime.class).toInstant(),
                        rs.getObject(8, OffsetDateTime.class).toInstant(),
                        rs.getInt(9)))
                .list();
    }

    /**
     * For retention: deletes the dead letters of {@code site} last seen before {@code before}.
     *
     * @return how many were deleted
     */
    public int forgetBefore(String site, Instant before) {
        return db.sql("delete from intake_dead_letter where site = ? and last_seen_at < ?")
                .params(site, java.sql.Timestamp.from(before))
                .update();
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String what() {
        return "intake_dead_letter.body";
    }

    /** Seals again kept bodies stored before encryption at rest or under an earlier master key. */
    @Override
    public int reseal(int batch, List<Long> currentKeys) {
        record Row(long id, String site, byte[] body) {}
        List<Row> rows = db.sql("select id, site, body from intake_dead_letter where "
                        + Sealer.staleBytes("body", currentKeys) + " limit ?")
                .param(batch)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getBytes(3)))
                .list();
        for (Row row : rows) {
            byte[] plain = sealer.open(row.body());
            db.sql("update intake_dead_letter set body = ?, bytes = coalesce(bytes, ?) where id = ? and body = ?")
                    .params(sealer.seal(row.site(), plain), plain.length, row.id(), row.body())
                    .update();
        }
        return rows.size();
    }
}
