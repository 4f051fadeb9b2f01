package org.doorway.triage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * For retention: what staff wrote in their own words about a referral or a participant, forgotten
 * with the record it belongs to. Of a referral: the Operations Work Group's reason for approving or
 * denying it ({@code owg_review.reason}), its reasons for extending the intake deadline
 * ({@code intake_extension.reason}) and why a field follow-up was withdrawn
 * ({@code follow_up.withdrawn_reason}). Of a participant: why they were made inactive
 * ({@code participant.status_reason}, {@code participant_event.reason}). Only the words go: the
 * rows, their states, times and who acted stay, so the dashboard counts the same.
 */
@Component
public class StaffWords {

    private final JdbcClient db;

    StaffWords(JdbcClient db) {
        this.db = db;
    }

    /**
     * Blanks the staff words about one referral.
     *
     * @return how many were blanked
     */
    public int forgetReferral(UUID referralId) {
        int blanked = db.sql("update owg_review set reason = null where referral_id = ? and reason is not null")
                .param(referralId)
                .update();
        blanked += db.sql("update intake_extension set reason = '' where referral_id = ? and reason <> ''")
                .param(referralId)
                .update();
        blanked += db.sql("""
                        update follow_up set withdrawn_reason = null
                         where referral_id = ? and withdrawn_reason is not null""").param(referralId).update();
        return blanked;
    }

    /**
     * Blanks the staff words about a site's participants inactive since before {@code before} (the
     * site's {@code participants} period ago), whose referrals retention de-identifies from then on.
     *
     * @return how many were blanked
     */
    public int forgetInactiveParticipants(String site, Instant before) {
        Timestamp cut = Timestamp.from(before);
        int blanked = db.sql("""
                        update participant_event e set reason = null
                          from participant p
                         where e.participant_id = p.id and p.site = ? and p.status = 'INACTIVE'
                           and p.updated_at < ? and e.reason is not null""").params(site, cut).update();
        blanked += db.sql("""
                        update participant set status_reason = null
                         where site = ? and status = 'INACTIVE' and updated_at < ? and status_reason is not null""").params(site, cut).update();
        return blanked;
    }
}
