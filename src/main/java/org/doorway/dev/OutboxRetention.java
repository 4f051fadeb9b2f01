package org.doorway.dev;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** For retention: the local outbox's texts and calls are deleted once they are old. */
@Component
public class OutboxRetention {

    private final JdbcClient db;

    OutboxRetention(JdbcClient db) {
        this.db = db;
    }

    /**
     * Deletes the outbox messages created before {@code before}.
     *
     * @return how many were deleted
     */
    public int forgetBefore(Instant before) {
        return db.sql("delete from outbox_message where created_at < ?")
                .param(Timestamp.from(before))
                .update();
    }
}
