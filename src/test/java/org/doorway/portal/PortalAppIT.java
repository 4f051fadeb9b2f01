package org.doorway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.doorway.DoorwayAppIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The community referral portal on the whole running Doorway: a member of the public opens the
 * form (a browser here is an HTTP client with cookies), sends it, and the referral is stored as a
 * community referral attributed to the partner whose QR code they scanned; robots, floods, forged
 * posts and oversized bodies store nothing and get plain pages; administrators download QR codes
 * that point at the public address.
 */
class PortalAppIT extends DoorwayAppIT {

    /** Opens referrals as stored (sealed at rest). */
    @org.springframework.beans.factory.annotation.Autowired
    org.doorway.referral.ReferralStore referralStore;

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION = Pattern.compile("name=\"submission\"[^>]*value=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient db;

    @BeforeEach
    void freshRateLimits() {
        // Every test posts from 127.0.0.1: each starts with that address's allowance unused.
        db.sql("delete from portal_rate_window").update();
    }

    /** A browser: keeps cookies (the session that holds the CSRF token), does not follow redirects. */
    private static HttpClient browser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The form as served, with the hidden values a browser would send back. */
    record FormPage(int status, String html, String csrf, String submission) {}

    private FormPage open(HttpClient browser, String path, String acceptLanguage) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", "text/html");
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        HttpResponse<String> page = browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(page.body());
        Matcher submission = SUBMISSION.matcher(page.body());
        return new FormPage(
                page.statusCode(),
                page.body(),
                csrf.find() ? csrf.group(1) : null,
                submission.find() ? submission.group(1) : null);
    }

