package org.doorway.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * Acknowledged is not arrived: on the arrival test site (the defaults: ten minutes' grace past the
 * ETA, five more after asking), a case manager en route who is not on scene by then is asked
 * whether they are still coming; with no answer the backup is paged and the referring officer told.
 * Minutes pass on Doorway's test clock.
 */
class ArrivalWatchIT extends DoorwayAppIT {

    private static final String KEY = "arrival-intake-key";
    private static final String OFFICER = "+12065550547";

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
        // Later tests share this application: leave nothing open and put its clock back.
        OpenHandoffs.standDown(db);
        clock.advance(clock.offset().negated());
    }

    private PhoneDevice onCall(String layer) {
        Instant now = db.sql("select doorway_now()")
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        return device(sites.get("arrival").onCall(layer, now).orElseThrow().phone());
    }

    private String post() {
        return postEido(KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0)
                .path("shortRef")
                .asText();
    }

    private List<String> events(String ref) {
        return db.sql("""
                        select e.kind from handoff_event e join referral r on r.id = e.referral_id
                        where r.short_ref = ? order by e.id""").param(ref).query(String.class).list();
    }

    @Test
    void asksTheCaseManagerPastTheirEtaThenPagesTheBackupAndTellsTheOfficerWhenTheyNeverArrive() {
        PhoneDevice officer = device(OFFICER);
        PhoneDevice primary = onCall("primary");
        PhoneDevice backup = onCall("backup");
        String ref = post();
        PhoneDevice.Received page = primary.expectSms(ref, "to take it");
        int code = page.code();
        page.reply("{code}a 10").expectReply("acknowledged", "ETA 10 min");
        officer.expectSms(ref, "is coming, about 10 min");
        primary.send(code + "r").expectReply("en route to LEAD " + ref);

        clock.advance(Duration.ofMinutes(19));
        primary.expectNoSms(Duration.ofSeconds(1), ref, "Still coming?"); // ETA 10 + grace 10: not yet

        clock.advance(Duration.ofMinutes(1));
        PhoneDevice.Received asked = primary.expectSms(ref, "not on scene yet. Still coming?");
        assertThat(asked.body())
                .contains("Reply " + code + "r")
                .contains(code + "s on scene")
                .contains(code + "d if you cannot")
                .hasSizeLessThanOrEqualTo(160);
        backup.expectNoSms(Duration.ZERO, ref, "to take it");
        officer.expectNoSms(Duration.ZERO, ref, "has not arrived");

        clock.advance(Duration.ofMinutes(5));
        backup.expectSms(ref, "to take it");
        officer.expectSms(ref, "the case manager has not arrived", "Paging the next one now");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(events(ref))
                        .containsSubsequence("ACKNOWLEDGED", "EN_ROUTE", "ARRIVAL_ASKED", "OVERDUE", "PAGED"));
        assertThat(events(ref)).containsOnlyOnce("ARRIVAL_ASKED", "OVERDUE");
    }

    @Test
    void stillComingStartsTheWatchOverAndAnArrivalStopsItWithNobodyElsePaged() {
        PhoneDevice officer = device(OFFICER);
        PhoneDevice primary = onCall("primary");
        PhoneDevice backup = onCall("backup");
        String ref = post();
        PhoneDevice.Received page = primary.expectSms(ref, "to take it");
        int code = page.code();
        page.reply("{code}r 10").expectReply("en route to LEAD " + ref, "ETA 10 min");

        clock.advance(Duration.ofMinutes(20));
        primary.expectSms(ref, "Still coming?");
        primary.send(code + "r 5").expectReply("en route to LEAD " + ref, "ETA 5 min");

        // Past the five minutes' wait after asking: the answer counts, nobody else is paged.
        clock.advance(Duration.ofMinutes(6));
        primary.send(code + "s").expectReply("on scene at LEAD " + ref);
        clock.advance(Duration.ofMinutes(30));

        backup.expectNoSms(Duration.ofSeconds(2), ref, "to take it");
        primary.expectNoSms(Duration.ZERO, ref, "Still coming?");
        officer.expectNoSms(Duration.ZERO, ref, "has not arrived");
        assertThat(events(ref))
                .containsSubsequence("EN_ROUTE", "ARRIVAL_ASKED", "STILL_COMING", "ON_SCENE")
                .containsOnlyOnce("ARRIVAL_ASKED")
                .doesNotContain("OVERDUE");
    }
}
