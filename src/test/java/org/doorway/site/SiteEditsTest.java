package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edits made in the browser are edits of site.yaml, judged by the code that reads the file. */
class SiteEditsTest {

    private static Site parse(String yaml) {
        return SiteFiles.read("test", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEditedSiteExportedAsSiteYamlReadsBackAsTheSameSite() {
        SiteEdits.Outcome edited = SiteEdits.apply(
                "test", SiteYaml.SITE, SiteEdits.person("ben", "Ben Renamed", "+12065550199", true, true));

        assertThat(edited.errors()).isEmpty();
        Site again = parse(edited.yaml());
        assertThat(again.toString()).isEqualTo(edited.site().toString());
        assertThat(again.caseManager("ben").orElseThrow())
                .isEqualTo(new Site.CaseManager("ben", "Ben Renamed", "+12065550199", true, true));
        // Everything else as the file had it.
        Site original = parse(SiteYaml.SITE);
        assertThat(again.schedules().toString()).isEqualTo(original.schedules().toString());
        assertThat(again.escalation()).isEqualTo(original.escalation());
        assertThat(again.doorEscalations()).isEqualTo(original.doorEscalations());
        assertThat(again.sources()).isEqualTo(original.sources());
        assertThat(again.officers()).isEqualTo(original.officers());
    }

    @Test
    void aPhoneTheFileWouldRefuseIsRefusedWithTheFilesMessageNamingTheField() {
        SiteEdits.Outcome edited =
                SiteEdits.apply("test", SiteYaml.SITE, SiteEdits.person("ben", "Ben Example", "555-0102", true, false));

        assertThat(edited.accepted()).isFalse();
        assertThat(edited.yaml()).isNull();
        assertThat(edited.errors())
                .containsExactly(Map.of(
                        "field", "case-managers[1].phone", "reason", "not an E.164 number such as +12065550101"));
        assertThat(SiteYaml.refusal(SiteYaml.edit(SiteYaml.SITE, "\"+12065550102\"", "\"555-0102\"")))
                .contains("case-managers[1].phone: not an E.164 number such as +12065550101");
    }

    @Test
    void aPersonMadeInactiveWhileStillInALayerIsRefusedNamingTheLayer() {
        SiteEdits.Outcome edited = SiteEdits.apply(
                "test", SiteYaml.SITE, SiteEdits.person("cy", "Cy Example", "+12065550103", false, false));

        assertThat(edited.errors()).extracting(e -> e.get("field")).contains("schedules.supervisor.members[0]");
    }

    @Test
    void aLayersMembersHandOffAndLengthAreSetAndReadAsTheFileWould() {
        SiteEdits.Outcome edited = SiteEdits.apply(
                "test", SiteYaml.SITE, SiteEdits.layer("primary", "ben, cy, ana", "2026-03-02T08:00", "PT12H"));

        assertThat(edited.errors()).isEmpty();
        Schedule primary = edited.site().schedules().get("primary");
        assertThat(primary.members()).containsExactly("ben", "cy", "ana");
        assertThat(primary.rotation().orElseThrow().shiftLength()).hasHours(12);

        SiteEdits.Outcome bad = SiteEdits.apply("test", SiteYaml.SITE, SiteEdits.layer("primary", "ben, zed", "", ""));
        assertThat(bad.errors())
                .containsExactly(
                        Map.of("field", "schedules.primary.members[1]", "reason", "'zed' is not one of case-managers"));
    }

    @Test
    void escalationStepsAreReplacedAndABlankRowDropped() {
        SiteEdits.Outcome edited = SiteEdits.apply(
                "test",
                SiteYaml.SITE,
                SiteEdits.steps(List.of(
                        new SiteEdits.Step("PT1M", "primary", "sms, voice"),
                        new SiteEdits.Step("", "", ""),
                        new SiteEdits.Step("PT4M", "backup supervisor", "sms"))));

        assertThat(edited.errors()).isEmpty();
        assertThat(edited.site().escalation().steps()).hasSize(2);
        assertThat(edited.site().escalation().steps().get(1).layers()).containsExactly("backup", "supervisor");
        assertThat(SiteEdits.steps(edited.yaml()))
                .containsExactly(
                        new SiteEdits.Step("PT1M", "primary", "sms, voice"),
                        new SiteEdits.Step("PT4M", "backup, supervisor", "sms"));

        SiteEdits.Outcome bad = SiteEdits.apply(
                "test", SiteYaml.SITE, SiteEdits.steps(List.of(new SiteEdits.Step("soon", "primary", "sms"))));
        assertThat(bad.errors()).extracting(e -> e.get("field")).containsExactly("escalation.steps[0].delay");
    }

    @Test
    void aSiteYamlWithAnotherIdIsRefused() {
        assertThat(SiteEdits.check("other", SiteYaml.SITE).errors())
                .extracting(e -> e.get("field"))
                .containsExactly("id");
    }

    @Test
    void aNewIdAddsACaseManagerWhoMayThenJoinALayer() {
        SiteEdits.Outcome added = SiteEdits.apply(
                "test", SiteYaml.SITE, SiteEdits.person("dee", "Dee Example", "+12065550104", true, true));
        assertThat(added.errors()).isEmpty();
        assertThat(added.site().caseManager("dee").orElseThrow())
                .isEqualTo(new Site.CaseManager("dee", "Dee Example", "+12065550104", true, true));

        SiteEdits.Outcome joined = SiteEdits.apply("test", added.yaml(), SiteEdits.layer("supervisor", "dee", "", ""));
        assertThat(joined.errors()).isEmpty();
        assertThat(joined.site().schedules().get("supervisor").members()).containsExactly("dee");
        assertThat(parse(joined.yaml()).toString()).isEqualTo(joined.site().toString());
    }

    @Test
    void aPersonAddedWithoutAPhoneIsRefusedAsTheFileWouldBe() {
        SiteEdits.Outcome added =
                SiteEdits.apply("test", SiteYaml.SITE, SiteEdits.person("dee", "Dee Example", "", true, false));

        assertThat(added.errors()).containsExactly(Map.of("field", "case-managers[3].phone", "reason", "required"));
    }
}