    private HttpResponse<String> post(HttpClient browser, String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> follow(HttpClient browser, HttpResponse<?> redirect) throws Exception {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return browser.send(
                HttpRequest.newBuilder(URI.create(base()).resolve(location))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What a person fills in on the form they opened. */
    private static Map<String, String> filled(FormPage form) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", form.csrf());
        fields.put("submission", form.submission());
        fields.put("danger", "no");
        fields.put("place", "Bench outside the library on 4th Avenue");
        fields.put("story", "He sleeps here most nights and the store calls the police about him every week.");
        fields.put("often", "yes");
        fields.put("police", "yes");
        fields.put("personName", "Sam");
        fields.put("role", "partner");
        fields.put("yourName", "Riley");
        fields.put("yourPhone", "(206) 555-0142");
        fields.put("website", "");
        return fields;
    }

    private int storedWithToken(String token) {
        return db.sql("select count(*) from referral where source = 'portal' and source_id = ?")
                .param(token)
                .query(Integer.class)
                .single();
    }

    @Test
    void theFormIsPlainAccessibleHtmlThatSaysWhatLeadIsAndWhatHappensNext() throws Exception {
        FormPage form = open(browser(), "/refer/demo", null);

        assertThat(form.status()).isEqualTo(200);
        assertThat(form.html())
                .contains("<html lang=\"en\"")
                .contains("Refer someone to LEAD")
                .contains("href=\"tel:911\"")
                .contains("href=\"tel:988\"")
                .contains("href=\"tel:211\"")
                .contains("What is LEAD?")
                .contains("What happens next")
                .contains("This can take a few days")
                .contains("This is not an emergency service")
                .contains("Nothing bad will happen to them if they say no")
                .contains("for=\"place\"")
                .contains("lang=\"es\""); // the language link
        assertThat(form.csrf()).isNotBlank();
        assertThat(PortalReferrals.validToken(form.submission())).isTrue();
        // Every input a person sees has a label.
        Matcher inputs =
                Pattern.compile("<(?:input|textarea)[^>]*\\bid=\"([^\"]+)\"").matcher(form.html());
        int labelled = 0;
        while (inputs.find()) {
            assertThat(form.html()).as("label for " + inputs.group(1)).contains("for=\"" + inputs.group(1) + "\"");
            labelled++;
        }
        assertThat(labelled).isGreaterThanOrEqualTo(15);
    }

    @Test
    void aSentFormIsStoredAsACommunityReferralAttributedToThePartner() throws Exception {
        HttpClient browser = browser();
        FormPage form = open(browser, "/refer/demo?partner=HARBOR", null);
        assertThat(form.html()).contains("Harbor Street Day Center");

        Map<String, String> fields = filled(form);
        fields.put("partner", "HARBOR");
        HttpResponse<String> sent = post(browser, "/refer/demo?lang=en", fields);

        assertThat(sent.statusCode()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location").orElse(""))
                .startsWith("/refer/demo/thanks?")
                .contains("partner=HARBOR");
        HttpResponse<String> thanks = follow(browser, sent);
        assertThat(thanks.statusCode()).isEqualTo(200);
        assertThat(thanks.body())
                .contains("We got your referral")
                .contains("What happens next")
                .contains("Nothing bad will happen to them if they say no");

        Map<String, Object> row = db.sql(
                        "select door, channel, coalesce(sealed, body::text) as body from referral where source = 'portal' and source_id = ?")
                .param(form.submission())
                .query()
                .singleRow();
        assertThat(row.get("door")).isEqualTo("COMMUNITY");
        assertThat(row.get("channel")).isEqualTo("portal:HARBOR");
        JsonNode body = referralStore.whole((String) row.get("body"));
        assertThat(body.path("site").asText()).isEqualTo("demo");
        assertThat(body.path("referrer").path("agency").asText()).isEqualTo("HARBOR");
        assertThat(body.path("referrer").path("role").asText()).isEqualTo("partner");
        assertThat(body.path("referrer").path("callback").asText()).isEqualTo("tel:+12065550142");
        assertThat(body.path("location").path("description").asText())
                .isEqualTo("Bench outside the library on 4th Avenue");
        assertThat(body.path("screening").path("chronicLawViolations").asBoolean())
                .isTrue();
        assertThat(body.path("screening").path("expectsCriminalLegalResponse").asBoolean())
                .isTrue();
        assertThat(body.path("screening").path("imminentDanger").asBoolean(true))
                .isFalse();
    }

    @Test
    void aFormSentTwiceIsOneReferral() throws Exception {
        HttpClient browser = browser();
        FormPage form = open(browser, "/refer/demo", null);
        Map<String, String> fields = filled(form);

        HttpResponse<String> first = post(browser, "/refer/demo", fields);
        HttpResponse<String> again = post(browser, "/refer/demo", fields); // the back button, a double tap

        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(storedWithToken(form.submission())).isEqualTo(1);
        assertThat(db.sql("select channel from referral where source = 'portal' and source_id = ?")
                        .param(form.submission())
                        .query(String.class)
                        .single())
                .isEqualTo("portal:public");
    }

    @Test
    void aFilledHoneypotStoresNothingAndGetsTheUsualThankYou() throws Exception {
        HttpClient browser = browser();
        FormPage form = open(browser, "/refer/demo", null);
        Map<String, String> fields = filled(form);
        fields.put("website", "http://cheap-pills.example");

        HttpResponse<String> sent = post(browser, "/refer/demo", fields);

        assertThat(sent.statusCode()).isEqualTo(303);
        HttpResponse<String> thanks = follow(browser, sent);
        assertThat(thanks.statusCode()).isEqualTo(200);
        assertThat(thanks.body()).contains("Thank you. We got your referral.");
        assertThat(storedWithToken(form.submission())).isZero();
    }

    @Test
    void overTheRateLimitAPlainPageSaysToWaitKeepsTheAnswersAndStoresNothing() throws Exception {
        HttpClient browser = browser();
        FormPage form = open(browser, "/refer/demo", null);
        Map<String, String> robot = filled(form);
        robot.put("website", "x");
        robot.put("submission", PortalReferrals.newToken());
        for (int i = 0; i < 10; i++) { // the demo's per-address limit
            assertThat(post(browser, "/refer/demo", robot).statusCode()).isEqualTo(303);
        }

        HttpResponse<String> refused = post(browser, "/refer/demo", filled(form));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isPositive();
        assertThat(refused.body())
                .contains("Please wait before you send another form")
                .contains("Your referral was not sent")
                .contains("Your answers are still here")
                .contains("the store calls the police about him every week") // what they typed
                .contains("href=\"tel:911\"");
        assertThat(storedWithToken(form.submission())).isZero();
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedWithAPlainPage() throws Exception {
        HttpClient browser = browser();
        FormPage form = open(browser, "/refer/demo", null);
        Map<String, String> fields = filled(form);
        fields.remove("_csrf");

        HttpResponse<String> refused = post(browser, "/refer/demo", fields);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(refused.body())
                .contains("This form has expired")
                .contains("Your referral was not sent")
                .doesNotContain("Exception")
                .doesNotContain("at org.");
        assertThat(storedWithToken(form.submission())).isZero();
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeAnythingReadsIt() throws Exception {
        HttpClient browser = browser();
        FormPage form = open(browser, "/refer/demo", null);
        Map<String, String> fields = filled(form);
        fields.put("story", "a".repeat((int) PortalBodyLimitFilter.MAX_BODY_BYTES));

        HttpResponse<String> refused = post(browser, "/refer/demo", fields);

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("Your form was too long").doesNotContain("Exception");
        assertThat(storedWithToken(form.submission())).isZero();
    }

    @Test
    void aBodyOfUndeclaredLengthIsRefused() throws Exception {
        HttpClient browser = browser();
        FormPage form = open(browser, "/refer/demo", null);
        byte[] body = ("_csrf=" + URLEncoder.encode(form.csrf(), StandardCharsets.UTF_8) + "&place=x&submission="
                        + form.submission())
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> refused = browser.send(
                HttpRequest.newBuilder(URI.create(base() + "/refer/demo"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(411);
        assertThat(refused.body()).contains("We could not read your form");
        assertThat(storedWithToken(form.submission())).isZero();
    }

    @Test
    void mistakesAreSummarisedAtTheTopLinkedToTheirFieldsAndWhatWasTypedIsKept() throws Exception {
        HttpClient browser = browser();
        FormPage form = open(browser, "/refer/demo", null);
        Map<String, String> fields = filled(form);
        fields.put("place", " ");
        fields.put("yourPhone", "12345");

        HttpResponse<String> page = post(browser, "/refer/demo", fields);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<title>Error: ")
                .contains("There is a problem")
                .contains("href=\"#place\"")
                .contains("href=\"#yourPhone\"")
                .contains("Tell us where we can usually find the person.")
                .contains("id=\"place-error\"")
                .contains("aria-invalid=\"true\"")
                .contains("the store calls the police about him every week")
                .contains(form.submission());
        assertThat(storedWithToken(form.submission())).isZero();
    }

    @Test
    void sayingSomeoneIsInDangerPutsCall911FirstAndStillSendsTheReferral() throws Exception {
        HttpClient browser = browser();
        FormPage form = open(browser, "/refer/demo", null);
        Map<String, String> fields = filled(form);
        fields.put("danger", "yes");

        HttpResponse<String> sent = post(browser, "/refer/demo", fields);
        HttpResponse<String> thanks = follow(browser, sent);

        assertThat(sent.headers().firstValue("Location").orElse("")).contains("danger=1");
        String page = thanks.body();
        int call = page.indexOf("Call 911 now");
        assertThat(call).isPositive();
        assertThat(call).isLessThan(page.indexOf("We got your referral")).isLessThan(page.indexOf("What happens next"));
        assertThat(page).contains("call or text 988");
        JsonNode body = referralStore.whole(
                db.sql("select coalesce(sealed, body::text) from referral where source = 'portal' and source_id = ?")
                        .param(form.submission())
                        .query(String.class)
                        .single());
        assertThat(body.path("screening").path("imminentDanger").asBoolean()).isTrue();
    }

    @Test
    void thePortalSpeaksSpanishByLinkOrByBrowserLanguageAllTheWayToTheConfirmation() throws Exception {
        FormPage byLink = open(browser(), "/refer/demo?lang=es", null);
        assertThat(byLink.html())
                .contains("<html lang=\"es\"")
                .contains("Recomendar a alguien para LEAD")
                .contains("¿Qué es LEAD?")
                .contains("No le pasará nada malo si dice que no")
                .contains("lang=\"en\""); // the link back to English

        HttpClient browser = browser();
        FormPage byBrowser = open(browser, "/refer/demo", "es-MX,es;q=0.9,en;q=0.5");
        assertThat(byBrowser.html()).contains("<html lang=\"es\"").contains("Enviar referencia");

        HttpResponse<String> sent = post(browser, "/refer/demo?lang=es", filled(byBrowser));
        assertThat(sent.headers().firstValue("Location").orElse("")).contains("lang=es");
        assertThat(follow(browser, sent).body())
                .contains("<html lang=\"es\"")
                .contains("Gracias. Recibimos su referencia.")
                .contains("Qué pasa después");
    }

    @Test
    void anUnknownSiteGetsAPlainNotFoundPage() throws Exception {
        FormPage page = open(browser(), "/refer/no-such-site", null);
        FormPage elsewhere = open(browser(), "/refer/demo/no/such/page", "es");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.html())
                .contains("We could not find this page")
                .contains("href=\"tel:911\"")
                .doesNotContain("Exception");
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.html()).contains("No encontramos esta página");
    }

    @Test
    void aReferralThePolicyDoesNotTakeGetsAPlainExplanationAndOtherServices() throws Exception {
        FormPage page = open(browser(), "/refer/demo/thanks?result=not-taken", null);

        assertThat(page.html())
                .contains("We could not take this referral")
                .contains("Your referral was not saved")
                .contains("href=\"tel:211\"")
                .doesNotContain("What happens next");
    }

    @Test
    void administratorsDownloadQrCodesOfThePublicAddressAndNobodyElseDoes() throws Exception {
        HttpResponse<byte[]> anonymous = browser()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + "/admin/sites/demo/qr.png"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(anonymous.statusCode()).isNotEqualTo(200);

        HttpClient admin = signedInAdmin();
        HttpResponse<byte[]> png = admin.send(
                HttpRequest.newBuilder(URI.create(base() + "/admin/sites/demo/qr.png?partner=LIBRARY"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/png");
        assertThat(png.headers().firstValue("Content-Disposition").orElse(""))
                .contains("lead-referral-demo-LIBRARY.png");
        // Built from doorway.public-base-url, not from the address this request was sent to.
        assertThat(QrCodesTest.decode(ImageIO.read(new ByteArrayInputStream(png.body()))))
                .isEqualTo(PUBLIC_BASE_URL + "/refer/demo?partner=LIBRARY");

        HttpResponse<String> svg = admin.send(
                HttpRequest.newBuilder(URI.create(base() + "/admin/sites/demo/qr.svg"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(svg.body()).contains("<svg").contains("QR code for " + PUBLIC_BASE_URL + "/refer/demo</title>");

        assertThat(admin.send(
                                HttpRequest.newBuilder(URI.create(base() + "/admin/sites/demo/qr.png?partner=NOPE"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(404);
        assertThat(admin.send(
                                HttpRequest.newBuilder(URI.create(base() + "/admin/sites/nowhere/qr.svg"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> list = admin.send(
                HttpRequest.newBuilder(URI.create(base() + "/admin/sites/demo/qr"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.body())
                .contains("Harbor Street Day Center")
                .contains("/admin/sites/demo/qr.svg?partner=MERCHANTS");
    }

    private HttpClient signedInAdmin() throws Exception {
        HttpClient admin = browser();
        FormPage login = open(admin, "/login", null);
        HttpResponse<String> signedIn = post(
                admin, "/login", Map.of("username", "admin", "password", "test-admin-password", "_csrf", login.csrf()));
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return admin;
    }
}
