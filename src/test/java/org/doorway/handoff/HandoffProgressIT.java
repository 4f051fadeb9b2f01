package org.doorway.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.TwilioPhone;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A warm handoff after the page: the case manager passes (the next person is paged at once), or
 * takes it and reports en route, on scene and handed off by SMS, each confirmed and timed; the
 * carrier keywords STOP, START and HELP; and strangers' texts.
 */
class HandoffProgressIT extends DoorwayAppIT {

    private static final Pattern REPLY_CODE = Pattern.compile("Reply (\\d+)a to take it");

    @Autowired
    Sites sites;

    @Autowired
    JdbcClient db;

    private Site.CaseManager member(String site, int step) {
        Site s = sites.get(site);
        return s.onCall(java.util.List.of("primary", "backup", "third").get(step), Instant.now())
                .orElseThrow();
    }

    private static int code(FakeTwilio.Sms sms) {
        Matcher m = REPLY_CODE.matcher(sms.body());
        assertThat(m.find()).as("reply code in %s", sms.body()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private record Posted(String id, String ref) {}

    private Posted post(String key) {
        JsonNode created = postEido(key, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        return new Posted(created.path("id").asText(), created.path("shortRef").asText());
    }

    @Test
    void aDeclineOnTheDemoSitePagesTheNextPersonAtOnce() {
        // The demo site waits five minutes for an answer; "1d" must not.
        Posted handoff = post(DEMO_KEY);
        FakeTwilio.Sms first = twilio.awaitSms(sms -> sms.body().contains(handoff.ref()));

        TwilioPhone.Answer answer = phone().reply(first.to(), code(first) + "d");

        assertThat(answer.body()).contains("goes to the next person");
        FakeTwilio.Sms second =
                twilio.awaitSent(sms -> sms.body().contains(handoff.ref()), 2).get(1);
        assertThat(second.to()).isEqualTo(member("demo", 1).phone());
        JsonNode clock = referral(handoff.id(), DEMO_KEY).path("handoff");
        assertThat(clock.path("state").asText()).isEqualTo("PAGING");
    }

    @Test
    void enRouteOnSceneAndHandedOffAreConfirmedAndTimedInOrder() {
        Posted handoff = post(DEMO_KEY);
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(handoff.ref()));
        int code = code(page);

        TwilioPhone.Answer ack = phone().reply(page.to(), code + "a");
        TwilioPhone.Answer enRoute = phone().reply(page.to(), code + "r 12");
        TwilioPhone.Answer again = phone().reply(page.to(), code + "r");
        TwilioPhone.Answer onScene = phone().reply(page.to(), code + "s");
        TwilioPhone.Answer handedOff = phone().reply(page.to(), code + "h");

        assertThat(ack.body()).contains("acknowledged").contains("Reply " + code + "r when en route");
        assertThat(enRoute.body()).contains("en route to LEAD " + handoff.ref()).contains("ETA 12 min");
        assertThat(again.body()).contains("already noted");
        assertThat(onScene.body()).contains("on scene");
        assertThat(handedOff.body()).contains("handed off. Thank you");
        JsonNode clock = referral(handoff.id(), DEMO_KEY).path("handoff");
        assertThat(clock.path("state").asText()).isEqualTo("HANDED_OFF");
        assertThat(clock.path("etaMinutes").asInt()).isEqualTo(12);
        Instant acknowledged = Instant.parse(clock.path("acknowledgedAt").asText());
        Instant enRouteAt = Instant.parse(clock.path("enRouteAt").asText());
        Instant onSceneAt = Instant.parse(clock.path("onSceneAt").asText());
        Instant handedOffAt = Instant.parse(clock.path("handedOffAt").asText());
        assertThat(acknowledged).isBeforeOrEqualTo(enRouteAt);
        assertThat(enRouteAt).isBeforeOrEqualTo(onSceneAt);
        assertThat(onSceneAt).isBeforeOrEqualTo(handedOffAt);
        assertThat(clock.path("closeReason").asText()).isEqualTo("HANDED_OFF");
        List<String> events = db.sql(
                        "select kind || '/' || via from handoff_event where referral_id = ?::uuid order by id")
                .param(handoff.id())
                .query(String.class)
                .list();
        assertThat(events)
                .containsSubsequence(
                        "REQUESTED/SYSTEM",
                        "PAGED/SMS",
                        "ACKNOWLEDGED/SMS",
                        "EN_ROUTE/SMS",
                        "ON_SCENE/SMS",
                        "HANDED_OFF/SMS");
    }

    @Test
    void anotherCaseManagerCannotMoveAHandoffTheyDoNotHave() {
        Posted handoff = post(FAST_KEY);
        List<FakeTwilio.Sms> pages = twilio.awaitSent(sms -> sms.body().contains(handoff.ref()), 2);
        phone().reply(pages.get(1).to(), code(pages.get(1)) + "a");

        TwilioPhone.Answer intruder = phone().reply(pages.get(0).to(), code(pages.get(0)) + "s");

        assertThat(intruder.body()).contains("already taken by");
        assertThat(referral(handoff.id(), FAST_KEY)
                        .path("handoff")
                        .path("onSceneAt")
                        .isNull())
                .isTrue();
    }

    @Test
    void stopEndsPagesToThatPhoneAndTheHandoffMovesOnUntilStart() {
        // The restart test site's people are paged by no other test in this application.
        Site.CaseManager onCall = member("restart", 0);
        TwilioPhone phone = phone();
        // Doorway must have paged the phone before for START to be meaningful; STOP works regardless.
        assertThat(phone.reply(onCall.phone(), "STOP").body()).doesNotContain("<Message>");

        Posted handoff = post("restart-intake-key");

        FakeTwilio.Sms first = twilio.awaitSms(sms -> sms.body().contains(handoff.ref()));
        assertThat(first.to())
                .as("the opted-out phone is skipped at once")
                .isEqualTo(member("restart", 1).phone());
        assertThat(db.sql("select error_code from page where referral_id = ?::uuid and to_number = ?")
                        .params(handoff.id(), onCall.phone())
                        .query(String.class)
                        .single())
                .isEqualTo("opted-out");

        assertThat(phone.reply(onCall.phone(), "START").body()).contains("back on");
        assertThat(db.sql("select count(*) from sms_opt_out where number = ?")
                        .param(onCall.phone())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void twoPagesDueAtOnceForOnePhoneAreBothSentTheSecondMarkedAsHeld() {
        Posted first = post(DEMO_KEY);
        Posted second = post(DEMO_KEY);

        FakeTwilio.Sms a = twilio.awaitSms(sms -> sms.body().contains(first.ref()));
        FakeTwilio.Sms b = twilio.awaitSms(sms -> sms.body().contains(second.ref()));

        assertThat(a.to()).isEqualTo(b.to());
        List<java.sql.Timestamp> held = db.sql("""
                        select held_at from page where referral_id in (?::uuid, ?::uuid) order by id""")
                .params(first.id(), second.id())
                .query(java.sql.Timestamp.class)
                .list();
        assertThat(held).hasSize(2);
        assertThat(held.get(1)).as("the second waited for the first, visibly").isNotNull();
    }

    @Test
    void helpExplainsTheCodesInOneMessage() {
        TwilioPhone.Answer help = phone().reply("+12065550101", "HELP");

        assertThat(help.body())
                .contains("a take it")
                .contains("d pass")
                .contains("x person left")
                .contains("STOP");
        String text = help.body().replaceAll(".*<Message>(.*)</Message>.*", "$1");
        assertThat(text.length()).isLessThanOrEqualTo(160);
    }

    @Test
    void aStrangerIsAnsweredOnceADayAtMost() {
        String stranger = "+1415555" + (1000 + (int) (Math.random() * 8999));

        TwilioPhone.Answer first = phone().reply(stranger, "who is this?");
        TwilioPhone.Answer second = phone().reply(stranger, "hello?");

        assertThat(first.body()).contains("<Message>");
        assertThat(second.body()).doesNotContain("<Message>");
    }

    @Test
    void aLateAcknowledgementOfAnUnansweredHandoffIsStillTaken() {
        Posted handoff = post(FAST_KEY);
        List<FakeTwilio.Sms> pages = twilio.awaitSent(sms -> sms.body().contains(handoff.ref()), 3);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> referral(handoff.id(), FAST_KEY)
                        .path("handoff")
                        .path("state")
                        .asText()
                        .equals("UNANSWERED"));

        TwilioPhone.Answer late = phone().reply(pages.get(2).to(), code(pages.get(2)) + "a");

        assertThat(late.body()).contains("acknowledged");
        assertThat(referral(handoff.id(), FAST_KEY)
                        .path("handoff")
                        .path("state")
                        .asText())
                .isEqualTo("ACKNOWLEDGED");
    }
}
