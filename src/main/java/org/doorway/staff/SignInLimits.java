package org.doorway.staff;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many wrong passwords Doorway takes before it refuses sign-in for a while
 * ({@code doorway.sign-in.*}). Failures are counted per account and per client address; a count
 * starts again once {@code window} has passed without a failure. At the limit the account or
 * address is refused for {@code firstLock}, and each further failure after that doubles the wait,
 * up to {@code longestLock}. Locks expire on their own; setting an account's password also lifts
 * the account's.
 *
 * @param failuresPerAccount wrong passwords for one username before it is locked
 * @param failuresPerAddress wrong passwords from one client address, whatever the usernames,
 *                           before the address is locked (higher: a county office may sign in
 *                           from behind one address)
 * @param window             how long a failure counts
 * @param firstLock          the first wait once a limit is reached
 * @param longestLock        the longest wait
 */
@ConfigurationProperties("doorway.sign-in")
record SignInLimits(
        @DefaultValue("5") int failuresPerAccount,
        @DefaultValue("20") int failuresPerAddress,
        @DefaultValue("PT15M") Duration window,
        @DefaultValue("PT1M") Duration firstLock,
        @DefaultValue("PT15M") Duration longestLock) {

    SignInLimits {
        if (failuresPerAccount < 1 || failuresPerAddress < 1) {
            throw new IllegalArgumentException("doorway.sign-in failure limits must be at least 1");
        }
        if (window.isNegative() || window.isZero() || firstLock.isNegative() || longestLock.compareTo(firstLock) < 0) {
            throw new IllegalArgumentException(
                    "doorway.sign-in.window must be positive and longest-lock at least first-lock");
        }
    }

    /** The wait after the {@code failures}-th failure of a key whose limit is {@code limit}. */
    Duration lockAfter(int failures, int limit) {
        if (failures < limit) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - limit, 20);
        Duration lock = firstLock.multipliedBy(1L << doublings);
        return lock.compareTo(longestLock) > 0 ? longestLock : lock;
    }
}
