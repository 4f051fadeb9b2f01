package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A case manager who asked for shift texts (sam, of the {@code shifts} test site, whose primary
 * rotates hourly) is texted once when their shift starts, however often Doorway looks; tia, who
 * did not ask, is not.
 */
class ShiftTextsIT extends DoorwayAppIT {

    private static final String SAM_PHONE = "+12065550821";
    private static final String TIA_PHONE = "+12065550822";

    @Autowired
    JdbcClient db;

    @Autowired
    Sites sites;

    @Autowired
    ShiftTexts texts;

    @Autowired
    StoredOverrides overrides;

    @AfterEach
    void clockBack() {
        TestClock clock = new TestClock(db);
        clock.advance(clock.offset().negated());
    }

    @Test
    void anOptedInCaseManagerIsTextedOnceAtTheHandOffOfTheirShift() {
        TestClock clock = new TestClock(db);
        Site site = sites.get("shifts");
        Instant now = db.sql("select doorway_now()")
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        Shift next = site.schedules().get("primary").shifts(now.plusSeconds(60), now.plus(Duration.ofHours(3))).stream()
                .filter(s -> s.member().equals("sam") && s.start().isAfter(now.plusSeconds(60)))
                .findFirst()
                .orElseThrow();
        String until = "until "
                + next.end()
                        .atZone(ZoneId.of("America/Chicago"))
                        .format(DateTimeFormatter.ofPattern("EEE d MMM HH:mm"));

        clock.advance(Duration.between(now, next.start()).plusSeconds(30));
        texts.run();
        texts.run();

        FakeTwilio.Sms sms =
                twilio.awaitSms(m -> SAM_PHONE.equals(m.to()) && m.body().contains(until));
        assertThat(sms.body()).startsWith("Doorway: your on-call shift starts now: primary at shifts");
        texts.run();
        List<FakeTwilio.Sms> all =
                twilio.sent(m -> SAM_PHONE.equals(m.to()) && m.body().contains(until));
        assertThat(all).as("one text per shift, however often Doorway looks").hasSize(1);
        assertThat(db.sql("select count(*) from shift_text where site = 'shifts' and case_manager = 'sam'"
                                + " and kind = 'STARTS' and shift_start = ?")
                        .param(java.sql.Timestamp.from(next.start()))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(twilio.sent(m -> TIA_PHONE.equals(m.to())))
                .as("tia did not ask")
                .isEmpty();
    }

    @Test
    void anOptedInCaseManagerIsToldWhenAnOverrideChangesTheirComingShifts() {
        Instant now = db.sql("select doorway_now()")
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        Shift tias = sites.get("shifts").schedules().get("primary").shifts(now, now.plus(Duration.ofHours(3))).stream()
                .filter(s -> s.member().equals("tia") && s.start().isAfter(now))
                .findFirst()
                .orElseThrow();
        texts.run();
        int before = twilio.sent(m -> SAM_PHONE.equals(m.to()) && m.body().contains("changed"))
                .size();

        java.util.UUID cover = overrides.add("shifts", "primary", "sam", tias.start(), tias.end(), "tia away", "test");
        try {
            texts.run();
            FakeTwilio.Sms told = twilio.awaitSent(
                            m -> SAM_PHONE.equals(m.to()) && m.body().contains("changed"), before + 1)
                    .get(before);
            assertThat(told.body())
                    .startsWith("Doorway: your on-call shifts at shifts changed. Next: primary from ")
                    .doesNotContain("Tia", "Sam");
        } finally {
            overrides.remove("shifts", cover, "test");
        }
    }
}
