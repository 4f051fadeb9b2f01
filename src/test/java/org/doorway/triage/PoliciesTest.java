package org.doorway.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.doorway.triage.internal.PolicyEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A site's policy versions: the one in force is the newest whose effective day has begun (site
 * time); a changed file takes over when valid and is refused, leaving the previous version in
 * force, when not; an invalid policy stops the start.
 */
class PoliciesTest {

    static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");

    @TempDir
    Path site;

    /** The table test policy as a version of site "test", without its own time zone (the site gives it). */
    static String version(String version, String effective) {
        return TriageTest.TEXT
                .replace("time-zone: America/Los_Angeles\n", "")
                .replace("version: \"test-1\"", "version: \"" + version + "\"")
                .replace("effective: 2026-01-01", "effective: " + effective);
    }

    void write(String file, String text) throws IOException {
        Path path = site.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    Policies policies() throws IOException {
        if (!Files.exists(site.resolve("zones/pilot.geojson"))) {
            write("zones/pilot.geojson", Files.readString(TriageTest.DIR.resolve("zones/pilot.geojson")));
        }
        return new Policies(List.of(new Policies.Source("test", ZONE, site, null)), null, null);
    }

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    @ParameterizedTest(name = "at {0} site time: {1}")
    @CsvSource({
        "2025-12-31T23:59:59, none",
        "2026-01-01T00:00:00, v1",
        "2026-05-31T23:59:59, v1",
        "2026-06-01T00:00:00, v2",
        "2026-09-30T23:59:59, v2",
        "2026-10-01T00:00:00, v3",
        "2030-01-01T00:00:00, v3"
    })
    void theVersionInForceIsTheNewestWhoseEffectiveDayHasBegun(String at, String expected) throws IOException {
        write("policy.yaml", version("v1", "2026-01-01"));
        write("policies/b.yaml", version("v3", "2026-10-01"));
        write("policies/a.yaml", version("v2", "2026-06-01"));

        Policies policies = policies();

        assertThat(policies.inForce("test", local(at)).map(Policy::version).orElse("none"))
                .isEqualTo(expected);
        assertThat(policies.versions("test")).extracting(Policy::version).containsExactly("v1", "v2", "v3");
        assertThat(policies.version("test", "v2")).isPresent();
        assertThat(policies.inForce("elsewhere", local(at))).isEmpty();
    }

    @Test
    void theEffectiveDayBeginsAtMidnightSiteTimeNotUtc() throws IOException {
        write("policy.yaml", version("v1", "2026-06-01"));

        Policies policies = policies();

        // 2026-06-01T05:00Z is still 31 May in Los Angeles
        assertThat(policies.inForce("test", Instant.parse("2026-06-01T05:00:00Z")))
                .isEmpty();
        assertThat(policies.inForce("test", Instant.parse("2026-06-01T07:00:00Z")))
                .isPresent();
    }

    @Test
    void twoVersionsWithOneNameOrOneDayStopTheStartNamingFileAndLine() throws IOException {
        write("policies/a.yaml", version("v1", "2026-01-01"));
        write("policies/b.yaml", version("v1", "2026-06-01"));
        write("policies/c.yaml", version("v3", "2026-06-01"));

        InvalidPolicyException refused = catchThrowableOfType(InvalidPolicyException.class, this::policies);

        assertThat(refused.problems())
                .containsExactlyInAnyOrder(
                        site.resolve("policies/b.yaml") + ": line 5: version: the same version as "
                                + site.resolve("policies/a.yaml") + "; every version needs its own name",
                        site.resolve("policies/c.yaml") + ": line 6: effective: the same day as "
                                + site.resolve("policies/b.yaml") + "; two versions cannot take effect on one day");
    }

    @Test
    void aPolicyForAnotherSiteStopsTheStart() throws IOException {
        write("policy.yaml", version("v1", "2026-01-01").replace("site: test", "site: elsewhere"));

        InvalidPolicyException refused = catchThrowableOfType(InvalidPolicyException.class, this::policies);

        assertThat(refused.problems())
                .containsExactly(
                        site.resolve("policy.yaml") + ": line 4: site: names another site than site.yaml's id (test)");
    }

    @Test
    void anInvalidPolicyStopsTheStartWithEveryProblem() throws IOException {
        write("policy.yaml", version("v1", "2026-01-01").replace("within: PT12H", "within: tomorrow"));

        InvalidPolicyException refused = catchThrowableOfType(InvalidPolicyException.class, this::policies);

        assertThat(refused.getMessage())
                .contains(site.resolve("policy.yaml") + ": line ")
                .contains("follow-up.within");
    }

    @Test
    void aSiteWithoutPolicyFilesStopsTheStart() {
        InvalidPolicyException refused = catchThrowableOfType(InvalidPolicyException.class, this::policies);

        assertThat(refused.problems()).containsExactly(site + ": no policy.yaml and no policies/*.yaml");
    }

    @Test
    void aValidChangeTakesOverAndABadOneIsRefusedWhileThePreviousVersionStaysInForce() throws IOException {
        write("policy.yaml", version("v1", "2026-01-01"));
        Policies policies = policies();
        Instant now = local("2026-07-01T12:00:00");
        assertThat(policies.inForce("test", now).map(Policy::version)).contains("v1");

        // a new version with a mistake: refused, v1 stays
        write(
                "policies/2026-06.yaml",
                version("v2", "2026-06-01").replace("monday: [\"08:00-18:00\"]", "monday: [\"8-6\"]"));
        policies.reload();
        assertThat(policies.inForce("test", now).map(Policy::version)).contains("v1");
        assertThat(policies.versions("test")).extracting(Policy::version).containsExactly("v1");

        // the mistake fixed: v2 takes over from its effective day
        write("policies/2026-06.yaml", version("v2", "2026-06-01"));
        policies.reload();
        assertThat(policies.inForce("test", now).map(Policy::version)).contains("v2");
        assertThat(policies.inForce("test", local("2026-05-01T12:00:00")).map(Policy::version))
                .contains("v1");

        // an edit that breaks v1 itself: refused, both stay as they were
        write("policy.yaml", version("v1", "2026-01-01").replace("site: test", "site: [test"));
        policies.reload();
        assertThat(policies.versions("test")).extracting(Policy::version).containsExactly("v1", "v2");

        // a broken zone file is a change too, and refused
        write("zones/pilot.geojson", "{\"type\": \"Point\", \"coordinates\": [0, 0]}");
        write("policy.yaml", version("v1", "2026-01-01"));
        policies.reload();
        assertThat(policies.versions("test")).extracting(Policy::version).containsExactly("v1", "v2");
    }

    @Test
    void aChangedRuleDecidesTheNextReferralAfterReload() throws IOException {
        write("policy.yaml", version("v1", "2026-01-01"));
        Policies policies = policies();
        org.doorway.referral.Referral referral =
                TriageTest.R.socialContact().zone("B2").build();

        Policy before = policies.inForce("test", referral.receivedAt()).orElseThrow();
        write("policy.yaml", version("v1.1", "2026-01-01").replace("zone-codes: [C3, E1]", "zone-codes: [C3, E1, B2]"));
        policies.reload();
        Policy after = policies.inForce("test", referral.receivedAt()).orElseThrow();

        assertThat(PolicyEngine.decide(referral, before, TriageTest.facts(referral.receivedAt()))
                        .outcome())
                .isEqualTo(Outcome.FIELD_FOLLOW_UP);
        Decision decision = PolicyEngine.decide(referral, after, TriageTest.facts(referral.receivedAt()));
        assertThat(decision.outcome()).isEqualTo(Outcome.WARM_HANDOFF_NOW);
        assertThat(decision.policyVersion()).isEqualTo("v1.1");
    }

    @Test
    void theDemoSiteIsReadFromTheClasspath() {
        Policies policies = new Policies(List.of(new Policies.Source("demo", ZONE, null, "sites/demo")), null, null);

        assertThat(policies.versions("demo")).extracting(Policy::version).containsExactly("demo-2026.1");
        assertThat(policies.inForce("demo", Instant.parse("2026-11-22T12:00:00Z")))
                .isPresent();
    }
}
