package org.doorway.planner;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How well the planner reproduces a period it can check against: the site's stored referrals run
 * through the roster that was really in force, with the models fitted on the same period's measured
 * handoffs, compared with the share of warm handoffs that really had a case manager on scene within
 * the target. The model's share is the mean of {@value #RUNS} runs (seeds {@code seed} to
 * {@code seed + RUNS - 1}), so that it is the model's and not one run's luck.
 *
 * @param warmHandoffs the period's warm handoffs (triage's decisions)
 * @param actualWithin of them, those really on scene within the target
 * @param actual       {@code actualWithin / warmHandoffs}, 0 to 1
 * @param model        the model's share within the target under the roster in force, 0 to 1
 * @param tolerance    the stated tolerance, as a share ({@value #TOLERANCE}: 5 percentage points)
 */
public record BackTest(int warmHandoffs, int actualWithin, double actual, double model, double tolerance) {

    /** Runs averaged for the model's share. */
    public static final int RUNS = 20;

    /** The tolerance the planner states: the model within 5 percentage points of the actual share. */
    public static final double TOLERANCE = 0.05;

    /**
     * Runs the back-test.
     *
     * @param arrivals     the period's stored referrals, as arrivals
     * @param inForce      the roster really in force, with the fitted models ({@link Scenario#withMeasured})
     * @param target       the site's target
     * @param seed         the first seed
     * @param actualWithin warm handoffs of the period really on scene within the target
     */
    public static BackTest run(Arrivals arrivals, Scenario inForce, Duration target, long seed, int actualWithin) {
        double sum = 0;
        int warm = 0;
        for (int run = 0; run < RUNS; run++) {
            CoverageResult result = CoverageSimulation.run(arrivals, inForce, target, seed + run);
            sum += result.withinTarget();
            warm = result.warmHandoffs();
        }
        double actual = warm == 0 ? 0 : actualWithin / (double) warm;
        return new BackTest(warm, actualWithin, round(actual), round(sum / RUNS), TOLERANCE);
    }

    /** The gap between the model and the actual share, in percentage points. */
    public double gapPoints() {
        return Math.round((model - actual) * 1000) / 10.0;
    }

    /** Whether the model is within the tolerance of the actual share. */
    public boolean holds() {
        return Math.abs(model - actual) <= tolerance + 1e-9;
    }

    /** The back-test in words, as the page and its CSV state it. */
    public List<String> words() {
        return List.of(String.format(
                Locale.ROOT,
                "Back-test: under the roster really in force, the model puts %.1f%% of the period's %d warm handoffs"
                        + " on scene within the target (mean of %d runs); %.1f%% really were (%d). Gap %+.1f"
                        + " points: %s the stated tolerance of ±%.0f points.",
                100 * model,
                warmHandoffs,
                RUNS,
                100 * actual,
                actualWithin,
                gapPoints(),
                holds() ? "within" : "OUTSIDE",
                100 * tolerance));
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
