package org.doorway.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
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
     * The original bytes of a kept body, opened (for an administrator's audited download).
     *
     * @return the site it came from and its bytes as received; empty when there is no such id
     */
    public java.util.Optional<Opened> original(long id) {
        record Row(String site, byte[] body) {}
        return db.sql("select site, body from intake_dead_letter where id = ?")
                .param(id)
                .query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2)))
                .optional()
                .map(row -> new Opened(row.site(), sealer.open(row.body())));
    }

    /**
     * A copy of {@code original} to keep outside the database (a Kafka dead letter's value, a file
     * of {@code done/} or {@code failed/}), sealed under the site's current data key in the seal
     * package's text form: {@code ~S1.<key id>.} then the base64 of nonce, ciphertext and tag, one
     * line of ASCII that survives a console consumer, a copy and paste or a mail. The same
     * encryption as {@link Sealer#seal(String, byte[])} (the prefix and key id are its associated
     * data), only the body written in base64; {@link #open} reads either form.
     *
     * @param site the site whose data key seals it ({@link DeadLetterRecord#NO_SITE} when none)
     */
    public byte[] sealCopy(String site, byte[] original) {
        byte[] sealed = sealer.seal(site, original);
        int body = headLength(sealed);
        byte[] encoded = Base64.getEncoder().encode(Arrays.copyOfRange(sealed, body, sealed.length));
        byte[] out = Arrays.copyOf(sealed, body + encoded.length);
        System.arraycopy(encoded, 0, out, body, encoded.length);
        return out;
    }

    /**
     * Opens a sealed copy (a Kafka dead letter's value, a file of {@code done/} or {@code failed/}),
     * in the text form of {@link #sealCopy} (a trailing line break allowed) or the byte form.
     *
     * @return the site whose data key sealed it and the original bytes; empty when the bytes are
     *     not sealed or name a data key this database does not hold
     * @throws IllegalStateException when the bytes name a key but do not open under it (altered)
     */
    public java.util.Optional<Opened> open(byte[] copy) {
        java.util.OptionalLong key = Sealer.keyId(copy);
        if (key.isEmpty()) {
            return java.util.Optional.empty();
        }
        byte[] sealed = asBytes(copy);
        return db.sql("select site from seal_key where id = ?")
                .param(key.getAsLong())
                .query(String.class)
                .optional()
                .map(site -> new Opened(site, sealer.open(sealed)));
    }

    /** The byte form of a sealed copy: its body decoded when it is in the text form. */
    private static byte[] asBytes(byte[] copy) {
        int body = headLength(copy);
        int end = copy.length;
        while (end > body && (copy[end - 1] == '\n' || copy[end - 1] == '\r')) {
            end--;
        }
        for (int i = body; i < end; i++) {
            byte b = copy[i];
            boolean base64 = (b >= 'A' && b <= 'Z')
                    || (b >= 'a' && b <= 'z')
                    || (b >= '0' && b <= '9')
                    || b == '+'
                    || b == '/'
                    || b == '=';
            if (!base64) {
                return copy; // binary: the byte form
            }
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(Arrays.copyOfRange(copy, body, end));
        } catch (IllegalArgumentException e) {
            return copy;
        }
        byte[] out = Arrays.copyOf(copy, body + decoded.length);
        System.arraycopy(decoded, 0, out, body, decoded.length);
        return out;
    }

    /** The length of a sealed value's {@code ~S1.<key id>.} head. */
    private static int headLength(byte[] sealed) {
        for (int i = Sealer.PREFIX.length(); i < sealed.length; i++) {
            if (sealed[i] == '.') {
                return i + 1;
            }
        }
        throw new IllegalStateException("a sealed value has no key id");
    }

    /**
     * Original bytes opened from a sealed copy.
     *
     * @param site the site whose data key sealed them ({@link DeadLetterRecord#NO_SITE} when no site's)
     * @param body the bytes as received
     */
    public record Opened(String site, byte[] body) {}

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
