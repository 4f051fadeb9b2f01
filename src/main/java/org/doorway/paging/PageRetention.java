package org.doorway.paging;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * For retention: forgets the texts of a referral's pages and notices once its handoff is long
 * over. The rows stay (the dashboard counts pages by kind and state, and times them), their text
 * goes: a page's SMS body (short reference, door, street address) and a notice's JSON, and the
 * one-tap links to the referral are deleted. Pages or notices still waiting to be sent are left
 * alone.
 */
@Component
public class PageRetention {

    private final JdbcClient db;

    PageRetention(JdbcClient db) {
        this.db = db;
    }

    /**
     * Empties the texts of the referral's settled pages and notices and deletes its page links.
     *
     * @return whether anything was changed
     */
    public boolean forgetTexts(UUID referralId) {
        int pages = db.sql("""
                        update page set body = '' where referral_id = ? and body <> ''
                           and state not in ('PENDING', 'SENDING')""").param(referralId).update();
        int notices = db.sql("""
                        update notice set body = '' where referral_id = ? and body <> ''
                           and state not in ('PENDING', 'SENDING')""").param(referralId).update();
        int links = db.sql("delete from page_link where referral_id = ?")
                .param(referralId)
                .update();
        return pages + notices + links > 0;
    }
}
