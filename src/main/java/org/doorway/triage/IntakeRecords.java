package org.doorway.triage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes what becomes of a diverted referral's intake: an extension of its deadline granted by the
 * OWG ({@code intake_extension}) and the intake itself once it happened ({@code intake_done}).
 *
 * <p>Runs in the caller's transaction and opens none of its own. Whether an extension or an intake
 * may be recorded is the caller's to decide (the dashboard checks the deadline in force, with the
 * referral's row locked, in that same transaction); this class only records it.
 */
@Repository
public class IntakeRecords {

    private final JdbcClient db;

    IntakeRecords(JdbcClient db) {
        this.db = db;
    }

    /**
     * Records that {@code by} extended the referral's intake deadline from {@code previousDue} to
     * {@code until}, for the OWG's {@code reason}.
     *
     * @return when the extension was recorded, by the database's clock
     */
    public Instant extend(UUID referralId, Instant previousDue, Instant until, String reason, String by) {
        return db.sql("""
                        insert into intake_extension (referral_id, previous_due, due_at, reason, extended_by, extended_at)
                        values (?, ?, ?, ?, ?, doorway_now()) returning extended_at""")
                .params(referralId, Timestamp.from(previousDue), Timestamp.from(until), reason, by)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    /**
     * Records that the referred person's intake happened at {@code doneAt} (now, if null),
     * optionally naming the participant enrolled, recorded by {@code by}.
     *
     * @return false when an intake was already recorded for this referral (nothing changed)
     */
    public boolean recordIntake(UUID referralId, Instant doneAt, UUID participantId, String by) {
        return db.sql("""
                        insert into intake_done (referral_id, participant_id, done_at, recorded_by, recorded_at)
                        values (?, ?, coalesce(cast(? as timestamptz), doorway_now()), ?, doorway_now())
                        on conflict (referral_id) do nothing""")
                        .params(referralId, participantId, doneAt == null ? null : Timestamp.from(doneAt), by)
                        .update()
                == 1;
    }
}
