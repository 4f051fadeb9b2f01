package org.doorway.paging;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.doorway.system.DoorwayProperties;
import org.springframework.stereotype.Component;

/**
 * One circuit breaker per provider channel (texts, calls), on this instance. A channel is
 * <b>down</b> once enough of its latest requests failed in a way that says the provider, not the
 * recipient, is at fault (temporary or uncertain failures, see {@link SmsFailure}); while it is
 * down its pages are not claimed: they wait in PostgreSQL, not attempted and not failed, and after
 * {@code doorway.paging.breaker.open-for} one page at a time is let through to try the provider
 * again. A permanent refusal (an invalid number) is the recipient's problem and counts as the
 * provider working.
 *
 * <p>Per instance, not shared: every instance sending through a provider that is down sees it fail
 * within a few requests, the pages themselves are rows every instance agrees on, and a shared
 * breaker would be one more row every send of every instance writes. What instances must agree on
 * (that an outage is on, that the supervisors were told once) is {@link ProviderOutages}' table.
 *
 * <p>Exposed as the gauge {@code doorway.provider.circuit.open{channel}} (1 while down), which the
 * Prometheus rule {@code DoorwayProviderDown} alerts on.
 */
@Component
class ProviderBreakers {

    /** A provider channel, each with its own breaker. */
    enum Channel {
        SMS,
        VOICE;

        /** The channel a page of this kind goes by: calls by voice, everything else by text. */
        static Channel of(String kind) {
            return "VOICE".equals(kind) ? VOICE : SMS;
        }
    }

    private final Map<Channel, CircuitBreaker> breakers = new EnumMap<>(Channel.class);
    /** Per channel: a page let through while it was down is trying the provider now. */
    private final Map<Channel, java.util.concurrent.atomic.AtomicBoolean> trying = new EnumMap<>(Channel.class);

    @org.springframework.beans.factory.annotation.Autowired
    ProviderBreakers(DoorwayProperties properties, MeterRegistry registry) {
        this(properties.paging().breaker());
        for (Channel channel : Channel.values()) {
            Gauge.builder("doorway.provider.circuit.open", this, b -> b.down(channel) ? 1 : 0)
                    .description("1 while this instance takes the provider's channel as down (its pages wait)")
                    .tag("channel", channel.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    ProviderBreakers(DoorwayProperties.Breaker settings) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(1, settings.window()))
                .minimumNumberOfCalls(Math.max(1, Math.min(settings.window(), settings.minimumCalls())))
                .failureRateThreshold(Math.max(1, Math.min(100, settings.failureRate())))
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                // An open channel is tried again on its own: nothing asks for a permission while it is open.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        for (Channel channel : Channel.values()) {
            trying.put(channel, new java.util.concurrent.atomic.AtomicBoolean());
            breakers.put(
                    channel,
                    CircuitBreaker.of("provider-" + channel.name().toLowerCase(java.util.Locale.ROOT), config));
        }
    }

    /** Whether the channel is taken as down: open, or letting one trial through (half open). */
    boolean down(Channel channel) {
        return switch (breakers.get(channel).getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> false;
            default -> true;
        };
    }

    /** Whether any channel is down. */
    boolean anyDown() {
        return down(Channel.SMS) || down(Channel.VOICE);
    }

    /**
     * The page kinds not to claim now: those of a channel whose breaker is open, or letting one
     * page try and that page is still out (when it is ready for its trial, its pages are claimed
     * and all but one are put back, see {@link #tryAcquire}).
     */
    Set<String> waitingKinds() {
        Set<String> kinds = new TreeSet<>();
        if (isOpen(Channel.SMS)) {
            kinds.addAll(Set.of("PAGE", "REMINDER", "NOTICE"));
        }
        if (isOpen(Channel.VOICE)) {
            kinds.add("VOICE");
        }
        return kinds;
    }

    private boolean isOpen(Channel channel) {
        CircuitBreaker.State state = breakers.get(channel).getState();
        return state == CircuitBreaker.State.OPEN
                || state == CircuitBreaker.State.FORCED_OPEN
                || (state == CircuitBreaker.State.HALF_OPEN
                        && trying.get(channel).get());
    }

    /**
     * Asks to send one page by this channel; false means the page must wait (the channel is down,
     * or its one trial request is already out). A permission granted must be answered by exactly
     * one of {@link #succeeded}, {@link #failed} or {@link #unused}.
     */
    boolean tryAcquire(Channel channel) {
        CircuitBreaker breaker = breakers.get(channel);
        boolean trial = breaker.getState() != CircuitBreaker.State.CLOSED;
        boolean permitted = breaker.tryAcquirePermission();
        if (permitted && trial) {
            trying.get(channel).set(true);
        }
        return permitted;
    }

    /** The provider answered (accepted the request, or refused it for the recipient's sake). */
    void succeeded(Channel channel) {
        breakers.get(channel).onSuccess(0, TimeUnit.NANOSECONDS);
        trying.get(channel).set(false);
    }

    /** The provider failed the request (unavailable, unreachable, or no usable answer). */
    void failed(Channel channel, Throwable failure) {
        breakers.get(channel).onError(0, TimeUnit.NANOSECONDS, failure);
        trying.get(channel).set(false);
    }

    /** A permission was granted but no request left (the page had gone stale). */
    void unused(Channel channel) {
        breakers.get(channel).releasePermission();
        trying.get(channel).set(false);
    }
}
