package org.doorway.dashboard.report;

import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles of a set of durations, as PostgreSQL's {@code percentile_cont} computes them: the
 * values sorted, the p-th percentile at position {@code p × (n − 1)}, interpolated linearly between
 * the two values around it. With one value every percentile is that value; with none there is no
 * percentile ({@code null}).
 */
public final class Percentiles {

    private Percentiles() {}

    /**
     * The percentiles of some values.
     *
     * @param count how many values there were
     * @param p50   the median, or {@code null} without values
     * @param p90   the 90th percentile, or {@code null}
     * @param p95   the 95th percentile, or {@code null}
     */
    public record Summary(int count, Double p50, Double p90, Double p95) {
        static final Summary EMPTY = new Summary(0, null, null, null);
    }

    /** The 50th, 90th and 95th percentiles of {@code values} (nulls are not values and are left out). */
    public static Summary of(Collection<Double> values) {
        double[] sorted = values.stream()
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        if (sorted.length == 0) {
            return Summary.EMPTY;
        }
        return new Summary(sorted.length, at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.95));
    }

    /** The {@code p}-th percentile (0 ≤ p ≤ 1) of sorted values, by linear interpolation. */
    static double at(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("p must be within [0, 1]");
        }
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        double fraction = position - below;
        return sorted[below] + (sorted[above] - sorted[below]) * fraction;
    }

    /** The values sorted, for callers that keep them. */
    static double[] sorted(Collection<Double> values) {
        double[] array = values.stream()
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .toArray();
        Arrays.sort(array);
        return array;
    }
}
