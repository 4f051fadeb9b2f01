package org.doorway.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInLimitsTest {

    private final SignInLimits defaults =
            new SignInLimits(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(15));

    @Test
    void noWaitBelowTheLimitThenAWaitThatDoublesWithEachFurtherFailureUpToTheLongest() {
        assertThat(defaults.lockAfter(4, 5)).isZero();
        assertThat(defaults.lockAfter(5, 5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.lockAfter(6, 5)).isEqualTo(Duration.ofMinutes(2));
        assertThat(defaults.lockAfter(8, 5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(defaults.lockAfter(9, 5)).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.lockAfter(10_000, 5)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void refusesLimitsThatWouldLockNobodyOrNeverLetAnyoneIn() {
        assertThatThrownBy(() ->
                        new SignInLimits(0, 20, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(15)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignInLimits(5, 20, Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(15)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new SignInLimits(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
