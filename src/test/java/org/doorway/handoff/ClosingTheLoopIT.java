package org.doorway.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeDispatch;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Whoever waits on a handoff is told how it goes: the dispatch centre through its webhook (signed),
 * the referring officer by SMS from the site's roster. The 911 caller's callback number is never
 * texted. On the fast test site, whose source {@code fast-cad} names a webhook on
 * {@link FakeDispatch} and whose roster knows the officer of the example EIDO.
 */
class ClosingTheLoopIT extends DoorwayAppIT {

    private static final Pattern REPLY_CODE = Pattern.compile("Reply (\\d+)a to take it");
    private static final String OFFICER_PHONE = "+12065550247";
    private static final String CALLER_PHONE = "+12065550999";

    private final FakeDispatch dispatch = FakeDispatch.shared();

    @Autowired
    Sites sites;

    @AfterEach
    void dispatchAnswersAgain() {
        dispatch.answerWith(200);
    }

    /** A LEAD request from the roster's officer, with a 911 caller's callback number that is not theirs. */
    private Posted post() {
        var doc = EidoDocuments.leadRequest();
        String text = new String(EidoDocuments.bytes(doc), StandardCharsets.UTF_8)
                .replace("tel:+12065550147", "tel:" + CALLER_PHONE);
        JsonNode created = postEido(FAST_KEY, text.getBytes(StandardCharsets.UTF_8))
                .json()
                .path("referrals")
                .get(0);
        return new Posted(created.path("id").asText(), created.path("shortRef").asText(), EidoDocuments.id(doc), text);
    }

    private record Posted(String id, String ref, String incidentId, String document) {}

    private static int code(FakeTwilio.Sms page) {
        Matcher code = REPLY_CODE.matcher(page.body());
        assertThat(code.find()).as("reply code in %s", page.body()).isTrue();
        return Integer.parseInt(code.group(1));
    }

    /** The case manager a page went to. */
    private Site.CaseManager paged(FakeTwilio.Sms page) {
        return sites.get("fast").caseManagers().values().stream()
                .filter(cm -> cm.phone().equals(page.to()))
                .findFirst()
                .orElseThrow();
    }

    private FakeDispatch.Notice notice(String ref, String event) {
        return dispatch.awaitNotice(
                n -> n.json().path("referral").path("shortRef").asText().equals(ref)
                        && n.json().path("event").asText().equals(event));
    }

    @Test
    void tellsDispatchAndTheReferringOfficerWhoIsComingAndWhen() throws Exception {
        Posted posted = post();
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(posted.ref()));

        assertThat(phone().reply(page.to(), code(page) + "a 15").body()).contains("acknowledged");

        FakeDispatch.Notice notice = notice(posted.ref(), "ACKNOWLEDGED");
        assertThat(notice.path()).isEqualTo("/dispatch/fast-cad");
        assertThat(notice.signature()).isEqualTo("sha256=" + hmac(FakeDispatch.SECRET, notice.body()));
        JsonNode body = notice.json();
        assertThat(notice.eventId()).isEqualTo(body.path("eventId").asText());
        assertThat(body.path("referral").path("id").asText()).isEqualTo(posted.id());
        assertThat(body.path("referral").path("sourceId").asText()).isEqualTo(posted.incidentId());
        assertThat(body.path("handoff").path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(body.path("handoff").path("responder").asText())
                .isEqualTo(paged(page).name());
        assertThat(body.path("handoff").path("etaMinutes").asInt()).isEqualTo(15);

        FakeTwilio.Sms told = twilio.awaitSms(
                sms -> sms.to().equals(OFFICER_PHONE) && sms.body().contains(posted.ref()));
        assertThat(told.body())
                .isEqualTo("Doorway LEAD " + posted.ref() + ": case manager "
                        + paged(page).name() + " is coming, about 15 min.");
        JsonNode referral = referral(posted.id(), FAST_KEY);
        assertThat(referral.path("handoff").path("responder").asText())
                .isEqualTo(paged(page).id());
        assertThat(referral.path("handoff").path("etaMinutes").asInt()).isEqualTo(15);
        assertThat(twilio.sent(sms -> sms.to().equals(CALLER_PHONE))).isEmpty();
    }

    @Test
    void tellsEveryoneAtOnceWhenNobodyCanComeAndNeverTextsTheCaller() {
        Posted posted = post();
        // Each of the three layers declines in turn; each decline pages the next at once.
        for (int step = 0; step < 3; step++) {
            int already = step;
            List<FakeTwilio.Sms> pages = twilio.awaitSent(
                    sms -> sms.body().contains(posted.ref()) && sms.body().contains("to take it"), step + 1);
            FakeTwilio.Sms page = pages.get(already);
            assertThat(phone().reply(page.to(), code(page) + "d").body()).doesNotContain("not understood");
        }

        FakeDispatch.Notice notice = notice(posted.ref(), "UNANSWERED");
        assertThat(notice.json().path("handoff").path("state").asText()).isEqualTo("UNANSWERED");
        assertThat(notice.json().path("handoff").path("responder").isNull()).isTrue();
        FakeTwilio.Sms told = twilio.awaitSms(
                sms -> sms.to().equals(OFFICER_PHONE) && sms.body().contains(posted.ref()));
        assertThat(told.body()).contains("no case manager can come");
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(twilio.sent(sms -> sms.to().equals(CALLER_PHONE))).isEmpty();
        assertThat(twilio.calls()).noneMatch(call -> call.to().equals(CALLER_PHONE));
    }

    @Test
    void tellsDispatchWhenTheCaseManagerWhoWasComingCannot() {
        Posted posted = post();
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(posted.ref()));
        phone().reply(page.to(), code(page) + "a");
        notice(posted.ref(), "ACKNOWLEDGED");

        phone().reply(page.to(), code(page) + "d");

        FakeDispatch.Notice dropped = notice(posted.ref(), "DECLINED");
        assertThat(dropped.json().path("handoff").path("state").asText()).isEqualTo("PAGING");
        FakeTwilio.Sms told = twilio.awaitSms(sms -> sms.to().equals(OFFICER_PHONE)
                && sms.body().contains(posted.ref())
                && sms.body().contains("cannot"));
        assertThat(told.body()).contains("Paging the next one now");
    }

    @Test
    void retriesANoticeTheWebhookRefusedForAWhileAndDeliversItOnce() {
        dispatch.answerWith(503);
        Posted posted = post();
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(posted.ref()));
        phone().reply(page.to(), code(page) + "a");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> dispatch.received().stream()
                        .anyMatch(n -> n.answered() == 503 && n.body().contains(posted.ref())));

        dispatch.answerWith(200);

        FakeDispatch.Notice delivered = notice(posted.ref(), "ACKNOWLEDGED");
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        assertThat(dispatch.received())
                .filteredOn(n -> n.answered() == 200 && n.eventId().equals(delivered.eventId()))
                .hasSize(1);
    }

    @Test
    void aNoticeCarriesNothingAboutThePersonReferred() throws Exception {
        Posted posted = post();
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(posted.ref()));
        phone().reply(page.to(), code(page) + "a 10");

        String body = notice(posted.ref(), "ACKNOWLEDGED").body();

        JsonNode person = new ObjectMapper()
                .readTree(posted.document())
                .path("personComponent")
                .get(0);
        person.findValues("value").stream()
                .map(JsonNode::asText)
                .filter(v -> v.length() > 3)
                .forEach(value -> assertThat(body).doesNotContain(value));
        assertThat(body).doesNotContain(CALLER_PHONE);
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
