package org.doorway.screens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.intake.DirectIntake;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.doorway.testing.Axe;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.HeadlessChromium;
import org.doorway.triage.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every screen, opened in headless Chromium as the role that uses it: axe-core finds no serious or
 * critical accessibility violation on any of them, and each is photographed at phone size (390×844)
 * and desktop size (1280×900) into {@code target/screenshots/screens/}, and into {@code docs/screens/}
 * when run with {@code -Ddoorway.screens.update=true}.
 *
 * <p>A new page joins by one line in {@link #SCREENS}.
 */
class EveryScreenBrowserIT extends DoorwayAppIT {

    /** Who opens a screen: nobody signed in, or an account of this role at the demo site. */
    enum As {
        PUBLIC,
        ADMIN,
        SUPERVISOR,
        OWG_MEMBER,
        CASE_MANAGER,
        PCG_VIEWER
    }

    /**
     * A screen: its file name, who opens it, and its path; {@code {referral}}, {@code {link}} (a
     * page's one-tap link) and {@code {participant}} stand for things this test creates.
     */
    record Screen(String name, As as, String path) {}

    static final List<Screen> SCREENS = List.of(
            new Screen("sign-in", As.PUBLIC, "/login"),
            new Screen("refer", As.PUBLIC, "/refer/demo"),
            new Screen("refer-thanks", As.PUBLIC, "/refer/demo/thanks?result=received"),
            new Screen("page-link", As.PUBLIC, "{link}"),
            new Screen("dashboard", As.ADMIN, "/dashboard?site=demo"),
            new Screen("equity", As.ADMIN, "/dashboard/equity?site=demo"),
            new Screen("owg-agenda", As.ADMIN, "/dashboard/owg?site=demo"),
            new Screen("planner", As.ADMIN, "/dashboard/planner?site=demo"),
            new Screen("handoff-clock", As.ADMIN, "/dashboard/handoffs/{referral}"),
            new Screen("handoff-details", As.ADMIN, "/handoffs/{referral}"),
            new Screen("on-call", As.ADMIN, "/dashboard/oncall"),
            new Screen("on-call-edit", As.ADMIN, "/dashboard/oncall/demo/edit"),
            new Screen("participants", As.ADMIN, "/participants?site=demo"),
            new Screen("participant", As.ADMIN, "/participants/{participant}"),
            new Screen("participant-records", As.ADMIN, "/participants/{participant}/records"),
            new Screen("referral-records", As.ADMIN, "/handoffs/{referral}/records"),
            new Screen("feeds", As.ADMIN, "/dashboard/feeds"),
            new Screen("audit", As.ADMIN, "/admin/audit"),
            new Screen("dead-letters", As.ADMIN, "/dashboard/dead-letters"),
            new Screen("qr-code", As.ADMIN, "/admin/sites/demo/qr"),
            new Screen("consents-expiring", As.ADMIN, "/consents/expiring"),
            new Screen("participant-consents", As.ADMIN, "/participants/{participant}/consents"),
            new Screen("owg-meeting", As.OWG_MEMBER, "/dashboard/owg/meeting"),
            new Screen("owg-minutes", As.OWG_MEMBER, "/dashboard/owg/minutes"),
            new Screen("overrides", As.SUPERVISOR, "/dashboard/overrides"),
            new Screen("overrides-report", As.PCG_VIEWER, "/dashboard/overrides/report"),
            new Screen("dashboard-pcg", As.PCG_VIEWER, "/dashboard"),
            new Screen("dashboard-case-manager", As.CASE_MANAGER, "/dashboard"),
            new Screen("my-work", As.CASE_MANAGER, "/my-work"));

    private static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC_BASE_URL) + "(/p/[A-Za-z0-9_-]+)");
    private static final String PASSWORD = "every-screen-password";

    @Autowired
    StaffAccounts accounts;

    @Autowired
    DirectIntake intake;

    private HeadlessChromium chromium;

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void everyScreenHasNoSeriousAccessibilityViolationAtPhoneAndDesktopSize() throws Exception {
        Map<String, String> things = things();
        Map<As, String> usernames = new EnumMap<>(As.class);
        Map<String, List<Axe.Violation>> serious = new LinkedHashMap<>();
        boolean update = Boolean.getBoolean("doorway.screens.update");
        for (As as : As.values()) {
            List<Screen> mine = SCREENS.stream().filter(s -> s.as() == as).toList();
            if (mine.isEmpty()) {
                continue;
            }
            chromium = HeadlessChromium.start(1280, 900, true);
            WebDriver browser = chromium.driver();
            if (as != As.PUBLIC) {
                signIn(browser, usernames.computeIfAbsent(as, this::account));
            }
            for (Screen screen : mine) {
                String path = screen.path();
                for (Map.Entry<String, String> thing : things.entrySet()) {
                    path = path.replace(thing.getKey(), thing.getValue());
                }
                for (int[] size : new int[][] {{390, 844}, {1280, 900}}) {
                    browser.manage().window().setSize(new Dimension(size[0], size[1]));
                    browser.get(base() + path);
                    assertThat(browser.getCurrentUrl())
                            .as("%s opens for %s", screen.name(), as)
                            .doesNotContain("/login?");
                    assertThat(browser.findElements(By.tagName("h1")))
                            .as(
                                    "%s is drawn whole for %s (a page that failed half-way has no heading)",
                                    screen.name(), as)
                            .isNotEmpty();
                    List<Axe.Violation> found = Axe.check(browser).stream()
                            .filter(Axe.Violation::serious)
                            .toList();
                    if (!found.isEmpty()) {
                        serious.computeIfAbsent(screen.name() + " at " + size[0] + "px", k -> new ArrayList<>())
                                .addAll(found);
                    }
                    save(browser, screen.name() + (size[0] < 600 ? "-phone" : "-desktop"), update);
                }
            }
            chromium.close();
            chromium = null;
        }
        assertThat(serious).as("serious or critical accessibility violations").isEmpty();
    }

    /**
     * At the demo site: a referral being paged (its id and its one-tap link), an enrolled participant,
     * a referral waiting for the OWG and an arrest diversion refused for an exclusion (so that the
     * meeting and override screens show their forms).
     */
    private Map<String, String> things() {
        ObjectNode forOwg = EidoDocuments.leadRequest(d -> {
            EidoDocuments.incident(d).remove("incidentTypeInternalCode");
            ((ObjectNode) d.get("agentComponent").get(0))
                    .putArray("agentRoleRegistryText")
                    .add("Call Taking");
        });
        assertThat(postEido(DEMO_KEY, EidoDocuments.bytes(forOwg))
                        .json()
                        .path("referrals")
                        .get(0)
                        .path("outcome")
                        .asText())
                .isEqualTo("OWG_REVIEW");
        Referral arrest = new Referral(
                "demo",
                Door.ARREST_DIVERSION,
                "test-direct",
                "screens-" + UUID.randomUUID(),
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
        assertThat(intake.submit("demo", "test:direct", List.of(arrest)).get(0).outcome())
                .isEqualTo(Outcome.NOT_ELIGIBLE);
        JsonNode accepted = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        String shortRef = accepted.path("shortRef").asText();
        String body = twilio.awaitSms(sms -> sms.body().contains(shortRef)).body();
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).as("a page link in the text").isTrue();
        HttpClient admin = admin();
        Response enrolled = call(admin, "POST", "/api/v1/participants", """
                {"site": "demo", "caseManagerId": "%s", "givenName": "Screen", "familyName": "Shot%d",
                 "birthDate": "1990-01-02", "status": "ACTIVE"}""".formatted(
                        call(admin, "GET", "/api/v1/sites/demo/oncall", null)
                                .json()
                                .path("layers")
                                .path("primary")
                                .path("id")
                                .asText(),
                        System.nanoTime() % 100000));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        Map<String, String> things = new LinkedHashMap<>();
        things.put("{referral}", accepted.path("id").asText());
        things.put("{link}", link.group(1));
        things.put("{participant}", enrolled.json().path("id").asText());
        return things;
    }

    /** The built-in administrator, or a new account of the role at the demo site. */
    private String account(As as) {
        if (as == As.ADMIN) {
            return "admin";
        }
        StaffRole role = StaffRole.valueOf(as.name());
        // One account per role and run (the database is new for each run): the screenshots stay alike.
        String username = "screens-" + as.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String caseManager = role == StaffRole.CASE_MANAGER ? "cm-screens" : null;
        accounts.create(
                new StaffAccounts.Staff(username, role, "Screens " + role, "demo", caseManager, null, false),
                PASSWORD,
                "test");
        return username;
    }

    private void signIn(WebDriver browser, String username) {
        browser.get(base() + "/dashboard");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(username.equals("admin") ? "test-admin-password" : PASSWORD);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/dashboard"));
    }

    /** The window as shown, into target/screenshots/screens/ (and docs/screens/ when updating). */
    private static void save(WebDriver browser, String name, boolean update) throws IOException {
        Path folder = Path.of("target", "screenshots", "screens");
        Files.createDirectories(folder);
        Path file = folder.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        if (update) {
            Path docs = Path.of("docs", "screens");
            Files.createDirectories(docs);
            Files.copy(file, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
