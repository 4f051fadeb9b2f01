package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.doorway.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Each role signs in through the form in a real browser (Debian's Chromium, headless) and opens the
 * dashboard: what each may see is there, what it may not is not. Screenshots of the dashboard at a
 * desktop size (1366×900) and a phone size (390×844) are saved under {@code target/screenshots/}.
 */
class DashboardBrowserIT extends DashboardTestSupport {

    private HeadlessChromium chromium;
    private WebDriver browser;
    private Seeds seeds;
    private UUID openByCm1;
    private UUID openByCm2;

    @BeforeEach
    void aWeekOfHandoffsAndSomeUnderWay() {
        seeds = new Seeds(db, "browser");
        Random random = new Random(7);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String[] doors = {"ARREST_DIVERSION", "SOCIAL_CONTACT", "COMMUNITY"};
        String[] zones = {"North", "South", "East", "West"};
        String[] races = {"Black", "White", "Asian", "American Indian or Alaska Native", null};
        for (int i = 0; i < 80; i++) {
            Instant requested = now.minusSeconds(3600 + random.nextInt(6 * 24 * 3600));
            String door = doors[random.nextInt(3)];
            UUID id = seeds.referral(
                    door,
                    requested,
                    zones[random.nextInt(4)],
                    door.equals("ARREST_DIVERSION") ? List.of("35A") : List.of(),
                    "http:seed-cad");
            seeds.decision(
                    id,
                    "WARM_HANDOFF_NOW",
                    door,
                    requested,
                    races[random.nextInt(races.length)],
                    null,
                    random.nextBoolean() ? "female" : "male",
                    List.of());
            Instant ack = random.nextInt(12) == 0 ? null : requested.plusSeconds(60 + random.nextInt(20 * 60));
            Instant onScene = ack == null ? null : ack.plusSeconds(300 + random.nextInt(40 * 60));
            seeds.handoff(
                    id,
                    ack == null ? "UNANSWERED" : "HANDED_OFF",
                    requested,
                    ack,
                    onScene,
                    onScene == null ? null : onScene.plusSeconds(900),
                    ack == null ? null : "cm" + (1 + random.nextInt(2)));
            seeds.page(
                    id,
                    0,
                    "cm1",
                    random.nextInt(10) == 0 ? "FAILED" : "DELIVERED",
                    requested.plusSeconds(1),
                    1,
                    random.nextInt(6) == 0);
        }
        openByCm1 = seeds.referral("ARREST_DIVERSION", now.minusSeconds(700), "North", List.of("23C"), "http:seed-cad");
        seeds.decision(
                openByCm1,
                "WARM_HANDOFF_NOW",
                "ARREST_DIVERSION",
                now.minusSeconds(700),
                "Black",
                null,
                "male",
                List.of());
        seeds.handoff(openByCm1, "ACKNOWLEDGED", now.minusSeconds(700), now.minusSeconds(500), null, null, "cm1");
        openByCm2 = seeds.referral("SOCIAL_CONTACT", now.minusSeconds(2400), "South", List.of(), "http:other-cad");
        seeds.decision(
                openByCm2, "WARM_HANDOFF_NOW", "SOCIAL_CONTACT", now.minusSeconds(2400), null, null, null, List.of());
        seeds.handoff(openByCm2, "ACKNOWLEDGED", now.minusSeconds(2400), now.minusSeconds(2000), null, null, "cm2");
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void startBrowser(int width, int height) throws Exception {
        chromium = HeadlessChromium.start(width, height, true);
        browser = chromium.driver();
    }

    /** Signs in through the form as a new account of this role; the browser lands on the dashboard. */
    private void signIn(StaffRole role, String caseManagerId, String source) {
        String username = "b-" + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-"
                + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(username, role, "Browser " + role, seeds.site, caseManagerId, source, false),
                PASSWORD,
                "test");
        browser.manage().deleteAllCookies();
        browser.get(base() + "/dashboard");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/dashboard"));
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).startsWith(username);
    }

    private boolean present(String css) {
        return !browser.findElements(By.cssSelector(css)).isEmpty();
    }

    private String text() {
        return browser.findElement(By.tagName("main")).getText();
    }

    @Test
    void anAdministratorSeesEverythingAtDesktopAndPhoneSizes() throws Exception {
        startBrowser(1366, 900);
        signIn(StaffRole.ADMIN, null, null);

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Warm handoffs");
        assertThat(present("#latency svg rect")).as("latency charts drawn").isTrue();
        assertThat(present("#breach-heat svg")).isTrue();
        assertThat(present("#coverage")).isTrue();
        assertThat(present("#pages")).isTrue();
        assertThat(text()).contains(seeds.shortRef(openByCm1)).contains(seeds.shortRef(openByCm2));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("class"))
                .as("script ran")
                .contains("js");
        assertThat(browser.findElements(By.cssSelector("nav a")).stream().map(WebElement::getText))
                .contains("Handoffs", "Equity", "OWG agenda");
        screenshot("dashboard-admin-desktop");

        browser.findElement(By.linkText("Equity")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/dashboard/equity"));
        assertThat(text()).contains("not recorded").contains("Missed diversion opportunities");
        screenshot("dashboard-equity-admin-desktop");
        browser.findElement(By.linkText("OWG agenda")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/dashboard/owg"));
        assertThat(text()).contains("Intake deadlines not yet met").contains("Extend an intake deadline");
        screenshot("dashboard-owg-admin-desktop");

        browser.get(base() + "/dashboard/handoffs/" + openByCm1);
        assertThat(text()).contains("Correct a time");
        screenshot("dashboard-handoff-admin-desktop");

        browser.manage().window().setSize(new Dimension(390, 844));
        ((ChromeDriver) browser)
                .executeCdpCommand(
                        "Emulation.setDeviceMetricsOverride",
                        Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        browser.get(base() + "/dashboard");
        Number sideways = (Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        Object widest = ((JavascriptExecutor) browser).executeScript("""
                const width = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.scroll'))
                    .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).join(', ');""");
        assertThat(sideways.intValue())
                .as("the page itself never scrolls sideways on a phone (too wide: %s)", widest)
                .isLessThanOrEqualTo(0);
        assertThat(present("#latency svg rect")).isTrue();
        screenshot("dashboard-admin-phone");
    }

    @Test
    void aSupervisorSeesTheirSiteAndCanCorrect() throws Exception {
        startBrowser(1366, 900);
        signIn(StaffRole.SUPERVISOR, null, null);

        assertThat(text()).contains(seeds.shortRef(openByCm1)).contains(seeds.shortRef(openByCm2));
        assertThat(present("#breaches table[data-table='breaches']")).isTrue();
        browser.findElement(By.linkText(seeds.shortRef(openByCm2))).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.urlContains("/dashboard/handoffs/"));
        assertThat(present("form.correct")).isTrue();
        screenshot("dashboard-supervisor-desktop");
    }

    @Test
    void aCaseManagerSeesTheirOwnHandoffsOnly() throws Exception {
        startBrowser(390, 844);
        signIn(StaffRole.CASE_MANAGER, "cm1", null);

        assertThat(text()).contains(seeds.shortRef(openByCm1)).doesNotContain(seeds.shortRef(openByCm2));
        assertThat(browser.findElements(By.cssSelector("nav a")).stream().map(WebElement::getText))
                .doesNotContain("Equity");
        assertThat(present("#latency")).isTrue();
        screenshot("dashboard-case-manager-phone");
    }

    @Test
    void aDispatcherSeesIntakeStatusOnly() throws Exception {
        startBrowser(390, 844);
        signIn(StaffRole.DISPATCHER, null, "seed-cad");

        assertThat(text())
                .contains("Intake status")
                .contains(seeds.shortRef(openByCm1))
                .doesNotContain(seeds.shortRef(openByCm2));
        assertThat(present("#latency")).isFalse();
        assertThat(present("#breaches")).isFalse();
        assertThat(present("a[href^='/dashboard/handoffs/']")).isFalse();
        assertThat(text()).doesNotContain("cm1").doesNotContain("North");
        screenshot("dashboard-dispatcher-phone");
    }

    @Test
    void aPcgViewerSeesAggregatesOnly() throws Exception {
        startBrowser(1366, 900);
        signIn(StaffRole.PCG_VIEWER, null, null);

        assertThat(text())
                .doesNotContain(seeds.shortRef(openByCm1))
                .doesNotContain(seeds.shortRef(openByCm2))
                .contains("<11");
        assertThat(present("a[href^='/dashboard/handoffs/']")).isFalse();
        assertThat(present("table[data-table='breaches']")).isFalse();
        assertThat(present("#latency svg rect")).isTrue();
        screenshot("dashboard-pcg-desktop");
        browser.get(base() + "/dashboard/equity");
        assertThat(text()).contains("<11").doesNotContain("Seedperson");
        screenshot("dashboard-equity-pcg-desktop");
    }

    private void screenshot(String name) throws Exception {
        HeadlessChromium.savePage(browser, name);
    }
}
