package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.doorway.staff.StaffRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Race, ethnicity and gender at each stage: administrators see every count, "not recorded" is a
 * group of its own, and a PCG viewer never sees a count below 11 (nor one that would give it away).
 */
class EquityReportIT extends DashboardTestSupport {

    private static final Instant WEEK = Instant.parse("2022-06-06T00:00:00Z");
    private static final String RANGE = "from=2022-06-06&to=2022-06-12";

    private Seeds seeds;

    @BeforeEach
    void referralsOfAWeek() {
        seeds = new Seeds(db, "equity");
        int n = 0;
        // 14 Black: 5 arrest diversions handed off (one of them with its intake done), 9 social contacts.
        for (int i = 0; i < 14; i++) {
            Instant at = WEEK.plusSeconds(3600L * n++);
            String door = i < 5 ? "ARREST_DIVERSION" : "SOCIAL_CONTACT";
            UUID id = seeds.referral(door, at, "North", i < 5 ? List.of("35A") : List.of(), "http:seed-cad");
            seeds.decision(
                    id,
                    "WARM_HANDOFF_NOW",
                    door,
                    at,
                    "Black",
                    "Not Hispanic or Latino",
                    i < 8 ? "female" : "male",
                    List.of());
            if (i < 5) {
                seeds.handoff(
                        id, "HANDED_OFF", at, at.plusSeconds(300), at.plusSeconds(1200), at.plusSeconds(1800), "cm1");
            }
            if (i == 0) {
                db.sql(
                                "insert into intake_done (referral_id, done_at, recorded_by, recorded_at) values (?, ?, 'test', ?)")
                        .params(
                                id,
                                java.sql.Timestamp.from(at.plusSeconds(86400)),
                                java.sql.Timestamp.from(at.plusSeconds(86400)))
                        .update();
            }
        }
        // 12 White community referrals, 3 Asian, and 2 the source gave no race for (one of them not eligible).
        for (int i = 0; i < 17; i++) {
            Instant at = WEEK.plusSeconds(3600L * n++);
            UUID id = seeds.referral("COMMUNITY", at, null);
            String race = i < 12 ? "White" : i < 15 ? "Asian" : null;
            seeds.decision(
                    id,
                    i == 16 ? "NOT_ELIGIBLE" : "OWG_REVIEW",
                    "COMMUNITY",
                    at,
                    race,
                    i < 12 ? "Not Hispanic or Latino" : "Hispanic or Latino",
                    i % 2 == 0 ? "female" : "male",
                    List.of());
        }
    }

    private static Map<String, Map<String, String>> byGroup(List<Map<String, String>> rows, String column) {
        return rows.stream().collect(Collectors.toMap(r -> r.get(column), Function.identity()));
    }

    @Test
    void administratorSeesEveryCountAtEveryStageWithNotRecordedAsItsOwnRow() {
        HttpClient admin = admin();

        Map<String, Map<String, String>> race =
                byGroup(csv(admin, "/dashboard/tables/equity-race.csv?" + RANGE + "&site=" + seeds.site), "Race");

        assertThat(race.keySet()).containsExactlyInAnyOrder("Black", "White", "Asian", "not recorded", "All");
        assertThat(race.get("Black").get("Eligible contacts")).isEqualTo("14");
        assertThat(race.get("Black").get("Referrals: arrest diversion")).isEqualTo("5");
        assertThat(race.get("Black").get("Diverted")).isEqualTo("5");
        assertThat(race.get("Black").get("Handoffs completed")).isEqualTo("5");
        assertThat(race.get("Black").get("Enrolled")).isEqualTo("1");
        assertThat(race.get("White").get("Eligible contacts")).isEqualTo("12");
        assertThat(race.get("Asian").get("Eligible contacts")).isEqualTo("3");
        assertThat(race.get("not recorded").get("Referrals: community")).isEqualTo("2");
        assertThat(race.get("not recorded").get("Eligible contacts")).isEqualTo("1");
        assertThat(race.get("All").get("Eligible contacts")).isEqualTo("30");
        assertThat(Double.parseDouble(race.get("Black").get("Eligible contacts %")))
                .isEqualTo(Math.round(14 / 30.0 * 10000) / 10000.0);

        String html = page(admin, "/dashboard/equity?" + RANGE + "&site=" + seeds.site);
        assertThat(html)
                .contains("not recorded")
                .contains("Ethnicity")
                .contains("Gender")
                .contains("class=\"seg c0\"");
    }

    @Test
    void pcgViewerSeesNoSmallCounts() {
        HttpClient pcg = as(StaffRole.PCG_VIEWER, seeds.site, null, null);

        Map<String, Map<String, String>> race = byGroup(csv(pcg, "/dashboard/tables/equity-race.csv?" + RANGE), "Race");

        assertThat(race.get("Black").get("Eligible contacts")).isEqualTo("14");
        assertThat(race.get("Asian").get("Eligible contacts")).isEqualTo("<11");
        assertThat(race.get("not recorded").get("Eligible contacts")).isEqualTo("<11");
        assertThat(race.get("Black").get("Diverted")).isEqualTo("<11");
        assertThat(race.get("Black").get("Enrolled")).isEqualTo("<11");
        assertThat(race.get("Asian").get("Eligible contacts %")).isEmpty();
        for (Map<String, String> row : race.values()) {
            for (Map.Entry<String, String> cell : row.entrySet()) {
                if (!cell.getKey().equals("Race")
                        && !cell.getKey().contains("%")
                        && !cell.getKey().contains("per")
                        && !cell.getValue().isEmpty()
                        && !cell.getValue().equals("<11")) {
                    long count = Long.parseLong(cell.getValue());
                    assertThat(count == 0 || count >= 11)
                            .as(row.get("Race") + " / " + cell.getKey())
                            .isTrue();
                }
            }
        }
        Map<String, Map<String, String>> gender =
                byGroup(csv(pcg, "/dashboard/tables/equity-gender.csv?" + RANGE), "Gender");
        assertThat(gender.get("female").get("Referrals: arrest diversion")).isEqualTo("<11");

        String html = page(pcg, "/dashboard/equity?" + RANGE);
        assertThat(html).doesNotContain(">3<").contains("&lt;11").contains("small groups (suppressed)");
    }

    @Test
    void aSmallGroupAloneInAStageHidesTheNextSmallestFromThePcg() {
        HttpClient pcg = as(StaffRole.PCG_VIEWER, seeds.site, null, null);

        Map<String, Map<String, String>> ethnicity =
                byGroup(csv(pcg, "/dashboard/tables/equity-ethnicity.csv?" + RANGE), "Ethnicity");

        // Social contacts: 9 "Not Hispanic or Latino" and nobody else: that 9 is hidden; nothing else was.
        assertThat(ethnicity.get("Not Hispanic or Latino").get("Referrals: social contact"))
                .isEqualTo("<11");
        // Eligible: 26 not Hispanic, 4 Hispanic (hidden), 0 not recorded: 26 would give the 4 away with the total,
        // so the next smallest shown group (26) is hidden too.
        assertThat(ethnicity.get("Hispanic or Latino").get("Eligible contacts")).isEqualTo("<11");
        assertThat(ethnicity.get("Not Hispanic or Latino").get("Eligible contacts"))
                .isEqualTo("<11");
        assertThat(ethnicity.get("All").get("Eligible contacts")).isEqualTo("30");
    }
}
