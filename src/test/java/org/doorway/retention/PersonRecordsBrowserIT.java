package org.doorway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A site's administrator erases a participant's records in a real browser (headless Chromium,
 * phone size, no JavaScript): from the participant's consent page to their records page, a reason,
 * the confirmation ticked, and the page says what was done.
 */
class PersonRecordsBrowserIT extends DoorwayAppIT {

    private static final String PASSWORD = "records-browser-password";

    @Autowired
    Sites sites;

    @Autowired
    JdbcClient db;

    @Autowired
    StaffAccounts accounts;

    private HeadlessChromium chromium;

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anAdministratorErasesAParticipantFromTheirRecordsPage() throws Exception {
        String username = "records-admin-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(username, StaffRole.ADMIN, "Records admin", "demo", null, null, false),
                PASSWORD,
                "test");
        HttpClient api = signedIn(username, PASSWORD);
        Site demo = sites.get("demo");
        String onCall = demo.onCall("primary", Instant.now()).orElseThrow().id();
        String own = demo.caseManagers().keySet().stream()
                .filter(id -> !id.equals(onCall))
                .findFirst()
                .orElseThrow();
        StringBuilder letters = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        String surname = "Browsereraser " + letters;
        Response enrolled = call(api, "POST", "/api/v1/participants", """
                {"site": "demo", "caseManagerId": "%s", "givenName": "Jordan", "familyName": "%s",
                 "birthDate": "1984-07-19", "status": "ACTIVE"}""".formatted(own, surname));
        assertThat(enrolled.status()).as(enrolled.body()).isBetween(200, 201);
        String participant = enrolled.json().path("id").asText();
        String referral = postEido(
                        DEMO_KEY,
                        EidoDocuments.bytes(EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, surname))))
                .json()
                .path("referrals")
                .get(0)
                .path("id")
                .asText();

        chromium = HeadlessChromium.start(390, 844, false);
        WebDriver browser = chromium.driver();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(base() + "/participants/" + participant + "/consents");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("records")));
        browser.findElement(By.id("records")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("held")));
        assertThat(browser.findElements(By.cssSelector("#held tr[data-referral]")))
                .hasSize(1);
        HeadlessChromium.savePage(browser, "records-participant-phone");

        browser.findElement(By.name("reason")).sendKeys("participant's written request");
        browser.findElement(By.name("confirm")).click();
        browser.findElement(By.cssSelector("#erase button[type='submit']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("erased")));

        assertThat(browser.findElement(By.id("erased")).getText()).contains("1 referral(s) de-identified");
        assertThat(browser.findElement(By.cssSelector("#held td.state")).getText())
                .startsWith("erased");
        assertThat(db.sql("select body::text from referral where id = ?::uuid")
                        .param(referral)
                        .query(String.class)
                        .single())
                .doesNotContain(surname);
    }
}
