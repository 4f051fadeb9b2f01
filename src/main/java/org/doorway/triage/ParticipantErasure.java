package org.doorway.triage;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * For retention's erasure of one person: a participant's match keys (keyed hashes of their name
 * and birth date) are deleted and the participant made inactive, so the golden thread no longer
 * recognises them in new referrals. The participant row stays, with no personal data: the
 * dashboard's enrolment counts read it.
 */
@Component
public class ParticipantErasure {

    private final JdbcClient db;

    ParticipantErasure(JdbcClient db) {
        this.db = db;
    }

    /** Deletes the participant's match keys and makes them inactive, recorded as by {@code by}. */
    public void forget(UUID participantId, String by) {
        db.sql("delete from participant_key where participant_id = ?")
                .param(participantId)
                .update();
        db.sql("""
                        update participant set status = 'INACTIVE', updated_at = doorway_now(), updated_by = ?
                         where id = ?""").params(by, participantId).update();
    }
}
