package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.doorway.staff.StaffRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Missed diversion opportunities for the defenders' review: arrests with divertible charges that
 * ended in booking are listed with how they ended; diversions, arrests with no divertible charge and
 * handoffs still under way are not.
 */
class MissedDiversionsIT extends DashboardTestSupport {

    private static final Instant DAY = Instant.parse("2022-07-04T10:00:00Z");
    private static final String RANGE = "from=2022-07-04&to=2022-07-04";

    private Seeds seeds;
    private UUID unanswered;
    private UUID excluded;
    private UUID diverted;
    private UUID notDivertible;
    private UUID stillPaging;

    private UUID arrest(int minute, String outcome, List<String> exclusions) {
        Instant at = DAY.plusSeconds(60L * minute);
        UUID id = seeds.referral("ARREST_DIVERSION", at, "West", List.of("23C"), "file:rms");
        seeds.decision(id, outcome, "ARREST_DIVERSION", at, "White", null, "male", exclusions);
        return id;
    }

    @BeforeEach
    void arrestsOfADay() {
        seeds = new Seeds(db, "missed");
        unanswered = arrest(1, "WARM_HANDOFF_NOW", List.of());
        seeds.handoff(unanswered, "UNANSWERED", DAY.plusSeconds(60), null, null, null, null);
        excluded = arrest(2, "NOT_ELIGIBLE", List.of("violent-offence"));
        diverted = arrest(3, "WARM_HANDOFF_NOW", List.of());
        seeds.handoff(
                diverted,
                "HANDED_OFF",
                DAY.plusSeconds(180),
                DAY.plusSeconds(400),
                DAY.plusSeconds(1200),
                DAY.plusSeconds(1500),
                "cm1");
        notDivertible = arrest(4, "NOT_ELIGIBLE", List.of());
        stillPaging = arrest(5, "WARM_HANDOFF_NOW", List.of());
        seeds.handoff(stillPaging, "PAGING", DAY.plusSeconds(300), null, null, null, null);
    }

    @Test
    void listsEligibleArrestsThatEndedInBookingWithHowTheyEnded() {
        HttpClient supervisor = as(StaffRole.SUPERVISOR, seeds.site, null, null);

        List<Map<String, String>> rows = csv(supervisor, "/dashboard/tables/missed-diversions.csv?" + RANGE);

        assertThat(rows)
                .extracting(r -> r.get("Ref"))
                .containsExactly(seeds.shortRef(unanswered), seeds.shortRef(excluded))
                .doesNotContain(seeds.shortRef(diverted), seeds.shortRef(notDivertible), seeds.shortRef(stillPaging));
        assertThat(rows.get(0).get("How it ended")).isEqualTo("handoff unanswered");
        assertThat(rows.get(1).get("How it ended")).isEqualTo("excluded: violent-offence");
        assertThat(rows.get(0).get("Charges")).isEqualTo("23C charge 23C");
        assertThat(rows.get(0).get("Race")).isEqualTo("White");
        assertThat(rows.get(0).get("Ethnicity")).isEqualTo("not recorded");
    }

    @Test
    void pcgViewerSeesHowManyNotWhich() {
        HttpClient pcg = as(StaffRole.PCG_VIEWER, seeds.site, null, null);

        List<Map<String, String>> rows = csv(pcg, "/dashboard/tables/missed-diversions.csv?" + RANGE);

        assertThat(rows)
                .extracting(r -> r.get("How it ended"))
                .containsExactly("excluded: violent-offence", "handoff unanswered", "All");
        assertThat(rows).extracting(r -> r.get("Arrests")).containsOnly("<11");
        assertThat(String.join(",", rows.toString())).doesNotContain(seeds.shortRef(unanswered));
    }
}
