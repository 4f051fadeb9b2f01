package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.doorway.dashboard.report.Cell;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A week of warm handoffs, written into the database as the clock would have left them: the
 * numbers the latency API and the dashboard show are the numbers PostgreSQL computes from the same
 * rows on its own ({@code percentile_cont}, counts, the breach rule in SQL).
 */
class SeededWeekIT extends DashboardTestSupport {

    private static final Instant MONDAY = Instant.parse("2022-05-02T00:00:00Z");
    private static final String WEEK = "from=2022-05-02&to=2022-05-08";
    private static final String[] DOORS = {"ARREST_DIVERSION", "SOCIAL_CONTACT", "COMMUNITY"};
    private static final String[] ZONES = {"North", "South", "East", null};

    private Seeds seeds;

    @BeforeEach
    void seedAWeek() {
        seeds = new Seeds(db, "week");
        Random random = new Random(20220502);
        for (int i = 0; i < 90; i++) {
            Instant requested = MONDAY.plusSeconds(random.nextInt(7 * 24 * 3600));
            String door = DOORS[random.nextInt(DOORS.length)];
            UUID id = seeds.referral(door, requested, ZONES[random.nextInt(ZONES.length)]);
            seeds.decision(id, "WARM_HANDOFF_NOW", door, requested, null, null, null, List.of());
            int kind = random.nextInt(10);
            Instant ack = kind == 0 ? null : requested.plusSeconds(30 + random.nextInt(25 * 60));
            Instant onScene = ack == null || kind == 1 ? null : ack.plusSeconds(5 * 60 + random.nextInt(45 * 60));
            Instant handedOff = onScene == null ? null : onScene.plusSeconds(600);
            String state = ack == null ? "UNANSWERED" : onScene == null ? "PERSON_LEFT" : "HANDED_OFF";
            seeds.handoff(id, state, requested, ack, onScene, handedOff, ack == null ? null : "cm" + random.nextInt(3));
            seeds.page(
                    id,
                    0,
                    "cm0",
                    random.nextInt(8) == 0 ? "FAILED" : "DELIVERED",
                    requested.plusSeconds(1),
                    1 + (random.nextInt(6) == 0 ? 1 : 0),
                    random.nextInt(5) == 0);
            if (ack == null) {
                seeds.page(id, 1, "cm1", "SENT", requested.plusSeconds(300), 1, false);
            }
        }
    }

    /** What PostgreSQL says of the seeded week, computed without any of the dashboard's code. */
    private Map<String, Object> database(String where) {
        return db.sql("""
                        select count(*) as handoffs,
                               count(acknowledged_at) as acked,
                               percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - requested_at)) as a50,
                               percentile_cont(0.9) within group (order by extract(epoch from acknowledged_at - requested_at)) as a90,
                               percentile_cont(0.95) within group (order by extract(epoch from acknowledged_at - requested_at)) as a95,
                               count(on_scene_at) as onscene,
                               percentile_cont(0.5) within group (order by extract(epoch from on_scene_at - requested_at)) as s50,
                               percentile_cont(0.9) within group (order by extract(epoch from on_scene_at - requested_at)) as s90,
                               percentile_cont(0.95) within group (order by extract(epoch from on_scene_at - requested_at)) as s95,
                               count(*) filter (where (on_scene_at is not null and on_scene_at > requested_at + interval '30 minutes')
                                   or (on_scene_at is null and (closed_at is null or closed_at > requested_at + interval '30 minutes')
                                       and requested_at + interval '30 minutes' < doorway_now())) as breaches
                        from handoff h join referral r on r.id = h.referral_id
                        where h.site = ? and h.requested_at >= ? and h.requested_at < ?""" + where)
                .params(seeds.site, Timestamp.from(MONDAY), Timestamp.from(MONDAY.plus(Duration.ofDays(7))))
                .query()
                .singleRow();
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    @Test
    void latencyApiAnswersThePercentilesPostgresComputes() {
        Map<String, Object> expected = database("");

        Response response = call(
                admin(),
                "GET",
                "/api/v1/handoffs/latency?from=2022-05-02T00:00:00Z&to=2022-05-09T00:00:00Z&site=" + seeds.site,
                null);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.path("unit").asText()).isEqualTo("seconds");
        assertThat(json.path("count").asLong())
                .isEqualTo(90)
                .isEqualTo(((Number) expected.get("handoffs")).longValue());
        JsonNode ack = json.path("requestToAcknowledged");
        assertThat(ack.path("count").asLong())
                .isEqualTo(((Number) expected.get("acked")).longValue())
                .isLessThan(90);
        assertThat(ack.path("p50").asDouble()).isCloseTo(number(expected.get("a50")), within(0.001));
        assertThat(ack.path("p90").asDouble()).isCloseTo(number(expected.get("a90")), within(0.001));
        assertThat(ack.path("p95").asDouble()).isCloseTo(number(expected.get("a95")), within(0.001));
        JsonNode onScene = json.path("requestToOnScene");
        assertThat(onScene.path("count").asLong()).isEqualTo(((Number) expected.get("onscene")).longValue());
        assertThat(onScene.path("p50").asDouble()).isCloseTo(number(expected.get("s50")), within(0.001));
        assertThat(onScene.path("p90").asDouble()).isCloseTo(number(expected.get("s90")), within(0.001));
        assertThat(onScene.path("p95").asDouble()).isCloseTo(number(expected.get("s95")), within(0.001));
    }

