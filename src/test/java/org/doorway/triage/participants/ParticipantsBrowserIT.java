package org.doorway.triage.participants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A supervisor of the people test site (caseload limit one) works the participants screens in a
 * headless Chromium with JavaScript off: enrols the people two referrals are about, for quin, who is
 * then shown over the limit (a warning, nothing refused); finds one by the referral's short reference;
 * reassigns the other to rue and makes her inactive, with a reason (none is refused); and a later
 * referral about quin's participant pages quin first, the handoff's log noting quin over the limit
 * and the text saying nothing of it. Another site's staff get 404 for the participant and 403 for the
 * site's list. Screenshots: {@code target/screenshots/participants-*.png}.
 */
class ParticipantsBrowserIT extends DoorwayAppIT {

    private static final String QUIN_PHONE = "+12065550802";

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

    private record Posted(String id, String ref, String surname) {}

    private Posted post(String prefix) {
        String surname = prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        JsonNode created = postEido(
                        MyWorkBrowserIT.PEOPLE_KEY,
                        EidoDocuments.bytes(EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, surname))))
                .json()
                .path("referrals")
                .get(0);
        return new Posted(created.path("id").asText(), created.path("shortRef").asText(), surname);
    }

    @Test
    void aSupervisorEnrolsFromReferralsSearchesReassignsAndSeesTheCaseloadWarning() throws Exception {
        Posted first = post("Enrolfirst");
        Posted second = post("Enrolsecond");
        chromium = HeadlessChromium.start(1280, 900, false);
        browser = chromium.driver();
        signIn(account(StaffRole.SUPERVISOR, "people", null));

        browser.get(base() + "/dashboard");
        browser.findElement(By.id("nav-participants")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("enrol")));
        UUID firstId = enrol(first.ref(), "Quin Test");
        UUID secondId = enrol(second.ref(), "Quin Test");
        assertThat(browser.findElement(By.id("case-manager")).getText()).isEqualTo("Quin Test");
        assertThat(browser.findElement(By.id("caseload-warning")).getText())
                .as("two active participants, the site's limit is one: a warning, the enrolment stands")
                .contains("Over the caseload limit", "the site's limit is 1");
        assertThat(browser.findElement(By.id("history")).getText()).contains("enrolled from " + second.ref());
        assertThat(browser.getPageSource()).doesNotContain(second.surname());
        HeadlessChromium.savePage(browser, "participants-participant-desktop");

        browser.get(base() + "/participants");
        WebElement quin = browser.findElement(By.cssSelector("table.caseloads tr[data-case-manager='quin']"));
        assertThat(quin.getText()).contains("over the limit of 1");

        // The golden thread: a later referral about quin's participant pages quin first, and staff
        // are told quin is over the limit; the text says nothing of it. (The first referral's handoff
        // is called off first: a repeat while it is still paging would page nobody again.)
        Response closed = call(admin(), "POST", "/api/v1/referrals/" + second.id() + "/handoff/close", """
                {"outcome": "cancelled", "reason": "test: the person is enrolled"}""");
        assertThat(closed.status()).as(closed.body()).isBetween(200, 204);
        JsonNode later = postEido(
                        MyWorkBrowserIT.PEOPLE_KEY,
                        EidoDocuments.bytes(
                                EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, second.surname()))))
                .json()
                .path("referrals")
                .get(0);
        String laterRef = later.path("shortRef").asText();
        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(laterRef));
        assertThat(page.to()).as("the participant's own case manager first").isEqualTo(QUIN_PHONE);
        assertThat(page.body()).doesNotContainIgnoringCase("caseload");
        assertThat(db.sql("""
                                select note from handoff_event where referral_id = ? and kind = 'OVER_CASELOAD'
                                and actor = 'quin'""")
                        .param(UUID.fromString(later.path("id").asText()))
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .contains("the site's limit is 1");

        browser.get(base() + "/participants");
        browser.findElement(By.id("q")).sendKeys(first.ref());
        browser.findElement(By.id("search-go")).click();
        wait(ExpectedConditions.urlContains("q="));
        List<WebElement> rows = browser.findElements(By.cssSelector("#participants tbody tr[data-participant]"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getAttribute("data-participant")).isEqualTo(firstId.toString());
        assertThat(rows.get(0).getText()).contains("Quin Test", "active");
        HeadlessChromium.savePage(browser, "participants-list-desktop");

        rows.get(0).findElement(By.tagName("a")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("assign")));
        new Select(browser.findElement(By.id("assign-case-manager"))).selectByValue("rue");
        browser.findElement(By.id("assign-go")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        assertThat(browser.findElement(By.id("case-manager")).getText()).isEqualTo("Rue Test");

        browser.findElement(By.cssSelector("#status-form input[value='inactive']"))
                .click();
        browser.findElement(By.id("status-go")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("errors")));
        assertThat(browser.findElement(By.id("errors")).getText()).contains("reason");
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("active");

        browser.findElement(By.cssSelector("#status-form input[value='inactive']"))
                .click();
        browser.findElement(By.id("status-reason")).sendKeys("Moved out of the county");
        browser.findElement(By.id("status-go")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("inactive — Moved out of the county");
        String history = browser.findElement(By.id("history")).getText();
        assertThat(history).contains("assigned", "rue", "Moved out of the county");
        assertThat(db.sql(
                                "select count(*) from participant_event where participant_id = ? and by_user like 'supervisor-%'")
                        .param(firstId)
                        .query(Integer.class)
                        .single())
                .as("enrolled, assigned, made inactive: each with who")
                .isEqualTo(3);
    }

    @Test
    void anotherSitesStaffFindNoParticipantAndMayNotListTheSite() {
        Posted posted = post("Othersite");
        var supervisor = signedIn(account(StaffRole.SUPERVISOR, "people", null), MyWorkBrowserIT.PASSWORD);
        Response enrolled = call(supervisor, "POST", "/api/v1/participants", """
                {"referral": "%s", "caseManagerId": "rue"}""".formatted(posted.ref()));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        String id = enrolled.json().path("id").asText();
        assertThat(enrolled.body()).doesNotContain(posted.surname());

        Response twice = call(supervisor, "POST", "/api/v1/participants", """
                {"referral": "%s", "caseManagerId": "rue"}""".formatted(posted.ref()));
        assertThat(twice.status()).isEqualTo(409);

        Response listed = call(supervisor, "GET", "/api/v1/participants?q=" + posted.ref(), null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json()).hasSize(1);
        assertThat(listed.json().get(0).path("caseManagerId").asText()).isEqualTo("rue");

        Response shown = call(supervisor, "GET", "/participants/" + id, null);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains(posted.ref()).doesNotContain(posted.surname());
        assertThat(db.sql("""
                                select count(*) from access_audit where record_kind = 'participant' and record_id = ?
                                and action = 'READ' and request = 'GET /participants/{id}'""").param(id).query(Integer.class).single())
                .as("a participant's page is a read of personal data, in the access audit")
                .isEqualTo(1);
        Response loads = call(supervisor, "GET", "/api/v1/participants/caseloads", null);
        assertThat(loads.status()).as(loads.body()).isEqualTo(200);
        JsonNode rueLoad = null;
        for (JsonNode row : loads.json()) {
            if (row.path("caseManagerId").asText().equals("rue")) {
                rueLoad = row;
            }
        }
        assertThat(rueLoad).isNotNull();
        assertThat(rueLoad.path("active").asInt()).isPositive();
        assertThat(rueLoad.path("limit").asInt()).as("the people site's policy").isEqualTo(1);

        var elsewhere = signedIn(account(StaffRole.SUPERVISOR, "swap", null), MyWorkBrowserIT.PASSWORD);
        assertThat(call(elsewhere, "GET", "/participants/" + id, null).status()).isEqualTo(404);
        assertThat(call(elsewhere, "GET", "/api/v1/participants/" + id, null).status())
                .isEqualTo(404);
        Response list = call(elsewhere, "GET", "/participants?site=people", null);
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.contentType()).startsWith("application/problem+json");
        assertThat(call(elsewhere, "GET", "/api/v1/participants?q=" + posted.ref(), null)
                        .json())
                .as("their own site has no such participant")
                .isEmpty();
        Response enrolElsewhere = call(elsewhere, "POST", "/api/v1/participants", """
                {"referral": "%s", "caseManagerId": "uma"}""".formatted(posted.ref()));
        assertThat(enrolElsewhere.status()).isEqualTo(400);

        var rue = signedIn(account(StaffRole.CASE_MANAGER, "people", "rue"), MyWorkBrowserIT.PASSWORD);
        assertThat(call(rue, "PATCH", "/api/v1/participants/" + id, """
                        {"caseManagerId": "quin"}""").status())
                .as("a case manager does not choose whose case manager they are")
                .isEqualTo(403);
        assertThat(call(rue, "GET", "/api/v1/participants/caseloads", null).status())
                .as("caseloads are the team's business")
                .isEqualTo(403);
        var quin = signedIn(account(StaffRole.CASE_MANAGER, "people", "quin"), MyWorkBrowserIT.PASSWORD);
        assertThat(call(quin, "GET", "/participants/" + id, null).status())
                .as("another case manager's participant")
                .isEqualTo(404);
    }

    private UUID enrol(String ref, String caseManager) {
        browser.get(base() + "/participants");
        browser.findElement(By.id("enrol-referral")).sendKeys(ref);
        new Select(browser.findElement(By.id("enrol-case-manager"))).selectByVisibleText(caseManager);
        browser.findElement(By.id("enrol-go")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        assertThat(browser.findElement(By.id("done")).getText()).isEqualTo("Enrolled.");
        String url = browser.getCurrentUrl();
        return UUID.fromString(
                url.substring(url.indexOf("/participants/") + "/participants/".length(), url.indexOf('?')));
    }

    private void wait(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
    }

    private String account(StaffRole role, String site, String caseManagerId) {
        String username = role.name().toLowerCase().replace('_', '-') + "-" + site + "-"
                + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(username, role, "Test " + role, site, caseManagerId, null, false),
                MyWorkBrowserIT.PASSWORD,
                "test");
        return username;
    }

    private void signIn(String username) {
        browser.get(base() + "/login");
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(MyWorkBrowserIT.PASSWORD);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        wait(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }
}
