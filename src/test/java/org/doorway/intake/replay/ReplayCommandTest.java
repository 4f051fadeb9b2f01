package org.doorway.intake.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;

/**
 * {@code policy replay}: a PCG's draft policy run over a real CAD export, through the live intake
 * mappers, against the policy in force, without a database or anyone paged.
 */
class ReplayCommandTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void replaysTheDemoDraftOverTheSeattleExportAndShowsWhatChanges() {
        String seattle = SharedSamples.path("seattle-spd-call-data-sample.csv").toString();

        Run run =
                run("policy", "replay", "--policy", "src/test/resources/policies/demo-draft.yaml", "--input", seattle);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("27 referrals")
                .contains("Outcome")
                .contains("Hour (site time)")
                .contains("Zone")
                .contains("Changed outcome");
        // Every row is counted once under the draft's outcomes.
        assertThat(run.out()).containsPattern("NOT_ROUTED\\s+\\d+");
    }

    @Test
    void explainsItsUsageWhenSomethingIsMissing() {
        Run run = run("policy", "replay", "--policy", "x.yaml");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("usage: java -jar doorway.jar policy replay");
    }

    @Test
    void saysWhyWhenThePolicyCannotBeRead() {
        Run run = run("policy", "replay", "--policy", "does-not-exist.yaml", "--input", "src/test/resources");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("policy replay: ");
    }
}
