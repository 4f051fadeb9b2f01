package org.doorway.handoff;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * For retention: staff's own words on a handoff, forgotten with its referral. They are the notes of
 * the event log ({@code handoff_event.note}: why a handoff was closed, why its clock was corrected)
 * and the reasons of clock corrections ({@code handoff_correction.reason}); staff may have written
 * anything there, a name included. The rows stay, with their kinds, times and actors: the
 * dashboard's figures and the clock's history are counted and drawn from those, never from the words.
 */
@Component
public class HandoffNotes {

    private final JdbcClient db;

    HandoffNotes(JdbcClient db) {
        this.db = db;
    }

    /**
     * Blanks the staff words of one referral's handoff (none when it had no handoff).
     *
     * @return how many notes and reasons were blanked
     */
    public int forget(UUID referralId) {
        int notes = db.sql("update handoff_event set note = null where referral_id = ? and note is not null")
                .param(referralId)
                .update();
        int reasons = db.sql("update handoff_correction set reason = '' where referral_id = ? and reason <> ''")
                .param(referralId)
                .update();
        return notes + reasons;
    }
}
