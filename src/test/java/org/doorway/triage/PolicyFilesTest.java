package org.doorway.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.triage.internal.PolicyEngine;
import org.doorway.triage.internal.PolicyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Policy files: the demo site's complete example is valid and does what the README promises, and
 * every kind of mistake is refused naming file, line and field.
 */
class PolicyFilesTest {

    static final String FILE = "policies/table/policy.yaml";
    static final String TEXT = TriageTest.TEXT;
    static final Path DEMO = Path.of("src/main/resources/sites/demo/policy.yaml");

    static Policy parse(String text) {
        return PolicyFiles.parse(
                FILE,
                text.getBytes(StandardCharsets.UTF_8),
                null,
                relative -> Files.readAllBytes(TriageTest.DIR.resolve(relative)));
    }

    /** The problems found in the test policy with {@code from} replaced by {@code to}. */
    static List<String> problems(String from, String to) {
        assertThat(TEXT).contains(from);
        return problems(TEXT.replace(from, to));
    }

    static List<String> problems(String text) {
        InvalidPolicyException refused = catchThrowableOfType(InvalidPolicyException.class, () -> parse(text));
        assertThat(refused).as("the policy is refused").isNotNull();
        return refused.problems();
    }

    /** The line (from 1) on which {@code needle} (which may span lines) first starts in {@code text}. */
    static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        if (at < 0) {
            throw new AssertionError(needle + " not in the text");
        }
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    // ------------------------------------------------------------------ the demo site's policy

