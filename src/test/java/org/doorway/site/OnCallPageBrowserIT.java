package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A supervisor of the swap test site, on a phone-size headless Chromium with JavaScript off, opens
 * the schedule page from the dashboard, swaps tonight's primary for wes with the form as it comes
 * filled in, and the next LEAD referral pages wes, with no restart; removing the override in the
 * page gives primary back to the rotation. Screenshots: {@code target/screenshots/oncall-*.png}.
 */
class OnCallPageBrowserIT extends DoorwayAppIT {

    private static final String PASSWORD = "a-long-test-password-for-oncall";
    private static final String WES_PHONE = "+12065550703";

    @Autowired
    StaffAccounts accounts;

    @Autowired
    JdbcClient db;

    @Autowired
    StoredOverrides overrides;

    private HeadlessChromium chromium;
    private WebDriver browser;

    @AfterEach
    void closeBrowserAndLeaveTheRotation() {
        if (chromium != null) {
            chromium.close();
        }
        // Through the owning class, so the snapshot lookups use is read again at once.
        for (StoredOverrides.Stored o : overrides.inForce("swap")) {
            overrides.remove("swap", o.id(), "test");
        }
    }

    @Test
    void aSupervisorSwapsTonightsPrimaryInThePageAndTheNextLeadReferralPagesTheNewPerson() throws Exception {
        chromium = HeadlessChromium.start(390, 844, false);
        browser = chromium.driver();
        signInAsSwapSupervisor();

        browser.findElement(By.linkText("On call")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.urlContains("/dashboard/oncall/swap"));
        String before = primaryNow();
        assertThat(before).isIn("Uma Test", "Vic Test");
        assertThat(browser.findElement(By.id("from")).getAttribute("value"))
                .as("filled in for tonight")
                .isNotBlank();
        assertThat(browser.findElement(By.id("to")).getAttribute("value")).endsWith("T09:00");
        HeadlessChromium.savePage(browser, "oncall-supervisor-phone");

        new Select(browser.findElement(By.id("schedule"))).selectByValue("primary");
        new Select(browser.findElement(By.id("caseManager"))).selectByVisibleText("Wes Test");
        browser.findElement(By.id("reason")).sendKeys("Uma off sick tonight");
        browser.findElement(By.id("save-override")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("done")));

        assertThat(primaryNow()).isEqualTo("Wes Test (override)");
        List<WebElement> listed = browser.findElements(By.cssSelector("#overrides tbody tr[data-id]"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).getText()).contains("Wes Test", "Uma off sick tonight", "swap-sup");
        assertThat(browser.findElement(By.id("schedule-days")).getText()).contains("Wes Test (override)");
        HeadlessChromium.savePage(browser, "oncall-override-phone");

        JsonNode created = postEido("swap-intake-key", EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        String ref = created.path("shortRef").asText();
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(ref));
        assertThat(page.to())
                .as("the next referral pages the person swapped in")
                .isEqualTo(WES_PHONE);

        listed.get(0).findElement(By.cssSelector("button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        assertThat(primaryNow()).isEqualTo(before);
        assertThat(browser.findElements(By.cssSelector("#overrides tbody tr[data-id]")))
                .isEmpty();
    }

    private String primaryNow() {
        return browser.findElement(By.cssSelector("#oncall-now tr[data-layer='primary'] td.who"))
                .getText()
                .strip();
    }

    private void signInAsSwapSupervisor() {
        String username = "swap-sup-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(username, StaffRole.SUPERVISOR, "Swap supervisor", "swap", null, null, false),
                PASSWORD,
                "test");
        browser.get(base() + "/dashboard");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/dashboard"));
    }
}
