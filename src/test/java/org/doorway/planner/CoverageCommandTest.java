package org.doorway.planner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coverage} run in this JVM over exports, through the live intake mappers and a site's
 * policy: the JSON contract, the table's stated assumptions, and exit code 2 on bad input.
 */
class CoverageCommandTest {

    static final String SITE = "src/test/resources/planner/coverage-site";
    static final String OFFICE = "examples/coverage/office-hours.yaml";
    static final String CLOCK = "examples/coverage/around-the-clock.yaml";
    static final List<String> FIELDS =
            List.of("name", "referrals", "warmHandoffs", "withinTarget", "p50Minutes", "p90Minutes", "outsideHours");

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CoverageCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Checks the contract's shape; returns the scenarios. */
    static List<JsonNode> contract(String json) throws Exception {
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.isObject()).isTrue();
        assertThat(fields(root)).containsExactly("scenarios");
        List<JsonNode> scenarios = new ArrayList<>();
        root.get("scenarios").forEach(scenarios::add);
        for (JsonNode scenario : scenarios) {
            assertThat(fields(scenario)).containsExactlyElementsOf(FIELDS);
            assertThat(scenario.get("name").isTextual()).isTrue();
            assertThat(scenario.get("referrals").isInt()).isTrue();
            assertThat(scenario.get("warmHandoffs").isInt()).isTrue();
            assertThat(scenario.get("outsideHours").isInt()).isTrue();
            assertThat(scenario.get("withinTarget").isNumber()).isTrue();
            assertThat(scenario.get("withinTarget").asDouble()).isBetween(0.0, 1.0);
        }
        return scenarios;
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void printsTheJsonContractForEachScenarioOverAGeneratedExport() throws Exception {
        SpdRows.Export export = SpdRows.write(dir, 60, 10, 3);

        Run run = run(
                "coverage",
                "--site",
                SITE,
                "--input",
                export.file().toString(),
                "--scenario",
                OFFICE,
                "--scenario",
                CLOCK,
                "--seed",
                "11",
                "--json");

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> scenarios = contract(run.out());
        assertThat(scenarios)
                .extracting(s -> s.get("name").asText())
                .containsExactly("office-hours", "around-the-clock");
        JsonNode office = scenarios.get(0);
        JsonNode clock = scenarios.get(1);
        assertThat(office.get("referrals").asInt()).isEqualTo(export.routed());
        // The policy's hours are 07:00-23:00: night calls are field follow-ups in both scenarios.
        assertThat(clock.get("outsideHours").asInt()).isPositive();
        assertThat(office.get("warmHandoffs").asInt()
                        + clock.get("outsideHours").asInt())
                .isEqualTo(export.routed());
        assertThat(office.get("outsideHours").asInt())
                .as("plus office-hours' evenings and weekend mornings with nobody on call")
                .isGreaterThan(clock.get("outsideHours").asInt());
        assertThat(clock.get("withinTarget").asDouble())
                .isGreaterThan(office.get("withinTarget").asDouble());
        assertThat(run(
                                "coverage",
                                "--site",
                                SITE,
                                "--input",
                                export.file().toString(),
                                "--scenario",
                                OFFICE,
                                "--scenario",
                                CLOCK,
                                "--seed",
                                "11",
                                "--json")
                        .out())
                .as("the same seed")
                .isEqualTo(run.out());
    }

    @Test
    void theTableStatesItsAssumptions() {
        SpdRows.Export export = SpdRows.write(dir, 7, 10, 4);

        Run run = run("coverage", "--site", SITE, "--input", export.file().toString(), "--scenario", OFFICE);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("office-hours")
                .contains("seed 1")
                .contains("acknowledging: lognormal, median 3 min")
                .contains("travel: lognormal, median 12 min")
                .contains("on scene (busy, cannot take the next handoff): lognormal, median 45 min")
                .contains("30 min");
    }

    @Test
    void runsOnTheSharedSeattleSample() throws Exception {
        String seattle = SharedSamples.path("seattle-spd-call-data-sample.csv").toString();

        Run demo = run("coverage", "--site", "demo", "--input", seattle, "--scenario", OFFICE, "--json");
        Run site = run("coverage", "--site", SITE, "--input", seattle, "--scenario", OFFICE, "--json");

        assertThat(demo.code()).as(demo.err()).isZero();
        // The demo policy sends dispatch calls to the OWG, never to a warm handoff.
        assertThat(contract(demo.out()).get(0).get("warmHandoffs").asInt()).isZero();
        assertThat(site.code()).as(site.err()).isZero();
        JsonNode scenario = contract(site.out()).get(0);
        assertThat(scenario.get("referrals").asInt()).isEqualTo(8);
        assertThat(scenario.get("warmHandoffs").asInt()).isPositive();
    }

    @Test
    void aBadScenarioExitsTwoNamingTheField() throws Exception {
        SpdRows.Export export = SpdRows.write(dir, 1, 5, 5);
        Path bad = Files.writeString(
                dir.resolve("bad.yaml"),
                "name: bad\non-call:\n  - {days: [mon], from: \"08:00\", to: \"20:00\", people: two}\n");

        Run run = run("coverage", "--site", SITE, "--input", export.file().toString(), "--scenario", bad.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("bad.yaml: line 3: on-call[0].people: must be a whole number");
    }

    @Test
    void missingInputUnknownSiteAndWrongUsageExitTwoSayingWhat() {
        Run missing = run("coverage", "--site", "demo", "--input", "no-such.csv", "--scenario", OFFICE, "--json");
        Run site = run("coverage", "--site", "atlantis", "--input", OFFICE, "--scenario", OFFICE, "--json");
        Run usage = run("coverage", "--site", "demo", "--json");
        Run scenario = run("coverage", "--site", "demo", "--input", OFFICE, "--scenario", "no-such.yaml");

        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("input not found: no-such.csv");
        assertThat(site.code()).isEqualTo(2);
        assertThat(site.err()).contains("unknown site atlantis");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("usage: java -jar doorway.jar coverage");
        assertThat(scenario.code()).isEqualTo(2);
        assertThat(scenario.err()).contains("no-such.yaml: no such file");
    }
}
