package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.staff.StaffRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coverage planner's page in the whole application: who may open it, a PCG viewer comparing
 * two scenarios over the demo site's stored referrals (table, assumptions, CSV), a scenario with a
 * mistake named by line and field, and a period with no referrals.
 */
class PlannerPageIT extends DashboardTestSupport {

    /** A week of the demo site that only this test seeds (site time, America/Los_Angeles). */
    private static final LocalDate MONDAY = LocalDate.parse("2021-03-08");

    private static final ZoneId DEMO_ZONE = ZoneId.of("America/Los_Angeles");

    @BeforeEach
    void aWeekOfWarmHandoffs() {
        Seeds seeds = Seeds.forSite(db, "demo");
        if (db.sql("select count(*) from referral where site = 'demo' and received_at >= ? and received_at < ?")
                        .params(
                                java.sql.Timestamp.from(
                                        MONDAY.atStartOfDay(DEMO_ZONE).toInstant()),
                                java.sql.Timestamp.from(MONDAY.plusDays(7)
                                        .atStartOfDay(DEMO_ZONE)
                                        .toInstant()))
                        .query(Long.class)
                        .single()
                > 0) {
            return; // seeded by an earlier test of this class
        }
        for (int day = 0; day < 5; day++) {
            for (int i = 0; i < 3; i++) {
                var at = MONDAY.plusDays(day)
                        .atTime(LocalTime.of(10 + 3 * i, 10 * day))
                        .atZone(DEMO_ZONE)
                        .toInstant();
                UUID id = seeds.referral("SOCIAL_CONTACT", at, "North");
                seeds.decision(id, "WARM_HANDOFF_NOW", "SOCIAL_CONTACT", at, null, null, null, List.of());
                seeds.handoff(
                        id, "HANDED_OFF", at, at.plusSeconds(180), at.plusSeconds(1500), at.plusSeconds(2400), "cm1");
            }
        }
    }

    @Test
    void caseManagersAndDispatchersMayNotOpenThePlanner() {
        HttpClient caseManager = as(StaffRole.CASE_MANAGER, "demo", "cm1", null);
        assertThat(call(caseManager, "GET", "/dashboard/planner", null).status())
                .isEqualTo(403);
        assertThat(call(caseManager, "GET", "/dashboard/planner/results.csv?site=demo", null)
                        .status())
                .isEqualTo(403);
        assertThat(page(caseManager, "/dashboard")).doesNotContain("Coverage planner");
        HttpClient dispatcher = as(StaffRole.DISPATCHER, "demo", null, "seed-cad");
        assertThat(call(dispatcher, "GET", "/dashboard/planner", null).status()).isEqualTo(403);
    }

    @Test
    void aPcgViewerComparesTwoScenariosOverTheStoredReferrals() throws Exception {
        HttpClient pcg = as(StaffRole.PCG_VIEWER, "demo", null, null);
        assertThat(page(pcg, "/dashboard")).contains("href=\"/dashboard/planner\"");
        String form = page(pcg, "/dashboard/planner");
        assertThat(form).contains("Coverage planner").contains("name: office-hours");

        HttpResponse<String> run = post(pcg, form, example("office-hours"), example("around-the-clock"));

        assertThat(run.statusCode()).isEqualTo(200);
        String html = run.body();
        assertThat(html).contains("Scenarios side by side").contains("Assumptions used");
        assertThat(html)
                .contains("warm handoffs recorded in the period")
                .contains("acknowledging: lognormal, median 3 min")
                .contains("travel: lognormal, median 10 min")
                .contains("Seed 1");
        Matcher csv = Pattern.compile("id=\"planner-csv\" href=\"([^\"]+)\"").matcher(html);
        assertThat(csv.find()).as("a CSV link").isTrue();
        List<Map<String, String>> rows = csv(pcg, csv.group(1).replace("&amp;", "&"));
        assertThat(rows).extracting(r -> r.get("Scenario")).containsExactly("office-hours", "around-the-clock");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("Referrals"))
                    .as("15 referrals, suppressed below 11 for PCG only")
                    .isEqualTo("15");
            assertThat(Double.parseDouble(r.get("Within target"))).isBetween(0.0, 1.0);
        });
    }

    @Test
    void aScenarioWithAMistakeIsNamedByLineAndField() throws Exception {
        HttpClient admin = as(StaffRole.ADMIN, null, null, null);
        String form = page(admin, "/dashboard/planner");
        String broken = """
                name: broken
                on-call:
                  - {days: [mon], from: "08:00", to: "20:00", people: 2}
                  - {days: [someday], from: "8 am", to: "20:00", people: 1}
                """;

        HttpResponse<String> run = post(admin, form, example("office-hours"), broken);

        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(run.body())
                .contains("The scenarios could not be used")
                .contains("scenario 2: line 4: on-call[1].days")
                .contains("scenario 2: line 4: on-call[1].from")
                .doesNotContain("Exception")
                .doesNotContain("Scenarios side by side");
    }

    @Test
    void aPeriodWithoutReferralsSaysSo() throws Exception {
        HttpClient admin = as(StaffRole.ADMIN, null, null, null);
        String form = page(admin, "/dashboard/planner");

        HttpResponse<String> run =
                postFor(admin, form, "2001-01-01", "2001-01-07", example("office-hours"), example("around-the-clock"));

        assertThat(run.body()).contains("has no stored referrals").doesNotContain("Scenarios side by side");
    }

    private static String example(String name) throws IOException {
        return Files.readString(Path.of("examples", "coverage", name + ".yaml"));
    }

    private HttpResponse<String> post(HttpClient client, String form, String... scenarios) throws Exception {
        return postFor(client, form, MONDAY.toString(), MONDAY.plusDays(6).toString(), scenarios);
    }

    /** Posts the planner's form as a browser would, with the page's CSRF token. */
    private HttpResponse<String> postFor(HttpClient client, String form, String from, String to, String... scenarios)
            throws Exception {
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as("a CSRF token on the form").isTrue();
        StringBuilder body = new StringBuilder("from=" + from + "&to=" + to + "&site=demo&seed=1");
        for (String scenario : scenarios) {
            body.append("&scenario=").append(URLEncoder.encode(scenario, StandardCharsets.UTF_8));
        }
        body.append("&_csrf=").append(URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
        return client.send(
                HttpRequest.newBuilder(URI.create(base() + "/dashboard/planner"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
