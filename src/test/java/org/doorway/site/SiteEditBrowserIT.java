package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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

/**
 * An administrator of the siteedit test site, on a headless Chromium with JavaScript off, opens
 * the site's edit page from the schedule page, changes kim's phone, and the next LEAD referral
 * pages kim at the new number, with no restart; a phone the file would refuse is refused in the
 * page naming the field, and changes nothing. Screenshots: {@code target/screenshots/site-edit-*.png}.
 */
class SiteEditBrowserIT extends DoorwayAppIT {

    private static final String PASSWORD = "a-long-test-password-for-site-edit";

    @Autowired
    StaffAccounts accounts;

    @Autowired
    Sites sites;

    private HeadlessChromium chromium;

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anAdministratorChangesAPhoneInThePageAndTheNextLeadReferralPagesTheNewNumber() throws Exception {
        String before = sites.get("siteedit").caseManager("kim").orElseThrow().phone();
        String newPhone = before.equals("+12065550809") ? "+12065550808" : "+12065550809";
        chromium = HeadlessChromium.start(1280, 900, false);
        WebDriver browser = chromium.driver();
        signInAsSiteAdministrator(browser);

        browser.get(base() + "/dashboard/oncall/siteedit");
        browser.findElement(By.id("edit-site")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.urlContains("/dashboard/oncall/siteedit/edit"));

        WebElement phone = kimsPhone(browser);
        phone.clear();
        phone.sendKeys("555-0101");
        kim(browser).findElement(By.cssSelector("button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("errors")));
        assertThat(browser.findElement(By.id("errors")).getText())
                .contains("case-managers[0].phone: not an E.164 number such as +12065550101");
        assertThat(kimsPhone(browser).getAttribute("value"))
                .as("nothing changed")
                .isEqualTo(before);
        HeadlessChromium.savePage(browser, "site-edit-refused");

        phone = kimsPhone(browser);
        phone.clear();
        phone.sendKeys(newPhone);
        kim(browser).findElement(By.cssSelector("button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        assertThat(kimsPhone(browser).getAttribute("value")).isEqualTo(newPhone);
        assertThat(browser.findElement(By.id("revision")).getText()).contains("edited in the browser by");
        HeadlessChromium.savePage(browser, "site-edit-saved");

        JsonNode created = postEido("siteedit-intake-key", EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        String ref = created.path("shortRef").asText();
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(ref));
        assertThat(page.to()).as("the next referral pages the new number").isEqualTo(newPhone);
    }

    private static WebElement kim(WebDriver browser) {
        return browser.findElement(By.cssSelector("form.person[data-person='kim']"));
    }

    private static WebElement kimsPhone(WebDriver browser) {
        return kim(browser).findElement(By.name("phone"));
    }

    private void signInAsSiteAdministrator(WebDriver browser) {
        String username = "siteedit-admin-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(
                        username, StaffRole.ADMIN, "Site edit administrator", "siteedit", null, null, false),
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
