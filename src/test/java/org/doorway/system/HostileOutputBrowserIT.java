package org.doorway.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Output that cannot be turned against staff, in a real browser (Debian's Chromium, headless):
 * every page carries a strict Content-Security-Policy that the browser enforces; a referrer's
 * callback becomes a link only as a {@code tel:} link rebuilt from a valid number; and hostile text
 * sent through every free-text field of every door (EIDO, Open311, the QR-code portal, NIBRS and
 * CSV) is shown as text on every page that shows it: no script of it runs, none of its markup
 * becomes elements, no template expression in it is evaluated.
 *
 * <p>Each payload, if it ran, would set {@code window.__pwned} (or change the page's title); each
 * page is checked for that, for elements with inline event handlers, for inline scripts and for
 * {@code javascript:} links. One browser serves the whole class.
 */
class HostileOutputBrowserIT extends DoorwayAppIT {

    /** The referral as stored is sealed at rest. */
    @org.springframework.beans.factory.annotation.Autowired
    org.doorway.referral.ReferralStore referralStore;

    @org.springframework.beans.factory.annotation.Autowired
    org.doorway.seal.Sealer sealer;

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    /** Markup that would run a script, break out of an attribute, or be a link to a script. */
    private static final String MARKUP = "<script>window.__pwned='script'</script>"
            + " \"><img src=x onerror=\"window.__pwned='img'\"> '><svg onload=window.__pwned='svg'>"
            + " javascript:window.__pwned='href'";

    /** Text a template engine would evaluate: Thymeleaf inlining and expressions, and {{…}}. */
    private static final String EXPRESSIONS = "{{7*7}} [[${7*7}]] [(${7*7})] ${7*7} *{7*7} __${7*7}__";

    private static final String HOSTILE = MARKUP + " " + EXPRESSIONS;

    /** For fields that take a name (60 characters at most on the portal). */
    private static final String SHORT = "\"><img src=x onerror=window.__pwned=1>[[${7*7}]]";

    private static final String HOSTILE_CALLBACK = "javascript:window.__pwned='callback'";

    private static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC_BASE_URL) + "(/p/[A-Za-z0-9_-]+)");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @Autowired
    JdbcClient db;

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void everyPageCarriesTheContentSecurityPolicyAndTheBrowserEnforcesIt() throws Exception {
        JsonNode accepted = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        String id = accepted.path("id").asText();
        String link = pageLink(accepted.path("shortRef").asText());
        String unknown = "/handoffs/" + UUID.randomUUID();
        HttpClient admin = admin();

        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        for (String path : List.of(
                "/login",
                "/refer/demo",
                "/refer/nowhere",
                "/refer/demo/thanks?result=received",
                "/admin/sites/demo/qr",
                "/portal/portal.css",
                link,
                "/p/not-a-token",
                "/handoffs/" + id,
                unknown,
                "/dashboard",
                "/dashboard/handoffs/" + id,
                "/dashboard/equity",
                "/dashboard/owg",
                "/dashboard/planner",
                "/no/such/page")) {
            answers.put(path, admin.send(request(path).build(), HttpResponse.BodyHandlers.ofString()));
        }
        answers.put(
                "POST /api/v1/intake/eido without a key",
                HttpClient.newHttpClient()
                        .send(
                                request("/api/v1/intake/eido")
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()));
        answers.put(
                "POST /api/v1/intake/eido",
                HttpClient.newHttpClient()
                        .send(
                                request("/api/v1/intake/eido")
                                        .header("Content-Type", "application/json")
                                        .header("X-Api-Key", DEMO_KEY)
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                                EidoDocuments.bytes(EidoDocuments.leadRequest())))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()));

        assertThat(answers.get("/handoffs/" + id).statusCode()).isEqualTo(200);
        assertThat(answers.get("/admin/sites/demo/qr").statusCode()).isEqualTo(200);
        assertThat(answers.get(unknown).statusCode()).isEqualTo(404);
        assertThat(answers.get("/no/such/page").statusCode()).isEqualTo(404);
        assertThat(answers.get("POST /api/v1/intake/eido").statusCode()).isEqualTo(202);
        answers.forEach((path, answer) -> {
            assertThat(answer.headers().allValues("Content-Security-Policy"))
                    .as("CSP on %s (%d)", path, answer.statusCode())
                    .containsExactly(POLICY);
            assertThat(answer.headers().allValues("X-Content-Type-Options"))
                    .as("nosniff on %s", path)
                    .containsExactly("nosniff");
            assertThat(answer.headers().allValues("Referrer-Policy"))
                    .as("Referrer-Policy on %s", path)
                    .containsExactly("no-referrer");
        });

        signInAsAdministrator();
        for (String path : List.of(
                link, "/handoffs/" + id, "/dashboard", "/dashboard/equity", "/refer/demo", "/admin/sites/demo/qr")) {
            browser.get(base() + path);
            JavascriptExecutor js = (JavascriptExecutor) browser;
            Object inline = js.executeScript("""
                    const s = document.createElement('script');
                    s.textContent = 'window.__inlineRan = true';
                    document.head.appendChild(s);
                    document.body.setAttribute('style', 'outline-color: rgb(1, 2, 3)');
                    return [window.__inlineRan === true,
                            getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)',
                            document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0];""");
            assertThat(inline)
                    .as("an inline script runs, an inline style applies, the page's own style sheet loads on %s", path)
                    .isEqualTo(List.of(false, false, true));
        }
        // The pages whose styles moved into static files still look as they did.
        browser.get(base() + "/handoffs/" + id);
        assertThat(browser.findElement(By.tagName("body")).getCssValue("max-width"))
                .isEqualTo("640px");
        browser.get(base() + link);
        assertThat(browser.findElement(By.cssSelector("button.primary")).getCssValue("min-height"))
                .isEqualTo("48px");
        // The equity bars' widths come from the style sheet now that style="width:…" is refused.
        browser.get(base() + "/dashboard/equity");
        Object share = ((JavascriptExecutor) browser).executeScript("""
                        const stack = document.createElement('span');
                        stack.className = 'stack';
                        stack.innerHTML = '<span class="seg c0" data-width="25"></span><span class="seg c1" data-width="75"></span>';
                        document.querySelector('main').appendChild(stack);
                        const segs = stack.querySelectorAll('.seg');
                        return Math.round(100 * segs[0].getBoundingClientRect().width
                                          / stack.getBoundingClientRect().width);""");
        assertThat(((Number) share).intValue()).isBetween(23, 27);
    }

    @Test
    void aHostileCallbackIsShownAsInertTextAndAValidOneAsATelLinkRebuiltFromItsNumber() throws Exception {
        // The demo document's officer gives sip: and tel:+12065550147; another gives only a script.
        String valid = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0)
                .path("id")
                .asText();
        ObjectNode hostileDocument = EidoDocuments.leadRequest(d -> ((ObjectNode)
                        d.get("callbackComponent").get(0))
                .set(
                        "callBackInformationUri",
                        ((ArrayNode) d.get("callbackComponent").get(0).get("callBackInformationUri"))
                                .removeAll()
                                .add(HOSTILE_CALLBACK)
                                .add("tel:+12065550147\"><img src=x onerror=\"window.__pwned='tel'\">")));
        JsonNode hostile = postEido(DEMO_KEY, EidoDocuments.bytes(hostileDocument))
                .json()
                .path("referrals")
                .get(0);
        String hostileId = hostile.path("id").asText();
        assertThat(call(admin(), "GET", "/api/v1/referrals/" + hostileId, null)
                        .json()
                        .path("referrer")
                        .path("callback")
                        .isNull())
                .as("a callback that is no valid number is not kept")
                .isTrue();
        // A referral stored before callbacks were checked at intake still holds what was sent.
        String legacyId = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0)
                .path("id")
                .asText();
        // Written into the referral as stored: sealed at rest, so opened, changed and sealed again.
        com.fasterxml.jackson.databind.node.ObjectNode legacy =
                referralStore.whole(db.sql("select coalesce(sealed, body::text) from referral where id = ?")
                        .param(UUID.fromString(legacyId))
                        .query(String.class)
                        .single());
        ((com.fasterxml.jackson.databind.node.ObjectNode) legacy.get("referrer")).put("callback", HOSTILE_CALLBACK);
        db.sql("update referral set sealed = ? where id = ?")
                .params(sealer.seal("demo", legacy.toString()), UUID.fromString(legacyId))
                .update();
        assertThat(call(admin(), "GET", "/api/v1/referrals/" + legacyId, null)
                        .json()
                        .path("referrer")
                        .path("callback")
                        .asText())
                .isEqualTo(HOSTILE_CALLBACK);

        signInAsAdministrator();
        browser.get(base() + "/handoffs/" + valid);
        WebElement call = browser.findElement(By.id("officer-callback"));
        assertThat(call.getAttribute("href")).isEqualTo("tel:+12065550147");
        assertThat(call.getText()).isEqualTo("Call the officer: +12065550147");

        browser.get(base() + "/handoffs/" + hostileId);
        assertThat(browser.findElements(By.id("officer-callback"))).isEmpty();
        assertInert("/handoffs/" + hostileId + " (hostile callback)");

        browser.get(base() + "/handoffs/" + legacyId);
        String title = browser.getTitle();
        String url = browser.getCurrentUrl();
        assertThat(browser.findElements(By.id("officer-callback"))).isEmpty();
        WebElement shown = browser.findElement(By.id("officer-callback-text"));
        assertThat(shown.getText()).contains(HOSTILE_CALLBACK);
        assertThat(shown.findElements(By.xpath(".//*")))
                .as("shown as text, not markup")
                .isEmpty();
        shown.click();
        assertThat(browser.getCurrentUrl()).isEqualTo(url);
        assertThat(browser.getTitle()).isEqualTo(title);
        assertInert("/handoffs/" + legacyId + " (callback stored before the check)");
    }

    @Test
    void hostileTextFromEveryDoorIsShownAsTextOnEveryPageThatShowsIt() throws Exception {
        Map<String, List<String>> doors = new LinkedHashMap<>();

        // EIDO over HTTP: every free-text field the mapper reads.
        ObjectNode eido = EidoDocuments.leadRequest(d -> {
            ObjectNode person = (ObjectNode) d.get("personComponent").get(0).get("ncPersonComponent");
            ((ObjectNode) person.get("name").get(0).get("personGivenName").get(0)).put("value", HOSTILE);
            ((ObjectNode) person.get("name").get(0).get("personSurName").get(0)).put("value", HOSTILE);
            ((ObjectNode) d.get("notesComponent").get(0))
                    .put("notesActionComments", "<p>" + escapeXml(HOSTILE) + "</p>" + HOSTILE);
            ObjectNode location = (ObjectNode) d.get("locationComponent").get(0);
            location.put("locationDescriptionText", HOSTILE);
            location.put(
                    "locationByValue",
                    location.get("locationByValue")
                            .asText()
                            .replace("<LOC>Corner of Pike St</LOC>", "<LOC>" + escapeXml(HOSTILE) + "</LOC>"));
            EidoDocuments.incident(d).put("incidentTypeInternalText", HOSTILE);
            EidoDocuments.incident(d).put("beatOrDispatchGroupText", "W2 " + MARKUP);
            ((ObjectNode) d.get("callbackComponent").get(0))
                    .set("callBackInformationUri", JSON.createArrayNode().add(HOSTILE_CALLBACK));
        });
        Response eidoAnswer = postEido(DEMO_KEY, EidoDocuments.bytes(eido));
        assertThat(eidoAnswer.status()).as(eidoAnswer.body()).isEqualTo(202);
        JsonNode handoff = eidoAnswer.json().path("referrals").get(0);
        doors.put("EIDO", List.of(handoff.path("id").asText()));
        String link = pageLink(handoff.path("shortRef").asText());

        // Open311 (the mapper the polled feeds use too), NIBRS and CSV over HTTP.
        ObjectNode open311 = JSON.createObjectNode()
                .put("service_request_id", "hostile-" + UUID.randomUUID())
                .put("service_code", "PERSON-IN-NEED")
                .put("service_name", HOSTILE)
                .put("requested_datetime", "2026-11-22T09:00:00Z")
                .put("address", HOSTILE)
                .put("zipcode", HOSTILE)
                .put("description", HOSTILE)
                .put("status", HOSTILE)
                .put("status_notes", HOSTILE)
                .put("agency_responsible", HOSTILE)
                .put("service_notice", HOSTILE)
                .put("first_name", HOSTILE)
                .put("last_name", HOSTILE)
                .put("phone", HOSTILE_CALLBACK)
                .put("email", HOSTILE);
        open311.putObject("attributes").put("hostile", HOSTILE);
        doors.put(
                "Open311",
                accepted(post(
                        "/api/v1/intake/open311",
                        "application/json",
                        JSON.writeValueAsBytes(JSON.createArrayNode().add(open311)))));

        String nibrs = new String(
                        getClass()
                                .getResourceAsStream("/nibrs/group-a-two-arrestees.xml")
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .replace("INC-2025-0042", "INC-" + UUID.randomUUID())
                .replace(
                        "<nc:PersonGivenName>Jordan</nc:PersonGivenName>",
                        "<nc:PersonGivenName>" + escapeXml(HOSTILE) + "</nc:PersonGivenName>")
                .replace(
                        "<nc:PersonSurName>Example</nc:PersonSurName>",
                        "<nc:PersonSurName>" + escapeXml(HOSTILE) + "</nc:PersonSurName>");
        doors.put(
                "NIBRS",
                accepted(post("/api/v1/intake/nibrs", "application/xml", nibrs.getBytes(StandardCharsets.UTF_8))));

        String field = "\"" + HOSTILE.replace("\"", "\"\"") + "\"";
        // The beat is the referral's zone, an identifier: at most 200 characters, so it carries the markup alone.
        String beat = "\"" + MARKUP.replace("\"", "\"\"") + "\"";
        String csv = "CAD Event Number,Event Clearance Description,Call Type,Priority,Initial Call Type,"
                + "Final Call Type,Original Time Queued,Arrived Time,Precinct,Sector,Beat,Blurred_Longitude,"
                + "Blurred_Latitude\n"
                + (System.nanoTime() % 1_000_000_000_000L) + "," + field + "," + field + ",2," + field
                + ",--CRISIS COMPLAINT - GENERAL,11/04/2023 6:08:26 PM," + field + "," + field + "," + field + ","
                + beat + ",-122.28112,47.6176603\n";
        doors.put(
                "CSV",
                accepted(post(
                        "/api/v1/intake/csv?mapping=seattle-spd", "text/csv", csv.getBytes(StandardCharsets.UTF_8))));

        // The QR-code portal, in the browser, as a member of the public.
        signInAsAdministrator();
        browser.get(base() + "/refer/demo?partner=LIBRARY");
        String token = browser.findElement(By.name("submission")).getAttribute("value");
        browser.findElement(By.id("danger-no")).click();
        for (WebElement input : browser.findElements(By.cssSelector(
                "main input[type='text']:not([name='website']), main input[type='tel'], main textarea"))) {
            if (input.isDisplayed()) {
                String name = input.getAttribute("name");
                input.sendKeys(
                        name.equals("yourPhone")
                                ? HOSTILE_CALLBACK
                                : name.equals("personName") || name.equals("yourName") ? SHORT : HOSTILE);
            }
        }
        submitPortalForm();
        if (!browser.getCurrentUrl().contains("/thanks")) {
            // The form came back, with what was typed, to have something corrected: that page too.
            assertInert("the portal form shown again");
            assertShownAsText("the portal form shown again", false);
            browser.findElement(By.id("yourPhone")).clear();
            submitPortalForm();
        }
        assertThat(browser.getCurrentUrl())
                .as(
                        "portal errors: %s",
                        browser.findElements(By.cssSelector(".error-message")).stream()
                                .map(WebElement::getText)
                                .toList())
                .contains("/thanks");
        assertInert("the portal confirmation");
        doors.put(
                "portal",
                db.sql("select id::text from referral where source = 'portal' and source_id = ?")
                        .param(token)
                        .query(String.class)
                        .list());

        // Every page that shows what a source sent, as the administrator (who sees everything).
        assertThat(doors.get("portal")).hasSize(1);
        doors.forEach((door, ids) -> {
            List<String> showingIt = new ArrayList<>();
            for (String id : ids) {
                browser.get(base() + "/handoffs/" + id);
                assertThat(browser.findElements(By.tagName("h1"))).isNotEmpty();
                assertInert(door + ": /handoffs/" + id);
                if (browser.findElement(By.tagName("body")).getText().contains("window.__pwned")) {
                    assertShownAsText(door + ": /handoffs/" + id, true);
                    showingIt.add(id);
                }
                browser.get(base() + "/dashboard/handoffs/" + id);
                assertInert(door + ": /dashboard/handoffs/" + id);
            }
            assertThat(showingIt)
                    .as("a referral from %s showing the hostile text", door)
                    .isNotEmpty();
        });
        browser.get(base() + link);
        assertInert(link);
        assertShownAsText(link, true);
        for (String path : List.of(
                "/dashboard?site=demo",
                "/dashboard/equity?site=demo",
                "/dashboard/owg?site=demo",
                "/dashboard/planner")) {
            browser.get(base() + path);
            assertInert(path);
        }
        browser.get(base() + "/dashboard?site=demo");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .as("the hostile zone is on the live board, as text")
                .contains("W2 <script>window.__pwned='script'</script>");
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** No payload ran and none of its markup became elements, links or handlers on this page. */
    private void assertInert(String page) {
        @SuppressWarnings("unchecked")
        Map<String, Object> seen = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                        const all = Array.from(document.querySelectorAll('*'));
                        return {
                          pwned: window.__pwned === undefined ? null : String(window.__pwned),
                          title: document.title,
                          handlers: all.filter(e => Array.from(e.attributes).some(a => /^on/i.test(a.name)))
                                       .map(e => e.outerHTML.slice(0, 120)),
                          inlineScripts: Array.from(document.scripts).filter(s => !s.src).length,
                          images: Array.from(document.images).map(i => i.getAttribute('src'))
                                       .filter(s => s === 'x'),
                          scriptLinks: all.map(e => e.getAttribute('href') || e.getAttribute('src')
                                                   || e.getAttribute('action') || e.getAttribute('formaction') || '')
                                          .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u))
                        };""");
        assertThat(seen.get("pwned")).as("a payload ran on %s", page).isNull();
        assertThat((String) seen.get("title")).as("title of %s", page).doesNotContain("pwned");
        assertThat((List<?>) seen.get("handlers"))
                .as("inline handlers on %s", page)
                .isEmpty();
        assertThat(((Number) seen.get("inlineScripts")).intValue())
                .as("inline scripts on %s", page)
                .isZero();
        assertThat((List<?>) seen.get("images"))
                .as("injected images on %s", page)
                .isEmpty();
        assertThat((List<?>) seen.get("scriptLinks"))
                .as("script links on %s", page)
                .isEmpty();
    }

    /**
     * The hostile text is on the page as the characters that were sent: markup as text, template
     * expressions unevaluated ({@code [[${7*7}]]} never became {@code 49}).
     */
    private void assertShownAsText(String page, boolean visible) {
        String text = visible
                ? browser.findElement(By.tagName("body")).getText()
                : (String) ((JavascriptExecutor) browser)
                        .executeScript("return Array.from(document.querySelectorAll('input, textarea'))"
                                + ".map(e => e.value).join('\\n');");
        assertThat(text)
                .as("hostile text shown as text on %s", page)
                .contains("<script>window.__pwned='script'</script>")
                .contains("<img src=x onerror=")
                .contains("[[${7*7}]]")
                .contains("[(${7*7})]")
                .contains("{{7*7}}")
                .contains("__${7*7}__");
    }

    private void signInAsAdministrator() throws Exception {
        if (chromium == null) {
            chromium = HeadlessChromium.start(1280, 900, true);
            browser = chromium.driver();
        }
        browser.get(base() + "/dashboard");
        if (browser.getCurrentUrl().contains("/login")) {
            browser.findElement(By.name("username")).sendKeys("admin");
            browser.findElement(By.name("password")).sendKeys("test-admin-password");
            browser.findElement(By.cssSelector("button[type='submit']")).click();
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/dashboard"));
        }
    }

    /** Sends the portal's form and waits for what comes back: the confirmation or the form again. */
    private void submitPortalForm() {
        WebElement form = browser.findElement(By.cssSelector("main form"));
        browser.findElement(By.cssSelector("main button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(form));
    }

    /** The one-tap link of the first page sent for this referral, as a path. */
    private String pageLink(String shortRef) {
        String body = twilio.awaitSms(sms -> sms.body().contains(shortRef)).body();
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).as("a page link in %s", body).isTrue();
        return link.group(1);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path));
    }

    private Response post(String path, String contentType, byte[] body) {
        return send(request(path)
                .header("Content-Type", contentType)
                .header("X-Api-Key", DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The ids of the referrals an intake answer names; fails when it names none. */
    private static List<String> accepted(Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        answer.json().path("referrals").forEach(r -> ids.add(r.path("id").asText()));
        assertThat(ids).as("referrals in %s", answer.body()).isNotEmpty();
        return ids;
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
