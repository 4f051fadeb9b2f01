package org.doorway.intake.eido.conveyance;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next connection attempt: exponential with "equal jitter". The n-th
 * consecutive attempt (from 0) waits a uniformly random time between half and all of
 * {@code min(max, initial × 2ⁿ)}, so instances that lost the same server spread out while each
 * still backs off.
 *
 * @param initial the ceiling of the first wait
 * @param max     the ceiling of every wait
 * @param random  a source of numbers in [0, 1)
 */
record EidoConveyanceBackoff(Duration initial, Duration max, DoubleSupplier random) {

    EidoConveyanceBackoff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The wait before attempt {@code attempt} (0 for the first after a loss). */
    Duration delay(int attempt) {
        long ceiling = ceiling(attempt).toMillis();
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    /** The ceiling of the wait before attempt {@code attempt}. */
    Duration ceiling(int attempt) {
        long millis = initial.toMillis();
        for (int i = 0; i < attempt && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
