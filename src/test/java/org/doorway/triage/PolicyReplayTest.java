package org.doorway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.testing.SharedSamples;
import org.doorway.triage.internal.PolicyFiles;
import org.junit.jupiter.api.Test;

/**
 * What-if replay over the Seattle Police Department's CAD sample in {@code ../shared/samples}: the
 * demo policy in force against a draft that narrows hours and zone but widens the community door.
 */
class PolicyReplayTest {

    static final Policy DEMO = PolicyFiles.read(Path.of("src/main/resources/sites/demo/policy.yaml"));
    static final Policy DRAFT = PolicyFiles.read(Path.of("src/test/resources/policies/demo-draft.yaml"));

    /**
     * The sample's rows as referrals, read the way the site's CSV mapping reads them (final call type
     * without SPD's "--", else the initial one; beat as zone; the dispatcher as referrer; no door, so
     * the policy's routing gives it). The test reads the file itself: the replay takes referrals
     * however they were mapped.
     */
    static List<Referral> seattleSample() throws IOException {
        Path csv = SharedSamples.path("seattle-spd-call-data-sample.csv");
        DateTimeFormatter queued = DateTimeFormatter.ofPattern("MM/dd/yyyy h:mm:ss a", Locale.ENGLISH);
        List<Referral> referrals = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv)) {
            for (CSVRecord row : CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .build()
                    .parse(in)) {
                String last = row.get("Final Call Type").replaceFirst("^--", "").trim();
                String code = last.isEmpty() ? row.get("Initial Call Type").trim() : last;
                Instant at = LocalDateTime.parse(row.get("Original Time Queued"), queued)
                        .atZone(ZoneId.of("America/Los_Angeles"))
                        .toInstant();
                referrals.add(new Referral(
                        "demo",
                        null,
                        "seattle-spd",
                        row.get("CAD Event Number"),
                        at,
                        Instant.parse("2026-11-22T12:00:00Z"),
                        new Referral.Location(
                                null,
                                null,
                                Double.valueOf(row.get("Blurred_Latitude")),
                                Double.valueOf(row.get("Blurred_Longitude")),
                                row.get("Beat")),
                        new Referral.CallType(code, row.get("Initial Call Type"), null, null),
                        List.of(),
                        new Referral.Referrer("SPD", null, null, "dispatcher", null),
                        List.of(),
                        List.of(),
                        List.of()));
            }
        }
        return referrals;
    }

    static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void replaysTheSeattleSampleUnderTheDemoPolicyAndADraftAndCountsTheDifference() throws IOException {
        List<Referral> sample = seattleSample();

        PolicyReplay.Report report = PolicyReplay.run(sample, DRAFT, DEMO);

        assertThat(report.referrals()).isEqualTo(27);
        assertThat(report.draftVersion()).isEqualTo("demo-2027.1-draft");
        assertThat(report.inForceVersion()).isEqualTo("demo-2026.1");
        assertThat(sum(report.byOutcome())).isEqualTo(27);
        assertThat(sum(report.inForceByOutcome())).isEqualTo(27);
        // In force: suspicious persons, disturbances and a public assist go to the OWG; the rest is
        // not LEAD's (traffic, burglary, alarms...).
        assertThat(report.inForceByOutcome()).containsEntry("OWG_REVIEW", 8).containsEntry(PolicyReplay.NOT_ROUTED, 19);
        // The draft takes property damage too, and decides on community referrals at once: a warm
        // handoff on weekdays 08:00-20:00 in its beats, field follow-up otherwise.
        assertThat(report.byOutcome()).containsOnlyKeys("WARM_HANDOFF_NOW", "FIELD_FOLLOW_UP", PolicyReplay.NOT_ROUTED);
        assertThat(report.byOutcome().get(PolicyReplay.NOT_ROUTED)).isEqualTo(17);
        assertThat(report.byOutcome().get("WARM_HANDOFF_NOW")
                        + report.byOutcome().get("FIELD_FOLLOW_UP"))
                .isEqualTo(10);
        assertThat(report.changed()).isEqualTo(10);
        assertThat(sum(report.changes())).isEqualTo(report.changed());
        assertThat(report.changes())
                .containsOnlyKeys(
                        "OWG_REVIEW -> WARM_HANDOFF_NOW",
                        "OWG_REVIEW -> FIELD_FOLLOW_UP",
                        "NOT_ROUTED -> WARM_HANDOFF_NOW");
        assertThat(report.byZone()).containsOnlyKeys("C3");
        assertThat(report.byDoor()).containsOnlyKeys("COMMUNITY", "none");
        assertThat(report.byHour().values().stream()
                        .mapToInt(PolicyReplayTest::sum)
                        .sum())
                .isEqualTo(27);
        // 6:08:26 PM in Seattle is hour 18 of the site's day
        assertThat(report.byHour()).containsKey("18");
    }

    @Test
    void rendersThePlainTextReport() throws IOException {
        String text = PolicyReplay.run(seattleSample(), DRAFT, DEMO).render();

        assertThat(text)
                .startsWith("Policy replay: draft demo-2027.1-draft against demo-2026.1 in force, 27 referrals")
                .contains(
                        "Outcome",
                        "Door",
                        "Hour (site time)",
                        "Zone",
                        "Changed outcome: 10 of 27",
                        "OWG_REVIEW -> WARM_HANDOFF_NOW");
    }

    @Test
    void aPolicyReplayedAgainstItselfChangesNothing() throws IOException {
        PolicyReplay.Report report = PolicyReplay.run(seattleSample(), DEMO, DEMO);

        assertThat(report.changed()).isZero();
        assertThat(report.changes()).isEmpty();
        assertThat(report.byOutcome()).isEqualTo(report.inForceByOutcome());
    }

    @Test
    void aReplayWithoutAPolicyInForceOnlyCounts() throws IOException {
        PolicyReplay.Report report = PolicyReplay.run(seattleSample(), DEMO, null);

        assertThat(report.inForceVersion()).isNull();
        assertThat(report.inForceByOutcome()).isEmpty();
        assertThat(report.render()).contains("(no policy in force to compare)").doesNotContain("Changed outcome");
    }

    @Test
    void eachPolicysRoutingGivesTheDoorWhenTheRecordsDoNotSayIt() throws IOException {
        // as a mapper would have set them from the draft's routing: every routed row a community referral
        List<Referral> mapped = seattleSample().stream()
                .map(r -> r.withSiteAndDoor(
                        r.site(), DRAFT.doorFor(r.callType().code()).orElse(Door.COMMUNITY)))
                .toList();
        Policy socialContact = PolicyFiles.parse(
                "demo-variant.yaml",
                Files.readString(Path.of("src/main/resources/sites/demo/policy.yaml"))
                        .replace("version: \"demo-2026.1\"", "version: \"variant\"")
                        .replace(
                                "    - codes: [\"DISTURBANCE - OTHER\", \"DISTURBANCE\"]\n      door: community",
                                "    - codes: [\"DISTURBANCE - OTHER\", \"DISTURBANCE\"]\n      door: social-contact")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ZoneId.of("America/Los_Angeles"),
                relative -> new byte[0]);

        PolicyReplay.Report asMapped = PolicyReplay.run(mapped, socialContact, DEMO, false);
        PolicyReplay.Report byRouting = PolicyReplay.run(mapped, socialContact, DEMO, true);

        // as mapped, the disturbances stay community referrals; by each policy's routing they become
        // social contacts, which a dispatcher may not make under the demo policy
        assertThat(asMapped.changed()).isZero();
        assertThat(byRouting.changes()).containsExactly(Map.entry("OWG_REVIEW -> NOT_ELIGIBLE", 2));
        assertThat(byRouting.byDoor()).containsKey("SOCIAL_CONTACT");
    }

    @Test
    void decidesEachReferralAsOfWhenItHappened() {
        Referral lead = new Referral(
                "demo",
                Door.SOCIAL_CONTACT,
                "csv",
                "1",
                Instant.parse("2027-01-09T18:00:00Z"),
                Instant.parse("2027-01-11T18:00:00Z"),
                new Referral.Location(null, null, null, null, "C3"),
                new Referral.CallType("LEAD", null, null, null),
                List.of(),
                null,
                List.of(),
                List.of(),
                List.of());

        // 9 January 2027 is a Saturday: outside the draft's weekday hours, though received on a Monday
        assertThat(PolicyReplay.run(List.of(lead), DRAFT, DEMO).changes())
                .containsExactly(Map.entry("WARM_HANDOFF_NOW -> FIELD_FOLLOW_UP", 1));
    }
}
