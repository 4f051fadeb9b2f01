package org.doorway.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.doorway.DoorwayAppIT;
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
 * The arrival test site alerts its supervisor when a handoff is 20 minutes old (the default) with
 * nobody on scene: once, and never for a handoff completed before. Minutes pass on Doorway's test
 * clock.
 */
class NearTargetAlertIT extends DoorwayAppIT {

    private static final String KEY = "arrival-intake-key";
    private static final String SUPERVISOR = "+12065550504";

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
        OpenHandoffs.standDown(db);
        clock.advance(clock.offset().negated());
    }

    private String post() {
        return postEido(KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0)
                .path("shortRef")
                .asText();
    }

    private int count(String sql, String ref) {
        return db.sql(sql).param(ref).query(Integer.class).single();
    }

    @Test
    void alertsTheSupervisorOnceAtMinuteTwentyWithNobodyOnScene() {
        PhoneDevice supervisor = device(SUPERVISOR);
        String ref = post();
        twilio.awaitSms(sms -> sms.body().contains(ref) && sms.body().contains("to take it"));

        clock.advance(Duration.ofMinutes(19));
        supervisor.expectNoSms(Duration.ofSeconds(1), ref);

        clock.advance(Duration.ofMinutes(1));
        PhoneDevice.Received alert = supervisor.expectSms(ref, "warm handoff 20 min old, nobody on scene");
        assertThat(alert.body()).hasSizeLessThanOrEqualTo(160).doesNotContain("Ana", "DOB");

        clock.advance(Duration.ofMinutes(10));
        supervisor.expectNoSms(Duration.ofSeconds(2), ref);
        assertThat(count(
                        "select count(*) from page p join referral r on r.id = p.referral_id where r.short_ref = ? and p.kind = 'ALERT'",
                        ref))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from handoff_event e join referral r on r.id = e.referral_id where r.short_ref = ? and e.kind = 'NEAR_TARGET'",
                        ref))
                .isEqualTo(1);
    }

    @Test
    void alertsNobodyAboutAHandoffHandedOffBeforeMinuteTwenty() {
        PhoneDevice supervisor = device(SUPERVISOR);
        String ref = post();
        PhoneDevice primary = device(
                twilio.awaitSms(sms -> sms.body().contains(ref) && sms.body().contains("to take it"))
                        .to());
        PhoneDevice.Received page = primary.expectSms(ref, "to take it");
        page.reply("{code}a").expectReply("acknowledged");
        page.reply("{code}h").expectReply("handed off");

        clock.advance(Duration.ofMinutes(21));
        // The watch looked at the timer and dropped it: no alert is left to send.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count(
                                "select count(*) from handoff h join referral r on r.id = h.referral_id"
                                        + " where r.short_ref = ? and h.near_target_at is null",
                                ref)
                        == 1);
        supervisor.expectNoSms(Duration.ZERO, ref);
        assertThat(count(
                        "select count(*) from handoff h join referral r on r.id = h.referral_id where r.short_ref = ? and h.near_target_alerted_at is not null",
                        ref))
                .isZero();
    }
}
