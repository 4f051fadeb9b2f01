package org.doorway.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Acknowledged is not enough: a case manager who took a handoff but does not report "en route"
 * within the timeout is reminded once, and after a second wait the handoff goes to the next person.
 * On the enroute test site, whose escalation policy gives three seconds to report "en route": more
 * than the pause between two texts to one phone, so the reminder goes out before the lapse.
 */
class EnRouteReminderIT extends DoorwayAppIT {

    private static final Pattern REPLY_CODE = Pattern.compile("Reply (\\d+)a to take it");

    @Autowired
    JdbcClient db;

    @Test
    void remindsOnceThenPagesTheNextPersonWhenNobodyGoesEnRoute() {
        JsonNode created = postEido("enroute-intake-key", EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        String ref = created.path("shortRef").asText();
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(ref));
        Matcher code = REPLY_CODE.matcher(page.body());
        assertThat(code.find()).isTrue();

        assertThat(phone().reply(page.to(), code.group(1) + "a").body()).contains("acknowledged");

        FakeTwilio.Sms reminder =
                twilio.awaitSms(sms -> sms.body().contains(ref) && sms.body().contains("still coming"));
        assertThat(reminder.to()).isEqualTo(page.to());
        assertThat(reminder.body()).contains("Reply " + code.group(1) + "r when en route");
        List<FakeTwilio.Sms> pages =
                twilio.awaitSent(sms -> sms.body().contains(ref) && sms.body().contains("to take it"), 2);
        assertThat(pages.get(1).to()).isNotEqualTo(page.to());
        // The provider has the page before Doorway records that it sent it.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                db.sql("select kind from handoff_event where referral_id = ?::uuid order by id")
                                        .param(created.path("id").asText())
                                        .query(String.class)
                                        .list())
                        .containsSubsequence("ACKNOWLEDGED", "REMINDED", "LAPSED", "PAGED"));
    }
}
