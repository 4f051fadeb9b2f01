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
 * @param afterAck       how an arrival is watched once someone is en route, and when the site's
 *                       supervisor hears of a handoff nearing its target
 */
public record EscalationPolicy(List<Step> steps, int repeat, Duration enRouteTimeout, AfterAck afterAck) {

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
        if (afterAck == null) {
            afterAck = AfterAck.DEFAULT;
        }
    }

    /** A policy with the default arrival watch and no near-target alert. */
    public EscalationPolicy(List<Step> steps, int repeat, Duration enRouteTimeout) {
        this(steps, repeat, enRouteTimeout, AfterAck.DEFAULT);
    }

    /**
     * After the ack: someone en route is expected by their ETA (from when they gave it; without
     * one, {@code etaIfNone} from when they set off) plus {@code arrivalGrace}. Past that they are
     * asked whether they are still coming, and if nobody is on scene {@code stillComingWait} later,
     * the escalation goes on to the next person (the backup) and whoever waits is told.
     *
     * @param arrivalGrace     how long past the expected arrival before the case manager is asked; positive
     * @param etaIfNone        the ETA assumed when none was given; positive
     * @param stillComingWait  how long after asking before the backup is paged; positive
     * @param nearTargetAfter  how long after the request the near-target alert goes out; positive
     * @param nearTargetLayers the layers whose on-call case manager gets the near-target alert
     *                         (the site's supervisor); empty: no alert
     */
    public record AfterAck(
            Duration arrivalGrace,
            Duration etaIfNone,
            Duration stillComingWait,
            Duration nearTargetAfter,
            List<String> nearTargetLayers) {

        /** {@code arrival-grace}'s default. */
        public static final Duration DEFAULT_ARRIVAL_GRACE = Duration.ofMinutes(10);
        /** {@code eta-if-none}'s default. */
        public static final Duration DEFAULT_ETA_IF_NONE = Duration.ofMinutes(20);
        /** {@code still-coming-wait}'s default. */
        public static final Duration DEFAULT_STILL_COMING_WAIT = Duration.ofMinutes(5);
        /** {@code near-target.after}'s default: minute 20 of the 30-minute target. */
        public static final Duration DEFAULT_NEAR_TARGET_AFTER = Duration.ofMinutes(20);

        /** The defaults, with no near-target alert. */
        public static final AfterAck DEFAULT = new AfterAck(
                DEFAULT_ARRIVAL_GRACE,
                DEFAULT_ETA_IF_NONE,
                DEFAULT_STILL_COMING_WAIT,
                DEFAULT_NEAR_TARGET_AFTER,
                List.of());

        public AfterAck {
            for (Duration d : List.of(arrivalGrace, etaIfNone, stillComingWait, nearTargetAfter)) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException(
                            "the arrival watch's and near-target alert's times must be positive");
                }
            }
            nearTargetLayers = nearTargetLayers == null ? List.of() : List.copyOf(nearTargetLayers);
        }
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
