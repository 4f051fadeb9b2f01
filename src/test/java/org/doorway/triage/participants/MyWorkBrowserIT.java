package org.doorway.triage.participants;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.doorway.DoorwayAppIT;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A case manager of the people test site (pia, always primary), on a phone-size headless Chromium
 * with JavaScript off, works a LEAD referral from "my work": one tap gives an ETA (and takes the
 * handoff), the referring officer is texted who is coming and when, as after an SMS reply; then
 * "arrived" and "handed off" move the handoff's clock, and the handoff leaves the page. Another
 * site's case manager cannot act on it. Screenshots: {@code target/screenshots/my-work-*.png}.
 */
class MyWorkBrowserIT extends DoorwayAppIT {

    static final String PEOPLE_KEY = "people-intake-key";
    static final String PIA_PHONE = "+12065550801";
    static final String OFFICER_PHONE = "+12065550847";
    static final String PASSWORD = "a-long-test-password-for-people";

    @Autowired
    StaffAccounts accounts;

    @Autowired
    JdbcClient db;

    private HeadlessChromium chromium;
    private WebDriver browser;

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aCaseManagerGivesAnEtaMarksArrivalAndHandsOffFromMyWorkAndTheOfficerIsTold() throws Exception {
        String surname = "Mywork" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        var created = postEido(
                        PEOPLE_KEY,
                        EidoDocuments.bytes(EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, surname))))
                .json()
                .path("referrals")
                .get(0);
        String ref = created.path("shortRef").asText();
        UUID referralId = UUID.fromString(created.path("id").asText());
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(ref));
        assertThat(page.to()).isEqualTo(PIA_PHONE);

        chromium = HeadlessChromium.start(390, 844, false);
        browser = chromium.driver();
        signIn(account(StaffRole.CASE_MANAGER, "people", "pia"));
        browser.get(base() + "/my-work");
        WebElement handoff = handoff(ref);
        assertThat(handoff.getText()).contains("LEAD " + ref, "social contact", "since the request", "PAGING");
        assertThat(handoff.findElements(By.cssSelector("button.arrived")))
                .as("not theirs yet: nothing to arrive at")
                .isEmpty();
        HeadlessChromium.savePage(browser, "my-work-paged-phone");

        handoff.findElement(By.cssSelector("button[data-eta='20']")).click();
        said("you are coming, about 20 min");
        assertThat(state(referralId)).isEqualTo("ACKNOWLEDGED");
        assertThat(db.sql("select eta_minutes from handoff where referral_id = ?")
                        .param(referralId)
                        .query(Integer.class)
                        .single())
                .isEqualTo(20);
        FakeTwilio.Sms told = twilio.awaitSms(sms -> sms.to().equals(OFFICER_PHONE)
                && sms.body().contains(ref)
                && sms.body().contains("coming"));
        assertThat(told.body()).contains("Pia Test", "about 20 min");
        assertThat(handoff(ref).getText()).contains("ACKNOWLEDGED", "ETA 20 min");
        HeadlessChromium.savePage(browser, "my-work-taken-phone");

        handoff(ref).findElement(By.cssSelector("button.arrived")).click();
        said("arrived");
        assertThat(state(referralId)).isEqualTo("ON_SCENE");
        assertThat(db.sql("select via from handoff_event where referral_id = ? and kind = 'ON_SCENE'")
                        .param(referralId)
                        .query(String.class)
                        .single())
                .as("recorded as a one-tap answer, like the page's link")
                .isEqualTo("LINK");

        handoff(ref).findElement(By.cssSelector("button.handed-off")).click();
        said("handed off");
        assertThat(state(referralId)).isEqualTo("HANDED_OFF");
        assertThat(browser.findElements(By.cssSelector("article.handoff[data-ref='" + ref + "']")))
                .as("a closed handoff leaves the page")
                .isEmpty();
    }

    @Test
    void anotherSitesCaseManagerCannotSeeOrMoveTheHandoff() {
        String surname = "Elsewhere" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        var created = postEido(
                        PEOPLE_KEY,
                        EidoDocuments.bytes(EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, surname))))
                .json()
                .path("referrals")
                .get(0);
        String ref = created.path("shortRef").asText();
        twilio.awaitSms(sms -> sms.body().contains(ref));
        String uma = account(StaffRole.CASE_MANAGER, "swap", "uma");
        var client = signedIn(uma, PASSWORD);

        Response mine = call(client, "GET", "/my-work", null);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body()).doesNotContain(ref);
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                .matcher(mine.body());
        assertThat(token.find()).isTrue();
        Response moved = send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/my-work/handoffs/"
                                + created.path("id").asText()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("action=eta&eta=10&_csrf="
                                + java.net.URLEncoder.encode(token.group(1), java.nio.charset.StandardCharsets.UTF_8))),
                client);
        assertThat(moved.status())
                .as("another site's handoff is not there for them")
                .isEqualTo(404);
        assertThat(state(UUID.fromString(created.path("id").asText()))).isEqualTo("PAGING");

        String supervisor = account(StaffRole.SUPERVISOR, "people", null);
        Response notACaseManager = call(signedIn(supervisor, PASSWORD), "GET", "/my-work", null);
        assertThat(notACaseManager.status()).isEqualTo(403);
        assertThat(notACaseManager.contentType()).startsWith("application/problem+json");
    }

    private static Response send(java.net.http.HttpRequest.Builder request, java.net.http.HttpClient client) {
        try {
            var response = client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String state(UUID referralId) {
        return db.sql("select state from handoff where referral_id = ?")
                .param(referralId)
                .query(String.class)
                .single();
    }

    private WebElement handoff(String ref) {
        return new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("article.handoff[data-ref='" + ref + "']")));
    }

    private void said(String words) {
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("said"), words));
    }

    /** A new account of {@code role} on {@code site}, with {@code caseManagerId} for a case manager. */
    String account(StaffRole role, String site, String caseManagerId) {
        String username = role.name().toLowerCase().replace('_', '-') + "-" + site + "-"
                + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(username, role, "Test " + role, site, caseManagerId, null, false),
                PASSWORD,
                "test");
        return username;
    }

    private void signIn(String username) {
        browser.get(base() + "/login");
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    static List<String> texts(List<WebElement> elements) {
        return elements.stream().map(WebElement::getText).toList();
    }
}
