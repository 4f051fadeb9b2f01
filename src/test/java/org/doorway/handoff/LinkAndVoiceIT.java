package org.doorway.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.TwilioPhone;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The other ways to answer a page: the one-tap link it carries (no sign-in for the actions, sign-in
 * for the person's details), and a voice call when the text cannot reach the phone (4 takes it).
 */
class LinkAndVoiceIT extends DoorwayAppIT {

    private static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC_BASE_URL) + "(/p/[A-Za-z0-9_-]+)");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Autowired
    JdbcClient db;

    private record Posted(String id, String ref) {}

    private Posted submit(ObjectNode doc) {
        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(doc))
                .json()
                .path("referrals")
                .get(0);
        return new Posted(created.path("id").asText(), created.path("shortRef").asText());
    }

    private static String linkPath(FakeTwilio.Sms page) {
        Matcher link = LINK.matcher(page.body());
        assertThat(link.find()).as("a link in %s", page.body()).isTrue();
        return link.group(1);
    }

    @Test
    void theLinkInAPageTakesTheHandoffWithAnEtaAndNoSignIn() throws Exception {
        Posted handoff = submit(EidoDocuments.leadRequest());
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(handoff.ref()));
        String path = linkPath(page);
        HttpClient phone =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        HttpResponse<String> shown = phone.send(
                HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body())
                .contains("LEAD " + handoff.ref())
                .contains("1501 3rd Ave")
                .contains("Take it");
        assertThat(shown.body()).as("no personal details without sign-in").doesNotContain("Tester");
        Matcher csrf = CSRF.matcher(shown.body());
        assertThat(csrf.find()).isTrue();

        HttpResponse<String> taken = phone.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "action=ack&eta=15&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(taken.statusCode()).isEqualTo(302);
        JsonNode clock = referral(handoff.id(), DEMO_KEY).path("handoff");
        assertThat(clock.path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(clock.path("etaMinutes").asInt()).isEqualTo(15);
        assertThat(db.sql("select via from handoff_event where referral_id = ?::uuid and kind = 'ACKNOWLEDGED'")
                        .param(handoff.id())
                        .query(String.class)
                        .single())
                .isEqualTo("LINK");
    }

    @Test
    void anAlteredLinkShowsItHasExpiredAndChangesNothing() throws Exception {
        Posted handoff = submit(EidoDocuments.leadRequest());
        String path = linkPath(twilio.awaitSms(sms -> sms.body().contains(handoff.ref())));
        String altered = path.substring(0, path.length() - 2) + (path.endsWith("AA") ? "BB" : "AA");

        HttpResponse<String> shown = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + altered)).build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(shown.statusCode()).isEqualTo(404);
        assertThat(shown.body()).contains("This link has expired").doesNotContain(handoff.ref());
        assertThat(referral(handoff.id(), DEMO_KEY)
                        .path("handoff")
                        .path("state")
                        .asText())
                .isEqualTo("PAGING");
    }

    @Test
    void thePersonsDetailsNeedSignIn() throws Exception {
        Posted handoff = submit(EidoDocuments.leadRequest());

        HttpResponse<String> anonymous = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + "/handoffs/" + handoff.id()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).endsWith("/login");
    }

    @Test
    void aTextTheCarrierRefusesIsFollowedByACallAndPressingFourTakesIt() {
        // Twilio refuses texts about this (unique) street: "not a mobile number".
        twilio.server()
                .stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                        .withRequestBody(containing("Zzyzx"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(400)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"code\": 21614, \"message\": \"'To' number is not a valid mobile number\","
                                        + " \"status\": 400}")));
        ObjectNode doc = EidoDocuments.leadRequest(d -> {
            ObjectNode location = (ObjectNode) d.get("locationComponent").get(0);
            location.put(
                    "locationByValue",
                    location.get("locationByValue").asText().replace("<RD>3rd</RD>", "<RD>Zzyzx</RD>"));
        });
        Posted handoff = submit(doc);

        FakeTwilio.VoiceCall call = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> twilio.calls().stream()
                                .filter(c -> c.twiml().contains("Zzyzx"))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .get();
        assertThat(call.twiml())
                .contains("Press 4 to take it")
                .contains(String.join(" ", handoff.ref().split("")));
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(call.twiml());
        assertThat(action.find()).isTrue();
        String answerUrl = action.group(1).replace("&amp;", "&");
        assertThat(answerUrl).startsWith(PUBLIC_BASE_URL + "/webhooks/twilio/voice?page=");

        Map<String, String> pressed = new LinkedHashMap<>();
        pressed.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        pressed.put("CallSid", call.sid());
        pressed.put("Digits", "4");
        pressed.put("From", FakeTwilio.FROM_NUMBER);
        pressed.put("To", call.to());
        TwilioPhone phone = phone();
        String path = answerUrl.substring(PUBLIC_BASE_URL.length());
        TwilioPhone.Answer answer = phone.post(path, pressed, phone.sign(path, pressed));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("<Say>Thank you. You have it.");
        JsonNode clock = referral(handoff.id(), DEMO_KEY).path("handoff");
        assertThat(clock.path("state").asText()).isEqualTo("ACKNOWLEDGED");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> vias = db.sql(
                            "select kind || '/' || via from handoff_event where referral_id = ?::uuid order by id")
                    .param(handoff.id())
                    .query(String.class)
                    .list();
            assertThat(vias).contains("PAGED/VOICE", "ACKNOWLEDGED/VOICE");
        });
    }
}
