package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SiteFilesTest {

    private static final String NAME = "sites/test";
    private static final String SITE_FILE = NAME + "/site.yaml";

    /** A small valid site; each refusal test changes one thing in it. Line numbers matter below. */
    private static final String SITE = """
            id: test
            name: Test Town LEAD
            time-zone: America/Los_Angeles
            case-managers:
              - id: ana
                name: Ana Example
                phone: "+12065550101"
              - id: ben
                name: Ben Example
                phone: "+12065550102"
            paging:
              ack-timeout: PT3M
              rounds: 3
              rotation:
                start: 2026-01-06
                hand-off-day: MONDAY
                hand-off-time: "09:00"
                members: [ana, ben]
            api-keys:
              - source: cad
                sha256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            """;

    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Site read(String siteYaml) {
        return SiteFiles.read(NAME, utf8(siteYaml));
    }

    /** The message of the refusal of these files (and fails the test if they are accepted). */
    private static String refusal(String siteYaml) {
        Throwable thrown = catchThrowable(() -> read(siteYaml));
        assertThat(thrown).isInstanceOf(SiteFiles.InvalidSiteException.class);
        return thrown.getMessage();
    }

    /** {@code text} with {@code from} replaced; fails if {@code from} is absent, so no test passes vacuously. */
    private static String edit(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    @Test
    void readsTheDemoSite() throws IOException {
        Path dir = Path.of("src/main/resources/sites/demo");
        Site site;
        try (InputStream siteYaml = Files.newInputStream(dir.resolve("site.yaml"))) {
            site = SiteFiles.read("sites/demo", siteYaml);
        }

        assertThat(site.id()).isEqualTo("demo");
        assertThat(site.timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(site.caseManagers()).containsOnlyKeys("ana", "ben", "chris");
        assertThat(site.caseManagers().values()).allSatisfy(cm -> assertThat(cm.phone()).matches("\\+1206555010\\d"));
        assertThat(site.paging().ackTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(site.paging().rounds()).isEqualTo(2);
        assertThat(site.paging().rotation().members()).containsExactly("ana", "ben", "chris");
        assertThat(site.paging().rotation().firstShift()).isEqualTo(LocalDateTime.of(2026, 1, 5, 9, 0));
        assertThat(site.apiKeys()).isEmpty();
    }

    @Test
    void readsEveryPartOfAValidSite() {
        Site site = read(SITE);

        assertThat(site.id()).isEqualTo("test");
        assertThat(site.name()).isEqualTo("Test Town LEAD");
        assertThat(site.caseManager("ben")).contains(new Site.CaseManager("ben", "Ben Example", "+12065550102"));
        assertThat(site.paging().ackTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(site.paging().rounds()).isEqualTo(3);
        // 2026-01-06 is a Tuesday: the first shift starts the following Monday
        assertThat(site.paging().rotation().firstShift()).isEqualTo(LocalDateTime.of(2026, 1, 12, 9, 0));
        assertThat(site.apiKeys()).containsExactly(
                new Site.ApiKey("cad", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    }

    @Test
    void defaultsAckTimeoutToFiveMinutesAndRoundsToTwo() {
        Site site = read(edit(SITE, "  ack-timeout: PT3M\n  rounds: 3\n", ""));

        assertThat(site.paging().ackTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(site.paging().rounds()).isEqualTo(2);
    }

    @Test
    void refusesUnknownFieldNamingFileLineAndField() {
        String message = refusal(edit(SITE, "name: Test Town LEAD", "nmae: Test Town LEAD"));

        assertThat(message).contains(SITE_FILE).contains("unknown field 'nmae'").containsPattern("line \\d+");
    }

    @Test
    void refusesUnknownFieldNamingTheLineTheFieldIsOn() {
        String message = refusal(edit(SITE, "name: Test Town LEAD", "nmae: Test Town LEAD"));

        assertThat(message).contains(SITE_FILE + ": line 2: unknown field 'nmae'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "name", "time-zone"})
    void refusesSiteWithoutIdNameOrTimeZone(String field) {
        String line = SITE.lines().filter(l -> l.startsWith(field + ":")).findFirst().orElseThrow() + "\n";

        assertThat(refusal(edit(SITE, line, ""))).contains(SITE_FILE + ": " + field + ": required");
        assertThat(refusal(edit(SITE, line, field + ": \"  \"\n"))).contains(SITE_FILE + ": " + field + ": required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus_Mons", "Pacific Time", "PST"})
    void refusesAnUnknownTimeZone(String zone) {
        String message = refusal(edit(SITE, "time-zone: America/Los_Angeles", "time-zone: \"" + zone + "\""));

        assertThat(message).contains(SITE_FILE + ": time-zone: not a time zone id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2065550102", "+1 206 555 0102", "+1-206-555-0102", "+02065550102", "+123456",
            "+1234567890123456", "tel:+12065550102"})
    void refusesPhoneNotInE164(String phone) {
        String message = refusal(edit(SITE, "\"+12065550102\"", "\"" + phone + "\""));

        assertThat(message).contains(SITE_FILE + ": case-managers[1].phone: not an E.164 number");
    }

    @Test
    void refusesCaseManagerWithoutPhone() {
        String message = refusal(edit(SITE, "    phone: \"+12065550101\"\n", ""));

        assertThat(message).contains(SITE_FILE + ": case-managers[0].phone: required");
    }

    @Test
    void refusesRotationMemberWhoIsNotACaseManager() {
        String message = refusal(edit(SITE, "members: [ana, ben]", "members: [ana, zoe]"));

        assertThat(message).contains(SITE_FILE + ": paging.rotation.members[1]: not one of case-managers");
    }

    @Test
    void refusesRotationWithoutMembers() {
        String message = refusal(edit(SITE, "members: [ana, ben]", "members: []"));

        assertThat(message).contains(SITE_FILE + ": paging.rotation.members: needs at least one case manager");
    }

    @Test
    void refusesSiteWithoutRotation() {
        String noPaging = SITE.substring(0, SITE.indexOf("paging:")) + SITE.substring(SITE.indexOf("api-keys:"));

        assertThat(refusal(noPaging)).contains(SITE_FILE + ": paging.rotation: required");
    }

    @Test
    void refusesDuplicateCaseManagerId() {
        String message = refusal(edit(SITE, "- id: ben", "- id: ana"));

        assertThat(message).contains(SITE_FILE + ": case-managers[1].id: used twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT5M"})
    void refusesNonPositiveAckTimeout(String timeout) {
        String message = refusal(edit(SITE, "ack-timeout: PT3M", "ack-timeout: " + timeout));

        assertThat(message).contains(SITE_FILE + ": paging.ack-timeout: must be positive");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void refusesRoundsBelowOne(int rounds) {
        String message = refusal(edit(SITE, "rounds: 3", "rounds: " + rounds));

        assertThat(message).contains(SITE_FILE + ": paging.rounds: must be at least 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", // upper case
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",  // 63 digits
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg", // not hex
            "the-api-key-itself"})
    void refusesApiKeyThatIsNotASha256Hex(String sha256) {
        String message = refusal(edit(SITE, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", sha256));

        assertThat(message).contains(SITE_FILE + ": api-keys[0].sha256:");
    }

    @Test
    void refusesYamlSyntaxErrorNamingFileAndLine() {
        // line 6 gets a second "key: value" on one line
        String message = refusal(edit(SITE, "name: Ana Example", "name: Ana: Example"));

        assertThat(message).contains(SITE_FILE + ": line 6: ").contains("mapping values are not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "# only a comment\n", "~\n"})
    void refusesEmptySiteFile(String empty) {
        String message = refusal(empty);

        assertThat(message).startsWith(SITE_FILE + ": ").containsAnyOf("empty", "No content");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String site = edit(SITE, "name: Test Town LEAD\n", "");
        site = edit(site, "America/Los_Angeles", "Mars/Olympus_Mons");
        site = edit(site, "\"+12065550101\"", "\"555-0101\"");
        site = edit(site, "rounds: 3", "rounds: 0");
        site = edit(site, "members: [ana, ben]", "members: [ana, zoe]");

        String message = refusal(site);

        assertThat(message).contains(
                SITE_FILE + ": name: required",
                SITE_FILE + ": time-zone: not a time zone id",
                SITE_FILE + ": case-managers[0].phone: not an E.164 number",
                SITE_FILE + ": paging.rounds: must be at least 1",
                SITE_FILE + ": paging.rotation.members[1]: not one of case-managers");
        assertThat(message.lines().filter(l -> l.contains(NAME + "/"))).hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"case-managers", "api-keys"})
    void refusesEmptyEntriesNamingFileAndField(String where) {
        String site = switch (where) {
            case "case-managers" -> edit(SITE, "case-managers:\n", "case-managers:\n  -\n");
            default -> edit(SITE, "api-keys:\n", "api-keys:\n  - ~\n");
        };

        assertThat(refusal(site)).contains(SITE_FILE);
    }
}
