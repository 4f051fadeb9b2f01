package org.doorway.testing;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Moves Doorway's clock forward in a test. Every timer (escalation steps, acknowledgement and
 * en-route timeouts, retries) is due by the database's {@code doorway_now()}, which is the
 * database's own time plus an offset that only tests change; the paging engine looks at least
 * every poll interval, so a timer that falls due by moving the clock fires within a moment.
 */
public final class TestClock {

    private final JdbcClient db;

    public TestClock(JdbcClient db) {
        this.db = db;
    }

    /** Moves the clock forward by {@code duration}. */
    public void advance(Duration duration) {
        db.sql("update doorway_clock set offset_ms = offset_ms + ? where id = 1")
                .param(duration.toMillis())
                .update();
    }

    /** How far the clock has been moved. */
    public Duration offset() {
        return Duration.ofMillis(db.sql("select offset_ms from doorway_clock where id = 1")
                .query(Long.class)
                .single());
    }
}
