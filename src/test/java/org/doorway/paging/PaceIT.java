package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pace: a site's own window holds a burst to its phone, and holds nothing else. The paced test site
 * lets its one phone have two texts in thirty minutes; the paced-next site's phone is on the
 * defaults. Evidence is what reached the Twilio fake and in which order, and the held page's row.
 */
class PaceIT extends DoorwayAppIT {

    private static final String PACED_PHONE = "+12065550601";
    private static final String OTHER_PHONE = "+12065550602";

    @Autowired
    JdbcClient db;

    @Test
    void aBurstToOnePhoneIsHeldByItsWindowWhileAnotherPhoneIsPagedThenTheHeldPageGoesOnceTheWindowAllows() {
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            burst.add(lead("paced-intake-key"));
        }

        // Two texts reach the paced phone; the third page waits, held, not dropped.
        List<FakeTwilio.Sms> first = twilio.awaitSent(sms -> PACED_PHONE.equals(sms.to()), 2);
        List<String> heldRefs = burst.stream()
                .filter(ref -> first.stream().noneMatch(sms -> sms.body().contains(ref)))
                .toList();
        assertThat(heldRefs).hasSize(1);
        String held = heldRefs.get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "PENDING-held".equals(pageState(held)));
        // Past the per-phone gap, well inside the window: only the window holds it now.
        TestClock clock = new TestClock(db);
        clock.advance(Duration.ofMinutes(1));

        // A page to another site's phone, due after the held one, is not held behind it: pages are
        // claimed oldest first, so had the held page been free it would have gone first.
        String other = lead("paced-next-intake-key");
        FakeTwilio.Sms otherPage = twilio.awaitSms(sms -> sms.body().contains(other));
        assertThat(otherPage.to()).isEqualTo(OTHER_PHONE);
        assertThat(twilio.sent(sms -> PACED_PHONE.equals(sms.to()))).hasSize(2);
        assertThat(pageState(held)).isEqualTo("PENDING-held");

        // Once the window has passed (Doorway's clock moved on), the held page goes, once.
        clock.advance(Duration.ofMinutes(30));
        twilio.awaitSms(sms -> sms.body().contains(held));
        List<FakeTwilio.Sms> all = twilio.sent(sms -> PACED_PHONE.equals(sms.to()));
        assertThat(all).hasSize(3);
        for (String ref : burst) {
            assertThat(all).filteredOn(sms -> sms.body().contains(ref)).hasSize(1);
        }
    }

    /** Posts a LEAD warm-handoff request to the site of {@code key}; its referral's short reference. */
    private String lead(String key) {
        return postEido(key, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0)
                .path("shortRef")
                .asText();
    }

    /** The state of the referral's text page, with "-held" once a window has held it. */
    private String pageState(String shortRef) {
        return db.sql("""
                        select p.state || case when p.held_at is not null then '-held' else '' end
                        from page p join referral r on r.id = p.referral_id
                        where r.short_ref = ? and p.kind = 'PAGE'""").param(shortRef).query(String.class).optional().orElse("none");
    }
}