    @Test
    void latencyApiReadsDatesAsWholeDaysAndRefusesWhatItCannotRead() {
        HttpClient admin = admin();
        JsonNode byDates = call(admin, "GET", "/api/v1/handoffs/latency?" + WEEK + "&site=" + seeds.site, null)
                .json();
        assertThat(byDates.path("count").asInt()).isEqualTo(90);
        assertThat(byDates.path("to").asText()).isEqualTo("2022-05-09T00:00:00Z");

        Response bad = call(admin, "GET", "/api/v1/handoffs/latency?from=last-tuesday&site=" + seeds.site, null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("from");
        assertThat(bad.body()).doesNotContain("last-tuesday");

        assertThat(get("/api/v1/handoffs/latency?" + WEEK, null).status())
                .as("not signed in")
                .isEqualTo(401);
        Response source = get("/api/v1/handoffs/latency?" + WEEK, DEMO_KEY);
        assertThat(source.status()).as("a source system, for its own site").isEqualTo(200);
        assertThat(source.json().path("site").asText()).isEqualTo("demo");
        assertThat(get("/api/v1/handoffs/latency?" + WEEK + "&site=" + seeds.site, DEMO_KEY)
                        .status())
                .as("another site's")
                .isEqualTo(403);
    }

    @Test
    void dashboardShowsTheNumbersTheDatabaseHolds() {
        HttpClient admin = admin();
        Map<String, Object> expected = database("");
        String filters = "?" + WEEK + "&site=" + seeds.site;

        Map<String, String> overall =
                csv(admin, "/dashboard/tables/latency.csv" + filters).get(0);
        assertThat(overall.get("Handoffs")).isEqualTo("90");
        assertThat(overall.get("Acknowledged")).isEqualTo(expected.get("acked").toString());
        assertThat(Double.parseDouble(overall.get("Ack p90"))).isCloseTo(number(expected.get("a90")), within(0.05));
        assertThat(overall.get("On scene")).isEqualTo(expected.get("onscene").toString());
        assertThat(Double.parseDouble(overall.get("On scene p50")))
                .isCloseTo(number(expected.get("s50")), within(0.05));
        assertThat(Double.parseDouble(overall.get("On scene p95")))
                .isCloseTo(number(expected.get("s95")), within(0.05));
        assertThat(overall.get("Breaches")).isEqualTo(expected.get("breaches").toString());

        String html = page(admin, "/dashboard" + filters);
        assertThat(html)
                .contains(">" + Cell.duration(number(expected.get("s50"))) + "<")
                .contains(">" + Cell.duration(number(expected.get("a90"))) + "<")
                .contains("<span>90</span> handoffs requested");

        for (Map<String, String> row : csv(admin, "/dashboard/tables/latency-by-door.csv" + filters)) {
            String door = switch (row.get("Door")) {
                case "arrest diversion" -> "ARREST_DIVERSION";
                case "social contact" -> "SOCIAL_CONTACT";
                default -> "COMMUNITY";
            };
            Map<String, Object> byDoor = database(" and r.door = '" + door + "'");
            assertThat(row.get("Handoffs"))
                    .as(door)
                    .isEqualTo(byDoor.get("handoffs").toString());
            assertThat(Double.parseDouble(row.get("On scene p90")))
                    .as(door)
                    .isCloseTo(number(byDoor.get("s90")), within(0.05));
            assertThat(row.get("Breaches"))
                    .as(door)
                    .isEqualTo(byDoor.get("breaches").toString());
        }

        List<Map<String, String>> byHour = csv(admin, "/dashboard/tables/latency-by-hour.csv" + filters);
        assertThat(byHour).hasSize(24);
        for (Map<String, String> row : byHour) {
            int hour = Integer.parseInt(row.get("Hour of day").substring(0, 2));
            Map<String, Object> inHour =
                    database(" and extract(hour from h.requested_at at time zone 'UTC') = " + hour);
            assertThat(row.get("Handoffs"))
                    .as("hour " + hour)
                    .isEqualTo(inHour.get("handoffs").toString());
        }
    }

    @Test
    void pagesTableCountsWhatBecameOfThePages() {
        Map<String, Object> expected = db.sql("""
                        select count(*) as pages, count(p.sent_at) as sent, count(*) filter (where p.state = 'FAILED') as failed,
                               count(*) filter (where p.attempts > 1) as retried, count(p.held_at) as held
                        from page p join referral r on r.id = p.referral_id where r.site = ?""").param(seeds.site).query().singleRow();

        List<Map<String, String>> rows = csv(admin(), "/dashboard/tables/pages.csv?" + WEEK + "&site=" + seeds.site);

        Map<String, String> total = rows.get(rows.size() - 1);
        assertThat(total.get("Kind")).isEqualTo("All pages");
        assertThat(total.get("Pages")).isEqualTo(expected.get("pages").toString());
        assertThat(total.get("Sent")).isEqualTo(expected.get("sent").toString());
        assertThat(total.get("Failed")).isEqualTo(expected.get("failed").toString());
        assertThat(total.get("Retried")).isEqualTo(expected.get("retried").toString());
        assertThat(total.get("Held (throttled)")).isEqualTo(expected.get("held").toString());
    }
}
