package org.doorway.testing;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application tests share one Doorway and one database, so handoffs other tests left open go
 * on escalating to the same phones. A test whose outcome depends on what else pages those phones
 * (a bare "a" answers the newest page to the phone; a clock jump fires every due escalation)
 * stands them down first.
 */
public final class OpenHandoffs {

    private OpenHandoffs() {}

    /** Cancels every open handoff and every page not yet sent. */
    public static void standDown(JdbcClient db) {
        db.sql(
                        "update handoff set state = 'CANCELLED', escalate_at = null where state in ('PAGING', 'ACKNOWLEDGED', 'EN_ROUTE')")
                .update();
        db.sql("update page set state = 'CANCELLED' where state = 'PENDING'").update();
    }
}
