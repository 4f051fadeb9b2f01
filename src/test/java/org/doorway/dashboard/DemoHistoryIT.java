package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.demo.DemoHistory;
import org.doorway.planner.BackTest;
import org.doorway.staff.StaffRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The demo site's fictional history ({@code doorway.demo.history}) in the whole application: it is
 * written once however often (and however many at once) ask for it, it pages nobody, it makes the
 * dashboard and the equity report show real-looking charts, and the coverage planner's back-test
 * reproduces its actual within-target share within the stated tolerance.
 *
 * <p>The shared application runs without the setting (other tests count the demo site's referrals
 * today), so this test asks the same component the start-up uses for a quarter of its own, long
 * ago: 2015-01-01 to 2015-03-31, site time.
 */
class DemoHistoryIT extends DashboardTestSupport {

    /** The day after the history: it covers the 90 days before. */
    private static final Instant TODAY = Instant.parse("2015-04-01T19:00:00Z");

    private static final String QUARTER = "from=2015-01-01&to=2015-03-31";

    private static List<Integer> firstWrites;

    @Autowired
    DemoHistory history;

    @BeforeEach
    void twoInstancesStartWithHistoryAtOnce() {
        synchronized (DemoHistoryIT.class) {
            if (firstWrites == null) {
                CompletableFuture<Integer> one =
                        CompletableFuture.supplyAsync(() -> history.seed(TODAY, Duration.ofDays(90)));
                CompletableFuture<Integer> two =
                        CompletableFuture.supplyAsync(() -> history.seed(TODAY, Duration.ofDays(90)));
                firstWrites = List.of(one.join(), two.join());
            }
        }
    }

    private long count(String sql) {
        return db.sql(sql).param(DemoHistory.SOURCE).query(Long.class).single();
    }

    @Test
    void writesTheHistoryOnceAndPagesNobody() {
        assertThat(firstWrites)
                .as("one of two starting together writes it, the other nothing")
                .contains(0);
        int written = firstWrites.get(0) + firstWrites.get(1);
        assertThat(written).as("about eight referrals a day for 90 days").isBetween(500, 1100);
        long referrals = count("select count(*) from referral where site = 'demo' and source = ?");
        assertThat(referrals).isEqualTo(written);

        assertThat(history.seed(TODAY, Duration.ofDays(90)))
                .as("a restart writes nothing")
                .isZero();
        assertThat(history.seed(Instant.parse("2026-12-01T00:00:00Z"), Duration.ofDays(30)))
                .as("nor does another period: once only")
                .isZero();
        assertThat(count("select count(*) from referral where site = 'demo' and source = ?"))
                .isEqualTo(referrals);

        assertThat(count("select count(*) from page p join referral r on r.id = p.referral_id where r.source = ?"))
                .as("no SMS or call for history")
                .isZero();
        assertThat(count("""
                        select count(*) from handoff h join referral r on r.id = h.referral_id
                        where r.source = ? and (h.escalate_at is not null or h.closed_at is null)""")).as("every handoff is over, none has a timer").isZero();
        assertThat(count("""
                        select count(*) from referral where source = ?
                        and (received_at < '2015-01-01T08:00:00Z' or received_at >= '2015-04-01T07:00:00Z')"""))
                .as("all inside the 90 days before today, site time")
                .isZero();
    }

    @Test
    void looksLikeASmallLeadProgram() {
        Map<String, Object> shape =
                db.sql("""
                        select count(*) filter (where d.outcome = 'WARM_HANDOFF_NOW') as warm,
                               count(*) filter (where d.outcome = 'OWG_REVIEW') as owg,
                               count(distinct r.door) as doors,
                               count(distinct r.body->'location'->>'zone') as zones,
                               count(distinct extract(hour from r.received_at)) as hours
                        from referral r join triage_decision d on d.referral_id = r.id
                        where r.source = ?""").param(DemoHistory.SOURCE).query().singleRow();
        assertThat(((Number) shape.get("warm")).longValue()).isGreaterThan(250);
        assertThat(((Number) shape.get("owg")).longValue()).isGreaterThan(50);
        assertThat(((Number) shape.get("doors")).longValue()).isEqualTo(3);
        assertThat(((Number) shape.get("zones")).longValue()).isEqualTo(5);
        assertThat(((Number) shape.get("hours")).longValue()).isEqualTo(24);
        Map<String, Object> clock =
                db.sql("""
                        select count(*) filter (where h.on_scene_at > h.requested_at + interval '30 minutes') as late,
                               count(*) filter (where h.on_scene_at <= h.requested_at + interval '30 minutes') as in_time,
                               count(*) filter (where h.state <> 'HANDED_OFF') as not_handed_off
                        from handoff h join referral r on r.id = h.referral_id where r.source = ?""").param(DemoHistory.SOURCE).query().singleRow();
        long late = ((Number) clock.get("late")).longValue();
        long inTime = ((Number) clock.get("in_time")).longValue();
        assertThat(late).as("a few misses of the 30-minute target").isPositive().isLessThan(inTime / 3);
        assertThat(((Number) clock.get("not_handed_off")).longValue()).isPositive();
        assertThat(count("""
                        select count(*) from owg_review o join referral r on r.id = o.referral_id
                        where r.source = ? and o.state in ('APPROVED', 'DENIED')"""))
                .as("the OWG decided the reviews of its past meetings")
                .isGreaterThan(40);
        assertThat(count("select count(*) from referral where source = ? and body::text ~ '(Ana|Ben|Chris|Dana) '"))
                .as("made-up people, never the demo's case managers")
                .isZero();
    }

