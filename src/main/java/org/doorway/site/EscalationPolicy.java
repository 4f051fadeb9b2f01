package org.doorway.site;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How a site (or one of its doors) pages until someone acknowledges a handoff.
 *
 * <p>A round walks the steps in order: step 0 fires at once, and each step waits its own
 * {@link Step#delay()} before the next one fires. After the last step's delay the next round
 * begins, {@code repeat} rounds in all; the last step's delay in the last round is how long the
 * handoff waits before it is given up as unanswered.
 *
 * @param steps          the steps of a round; never empty
 * @param repeat         how many rounds are walked; at least 1
 * @param enRouteTimeout how long someone who acknowledged has to report "en route" before being
 *                       reminded, and after a second such wait, before the handoff is paged again
 */
public record EscalationPolicy(List<Step> steps, int repeat, Duration enRouteTimeout) {

    /** The default {@code en-route-timeout} when a policy sets none. */
    public static final Duration DEFAULT_EN_ROUTE_TIMEOUT = Duration.ofMinutes(10);

    public EscalationPolicy {
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("an escalation policy needs at least one step");
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("an escalation policy is walked at least once");
        }
        if (enRouteTimeout == null || enRouteTimeout.isNegative() || enRouteTimeout.isZero()) {
            throw new IllegalArgumentException("the en-route timeout must be positive");
        }
        steps = List.copyOf(steps);
    }

    /** How long after the start of a round step {@code index} fires: the delays of the steps before it. */
    public Duration startOf(int index) {
        Duration at = Duration.ZERO;
        for (int i = 0; i < index; i++) {
            at = at.plus(steps.get(i).delay());
        }
        return at;
    }

    /** How long one round lasts: the sum of all its delays. */
    public Duration roundLength() {
        return startOf(steps.size());
    }

    /** How a page reaches a case manager. */
    public enum Channel {
        /** A text message, answered by reply codes. */
        SMS,
        /** A phone call, answered by keypad. */
        VOICE
    }

    /**
     * One step of a round.
     *
     * @param delay    how long after this step the next one fires (or the next round begins); positive
     * @param layers   the layers whose on-call case manager this step pages, in order; never empty
     * @param channels how it pages them; never empty, iterated SMS first
     */
    public record Step(Duration delay, List<String> layers, Set<Channel> channels) {

        public Step {
            if (delay == null || delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("a step's delay must be positive");
            }
            if (layers == null || layers.isEmpty()) {
                throw new IllegalArgumentException("a step notifies at least one layer");
            }
            if (channels == null || channels.isEmpty()) {
                throw new IllegalArgumentException("a step pages by at least one channel");
            }
            layers = List.copyOf(layers);
            channels = Collections.unmodifiableSet(EnumSet.copyOf(channels));
        }
    }
}
