package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A supervisor or administrator corrects a moment of a handoff's clock with a reason: the handoff
 * holds the corrected time, every figure counts it, and the event log keeps who corrected what, from
 * what, and why.
 */
class ClockCorrectionIT extends DashboardTestSupport {

    private static final Instant REQUESTED = Instant.parse("2022-08-01T10:00:00Z");
    private static final String RANGE = "from=2022-08-01&to=2022-08-01";

    private Seeds seeds;
    private UUID handoff;
    private String supervisor;

    @BeforeEach
    void aHandoffReportedLate() {
        seeds = new Seeds(db, "clock");
        handoff = seeds.referral("ARREST_DIVERSION", REQUESTED, "North", List.of("35A"), "http:seed-cad");
        seeds.decision(handoff, "WARM_HANDOFF_NOW", "ARREST_DIVERSION", REQUESTED, null, null, null, List.of());
        // The case manager was there at 10:25 but their "on scene" only got through from the dead zone at 10:40.
        seeds.handoff(
                handoff,
                "HANDED_OFF",
                REQUESTED,
                REQUESTED.plusSeconds(300),
                REQUESTED.plusSeconds(2400),
                REQUESTED.plusSeconds(3000),
                "cm1");
        supervisor = "sup-clock-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(
                        supervisor, StaffRole.SUPERVISOR, "Shift supervisor", seeds.site, null, null, false),
                PASSWORD,
                "test");
    }

    private String corrections() {
        return "/api/v1/handoffs/" + handoff + "/corrections";
    }

    @Test
    void supervisorCorrectsATimeWithAReasonAndTheDashboardCountsTheCorrectedValue() {
        HttpClient sup = signedIn(supervisor, PASSWORD);
        String filters = "?" + RANGE + "&site=" + seeds.site;
        assertThat(csv(sup, "/dashboard/tables/latency.csv" + filters).get(0).get("Breaches"))
                .isEqualTo("1");

        // "On scene" also stood for "en route", which was never reported on its own: that goes first.
        Response enRoute = call(
                sup,
                "POST",
                corrections(),
                "{\"moment\":\"EN_ROUTE\",\"at\":\"2022-08-01T10:06:00Z\",\"reason\":\"Left at once, per CAD\"}");
        assertThat(enRoute.status()).as(enRoute.body()).isEqualTo(201);
        Response corrected = call(
                sup,
                "POST",
                corrections(),
                "{\"moment\":\"ON_SCENE\",\"at\":\"2022-08-01T10:25:00Z\",\"reason\":\"CAD shows arrival 10:25; reply delayed\"}");

        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
        assertThat(((Timestamp) db.sql("select on_scene_at from handoff where referral_id = ?")
                                .param(handoff)
                                .query()
                                .singleValue())
                        .toInstant())
                .isEqualTo(Instant.parse("2022-08-01T10:25:00Z"));
        Map<String, Object> event = db.sql("""
                        select via, actor, note from handoff_event where referral_id = ? and kind = 'CORRECTED'
                        order by id desc limit 1""").param(handoff).query().singleRow();
        assertThat(event.get("via")).isEqualTo("ADMIN");
        assertThat(event.get("actor")).isEqualTo(supervisor);
        assertThat(event.get("note")).isEqualTo("CAD shows arrival 10:25; reply delayed");
        Map<String, Object> audit = db.sql("""
                        select moment, old_value, new_value, corrected_by from handoff_correction where referral_id = ?
                        order by id desc limit 1""").param(handoff).query().singleRow();
        assertThat(audit.get("moment")).isEqualTo("ON_SCENE");
        assertThat(((Timestamp) audit.get("old_value")).toInstant()).isEqualTo(REQUESTED.plusSeconds(2400));
        assertThat(audit.get("corrected_by")).isEqualTo(supervisor);

        Response latency = call(sup, "GET", "/api/v1/handoffs/latency" + filters, null);
        assertThat(latency.json().path("requestToOnScene").path("p50").asDouble())
                .isEqualTo(1500.0);
        assertThat(csv(sup, "/dashboard/tables/latency.csv" + filters).get(0).get("Breaches"))
                .isEqualTo("0");
        String page = page(sup, "/dashboard/handoffs/" + handoff);
        assertThat(page)
                .contains("class=\"corrected\"")
                .contains("Mon 1 Aug 2022 10:40")
                .contains("CAD shows arrival 10:25; reply delayed")
                .contains(supervisor)
                .contains("25 min 00 s");
    }

    @Test
    void aCorrectionThatPutsTheClockOutOfOrderIsRefusedAndChangesNothing() {
        HttpClient sup = signedIn(supervisor, PASSWORD);

        Response beforeAck = call(
                sup,
                "POST",
                corrections(),
                "{\"moment\":\"ON_SCENE\",\"at\":\"2022-08-01T10:02:00Z\",\"reason\":\"typo\"}");
        Response future = call(
                sup,
                "POST",
                corrections(),
                "{\"moment\":\"HANDED_OFF\",\"at\":\"" + Instant.now().plusSeconds(86_400) + "\",\"reason\":\"typo\"}");
        Response noReason =
                call(sup, "POST", corrections(), "{\"moment\":\"ON_SCENE\",\"at\":\"2022-08-01T10:20:00Z\"}");
        Response badMoment = call(
                sup, "POST", corrections(), "{\"moment\":\"LUNCH\",\"at\":\"2022-08-01T10:20:00Z\",\"reason\":\"x\"}");

        assertThat(beforeAck.status()).isEqualTo(422);
        assertThat(beforeAck.json().path("detail").asText()).contains("on scene cannot be before en route");
        assertThat(future.status()).isEqualTo(422);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(badMoment.status()).isEqualTo(400);
        assertThat(badMoment.body()).doesNotContain("LUNCH");
        assertThat(db.sql("select count(*) from handoff_event where referral_id = ? and kind = 'CORRECTED'")
                        .param(handoff)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(((Timestamp) db.sql("select on_scene_at from handoff where referral_id = ?")
                                .param(handoff)
                                .query()
                                .singleValue())
                        .toInstant())
                .isEqualTo(REQUESTED.plusSeconds(2400));
    }

    @Test
    void onlySupervisorsAndAdministratorsCorrect() {
        String body = "{\"moment\":\"ON_SCENE\",\"at\":\"2022-08-01T10:25:00Z\",\"reason\":\"mine\"}";

        assertThat(call(as(StaffRole.CASE_MANAGER, seeds.site, "cm1", null), "POST", corrections(), body)
                        .status())
                .isEqualTo(403);
        assertThat(call(as(StaffRole.PCG_VIEWER, seeds.site, null, null), "POST", corrections(), body)
                        .status())
                .isEqualTo(403);
        assertThat(call(as(StaffRole.SUPERVISOR, "another-site", null, null), "POST", corrections(), body)
                        .status())
                .as("a supervisor of another site does not find it")
                .isEqualTo(404);
        assertThat(page(as(StaffRole.CASE_MANAGER, seeds.site, "cm1", null), "/dashboard/handoffs/" + handoff))
                .doesNotContain("Correct a time");
    }

    @Test
    void theCorrectionFormRecordsWhatTheApiWould() throws Exception {
        HttpClient sup = signedIn(supervisor, PASSWORD);
        String page = page(sup, "/dashboard/handoffs/" + handoff);
        assertThat(page).contains("Correct a time");
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();

        String form = "moment=ACKNOWLEDGED&at=2022-08-01T10%3A03%3A30&reason="
                + URLEncoder.encode("Voice call answered at 10:03:30", StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> posted = sup.send(
                HttpRequest.newBuilder(URI.create(base() + "/dashboard/handoffs/" + handoff + "/corrections"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(((Timestamp) db.sql("select acknowledged_at from handoff where referral_id = ?")
                                .param(handoff)
                                .query()
                                .singleValue())
                        .toInstant())
                .isEqualTo(Instant.parse("2022-08-01T10:03:30Z"));
        assertThat(page(sup, "/dashboard/handoffs/" + handoff))
                .contains("Corrected: acknowledged.")
                .contains("Voice call answered at 10:03:30");
    }
}
