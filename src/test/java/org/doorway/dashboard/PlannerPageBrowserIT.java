package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.doorway.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An administrator opens the coverage planner from the dashboard in a real browser (Debian's
 * Chromium, headless), chooses a week of the demo site's stored warm handoffs, and compares the
 * office-hours roster with the same hours doubled: both are in the table with numbers, doubling the
 * people on call never shows a lower share within the target, the assumptions are stated, and the
 * CSV link downloads the table; the back-test of the week and the breakdowns by hour, zone and
 * weekday are shown. A screenshot is saved as
 * {@code target/screenshots/planner-admin-desktop.png}.
 */
class PlannerPageBrowserIT extends DashboardTestSupport {

    /** A week of the demo site no other test seeds (site time). */
    private static final LocalDate MONDAY = LocalDate.parse("2020-03-02");

    private static final ZoneId DEMO_ZONE = ZoneId.of("America/Los_Angeles");

    private static final String DOUBLED = """
            name: office-hours-doubled
            on-call:
              - {days: [mon, tue, wed, thu, fri], from: "08:00", to: "20:00", people: 4}
              - {days: [sat, sun], from: "10:00", to: "18:00", people: 2}
            """;

    private HeadlessChromium chromium;
    private WebDriver browser;

    @BeforeEach
    void aBusyWeekOfWarmHandoffs() {
        Seeds seeds = Seeds.forSite(db, "demo");
        // Each weekday, four warm handoffs within half an hour (two people on call must queue), and one at night.
        for (int day = 0; day < 5; day++) {
            for (int i = 0; i < 4; i++) {
                seed(seeds, MONDAY.plusDays(day).atTime(LocalTime.of(14, 8 * i)));
            }
            seed(seeds, MONDAY.plusDays(day).atTime(LocalTime.of(2, 30)));
        }
    }

    private static void seed(Seeds seeds, java.time.LocalDateTime local) {
        Instant at = local.atZone(DEMO_ZONE).toInstant();
        UUID id = seeds.referral("SOCIAL_CONTACT", at, "North");
        seeds.decision(id, "WARM_HANDOFF_NOW", "SOCIAL_CONTACT", at, null, null, null, List.of());
        seeds.handoff(id, "HANDED_OFF", at, at.plusSeconds(240), at.plusSeconds(1800), at.plusSeconds(3000), "cm1");
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anAdministratorComparesTwoRostersAndDownloadsTheTable() throws Exception {
        chromium = HeadlessChromium.start(1366, 900, true);
        browser = chromium.driver();
        signInAsAdministrator();

        browser.findElement(By.linkText("Coverage planner")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/dashboard/planner"));
        setValue(By.name("from"), MONDAY.toString());
        setValue(By.name("to"), MONDAY.plusDays(6).toString());
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("site"))).selectByValue("demo");
        List<WebElement> boxes = browser.findElements(By.name("scenario"));
        assertThat(boxes.get(0).getAttribute("value"))
                .as("starts from the examples")
                .contains("name: office-hours");
        setValue(boxes.get(1), DOUBLED);
        browser.findElement(By.id("run-planner")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("planner-results")));

        List<WebElement> rows = browser.findElements(By.cssSelector("table[data-table='planner-results'] tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(cell(rows.get(0), "Scenario")).isEqualTo("office-hours");
        assertThat(cell(rows.get(1), "Scenario")).isEqualTo("office-hours-doubled");
        for (WebElement row : rows) {
            assertThat(cell(row, "Referrals")).isEqualTo("25");
            assertThat(cell(row, "Warm handoffs")).isEqualTo("25");
            assertThat(cell(row, "p50 (min)")).matches("\\d+\\.\\d");
        }
        double office = percent(cell(rows.get(0), "Within target"));
        double doubled = percent(cell(rows.get(1), "Within target"));
        assertThat(doubled).as("more people on call never reach fewer in time").isGreaterThanOrEqualTo(office);
        assertThat(office)
                .as("two people for four calls in half an hour: some wait")
                .isLessThan(100.0);
        assertThat(browser.findElements(By.cssSelector("#planner-chart svg rect.s2")))
                .as("one bar per scenario")
                .hasSize(3); // two bars and the legend's swatch

        String assumptions = browser.findElement(By.id("planner-assumptions")).getText();
        assertThat(assumptions)
                .contains("25 with a triage decision")
                .contains("25 warm handoffs recorded in the period")
                .contains("acknowledging: lognormal, median 3 min")
                .contains("travel: lognormal, median 12 min")
                .contains("Target: 30.0 min")
                .contains("Seed 1");
        assertThat(cell(rows.get(0), "Peak at once")).matches("[1-9]\\d*");
        assertThat(cell(rows.get(0), "Escalated past primary")).matches("\\d+");

        String backTest = browser.findElement(By.id("planner-backtest")).getText();
        assertThat(backTest)
                .as("the back-test of the week under the demo's own rotation")
                .contains("Back-test: under the roster really in force")
                .contains("of the period's 25 warm handoffs")
                .contains("100.0% really were (25)")
                .contains("tolerance of ±5 points");

        List<WebElement> hours = browser.findElements(By.cssSelector("table[data-table='planner-by-hour'] tbody tr"));
        assertThat(hours).as("a row per hour of the day").hasSize(24);
        assertThat(cell(hours.get(2), "Warm handoffs")).isEqualTo("5");
        assertThat(cell(hours.get(2), "office-hours: outside hours"))
                .as("nobody on call at 02:30 in office hours")
                .isEqualTo("5");
        assertThat(cell(hours.get(14), "office-hours: outside hours")).isEqualTo("0");
        List<WebElement> zones = browser.findElements(By.cssSelector("table[data-table='planner-by-zone'] tbody tr"));
        assertThat(zones).hasSize(1);
        assertThat(cell(zones.get(0), "Zone")).isEqualTo("North");
        assertThat(browser.findElements(By.cssSelector("table[data-table='planner-by-weekday'] tbody tr")))
                .hasSize(7);
        screenshot("planner-admin-desktop");

        String href = browser.findElement(By.id("planner-csv")).getAttribute("href");
        String csv = (String) ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0]).then(r => r.ok ? r.text() : 'HTTP ' + r.status).then(done);",
                        href);
        List<List<String>> lines = parse(csv);
        assertThat(lines.get(0)).startsWith("Scenario", "Target (min)", "Referrals", "Warm handoffs", "Within target");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).get(0)).isEqualTo("office-hours");
        assertThat(Double.parseDouble(lines.get(1).get(4)) * 100)
                .isCloseTo(office, org.assertj.core.data.Offset.offset(0.06));
        assertThat(lines.get(2).get(0)).isEqualTo("office-hours-doubled");
    }

    private void signInAsAdministrator() {
        String username = "planner-admin-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(username, StaffRole.ADMIN, "Planner admin", null, null, null, false),
                PASSWORD,
                "test");
        browser.get(base() + "/dashboard");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/dashboard"));
    }

    private void setValue(By by, String value) {
        setValue(browser.findElement(by), value);
    }

    private void setValue(WebElement element, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", element, value);
    }

    private static String cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-label='" + column + "']"))
                .getText();
    }

    private static double percent(String text) {
        return Double.parseDouble(text.replace("%", "").trim());
    }

    private void screenshot(String name) throws Exception {
        HeadlessChromium.savePage(browser, name);
    }
}
