package org.doorway.intake.eido.conveyance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reconnection waits: doubling from the initial wait up to the cap, each with jitter in its upper half. */
class EidoConveyanceBackoffTest {

    @Test
    void doublesEachAttemptUntilTheCap() {
        EidoConveyanceBackoff backoff = new EidoConveyanceBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void waitsBetweenHalfAndAllOfTheCeiling() {
        EidoConveyanceBackoff least =
                new EidoConveyanceBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        EidoConveyanceBackoff most =
                new EidoConveyanceBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
        EidoConveyanceBackoff random = new EidoConveyanceBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

        assertThat(least.delay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(most.delay(3)).isBetween(Duration.ofMillis(7999), Duration.ofSeconds(8));
        for (int attempt = 0; attempt < 12; attempt++) {
            assertThat(random.delay(attempt)).isBetween(random.ceiling(attempt).dividedBy(2), random.ceiling(attempt));
        }
    }
}
