package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.OpenHandoffs;
import org.doorway.testing.PhoneDevice;
import org.doorway.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo site's escalation, as its {@code site.yaml} documents it: primary by SMS at 0, primary
 * by voice at 3 min, backup by SMS at 5, supervisor by SMS and voice at 10, twice over; then the
 * referring officer hears that nobody can come. Minutes pass on Doorway's test clock, not the
 * wall clock.
 */
class DemoEscalationIT extends DoorwayAppIT {

    @Autowired
    JdbcClient db;

    @Autowired
    Sites sites;

    private TestClock clock;

    @BeforeEach
    void clock() {
        clock = new TestClock(db);
        OpenHandoffs.standDown(db);
    }

    @AfterEach
    void clockBack() {
        // Later tests share this application: leave nothing paging and put its clock back.
        OpenHandoffs.standDown(db);
        clock.advance(clock.offset().negated());
    }

    private Instant now() {
        return db.sql("select doorway_now()")
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
    }

    private PhoneDevice onCall(String layer) {
        Site demo = sites.get("demo");
        return device(demo.onCall(layer, now()).orElseThrow().phone());
    }

    private String post() {
        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        return created.path("shortRef").asText();
    }

    private static String spelled(String ref) {
        return String.join(" ", ref.split(""));
    }

    @Test
    void aDeclineOnTheDemoSiteReachesTheBackupWithinSeconds() {
        PhoneDevice primary = onCall("primary");
        PhoneDevice backup = onCall("backup");
        String ref = post();

        primary.expectSms(ref, "to take it").reply("{code}d");

        // Not the primary's voice step (they said no): straight to the backup, without waiting 5 minutes.
        backup.expectSms(ref, "to take it");
        assertThat(twilio.calls())
                .noneMatch(call ->
                        call.to().equals(primary.number()) && call.twiml().contains(spelled(ref)));
    }

    @Test
    void silenceWalksEveryStepTwiceThenTellsTheOfficerNobodyCanCome() {
        PhoneDevice officer = device("+12065550147");
        PhoneDevice primary = onCall("primary");
        PhoneDevice backup = onCall("backup");
        PhoneDevice supervisor = onCall("supervisor");
        String ref = post();

        for (int round = 1; round <= 2; round++) {
            primary.expectSms(ref, "to take it");
            backup.expectNoSms(Duration.ofSeconds(1), ref); // nothing more before its time
            clock.advance(Duration.ofMinutes(3));
            primary.expectCall(spelled(ref));
            clock.advance(Duration.ofMinutes(2));
            backup.expectSms(ref, "to take it");
            clock.advance(Duration.ofMinutes(5));
            supervisor.expectSms(ref, "to take it");
            supervisor.expectCall(spelled(ref));
            officer.expectNoSms(Duration.ZERO, ref);
            clock.advance(Duration.ofMinutes(5));
        }

        officer.expectSms(ref, "no case manager can come");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> db.sql("select state from handoff h join referral r"
                                + " on r.id = h.referral_id where r.short_ref = ?")
                        .param(ref)
                        .query(String.class)
                        .single()
                        .equals("UNANSWERED"));
    }
}
