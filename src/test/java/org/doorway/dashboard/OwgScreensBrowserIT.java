package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.doorway.intake.DirectIntake;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.HeadlessChromium;
import org.doorway.triage.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The OWG's meeting screen and the sergeant's override screen, used as their people use them: in
 * headless Chromium at phone size with JavaScript off (the forms are plain HTML), signed in through
 * the form. What the screens record is read back through the JSON API and the database.
 */
class OwgScreensBrowserIT extends DashboardTestSupport {

    @Autowired
    DirectIntake intake;

    private HeadlessChromium chromium;
    private WebDriver browser;

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void signIn(StaffRole role, String site) throws Exception {
        chromium = HeadlessChromium.start(390, 844, false);
        browser = chromium.driver();
        String username = "o-" + role.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-"
                + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(username, role, "Screen " + role, site, null, null, false), PASSWORD, "test");
        browser.get(base() + "/dashboard");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/dashboard"));
    }

    private void open(String path) {
        browser.get(base() + path);
    }

    /** Sends a form and waits for the page it leads to (the old page's elements go stale). */
    private void submit(WebElement button) {
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(button));
    }

    private String flash() {
        List<WebElement> error = browser.findElements(By.id("flash-error"));
        assertThat(error).as("no error shown").isEmpty();
        return browser.findElement(By.id("flash-message")).getText();
    }

    @Test
    void anOwgMemberApprovesAPendingReferralAndExtendsAnotherIntakeDeadlineFromTheMeetingScreen() throws Exception {
        // A 911 call forwarded to LEAD without a call type waits for the OWG.
        ObjectNode doc = EidoDocuments.leadRequest(d -> {
            EidoDocuments.incident(d).remove("incidentTypeInternalCode");
            ((ObjectNode) d.get("agentComponent").get(0))
                    .putArray("agentRoleRegistryText")
                    .add("Call Taking");
        });
        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(doc))
                .json()
                .path("referrals")
                .get(0);
        assertThat(created.path("outcome").asText()).isEqualTo("OWG_REVIEW");
        String pendingId = created.path("id").asText();
        String pendingRef = shortRef(pendingId);
        // An arrest diversion handed off two days ago, its intake not yet done.
        Seeds demo = Seeds.forSite(db, "demo");
        Instant handedOff = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        UUID diverted = demo.referral("ARREST_DIVERSION", handedOff.minusSeconds(1800), null);
        demo.decision(
                diverted,
                "WARM_HANDOFF_NOW",
                "ARREST_DIVERSION",
                handedOff.minusSeconds(1800),
                null,
                null,
                null,
                List.of());
        demo.handoff(
                diverted,
                "HANDED_OFF",
                handedOff.minusSeconds(1800),
                handedOff.minusSeconds(1500),
                handedOff.minusSeconds(600),
                handedOff,
                "cm1");
        String divertedRef = demo.shortRef(diverted);

        signIn(StaffRole.OWG_MEMBER, "demo");
        open("/dashboard/owg/meeting");
        assertThat(browser.findElement(By.id("intake-window")).getText()).isEqualTo("30");
        WebElement card = browser.findElement(By.id("pending-" + pendingRef));
        assertThat(card.getText()).as("no name on the agenda").doesNotContain("Seedperson");
        card.findElement(By.cssSelector("input[value='approve']")).click();
        card.findElement(By.name("reason")).sendKeys("Known to outreach; meets LEAD criteria");
        submit(card.findElement(By.cssSelector("button[type='submit']")));
        assertThat(flash()).contains(pendingRef).contains("approved");
        assertThat(browser.findElements(By.id("pending-" + pendingRef)))
                .as("no longer pending")
                .isEmpty();

        WebElement deadline = browser.findElement(By.id("deadline-" + divertedRef));
        assertThat(deadline.findElement(By.className("clock")).getText()).contains("of 30");
        LocalDate until = LocalDate.now(ZoneId.of("America/Los_Angeles")).plusDays(45);
        deadline.findElement(By.name("until"))
                .sendKeys(String.format(
                        Locale.ROOT, "%02d%02d%04d", until.getMonthValue(), until.getDayOfMonth(), until.getYear()));
        deadline.findElement(By.name("reason")).sendKeys("Waiting for a treatment bed");
        submit(deadline.findElement(By.cssSelector("form.extend button[type='submit']")));
        assertThat(flash()).contains(divertedRef).contains("extended");

        JsonNode review = call(
                        as(StaffRole.ADMIN, null, null, null),
                        "GET",
                        "/api/v1/referrals/" + pendingId + "/decisions",
                        null)
                .json()
                .path("current")
                .path("decision")
                .path("review");
        assertThat(review.path("state").asText()).isEqualTo("APPROVED");
        assertThat(review.path("reason").asText()).isEqualTo("Known to outreach; meets LEAD criteria");
        assertThat(db.sql("select reason from intake_extension where referral_id = ?")
                        .param(diverted)
                        .query(String.class)
                        .list())
                .containsExactly("Waiting for a treatment bed");

        open("/dashboard/owg/minutes?meeting=" + LocalDate.now(ZoneId.of("America/Los_Angeles")));
        String minutes = browser.findElement(By.id("minutes")).getText();
        if (minutes.contains(pendingRef)) { // the minutes are of the site's day; near midnight it may have turned
            assertThat(minutes)
                    .contains("approved")
                    .contains("Known to outreach")
                    .contains(divertedRef);
        }
    }

    @Test
    void aSergeantsOverrideIsRecordedFromTheScreenAndAppearsInThePcgReport() throws Exception {
        Referral arrest = new Referral(
                "demo",
                Door.ARREST_DIVERSION,
                "test-direct",
                "arrest-" + UUID.randomUUID(),
                null,
                Instant.now(),
                new Referral.Location("1501 3rd Ave, Seattle", null, null, null, null),
                new Referral.CallType("LEADARR", null, null, null),
                List.of(new Referral.Charge("35A", "UCR", "possession")),
                new Referral.Referrer("police.demo.example", "officer.4471", null, "officer", null),
                List.of(),
                List.of(),
                List.of(),
                new Referral.Screening(null, null, null, null, null, null, true, null, null, null, null, null));
        DirectIntake.Submitted submitted =
                intake.submit("demo", "test:direct", List.of(arrest)).get(0);
        assertThat(submitted.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
        String ref = shortRef(submitted.id().toString());

        signIn(StaffRole.SUPERVISOR, "demo");
        open("/dashboard/overrides");
        String me = browser.findElement(By.id("overrider")).getText();
        WebElement card = browser.findElement(By.id("overridable-" + ref));
        assertThat(card.getText()).contains("violent-offence");
        assertThat(card.findElements(By.name("by"))).as("who is never typed in").isEmpty();
        new Select(card.findElement(By.name("rank"))).selectByValue("sergeant");
        card.findElement(By.name("reason")).sendKeys("No weapon; known to the officer");
        submit(card.findElement(By.cssSelector("button[type='submit']")));
        assertThat(flash()).contains(ref).contains("warm handoff now");

        JsonNode decision = call(
                        as(StaffRole.ADMIN, null, null, null),
                        "GET",
                        "/api/v1/referrals/" + submitted.id() + "/decisions",
                        null)
                .json()
                .path("current")
                .path("decision");
        assertThat(decision.path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");
        assertThat(decision.path("override").path("by").asText()).isEqualTo(me);
        assertThat(decision.path("override").path("rank").asText()).isEqualTo("sergeant");

        chromium.close();
        chromium = null;
        signIn(StaffRole.PCG_VIEWER, "demo");
        open("/dashboard/overrides/report");
        String report = browser.findElement(By.id("overrides")).getText();
        assertThat(report)
                .contains(ref)
                .contains("sergeant")
                .contains("accepted")
                .doesNotContain("No weapon");
        assertThat(csv(as(StaffRole.PCG_VIEWER, "demo", null, null), "/dashboard/overrides/report.csv"))
                .anySatisfy(row -> {
                    assertThat(row.get("Ref")).isEqualTo(ref);
                    assertThat(row.get("Accepted")).isEqualTo("accepted");
                });
        twilio.awaitSms(sms -> sms.body().contains(ref));
    }

    @Test
    void theMeetingOpensForTheOwgOnlyAndTheOverrideScreenSendsThoseWhoMayNotOverrideToTheReport() {
        assertThat(call(as(StaffRole.CASE_MANAGER, "demo", "cm-x", null), "GET", "/dashboard/owg/meeting", null)
                        .status())
                .isEqualTo(403);
        assertThat(call(as(StaffRole.PCG_VIEWER, "demo", null, null), "GET", "/dashboard/owg/meeting", null)
                        .status())
                .isEqualTo(403);
        assertThat(call(as(StaffRole.CASE_MANAGER, "demo", "cm-x", null), "GET", "/dashboard/overrides/report", null)
                        .status())
                .isEqualTo(403);
        assertThat(call(as(StaffRole.OWG_MEMBER, "demo", null, null), "GET", "/dashboard/owg/minutes.csv", null)
                        .contentType())
                .startsWith("text/csv");
        Response owgMember = call(as(StaffRole.OWG_MEMBER, "demo", null, null), "GET", "/dashboard/overrides", null);
        assertThat(owgMember.status()).isEqualTo(302);
        assertThat(call(as(StaffRole.PCG_VIEWER, "demo", null, null), "GET", "/dashboard/overrides/report", null)
                        .status())
                .isEqualTo(200);
    }

    private String shortRef(String id) {
        return db.sql("select short_ref from referral where id = cast(? as uuid)")
                .param(id)
                .query(String.class)
                .single();
    }
}
