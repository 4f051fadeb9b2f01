package org.doorway.handoff;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes a correction of a handoff's clock by a supervisor or administrator: the corrected moment
 * into {@code handoff} (for {@code HANDED_OFF}, the close of a handed-off handoff with it), a
 * {@code CORRECTED} event (via {@code ADMIN}) into {@code handoff_event}, and the value it replaced
 * into {@code handoff_correction}. The state is never changed.
 *
 * <p>Runs in the caller's transaction and opens none of its own. Whether a correction is allowed
 * is the caller's to decide (the dashboard checks its rules with the handoff's row locked
 * {@code FOR UPDATE} in that same transaction); this class only records it.
 */
@Repository
public class HandoffCorrections {

    /** A moment of the clock that can be corrected, and its column. */
    public enum Moment {
        REQUESTED("requested_at"),
        PAGED("paged_at"),
        DELIVERED("delivered_at"),
        ACKNOWLEDGED("acknowledged_at"),
        EN_ROUTE("en_route_at"),
        ON_SCENE("on_scene_at"),
        HANDED_OFF("handed_off_at");

        private final String column;

        Moment(String column) {
            this.column = column;
        }
    }

    private final JdbcClient db;

    HandoffCorrections(JdbcClient db) {
        this.db = db;
    }

    /**
     * Records that {@code by} corrected {@code moment} of the referral's handoff to {@code value},
     * for {@code reason}.
     *
     * @param oldValue the value it replaces, or {@code null} if it had not been recorded
     */
    public void correct(UUID referralId, Moment moment, Instant oldValue, Instant value, String reason, String by) {
        db.sql("update handoff set " + moment.column + " = ? where referral_id = ?")
                .params(Timestamp.from(value), referralId)
                .update();
        if (moment == Moment.HANDED_OFF) {
            db.sql("update handoff set closed_at = ? where referral_id = ? and close_reason = 'HANDED_OFF'")
                    .params(Timestamp.from(value), referralId)
                    .update();
        }
        long event =
                db.sql("""
                        insert into handoff_event (referral_id, kind, at, via, actor, note)
                        values (?, 'CORRECTED', doorway_now(), 'ADMIN', ?, ?) returning id""").params(referralId, by, reason).query(Long.class).single();
        db.sql("""
                        insert into handoff_correction (referral_id, event_id, moment, old_value, new_value, reason,
                                                        corrected_by, corrected_at)
                        select ?, ?, ?, ?, ?, ?, ?, at from handoff_event where id = ?""")
                .params(
                        referralId,
                        event,
                        moment.name(),
                        oldValue == null ? null : Timestamp.from(oldValue),
                        Timestamp.from(value),
                        reason,
                        by,
                        event)
                .update();
    }
}
