package org.doorway.planner;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import org.doorway.system.YamlTree;

/**
 * A stated distribution of a duration, by its median: {@code fixed} (always the median),
 * {@code exponential} (memoryless; mean = median / ln 2) or {@code lognormal} (the median, and
 * {@code spread}: the standard deviation of its logarithm; 0.5 puts nine draws in ten between
 * 0.44 and 2.3 times the median, 0.8 between 0.27 and 3.7 times).
 *
 * <p>In a scenario file: {@code {distribution: lognormal, median: PT3M, spread: 0.8}}.
 *
 * @param kind   {@code fixed}, {@code exponential} or {@code lognormal}
 * @param median the median
 * @param spread for {@code lognormal}: σ of the logarithm; otherwise unused
 */
public record Distribution(Kind kind, Duration median, double spread) {

    /** The shapes a distribution may have. */
    public enum Kind {
        FIXED,
        EXPONENTIAL,
        LOGNORMAL
    }

    public Distribution {
        if (median == null || median.isNegative() || median.isZero()) {
            throw new IllegalArgumentException("a distribution's median must be positive");
        }
        if (kind != Kind.LOGNORMAL) {
            spread = 0; // only a lognormal has one
        }
    }

    /** A lognormal distribution. */
    public static Distribution lognormal(Duration median, double spread) {
        return new Distribution(Kind.LOGNORMAL, median, spread);
    }

    /** Always {@code value}. */
    public static Distribution fixed(Duration value) {
        return new Distribution(Kind.FIXED, value, 0);
    }

    /** One draw, in minutes. */
    double draw(SplittableRandom random) {
        double m = median.toMillis() / 60_000.0;
        return switch (kind) {
            case FIXED -> m;
            case EXPONENTIAL -> -m / Math.log(2) * Math.log(1 - random.nextDouble());
            case LOGNORMAL -> m * Math.exp(spread * gaussian(random));
        };
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; one of the pair is used, so every draw takes the same two numbers.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** How it reads in the planner's output. */
    String words() {
        String m = Scenario.minutes(median);
        return switch (kind) {
            case FIXED -> "always " + m;
            case EXPONENTIAL -> "exponential, median " + m;
            case LOGNORMAL -> String.format(Locale.ROOT, "lognormal, median %s, spread %.2f", m, spread);
        };
    }

    /** Reads one from a scenario file's mapping; {@code fallback} when the field is absent. */
    static Distribution read(YamlTree.Obj parent, String field, Distribution fallback) {
        YamlTree.Obj obj = parent.obj(field, false);
        if (obj == null) {
            return fallback;
        }
        Kind kind = obj.choice("distribution", Kind.values(), k -> k.name().toLowerCase(Locale.ROOT), fallback.kind());
        Duration median = obj.duration("median", fallback.median());
        Double spread = obj.number("spread", false, 0);
        obj.done();
        return new Distribution(
                kind == null ? fallback.kind() : kind,
                median == null ? fallback.median() : median,
                spread == null ? fallback.spread() : spread);
    }
}
