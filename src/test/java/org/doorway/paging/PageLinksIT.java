package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.OpenHandoffs;
import org.doorway.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A page's one-tap link cannot be forged, acts on its own page's handoff only, and stops working
 * when the handoff ends or the link's validity runs out. Whatever a refused link is, it answers
 * with the same "expired" page: no address, no reference, nothing done.
 */
class PageLinksIT extends DoorwayAppIT {

    private static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC_BASE_URL) + "(/p/[A-Za-z0-9_-]+)");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final String ADDRESS = "1501 3rd Ave";

    @Autowired
    JdbcClient db;

    private record Handoff(String id, String ref, String link) {}

    /** A new LEAD referral, and the link in the text that paged for it. */
    private Handoff refer() {
        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        String ref = created.path("shortRef").asText();
        String body = twilio.awaitSms(sms -> sms.body().contains(ref)).body();
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).as("a link in %s", body).isTrue();
        return new Handoff(created.path("id").asText(), ref, link.group(1));
    }

    private String state(Handoff handoff) {
        return referral(handoff.id(), DEMO_KEY).path("handoff").path("state").asText();
    }

    private int events(Handoff handoff, String kind) {
        return db.sql("select count(*) from handoff_event where referral_id = ?::uuid and kind = ?")
                .params(handoff.id(), kind)
                .query(Integer.class)
                .single();
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private HttpResponse<String> get(HttpClient browser, String path) {
        return exchange(browser, HttpRequest.newBuilder(URI.create(base() + path)));
    }

    /** The browser's CSRF token, read from a page that has a form. */
    private String csrf(HttpClient browser, String path) {
        Matcher token = CSRF.matcher(get(browser, path).body());
        assertThat(token.find()).as("a CSRF token on %s", path).isTrue();
        return token.group(1);
    }

    private HttpResponse<String> post(HttpClient browser, String path, String csrf, String form) {
        return exchange(
                browser,
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                form + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))));
    }

    private static HttpResponse<String> exchange(HttpClient browser, HttpRequest.Builder request) {
        try {
            return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(HttpResponse<String> answer, Handoff handoff) {
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body())
                .contains("This link has expired")
                .doesNotContain(ADDRESS)
                .doesNotContain(handoff.ref())
                .doesNotContain(handoff.id());
    }

    /**
     * The token as the code before random tokens made it, under the development key every copy of
     * Doorway shipped with: the page's id (6 bytes) and its expiry in minutes since 2026 (3 bytes),
     * then the first 6 bytes of their HMAC-SHA256, in base64url. That code accepted such a token
     * for any page id, showed the page's address and took its answers; a link today is 22 random
     * characters looked up by their hash, so this one names nothing.
     */
    static String mintedWithThePublishedKey(long pageId, Instant expires) throws Exception {
        long epochMinute = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() / 60;
        long expiresMinute = expires.getEpochSecond() / 60 - epochMinute;
        byte[] payload = new byte[9];
        for (int i = 0; i < 6; i++) {
            payload[i] = (byte) (pageId >>> (8 * (5 - i)));
        }
        for (int i = 0; i < 3; i++) {
            payload[6 + i] = (byte) (expiresMinute >>> (8 * (2 - i)));
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("doorway-dev-link-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = Arrays.copyOf(mac.doFinal(payload), 6);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        ByteBuffer.allocate(15).put(payload).put(signature).array());
    }

    @Test
    void aLinkMintedWithThePublishedDevelopmentKeyShowsNothingAndTakesNothing() throws Exception {
        Handoff handoff = refer();
        long pageId = db.sql("select min(id) from page where referral_id = ?::uuid and kind = 'PAGE'")
                .param(handoff.id())
                .query(Long.class)
                .single();
        String forged = "/p/" + mintedWithThePublishedKey(pageId, Instant.now().plus(Duration.ofHours(12)));
        HttpClient attacker = browser();
        String csrf = csrf(attacker, "/login");

        assertRefused(get(attacker, forged), handoff);
        assertRefused(post(attacker, forged, csrf, "action=ack&eta=10"), handoff);
        assertRefused(post(attacker, forged, csrf, "action=decline"), handoff);

        assertThat(state(handoff)).isEqualTo("PAGING");
        assertThat(events(handoff, "ACKNOWLEDGED")).isZero();
        assertThat(db.sql("select count(*) from handoff_decline where referral_id = ?::uuid")
                        .param(handoff.id())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aGenuineLinkActsOnItsOwnHandoffWhateverIdsTheFormCarries() {
        Handoff a = refer();
        Handoff b = refer();
        long pageOfB = db.sql("select min(id) from page where referral_id = ?::uuid and kind = 'PAGE'")
                .param(b.id())
                .query(Long.class)
                .single();
        HttpClient phone = browser();
        HttpResponse<String> shown = get(phone, a.link());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("LEAD " + a.ref()).contains(ADDRESS).doesNotContain(b.ref());
        String csrf = csrf(phone, a.link());

        HttpResponse<String> taken = post(
                phone,
                a.link(),
                csrf,
                "action=ack&eta=10&referralId=" + b.id() + "&referral=" + b.id() + "&id=" + b.id() + "&pageId="
                        + pageOfB + "&page=" + pageOfB + "&token=" + b.link().substring(3));

        assertThat(taken.statusCode()).isEqualTo(302);
        assertThat(taken.headers().firstValue("Location").orElse("")).endsWith(a.link());
        assertThat(state(a)).isEqualTo("ACKNOWLEDGED");
        assertThat(state(b)).isEqualTo("PAGING");
        assertThat(events(b, "ACKNOWLEDGED")).isZero();
    }

    @Test
    void aLinkStopsWorkingOnceItsHandoffIsHandedOff() {
        Handoff handoff = refer();
        HttpClient phone = browser();
        String csrf = csrf(phone, handoff.link());
        post(phone, handoff.link(), csrf, "action=ack");

        HttpResponse<String> handedOff = post(phone, handoff.link(), csrf, "action=handed-off");
        assertThat(handedOff.statusCode()).isEqualTo(302);
        assertThat(state(handoff)).isEqualTo("HANDED_OFF");

        HttpResponse<String> after = get(phone, handoff.link());
        assertRefused(after, handoff);
        assertThat(after.body()).as("what the last tap did, on the way out").contains("Noted.");
        assertRefused(get(browser(), handoff.link()), handoff);
        assertRefused(post(phone, handoff.link(), csrf, "action=decline"), handoff);
        assertThat(events(handoff, "DECLINED")).isZero();
    }

    @Test
    void aLinkStopsWorkingOnceItsHandoffIsCalledOff() {
        Handoff handoff = refer();
        HttpClient phone = browser();
        assertThat(get(phone, handoff.link()).statusCode()).isEqualTo(200);
        String csrf = csrf(phone, handoff.link());

        Response closed =
                send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/referrals/" + handoff.id() + "/handoff/close"))
                        .header("Content-Type", "application/json")
                        .header("X-Api-Key", DEMO_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"outcome\":\"cancelled\"}")));
        assertThat(closed.status()).isEqualTo(200);

        assertRefused(get(phone, handoff.link()), handoff);
        assertRefused(post(phone, handoff.link(), csrf, "action=ack"), handoff);
        assertThat(state(handoff)).isEqualTo("CANCELLED");
        assertThat(events(handoff, "ACKNOWLEDGED")).isZero();
    }

    @Test
    void aLinkStopsWorkingWhenItsValidityRunsOut() {
        // The clock jumps 12 hours: every handoff other tests left open would escalate meanwhile.
        OpenHandoffs.standDown(db);
        TestClock clock = new TestClock(db);
        Handoff handoff = refer();
        HttpClient phone = browser();
        assertThat(get(phone, handoff.link()).statusCode()).isEqualTo(200);
        String csrf = csrf(phone, handoff.link());
        try {
            clock.advance(Duration.ofHours(12).plusMinutes(1));

            assertRefused(get(phone, handoff.link()), handoff);
            assertRefused(post(phone, handoff.link(), csrf, "action=ack"), handoff);
            assertThat(events(handoff, "ACKNOWLEDGED")).isZero();
        } finally {
            clock.advance(clock.offset().negated());
        }
    }
}
