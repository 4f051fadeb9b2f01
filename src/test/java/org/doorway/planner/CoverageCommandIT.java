package org.doorway.planner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar doorway.jar coverage …} as the checks outside the project run it: the packaged
 * jar ({@code doorway.jar}, set by failsafe) as its own process, from the repository's folder. The
 * JSON contract, a year of referrals in seconds, and exit code 2 with a message on bad input.
 */
class CoverageCommandIT {

    private static final String SITE = CoverageCommandTest.SITE;
    private static final String OFFICE = CoverageCommandTest.OFFICE;
    private static final String CLOCK = CoverageCommandTest.CLOCK;

    @TempDir
    Path dir;

    record Run(int exit, String out, String err, long millis) {}

    private Run coverage(String... args) throws IOException, InterruptedException {
        String property = System.getProperty("doorway.jar");
        assertThat(property)
                .as("doorway.jar (set by failsafe: run with ./mvnw verify)")
                .isNotNull();
        Path jar = Path.of(property).toAbsolutePath();
        assertThat(jar).as("the packaged jar").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "coverage"));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("coverage did not finish within 120 s: " + command);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                millis);
    }

    @Test
    void aYearOfReferralsGivesTheJsonContractInSeconds() throws Exception {
        SpdRows.Export export = SpdRows.write(dir, 365, 20, 8);

        Run run = coverage(
                "--site",
                SITE,
                "--input",
                export.file().toString(),
                "--scenario",
                OFFICE,
                "--scenario",
                CLOCK,
                "--seed",
                "3",
                "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> scenarios = CoverageCommandTest.contract(run.out());
        assertThat(scenarios).hasSize(2);
        assertThat(scenarios.get(0).get("referrals").asInt()).isEqualTo(export.routed());
        assertThat(scenarios.get(1).get("withinTarget").asDouble())
                .isGreaterThan(scenarios.get(0).get("withinTarget").asDouble());
        System.out.printf("coverage over %d routed referrals (a year): %d ms%n", export.routed(), run.millis());
        assertThat(run.millis()).as("a year of referrals, JVM start included").isLessThan(60_000);
    }

    @Test
    void theSharedSeattleSampleOnTheDemoSite() throws Exception {
        String seattle = SharedSamples.path("seattle-spd-call-data-sample.csv").toString();

        Run run = coverage("--site", "demo", "--input", seattle, "--scenario", OFFICE, "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(CoverageCommandTest.contract(run.out())).hasSize(1);
        System.out.printf("coverage over the Seattle sample: %d ms%n", run.millis());
    }

    @Test
    void aBadScenarioOrAMissingInputExitsTwoSayingWhat() throws Exception {
        SpdRows.Export export = SpdRows.write(dir, 1, 5, 9);
        Path bad = Files.writeString(
                dir.resolve("bad.yaml"),
                "name: bad\non-call:\n  - {days: [mon], from: \"8am\", to: \"20:00\", people: 2}\n");

        Run scenario =
                coverage("--site", SITE, "--input", export.file().toString(), "--scenario", bad.toString(), "--json");
        Run missing = coverage("--site", SITE, "--input", "no-such-export.csv", "--scenario", OFFICE, "--json");
        Run site = coverage("--site", "atlantis", "--input", export.file().toString(), "--scenario", OFFICE, "--json");

        assertThat(scenario.exit()).isEqualTo(2);
        assertThat(scenario.out()).isEmpty();
        assertThat(scenario.err()).contains("bad.yaml: line 3: on-call[0].from: must be a time");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no-such-export.csv");
        assertThat(site.exit()).isEqualTo(2);
        assertThat(site.err()).contains("unknown site atlantis");
    }
}
