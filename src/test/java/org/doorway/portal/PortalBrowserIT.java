package org.doorway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A person on a phone scans a partner's QR code, fills in the portal and sends it, in a real
 * browser: Debian's Chromium, headless, with a 390×844 window, once with JavaScript switched off
 * and once with it on. They see the confirmation with what happens next, and the referral is in
 * the database as a community referral attributed to that partner. Screenshots of the form and
 * the confirmation are saved under {@code target/screenshots/}.
 */
class PortalBrowserIT extends DoorwayAppIT {

    /** Opens referrals as stored (sealed at rest). */
    @org.springframework.beans.factory.annotation.Autowired
    org.doorway.referral.ReferralStore referralStore;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient db;

    private HeadlessChromium chromium;
    private WebDriver browser;

    @BeforeEach
    void freshRateLimits() {
        db.sql("delete from portal_rate_window").update();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void startPhone(boolean javascript) throws Exception {
        chromium = HeadlessChromium.start(390, 844, javascript);
        browser = chromium.driver();
    }

    @Test
    void aPersonWithoutJavaScriptSendsAReferralFromAPhone() throws Exception {
        sendsAReferralFromAPhone(false);
    }

    @Test
    void aPersonWithJavaScriptSendsAReferralFromAPhone() throws Exception {
        sendsAReferralFromAPhone(true);
    }

    private void sendsAReferralFromAPhone(boolean javascript) throws Exception {
        startPhone(javascript);
        String mode = javascript ? "js" : "nojs";
        browser.get(base() + "/refer/demo?partner=LIBRARY");

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Refer someone to LEAD");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        // The page's own script ran only when JavaScript was on: the test is what it says.
        assertThat(browser.findElement(By.tagName("html")).getAttribute("class"))
                .as("script ran")
                .satisfies(c -> assertThat(c != null && c.contains("js")).isEqualTo(javascript));
        assertThat(browser.findElement(By.cssSelector(".callout-danger")).getText())
                .contains("Call 911 now");
        String token = browser.findElement(By.name("submission")).getAttribute("value");

        browser.findElement(By.id("danger-no")).click();
        browser.findElement(By.id("place")).sendKeys("Steps of the Central Library, 5th and Main");
        browser.findElement(By.id("story"))
                .sendKeys("She has slept on the steps for weeks. Staff call the police often.");
        browser.findElement(By.cssSelector("label[for='often-yes']")).click(); // a tap on the label chooses too
        browser.findElement(By.id("police-yes")).click();
        browser.findElement(By.id("personName")).sendKeys("Dee");
        browser.findElement(By.id("role-partner")).click();
        browser.findElement(By.id("yourPhone")).sendKeys("206 555 0123");
        assertThat(browser.findElement(By.id("often-yes")).isSelected()).isTrue();
        screenshot("portal-form-" + mode);

        browser.findElement(By.cssSelector("button[type='submit']")).click();

        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/refer/demo/thanks"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Thank you. We got your referral.");
        String page = browser.findElement(By.tagName("main")).getText();
        assertThat(page)
                .contains("What happens next")
                .contains("This can take a few days")
                .contains("Nothing bad will happen to them if they say no");
        screenshot("portal-confirmation-" + mode);

        List<Map<String, Object>> rows = db.sql("""
                        select door, channel, coalesce(sealed, body::text) as body from referral
                        where source = 'portal' and source_id = ?""").param(token).query().listOfRows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("door")).isEqualTo("COMMUNITY");
        assertThat(rows.get(0).get("channel")).isEqualTo("portal:LIBRARY");
        JsonNode body = referralStore.whole((String) rows.get(0).get("body"));
        assertThat(body.path("referrer").path("agency").asText()).isEqualTo("LIBRARY");
        assertThat(body.path("referrer").path("callback").asText()).isEqualTo("tel:+12065550123");
        assertThat(body.path("location").path("description").asText())
                .isEqualTo("Steps of the Central Library, 5th and Main");
        assertThat(body.path("persons").get(0).path("givenName").asText()).isEqualTo("Dee");
    }

    @Test
    void theFormFitsA320PixelScreenHasLargeTargetsAndSaysCall911AsSoonAsDangerIsChosen() throws Exception {
        startPhone(true);
        // 320 CSS pixels: a small phone, or a 640-pixel window zoomed to 200 %.
        ((ChromeDriver) browser)
                .executeCdpCommand(
                        "Emulation.setDeviceMetricsOverride",
                        Map.of("width", 320, "height", 640, "deviceScaleFactor", 2, "mobile", true));
        for (String path : List.of(
                "/refer/demo?partner=MERCHANTS&lang=es",
                "/refer/demo/thanks?result=received&danger=1",
                "/refer/demo/thanks?result=not-taken",
                "/refer/nowhere")) {
            browser.get(base() + path);
            Number sideways = (Number) ((JavascriptExecutor) browser)
                    .executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(sideways.intValue()).as("sideways scrolling on " + path).isLessThanOrEqualTo(0);
        }

        browser.get(base() + "/refer/demo?lang=es");
        for (WebElement target : browser.findElements(By.cssSelector(".choice, .phone, .language, button"))) {
            assertThat(target.getRect().getHeight())
                    .as("height of " + target.getText())
                    .isGreaterThanOrEqualTo(44);
        }
        assertThat(browser.findElement(By.id("danger-live")).getText()).isEmpty();
        browser.findElement(By.cssSelector("label[for='danger-yes']")).click();
        assertThat(browser.findElement(By.id("danger-live")).getText()).contains("Llame al 911 ahora");
        screenshot("portal-form-320px-es");
    }

    private void screenshot(String name) throws Exception {
        HeadlessChromium.savePage(browser, name);
    }
}