    @Test
    void theDashboardAndTheEquityReportShowChartsOverTheHistory() {
        HttpClient admin = admin();
        String dashboard = page(admin, "/dashboard?" + QUARTER + "&site=demo");
        String latency = dashboard.substring(dashboard.indexOf("id=\"latency\""), dashboard.indexOf("id=\"breaches\""));
        assertThat(latency).contains("<svg").doesNotContain("Nothing measured in this period");
        String equity = page(admin, "/dashboard/equity?" + QUARTER + "&site=demo");
        assertThat(equity)
                .as("stacked bars of the people referred, by race")
                .contains("class=\"stack\"")
                .contains("title=\"Black or African American: ")
                .doesNotContain("Nothing measured in this period");
    }

    @Test
    void theBackTestReproducesTheHistorysWithinTargetShareWithinTheStatedTolerance() throws Exception {
        HttpClient pcg = as(StaffRole.PCG_VIEWER, "demo", null, null);
        String form = page(pcg, "/dashboard/planner");
        HttpResponse<String> run = post(pcg, form, example("office-hours"), example("around-the-clock"));
        assertThat(run.statusCode()).isEqualTo(200);
        String html = run.body();

        Matcher backTest = Pattern.compile(
                        "the model puts ([0-9.]+)% of the period&#39;s (\\d+) warm handoffs on scene within the target"
                                + " \\(mean of 20 runs\\); ([0-9.]+)% really were")
                .matcher(html);
        assertThat(backTest.find()).as("the back-test stated on the page").isTrue();
        double model = Double.parseDouble(backTest.group(1));
        double actual = Double.parseDouble(backTest.group(3));
        assertThat(Integer.parseInt(backTest.group(2))).isGreaterThan(250);
        assertThat(Math.abs(model - actual))
                .as("model %s%% against actual %s%%", model, actual)
                .isLessThanOrEqualTo(100 * BackTest.TOLERANCE);
        assertThat(html).contains("within the stated tolerance of ±5 points");
        assertThat(html)
                .as("the models fitted on the period, and on how many")
                .containsPattern("fitted on \\d{3} warm handoffs the site recorded in the period")
                .contains("acknowledging: fitted on the site&#39;s measured times by hour");

        assertThat(html).contains("data-table=\"planner-by-zone\"").contains("data-table=\"planner-by-hour\"");
        Matcher link = Pattern.compile("id=\"planner-csv\" href=\"([^\"]+)\"").matcher(html);
        assertThat(link.find()).isTrue();
        List<Map<String, String>> zones = csv(pcg, link.group(1).replace("&amp;", "&") + "&table=planner-by-zone");
        assertThat(zones).extracting(r -> r.get("Zone")).containsExactly("Central", "East", "North", "South", "West");
        List<Double> aroundTheClock = new ArrayList<>();
        for (Map<String, String> zone : zones) {
            aroundTheClock.add(Double.parseDouble(zone.get("around-the-clock: within target")));
        }
        assertThat(aroundTheClock).allSatisfy(share -> assertThat(share).isBetween(0.3, 1.0));
    }

    private static String example(String name) throws Exception {
        return Files.readString(Path.of("examples", "coverage", name + ".yaml"));
    }

    private HttpResponse<String> post(HttpClient client, String form, String... scenarios) throws Exception {
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as("a CSRF token on the form").isTrue();
        StringBuilder body = new StringBuilder(QUARTER + "&site=demo&seed=1");
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
