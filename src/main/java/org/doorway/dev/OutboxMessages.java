package org.doorway.dev;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.doorway.seal.Resealable;
import org.doorway.seal.Sealer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The local outbox's messages, kept in the database so they survive a restart. Their texts are
 * sealed ({@link Sealer}, under the keys of the pseudo-site {@value #KEYS}: a message names no
 * site), since a page carries a street address.
 */
@Repository
class OutboxMessages implements Resealable {

    static final String KEYS = "outbox";

    private final JdbcClient db;
    private final Sealer sealer;

    OutboxMessages(JdbcClient db, Sealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    /**
     * One message in the outbox.
     *
     * @param sid       the message id, as Twilio would give it
     * @param direction {@code OUTBOUND} (Doorway to a phone) or {@code INBOUND} (a phone's reply)
     * @param from      sender number
     * @param to        recipient number
     * @param body      the text
     * @param status    delivery status
     * @param sentAt    when it was sent
     * @param answerUrl for a call ({@code CALL}), where the key pressed goes
     */
    record Message(
            String sid,
            String direction,
            String from,
            String to,
            String body,
            String status,
            Instant sentAt,
            String answerUrl) {}

    void add(String sid, String direction, String from, String to, String body, String status) {
        add(sid, direction, from, to, body, status, null);
    }

    void add(String sid, String direction, String from, String to, String body, String status, String answerUrl) {
        db.sql("""
                        insert into outbox_message (sid, direction, from_number, to_number, body, status, answer_url)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(sid, direction, from, to, sealer.seal(KEYS, body), status, answerUrl)
                .update();
    }

    void setStatus(String sid, String status) {
        db.sql("update outbox_message set status = ? where sid = ?")
                .params(status, sid)
                .update();
    }

    Optional<Message> find(String sid) {
        return db.sql(
                        "select sid, direction, from_number, to_number, body, status, created_at, answer_url from outbox_message where sid = ?")
                .param(sid)
                .query(this::message)
                .optional();
    }

    /** The newest {@code limit} messages, oldest first. */
    List<Message> latest(int limit) {
        return db.sql("""
                        select sid, direction, from_number, to_number, body, status, created_at, answer_url
                        from (select * from outbox_message order by id desc limit ?) m
                        order by id""").param(limit).query(this::message).list();
    }

    private Message message(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp at = rs.getTimestamp(7);
        return new Message(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                sealer.open(rs.getString(5)),
                rs.getString(6),
                at.toInstant(),
                rs.getString(8));
    }

    @Override
    public String what() {
        return "outbox_message.body";
    }

    /** Seals again texts stored before encryption at rest or under an earlier master key. */
    @Override
    public int reseal(int batch, List<Long> currentKeys) {
        record Row(long id, String body) {}
        List<Row> rows = db.sql("select id, body from outbox_message where " + Sealer.staleText("body", currentKeys)
                        + " limit ?")
                .param(batch)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2)))
                .list();
        for (Row row : rows) {
            db.sql("update outbox_message set body = ? where id = ? and body = ?")
                    .params(sealer.seal(KEYS, sealer.open(row.body())), row.id(), row.body())
                    .update();
        }
        return rows.size();
    }
}
