package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorway.site.SiteYaml.FILE;
import static org.doorway.site.SiteYaml.NAME;
import static org.doorway.site.SiteYaml.SITE;
import static org.doorway.site.SiteYaml.edit;
import static org.doorway.site.SiteYaml.lineOf;
import static org.doorway.site.SiteYaml.read;
import static org.doorway.site.SiteYaml.refusal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import org.doorway.referral.Door;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The site file as a whole: identity, case managers, officers, sources, and how refusals read. */
class SiteFilesTest {

    private static Site readFile(Path folder) throws IOException {
        try (InputStream in = Files.newInputStream(folder.resolve("site.yaml"))) {
            return SiteFiles.read(folder.toString(), in);
        }
    }

    @Test
    void readsTheDemoSiteWithItsThreeLayersEscalationOfficerAndSource() throws IOException {
        Site site = readFile(Path.of("src/main/resources/sites/demo"));

        assertThat(site.id()).isEqualTo("demo");
        assertThat(site.timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(site.caseManagers()).containsOnlyKeys("ana", "ben", "chris", "dana");
        assertThat(site.caseManagers().values())
                .allSatisfy(cm -> assertThat(cm.phone()).matches("\\+1206555010\\d"));
        assertThat(site.caseManager("dana").orElseThrow().phone()).isEqualTo("+12065550104");
        assertThat(site.schedules()).containsOnlyKeys("primary", "backup", "supervisor");
        assertThat(site.schedules().get("primary").rotation().orElseThrow())
                .isEqualTo(new Rotation(
                        LocalDateTime.of(2026, 1, 5, 9, 0),
                        Duration.ofDays(7),
                        java.util.List.of("ana", "ben", "chris")));
        assertThat(site.schedules().get("supervisor").rotation()).isEmpty();
        assertThat(site.schedules().get("supervisor").members()).containsExactly("dana");

        EscalationPolicy policy = site.escalation();
        assertThat(policy.steps())
                .extracting(EscalationPolicy.Step::layers)
                .containsExactly(
                        java.util.List.of("primary"),
                        java.util.List.of("primary"),
                        java.util.List.of("backup"),
                        java.util.List.of("supervisor"));
        assertThat(policy.steps())
                .extracting(EscalationPolicy.Step::channels)
                .containsExactly(
                        Set.of(EscalationPolicy.Channel.SMS), Set.of(EscalationPolicy.Channel.VOICE),
                        Set.of(EscalationPolicy.Channel.SMS),
                                Set.of(EscalationPolicy.Channel.SMS, EscalationPolicy.Channel.VOICE));
        // primary SMS at 0, primary voice at 3 min, backup at 5, supervisor at 10
        assertThat(java.util.stream.IntStream.range(0, 4).mapToObj(policy::startOf))
                .containsExactly(Duration.ZERO, Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(10));
        assertThat(policy.repeat()).isEqualTo(2);
        assertThat(policy.enRouteTimeout()).isEqualTo(Duration.ofMinutes(10));
        for (Door door : Door.values()) {
            assertThat(site.escalation(door)).isEqualTo(policy);
        }

        assertThat(site.officerFor("officer.4471@police.demo.example")
                        .orElseThrow()
                        .phone())
                .isEqualTo("+12065550147");
        assertThat(site.source("demo-cad")).hasValueSatisfying(source -> {
            assertThat(source.apiKey()).isEmpty();
            assertThat(source.notifications()).isEqualTo(Source.Notify.NONE);
        });
        assertThat(site.apiKeys()).isEmpty();
    }

    @Test
    void theDemoSitesBackupIsLastWeeksPrimaryAndItsSupervisorIsAlwaysDana() throws IOException {
        Site site = readFile(Path.of("src/main/resources/sites/demo"));
        // Tue 10 Mar 2026 05:00 PDT: week 9 of the primary rotation (ana); week 8 was chris's
        Instant at = Instant.parse("2026-03-10T12:00:00Z");

        assertThat(site.onCall("primary", at).orElseThrow().id()).isEqualTo("ana");
        assertThat(site.onCall("backup", at).orElseThrow().id()).isEqualTo("chris");
        assertThat(site.onCall("supervisor", at).orElseThrow().id()).isEqualTo("dana");
        for (int week = 0; week < 60; week++) {
            Instant t = at.plus(Duration.ofDays(7L * week));
            assertThat(site.onCall("backup", t)).as("week +%d", week).isNotEqualTo(site.onCall("primary", t));
        }
    }

    @Test
    void testSitesPageThreeLayersOfTheSameThreePeopleInTurnOnce() throws IOException {
        Site fast = readFile(Path.of("src/test/resources/sites/fast"));
        Site restart = readFile(Path.of("src/test/resources/sites/restart"));
        Instant now = Instant.now();

        assertThat(fast.escalation().steps())
                .extracting(EscalationPolicy.Step::delay)
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(fast.escalation().repeat()).isEqualTo(1);
        assertThat(java.util.stream.Stream.of("primary", "backup", "third")
                        .map(layer -> fast.onCall(layer, now).orElseThrow().id())
                        .distinct())
                .containsExactlyInAnyOrder("dana", "eli", "fran");
        assertThat(restart.escalation().steps())
                .extracting(EscalationPolicy.Step::delay)
                .containsOnly(Duration.ofSeconds(3));
        assertThat(fast.apiKeys()).extracting(Site.ApiKey::source).containsExactly("fast-cad");
        // the restart site still lists its key the former way
        assertThat(restart.apiKeys()).extracting(Site.ApiKey::source).containsExactly("restart-cad");
    }

    @Test
    void readsEveryPartOfAValidSite() {
        Site site = read(SITE);

        assertThat(site.id()).isEqualTo("test");
        assertThat(site.name()).isEqualTo("Test Town LEAD");
        assertThat(site.caseManager("ben")).contains(new Site.CaseManager("ben", "Ben Example", "+12065550102"));
        assertThat(site.caseManagers()).containsOnlyKeys("ana", "ben", "cy");
        assertThat(site.caseManagers().keySet()).containsExactly("ana", "ben", "cy");
        assertThat(site.schedules().keySet()).containsExactly("primary", "backup", "supervisor");
        assertThat(site.escalation().repeat()).isEqualTo(3);
        assertThat(site.escalation().enRouteTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(site.escalation(Door.COMMUNITY).steps())
                .singleElement()
                .satisfies(step -> assertThat(step.delay()).isEqualTo(Duration.ofMinutes(20)));
        assertThat(site.officers()).singleElement().satisfies(o -> {
            assertThat(o.id()).isEqualTo("o-4471");
            assertThat(o.agentIds()).containsExactly("officer.4471@police.test.example", "4471");
        });
        assertThat(site.sources())
                .extracting(Source::name)
                .containsExactly("cad", "kafka:doorway.eido", "rms", "old-cad");
        assertThat(site.source("kafka:doorway.eido").orElseThrow().notifications())
                .isEqualTo(new Source.Notify(null, null, "doorway.status"));
        assertThat(site.source("rms").orElseThrow().notifications())
                .isEqualTo(
                        new Source.Notify(URI.create("https://rms.test.example/doorway"), "RMS_WEBHOOK_SECRET", null));
        assertThat(site.source("nobody")).isEmpty();
    }

    @Test
    void readsTheFormerApiKeysListAsSourcesWithAKey() {
        Site site = read(SITE);

        assertThat(site.source("old-cad")).hasValueSatisfying(source -> {
            assertThat(source.apiKey()).contains("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
            assertThat(source.notifications()).isEqualTo(Source.Notify.NONE);
        });
        assertThat(site.apiKeys())
                .containsExactly(
                        new Site.ApiKey("cad", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
                        new Site.ApiKey("old-cad", "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"));
    }

    @Test
    void findsAnOfficerByAnyOfTheirAgentIdsIgnoringCaseAndBlanks() {
        Site site = read(SITE);

        assertThat(site.officerFor("officer.4471@police.test.example"))
                .map(Officer::id)
                .contains("o-4471");
        assertThat(site.officerFor(" OFFICER.4471@Police.Test.Example "))
                .map(Officer::id)
                .contains("o-4471");
        assertThat(site.officerFor("4471")).map(Officer::id).contains("o-4471");
        assertThat(site.officerFor("officer.4472@police.test.example")).isEmpty();
        assertThat(site.officerFor("44")).isEmpty();
        assertThat(site.officerFor(null)).isEmpty();
    }

    @Test
    void refusesTheFormerPagingSectionPointingToItsReplacement() {
        String message = refusal(edit(SITE, "escalation:\n", "paging:\n  rounds: 2\nescalation:\n"));

        assertThat(message)
                .contains(FILE + ": line " + lineOf(edit(SITE, "escalation:\n", "paging:\n"), "paging:")
                        + ": paging: replaced by 'schedules' and 'escalation'");
    }

    @Test
    void refusesUnknownFieldNamingTheLineTheFieldIsOn() {
        String message = refusal(edit(SITE, "name: Test Town LEAD", "nmae: Test Town LEAD"));

        assertThat(message).contains(FILE + ": line 2: unknown field 'nmae'");
    }

    @Test
    void refusesUnknownNestedFieldNamingItsLineAndPath() {
        String site = edit(SITE, "    members: [cy]\n", "    members: [cy]\n    memebrs: [ana]\n");

        assertThat(refusal(site))
                .contains(FILE + ": line " + lineOf(site, "memebrs") + ": unknown field 'memebrs'"
                        + " (at schedules.supervisor.memebrs)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "name", "time-zone"})
    void refusesSiteWithoutIdNameOrTimeZone(String field) {
        String line =
                SITE.lines().filter(l -> l.startsWith(field + ":")).findFirst().orElseThrow() + "\n";

        assertThat(refusal(edit(SITE, line, ""))).contains(FILE + ": " + field + ": required");
        assertThat(refusal(edit(SITE, line, field + ": \"  \"\n")))
                .contains(FILE + ": line ")
                .contains(": " + field + ": required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus_Mons", "Pacific Time", "PST"})
    void refusesAnUnknownTimeZone(String zone) {
        String message = refusal(edit(SITE, "time-zone: America/Los_Angeles", "time-zone: \"" + zone + "\""));

        assertThat(message).contains(FILE + ": line 3: time-zone: not a time zone id");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2065550102",
                "+1 206 555 0102",
                "+1-206-555-0102",
                "+02065550102",
                "+123456",
                "+1234567890123456",
                "tel:+12065550102"
            })
    void refusesCaseManagerPhoneNotInE164(String phone) {
        String message = refusal(edit(SITE, "\"+12065550102\"", "\"" + phone + "\""));

        assertThat(message)
                .contains(FILE + ": line " + lineOf(SITE, "+12065550102")
                        + ": case-managers[1].phone: not an E.164 number");
    }

    @Test
    void refusesCaseManagerWithoutPhoneNamingTheLineOfTheirEntry() {
        String message = refusal(edit(SITE, "    phone: \"+12065550101\"\n", ""));

        assertThat(message)
                .contains(FILE + ": line " + lineOf(SITE, "- id: ana") + ": case-managers[0].phone: required");
    }

    @Test
    void refusesDuplicateCaseManagerId() {
        String message = refusal(edit(SITE, "- id: ben", "- id: ana"));

        assertThat(message).contains("case-managers[1].id: used twice");
    }

    @Test
    void refusesOfficerWithoutAgentIdsOrWithABadPhone() {
        String site = edit(SITE, "agent-ids: [officer.4471@police.test.example, \"4471\"]", "agent-ids: []");
        site = edit(site, "\"+12065550147\"", "\"555-0147\"");

        assertThat(refusal(site))
                .contains(
                        FILE + ": line " + lineOf(site, "agent-ids: []")
                                + ": officers[0].agent-ids: needs at least one",
                        FILE + ": line " + lineOf(site, "555-0147") + ": officers[0].phone: not an E.164 number");
    }

    @Test
    void refusesAnAgentIdThatNamesTwoOfficers() {
        String site = edit(SITE, "sources:\n", """
                  - id: o-9
                    name: Other Officer
                    phone: "+12065550148"
                    agent-ids: [Officer.4471@Police.Test.Example]
                sources:
                """);

        assertThat(refusal(site)).contains("officers[1].agent-ids[0]: already names officers[0]");
    }

    @Test
    void refusesDuplicateOfficerIdAndMissingName() {
        String site = edit(SITE, "sources:\n", """
                  - id: o-4471
                    phone: "+12065550148"
                    agent-ids: ["9"]
                sources:
                """);

        assertThat(refusal(site)).contains("officers[1].id: used twice", "officers[1].name: required");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", // upper case
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", // 63 digits
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg", // not hex
                "the-api-key-itself"
            })
    void refusesSourceKeyThatIsNotASha256Hex(String sha256) {
        String message =
                refusal(edit(SITE, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", sha256));

        assertThat(message)
                .contains(FILE + ": line " + lineOf(SITE, "api-key-sha256") + ": sources[0].api-key-sha256:");
    }

    @Test
    void refusesFormerApiKeyThatIsNotASha256Hex() {
        String message =
                refusal(edit(SITE, "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210", "secret"));

        assertThat(message).contains("api-keys[0].sha256: 64 lower-case hex digits");
    }

    @Test
    void refusesTheSameSourceNameTwiceEvenAcrossSourcesAndApiKeys() {
        String message = refusal(edit(SITE, "source: old-cad", "source: cad"));

        assertThat(message).contains("api-keys[0].source: used twice (also sources[0])");
    }

    @Test
    void duringAKeyRotationASourceIsReachedWithEitherKeyUnderItsOneName() {
        String previous = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
        Site site = read(edit(
                SITE,
                "    api-key-sha256: \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"\n",
                "    api-key-sha256: \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"\n"
                        + "    previous-api-key-sha256: \"" + previous + "\"\n"));

        assertThat(site.apiKeys())
                .contains(
                        new Site.ApiKey("cad", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
                        new Site.ApiKey("cad", previous));
    }

    @Test
    void refusesAPreviousKeyWithoutACurrentOne() {
        String site = edit(
                SITE, "  - name: rms\n", "  - name: rms\n    previous-api-key-sha256: \"" + "2".repeat(64) + "\"\n");

        assertThat(refusal(site)).contains("sources[2].previous-api-key-sha256: only beside an api-key-sha256");
    }

    @Test
    void refusesAKeyOnAChannel() {
        String site = edit(
                SITE,
                "  - name: kafka:doorway.eido\n",
                "  - name: kafka:doorway.eido\n    api-key-sha256: \"" + "1".repeat(64) + "\"\n");

        assertThat(refusal(site))
                .contains("sources[1].api-key-sha256: a channel (a name with ':') is not reached with a key");
    }

    @Test
    void refusesAWebhookWithoutTheNameOfItsSecretsVariable() {
        String message = refusal(edit(SITE, "      webhook-secret-env: RMS_WEBHOOK_SECRET\n", ""));

        assertThat(message).contains("sources[2].notify.webhook-secret-env: required with a webhook");
    }

    @Test
    void refusesASecretWrittenWhereTheNameOfItsVariableBelongs() {
        String message =
                refusal(edit(SITE, "webhook-secret-env: RMS_WEBHOOK_SECRET", "webhook-secret-env: \"s3cr3t value!\""));

        assertThat(message)
                .contains("sources[2].notify.webhook-secret-env: not an environment variable name")
                .doesNotContain("s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://rms.test.example/doorway",
                "ftp://rms.test.example/",
                "rms.test.example/doorway",
                "https://user:pw@rms.test.example/doorway",
                "https:///nohost"
            })
    void refusesAWebhookThatIsNotAPlainHttpsUrl(String url) {
        String message = refusal(edit(SITE, "webhook: https://rms.test.example/doorway", "webhook: \"" + url + "\""));

        assertThat(message)
                .contains(FILE + ": line " + lineOf(SITE, "webhook: https") + ": sources[2].notify.webhook:");
    }

    @Test
    void acceptsAPlainHttpWebhookToThisMachine() {
        Site site =
                read(edit(SITE, "webhook: https://rms.test.example/doorway", "webhook: http://localhost:9090/hook"));

        assertThat(site.source("rms").orElseThrow().notifications().webhook())
                .isEqualTo(URI.create("http://localhost:9090/hook"));
    }

    @Test
    void refusesABadKafkaTopicAndANotifyWithNothingInIt() {
        String site = edit(SITE, "kafka-topic: doorway.status", "kafka-topic: \"doorway status\"");
        site = edit(
                site,
                "      webhook: https://rms.test.example/doorway\n      webhook-secret-env: RMS_WEBHOOK_SECRET\n",
                "      {}\n");

        assertThat(refusal(site))
                .contains(
                        "sources[1].notify.kafka-topic: not a Kafka topic name",
                        "sources[2].notify: give webhook, kafka-topic or both");
    }

    @Test
    void refusesYamlSyntaxErrorNamingFileAndLine() {
        // line 6 gets a second "key: value" on one line
        String message = refusal(edit(SITE, "name: Ana Example", "name: Ana: Example"));

        assertThat(message).contains(FILE + ": line 6: ").contains("mapping values are not allowed");
    }

    @Test
    void refusesAWrongTypeNamingLineAndField() {
        String site = edit(SITE, "repeat: 3", "repeat: often");

        assertThat(refusal(site)).contains(FILE + ": line " + lineOf(site, "repeat: often") + ": escalation.repeat: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "# only a comment\n", "~\n"})
    void refusesEmptySiteFile(String empty) {
        String message = refusal(empty);

        assertThat(message).startsWith(FILE + ": ").containsAnyOf("empty", "No content");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String site = edit(SITE, "name: Test Town LEAD\n", "");
        site = edit(site, "America/Los_Angeles", "Mars/Olympus_Mons");
        site = edit(site, "\"+12065550101\"", "\"555-0101\"");
        site = edit(site, "repeat: 3", "repeat: 0");
        site = edit(site, "members: [ana, ben]", "members: [ana, zoe]");
        site = edit(site, "notify: [backup, supervisor]", "notify: [backup, supervisr]");

        String message = refusal(site);

        assertThat(message)
                .contains(
                        FILE + ": name: required",
                        "time-zone: not a time zone id",
                        "case-managers[0].phone: not an E.164 number",
                        "escalation.repeat: must be at least 1",
                        "schedules.primary.members[1]: 'zoe' is not one of case-managers",
                        "escalation.steps[1].notify[1]: 'supervisr' is not a layer in schedules (primary, backup, supervisor)");
        assertThat(message.lines().filter(l -> l.contains(NAME + "/"))).hasSize(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"case-managers", "officers", "sources", "api-keys"})
    void refusesEmptyEntriesNamingFileLineAndField(String where) {
        String site = edit(SITE, where + ":\n", where + ":\n  - ~\n");

        assertThat(refusal(site))
                .contains(FILE + ": line " + (lineOf(site, where + ":") + 1) + ": " + where + "[0]: empty entry");
    }
}