    @Test
    void theDemoPolicyIsValidAndTakesItsTimeZoneFromSiteYaml() {
        Policy demo = PolicyFiles.read(DEMO);

        assertThat(demo.site()).isEqualTo("demo");
        assertThat(demo.version()).isEqualTo("demo-2026.1");
        assertThat(demo.timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(demo.pilotZone().everywhere()).isTrue();
        assertThat(demo.capacity().caseloadLimit()).isEqualTo(25);
        assertThat(demo.capacity().idealCaseload()).isEqualTo(15);
        assertThat(demo.door(Door.ARREST_DIVERSION).offences().ucr()).contains("35A", "23C", "90J");
        assertThat(demo.doorFor("LEAD")).contains(Door.SOCIAL_CONTACT);
        assertThat(demo.doorFor("leadarr")).contains(Door.ARREST_DIVERSION);
        assertThat(demo.doorFor("SUSPICIOUS CIRCUM. - SUSPICIOUS PERSON")).contains(Door.COMMUNITY);
        assertThat(demo.doorFor("35A")).contains(Door.ARREST_DIVERSION);
        assertThat(demo.doorFor(null)).contains(Door.COMMUNITY);
        assertThat(demo.doorFor("TRAFFIC - MOVING VIOLATION")).isEmpty();
    }

    static Referral eido(String callType, Door door) {
        return new Referral(
                "demo",
                door,
                "eido",
                "INC-1",
                null,
                Instant.parse("2026-11-22T11:15:00Z"),
                new Referral.Location("1501 3rd Ave", null, 47.61, -122.34, "W2"),
                callType == null ? null : new Referral.CallType(callType, "text", null, null),
                List.of(),
                new Referral.Referrer("police.demo.example", "officer.4471", null),
                List.of(new Referral.Person(List.of("Subject"), "Jordan", "Example", "1984-07-19", "B", "N", "M")),
                List.of(),
                List.of());
    }

    static Stream<Arguments> readmeDemo() {
        return Stream.of(
                Arguments.of(
                        "LEAD: a social contact with a warm handoff now",
                        eido("LEAD", Door.SOCIAL_CONTACT),
                        Outcome.WARM_HANDOFF_NOW),
                Arguments.of(
                        "LEADARR: an arrest diversion with a warm handoff now",
                        eido("LEADARR", Door.ARREST_DIVERSION),
                        Outcome.WARM_HANDOFF_NOW),
                Arguments.of(
                        "no call type (the NENA sample): a community referral for the OWG",
                        eido(null, Door.COMMUNITY),
                        Outcome.OWG_REVIEW),
                Arguments.of("LEADCRISIS: redirected", eido("LEADCRISIS", Door.COMMUNITY), Outcome.REDIRECT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readmeDemo")
    void theDemoPolicyDecidesTheReadmeDemoAtAnyHourAndPlace(String name, Referral referral, Outcome outcome) {
        Policy demo = PolicyFiles.read(DEMO);
        TriageFacts.Capacity room = new TriageFacts.Capacity(3, 0, Map.of());
        for (String at : List.of(
                "2026-11-22T11:15:00Z",
                "2026-11-22T11:00:00Z",
                "2026-12-25T10:30:00Z",
                "2027-01-01T08:00:00Z",
                "2026-07-04T23:59:00Z")) {
            Referral nowhere = new Referral(
                    referral.site(),
                    referral.door(),
                    referral.source(),
                    referral.sourceId(),
                    null,
                    Instant.parse(at),
                    null,
                    referral.callType(),
                    referral.charges(),
                    referral.referrer(),
                    referral.persons(),
                    List.of(),
                    List.of());
            for (Referral r : List.of(referral, nowhere)) {
                assertThat(PolicyEngine.notRouted(r, demo)).isEmpty();
                Decision decision = PolicyEngine.decide(r, demo, new TriageFacts(Instant.parse(at), room, null, false));
                assertThat(decision.outcome())
                        .as(String.join("\n", decision.reasons()))
                        .isEqualTo(outcome);
                assertThat(decision.policyVersion()).isEqualTo("demo-2026.1");
            }
        }
    }

    @Test
    void theDemoPolicyDoesNotRouteAnOrdinaryCadIncident() {
        assertThat(PolicyEngine.notRouted(eido("TRAFFIC", Door.COMMUNITY), PolicyFiles.read(DEMO)))
                .hasValueSatisfying(
                        reason -> assertThat(reason).contains("TRAFFIC").contains("not routed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "restart"})
    void theTestSitesRouteLeadToAWarmHandoffAtAnyHourAndPlace(String site) {
        Policy policy = PolicyFiles.read(Path.of("src/test/resources/sites", site, "policy.yaml"));
        Referral referral = new Referral(
                site,
                Door.SOCIAL_CONTACT,
                "eido",
                "INC-1",
                null,
                Instant.parse("2026-12-25T03:00:00Z"),
                null,
                new Referral.CallType("LEAD", null, null, null),
                List.of(),
                null,
                List.of(),
                List.of(),
                List.of());

        Decision decision = PolicyEngine.decide(referral, policy, TriageFacts.at(referral.receivedAt()));

        assertThat(decision.outcome()).isEqualTo(Outcome.WARM_HANDOFF_NOW);
    }

    @Test
    void aSitesOwgMeetsOnItsOwnCadenceWithItsOwnIntakeWindowAndOtherwiseTheInstanceDefaultsApply() {
        assertThat(parse(TEXT).owgReview().firstMeeting()).isNull();
        assertThat(parse(TEXT).owgReview().every()).isNull();
        assertThat(parse(TEXT).owgReview().intakeWithin()).isNull();

        Policy own = parse(
                TEXT.replace(
                        "  approved-follow-up-within: P2D\n",
                        "  approved-follow-up-within: P2D\n  first-meeting: 2026-01-05\n  every: P7D\n  intake-within: P21D\n"));

        assertThat(own.owgReview().firstMeeting()).isEqualTo(java.time.LocalDate.of(2026, 1, 5));
        assertThat(own.owgReview().every()).isEqualTo(Duration.ofDays(7));
        assertThat(own.owgReview().intakeWithin()).isEqualTo(Duration.ofDays(21));
        assertThat(own.owgReview().approvedFollowUpWithin()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void refusesAnOwgCadenceThatIsNotWholeDaysAndAMeetingThatIsNotADate() {
        assertThat(problems("  approved-follow-up-within: P2D\n", "  approved-follow-up-within: P2D\n  every: PT36H\n"))
                .anySatisfy(p -> assertThat(p).contains("owg-review.every").contains("whole number of days"));
        assertThat(problems(
                        "  approved-follow-up-within: P2D\n",
                        "  approved-follow-up-within: P2D\n  first-meeting: every other tuesday\n"))
                .anySatisfy(
                        p -> assertThat(p).contains("owg-review.first-meeting").contains("yyyy-mm-dd"));
        assertThat(problems(
                        "  approved-follow-up-within: P2D\n",
                        "  approved-follow-up-within: P2D\n  intake-within: a month\n"))
                .anySatisfy(p -> assertThat(p).contains("owg-review.intake-within"));
    }

    @Test
    void theTablePolicyReadsEveryPart() {
        Policy policy = parse(TEXT);

        assertThat(policy.followUp().within()).isEqualTo(Duration.ofHours(12));
        assertThat(policy.owgReview().approvedFollowUpWithin()).isEqualTo(Duration.ofDays(2));
        assertThat(policy.hours().week()).hasSize(6);
        assertThat(policy.hours().holidays()).hasSize(2);
        assertThat(policy.pilotZone().polygons()).hasSize(1);
        assertThat(policy.pilotZone().zoneCodes()).containsExactlyInAnyOrder("C3", "E1");
        assertThat(policy.door(Door.ARREST_DIVERSION).exclusions()).hasSize(7);
        assertThat(policy.door(Door.ARREST_DIVERSION)
                        .exclusions()
                        .get(Policy.Exclusion.DRUG_QUANTITY)
                        .thresholdGrams())
                .isEqualTo(3.0);
        assertThat(policy.door(Door.ARREST_DIVERSION).override().ranks()).containsExactly("sergeant", "commander");
        assertThat(policy.capacity().priorities())
                .extracting(Policy.Priority::label)
                .containsExactly("sent by 911 or 988 triage", "sent by a partner agency", "everyone else");
        assertThat(policy.alternatives()).hasSize(2);
    }

    // ------------------------------------------------------------------ refusals

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        "a misspelt top-level field",
                        "effective: 2026-01-01",
                        "efective: 2026-01-01",
                        "efective",
                        "efective: unknown field 'efective'"),
                Arguments.of(
                        "a required field missing", "effective: 2026-01-01", "# no date", null, "effective: required"),
                Arguments.of(
                        "a misspelt nested field",
                        "  community:\n    warm-handoff: false",
                        "  community:\n    warm-handof: false",
                        "warm-handof: false",
                        "doors.community.warm-handof: unknown field 'warm-handof'"),
                Arguments.of(
                        "an exclusion on social contact (no criminal-history exclusion)",
                        "      roles: [officer]\n      when-unknown: proceed\n    eligibility:",
                        "      roles: [officer]\n      when-unknown: proceed\n    exclusions:\n      violent-offence: {applies: true}\n    eligibility:",
                        "    exclusions:\n      violent-offence: {applies: true}",
                        "doors.social-contact.exclusions: unknown field 'exclusions'"),
                Arguments.of(
                        "waiving a core eligibility criterion",
                        "chronic-law-violations: {when-unknown: owg-review, when-not-met: not-eligible}",
                        "chronic-law-violations: {when-unknown: owg-review, when-not-met: proceed}",
                        "when-not-met: proceed",
                        "doors.community.eligibility.chronic-law-violations.when-not-met: must be "
                                + "not-eligible or owg-review"),
                Arguments.of(
                        "an exclusion left out",
                        "      exploits-minors: {applies: true, when-unknown: not-excluded}\n",
                        "",
                        "    exclusions:",
                        "doors.arrest-diversion.exclusions.exploits-minors: required"),
                Arguments.of(
                        "an exclusion without applies",
                        "exploits-minors: {applies: true, when-unknown: not-excluded}",
                        "exploits-minors: {when-unknown: not-excluded}",
                        "exploits-minors:",
                        "doors.arrest-diversion.exclusions.exploits-minors.applies: required: true or false"),
                Arguments.of(
                        "drug threshold missing",
                        "threshold-grams: 3, ",
                        "",
                        "drug-quantity:",
                        "doors.arrest-diversion.exclusions.drug-quantity.threshold-grams: required"),
                Arguments.of(
                        "a negative drug threshold",
                        "threshold-grams: 3",
                        "threshold-grams: -1",
                        "threshold-grams",
                        "doors.arrest-diversion.exclusions.drug-quantity.threshold-grams: must be a number of at least 0"),
                Arguments.of(
                        "an unknown door",
                        "      door: social-contact\n      referrer-role: officer\n    - codes: [LEADARR]",
                        "      door: social\n      referrer-role: officer\n    - codes: [LEADARR]",
                        "door: social",
                        "routing.call-types[0].door: must be one of arrest-diversion, social-contact, community"),
                Arguments.of(
                        "a routing entry without codes",
                        "    - codes: [WELFARE]",
                        "    - codes: []",
                        "codes: []",
                        "routing.call-types[3].codes: required"),
                Arguments.of(
                        "a code routed twice",
                        "    - codes: [CMTY-NOROLE]",
                        "    - codes: [CMTY-NOROLE, welfare]",
                        "CMTY-NOROLE, welfare",
                        "routing.call-types[4].codes: code WELFARE is already routed by routing.call-types[3]"),
                Arguments.of(
                        "hours that are not hours",
                        "monday: [\"08:00-18:00\"]",
                        "monday: [\"8 to 6\"]",
                        "8 to 6",
                        "operating-hours.monday[0]: hours are \"HH:MM-HH:MM\""),
                Arguments.of(
                        "hours ending before they start",
                        "tuesday: [\"08:00-18:00\"]",
                        "tuesday: [\"18:00-08:00\"]",
                        "18:00-08:00",
                        "operating-hours.tuesday[0]: hours are"),
                Arguments.of(
                        "hours past midnight",
                        "friday: [\"08:00-18:00\"]",
                        "friday: [\"08:00-24:30\"]",
                        "24:30",
                        "operating-hours.friday[0]: hours are"),
                Arguments.of(
                        "a holiday without a date",
                        "    - date: 2026-12-25\n",
                        "    - \n",
                        "name: Christmas Day",
                        "operating-hours.holidays[0].date: required"),
                Arguments.of(
                        "a holiday that is not a date",
                        "date: 2026-11-26",
                        "date: 2026-11-31",
                        "2026-11-31",
                        "operating-hours.holidays[1].date: must be a date yyyy-mm-dd"),
                Arguments.of(
                        "a holiday without hours",
                        "      name: Christmas Day\n      hours: []\n",
                        "      name: Christmas Day\n",
                        "- date: 2026-12-25",
                        "operating-hours.holidays[0].hours: required"),
                Arguments.of(
                        "a duration in words",
                        "within: PT12H",
                        "within: 12 hours",
                        "within:",
                        "follow-up.within: must be an ISO-8601 duration"),
                Arguments.of(
                        "an ideal caseload above the limit",
                        "ideal-caseload: 15",
                        "ideal-caseload: 30",
                        "ideal-caseload",
                        "capacity.ideal-caseload: must not be more than caseload-limit"),
                Arguments.of(
                        "a caseload limit of zero",
                        "caseload-limit: 25",
                        "caseload-limit: 0",
                        "caseload-limit",
                        "capacity.caseload-limit: must be a whole number of at least 1"),
                Arguments.of(
                        "a pilot zone answer that is not inside or outside",
                        "when-unknown: outside",
                        "when-unknown: maybe",
                        "when-unknown: maybe",
                        "pilot-zone.when-unknown: must be one of inside, outside"),
                Arguments.of(
                        "a polygon file that does not exist",
                        "polygons: [zones/pilot.geojson]",
                        "polygons: [zones/elsewhere.geojson]",
                        "polygons:",
                        "pilot-zone.polygons[0]: cannot read zones/elsewhere.geojson"),
                Arguments.of(
                        "a polygon path leaving the site folder",
                        "polygons: [zones/pilot.geojson]",
                        "polygons: [../../etc/zone.geojson]",
                        "polygons:",
                        "pilot-zone.polygons[0]: give a path inside the site folder"),
                Arguments.of(
                        "everywhere beside zone codes",
                        "  zone-codes: [C3, E1]",
                        "  everywhere: true\n  zone-codes: [C3, E1]",
                        "everywhere: true",
                        "pilot-zone.everywhere: everywhere: true leaves nothing"),
                Arguments.of(
                        "a message missing",
                        "  redirect: \"Imminent danger: send emergency or crisis response now.\"\n",
                        "",
                        "messages:",
                        "messages.redirect: required"),
                Arguments.of(
                        "a door open to nobody",
                        "      roles: [dispatcher, crisis-line, partner, resident]",
                        "      roles: []",
                        "roles: []",
                        "doors.community.referrers.roles: required: who may refer"),
                Arguments.of(
                        "a role that is not one word",
                        "referrer-role: dispatcher",
                        "referrer-role: the dispatcher",
                        "the dispatcher",
                        "routing.call-types[3].referrer-role: a role is one lower-case word"),
                Arguments.of(
                        "a time zone that does not exist",
                        "time-zone: America/Los_Angeles",
                        "time-zone: Pacific",
                        "time-zone:",
                        "time-zone: not a time zone id"),
                Arguments.of(
                        "a match rule that does not exist",
                        "match: full-name-and-birth-date",
                        "match: name",
                        "match: name",
                        "golden-thread.match: must be one of full-name-and-birth-date, "
                                + "family-name-and-birth-date, off"),
                Arguments.of(
                        "an alternative for an unknown door",
                        "    doors: [community]",
                        "    doors: [outreach]",
                        "doors: [outreach]",
                        "alternatives[1].doors[0]: must be one of arrest-diversion"),
                Arguments.of(
                        "a list where a value belongs",
                        "version: \"test-1\"",
                        "version: [test, 1]",
                        "version:",
                        "version: must be a single value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesAMistakeNamingFileLineAndField(String name, String from, String to, String lineOf, String problem) {
        List<String> problems = problems(from, to);

        String edited = TEXT.replace(from, to);
        String where = lineOf == null ? FILE + ": " : FILE + ": line " + lineOf(edited, lineOf) + ": ";
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(where).contains(problem));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String text = TEXT.replace("version: \"test-1\"\n", "")
                .replace("within: PT12H", "within: soon")
                .replace("monday: [\"08:00-18:00\"]", "monday: [\"all day\"]")
                .replace("  community:\n    warm-handoff: false", "  community:\n    warm-handof: false");

        List<String> problems = problems(text);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("version: required"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("follow-up.within:"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("operating-hours.monday[0]:"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("doors.community.warm-handof: unknown field"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("doors.community.warm-handoff: required"));
        assertThat(problems).allSatisfy(p -> assertThat(p).startsWith(FILE + ": "));
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of("a YAML syntax error", TEXT.replace("site: test", "site: test: again"), "line 4: "),
                Arguments.of(
                        "a field written twice", TEXT.replace("site: test\n", "site: test\nsite: test\n"), "line 5: "),
                Arguments.of("an empty file", "", ""),
                Arguments.of("only comments", "# nothing yet\n", ""),
                Arguments.of("a list instead of a mapping", "- site: test\n", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void refusesAnUnreadableFileNamingFileAndLine(String name, String text, String line) {
        assertThat(problems(text)).first().asString().startsWith(FILE + ": " + line);
    }

    // ------------------------------------------------------------------ zones

    static Stream<Arguments> badZones() {
        return Stream.of(
                Arguments.of(
                        "a ring that is not closed",
                        "{\"type\":\"Polygon\",\n\"coordinates\":[[[-122.34,47.60],[-122.32,47.60],[-122.32,47.62],[-122.34,47.62]]]}",
                        "line 2: coordinates[0]: the ring is not closed"),
                Arguments.of(
                        "latitude first",
                        "{\"type\":\"Polygon\",\n\"coordinates\":[[[47.60,-122.34],[47.60,-122.32],[47.62,-122.32],[47.60,-122.34]]]}",
                        "coordinates[0][0]: longitude must be within"),
                Arguments.of(
                        "edges that cross",
                        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}",
                        "coordinates: the polygon is not valid"),
                Arguments.of(
                        "a point, not an area",
                        "{\"type\":\"Point\",\"coordinates\":[0,0]}",
                        "type: must be FeatureCollection, Feature, Polygon or MultiPolygon"),
                Arguments.of(
                        "a feature without geometry",
                        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"}]}",
                        "features[0].geometry: a Feature of a pilot zone needs a geometry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badZones")
    void refusesAPolygonFileThatIsNotAnAreaNamingItsFileAndPart(
            String name, String geojson, String problem, @TempDir Path site) throws IOException {
        Files.createDirectories(site.resolve("zones"));
        Files.writeString(site.resolve("zones/pilot.geojson"), geojson);
        Files.writeString(site.resolve("policy.yaml"), TEXT);

        InvalidPolicyException refused =
                catchThrowableOfType(InvalidPolicyException.class, () -> PolicyFiles.read(site.resolve("policy.yaml")));

        assertThat(refused).isNotNull();
        assertThat(refused.problems())
                .anySatisfy(p -> assertThat(p)
                        .startsWith(site.resolve("zones/pilot.geojson") + ": ")
                        .contains(problem));
    }

    @Test
    void aDraftOutsideASiteFolderNeedsItsOwnTimeZone(@TempDir Path dir) throws IOException {
        Path draft = dir.resolve("draft.yaml");
        Files.writeString(
                draft,
                TEXT.replace("time-zone: America/Los_Angeles\n", "")
                        .replace("  polygons: [zones/pilot.geojson]\n", ""));

        InvalidPolicyException refused =
                catchThrowableOfType(InvalidPolicyException.class, () -> PolicyFiles.read(draft));

        assertThat(refused.problems())
                .anySatisfy(p -> assertThat(p)
                        .startsWith(draft + ": ")
                        .contains("time-zone: required when the policy is read outside a site folder"));
    }

    @Test
    void aPolicyInAPoliciesFolderReadsZonesAndTimeZoneFromItsSiteFolder(@TempDir Path site) throws IOException {
        Files.createDirectories(site.resolve("policies"));
        Files.createDirectories(site.resolve("zones"));
        Files.copy(TriageTest.DIR.resolve("zones/pilot.geojson"), site.resolve("zones/pilot.geojson"));
        Files.writeString(site.resolve("site.yaml"), "id: test\ntime-zone: America/New_York\n");
        Files.writeString(site.resolve("policies/2026.yaml"), TEXT.replace("time-zone: America/Los_Angeles\n", ""));

        Policy policy = PolicyFiles.read(site.resolve("policies/2026.yaml"));

        assertThat(policy.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(policy.pilotZone().polygons()).hasSize(1);
    }

    @Test
    void aPolicyNamingAnotherTimeZoneThanItsSiteIsRefused() {
        InvalidPolicyException refused = catchThrowableOfType(
                InvalidPolicyException.class,
                () -> PolicyFiles.parse(
                        FILE,
                        TEXT.getBytes(StandardCharsets.UTF_8),
                        ZoneId.of("Europe/Paris"),
                        relative -> Files.readAllBytes(TriageTest.DIR.resolve(relative))));

        assertThat(refused.problems())
                .containsExactly(FILE + ": line " + lineOf(TEXT, "time-zone:")
                        + ": time-zone: differs from site.yaml's time-zone; remove it or make them agree");
    }
}
