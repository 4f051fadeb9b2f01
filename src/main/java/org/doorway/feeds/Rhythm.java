package org.doorway.feeds;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * A feed's expected rhythm: it is silent when, during the hours it is watched, longer than
 * {@code expectEvery} has passed since its last sign of life. Time outside the hours does not
 * count: a feed that last delivered ten minutes before closing, with a rhythm of 30 minutes, is
 * silent 20 minutes after the next opening, not at it.
 *
 * @param expectEvery the longest silence, counted in watched time, that is still normal
 * @param watched     whether an instant falls inside the watched hours
 */
record Rhythm(Duration expectEvery, Predicate<Instant> watched) {

    /** The grain at which watched time is counted. */
    static final Duration STEP = Duration.ofMinutes(1);

    /** How far back watched time is counted at most: a feed closed longer than this is not silent. */
    static final Duration LOOK_BACK = Duration.ofDays(14);

    Rhythm {
        if (expectEvery == null || expectEvery.isNegative() || expectEvery.isZero()) {
            throw new IllegalArgumentException("a rhythm needs a positive duration");
        }
        if (watched == null) {
            watched = at -> true;
        }
    }

    /** A rhythm watched at every hour. */
    static Rhythm always(Duration expectEvery) {
        return new Rhythm(expectEvery, at -> true);
    }

    /** Whether {@code now} is inside the watched hours. */
    boolean watchedAt(Instant now) {
        return watched.test(now);
    }

    /**
     * Whether a feed whose last sign of life (its last record, or the start of the watch) was at
     * {@code lastSign} is silent at {@code now}: {@code now} is inside the watched hours and the
     * watched time since {@code lastSign} exceeds {@link #expectEvery}.
     */
    boolean silent(Instant lastSign, Instant now) {
        if (!watched.test(now) || Duration.between(lastSign, now).compareTo(expectEvery) <= 0) {
            return false;
        }
        Instant limit = lastSign.isAfter(now.minus(LOOK_BACK)) ? lastSign : now.minus(LOOK_BACK);
        Duration counted = Duration.ZERO;
        Instant to = now;
        while (to.isAfter(limit)) {
            Instant from = to.minus(STEP).isBefore(limit) ? limit : to.minus(STEP);
            if (watched.test(from)) {
                counted = counted.plus(Duration.between(from, to));
                if (counted.compareTo(expectEvery) > 0) {
                    return true;
                }
            }
            to = from;
        }
        return false;
    }
}
