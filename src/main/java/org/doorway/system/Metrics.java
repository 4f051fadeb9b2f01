package org.doorway.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Doorway's own metrics, at {@code /actuator/prometheus}. Names and tags never carry personal
 * data: sites, doors, outcomes and kinds only.
 * <ul>
 *   <li>{@code doorway_handoff_latency_seconds{to=acknowledged|on_scene,site,door}}: from the
 *       request to that moment, with buckets at 5, 10, 15, 30 and 60 minutes (the warm-handoff
 *       target is 30 minutes to on scene);</li>
 *   <li>{@code doorway_pages_total{kind,outcome}}: pages sent, failed, retried, held (paced) and
 *       uncertain (sender died mid-send);</li>
 *   <li>{@code doorway_intake_total{site,source,result}}: referrals accepted, duplicates, and
 *       records rejected (not routed) or unreadable;</li>
 *   <li>{@code doorway_dead_letters_total{topic}}: Kafka records dead-lettered.</li>
 * </ul>
 */
@Component
public class Metrics {

    private static final Duration[] HANDOFF_BUCKETS = {
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(15),
        Duration.ofMinutes(30),
        Duration.ofMinutes(60)
    };

    private final MeterRegistry registry;

    Metrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A handoff reached {@code to} ({@code acknowledged} or {@code on_scene}) this long after its request. */
    public void handoff(String to, String site, String door, Duration sinceRequest) {
        Timer.builder("doorway.handoff.latency")
                .description("Time from a warm-handoff request to acknowledgement or arrival on scene")
                .tags("to", to, "site", site, "door", door == null ? "unknown" : door)
                .serviceLevelObjectives(HANDOFF_BUCKETS)
                .minimumExpectedValue(Duration.ofSeconds(10))
                .maximumExpectedValue(Duration.ofHours(4))
                .register(registry)
                .record(sinceRequest.isNegative() ? Duration.ZERO : sinceRequest);
    }

    /** A page reached {@code outcome} (sent, failed, retried, held, uncertain). */
    public void page(String kind, String outcome, int count) {
        if (count > 0) {
            Counter.builder("doorway.pages")
                    .tags("kind", kind, "outcome", outcome)
                    .register(registry)
                    .increment(count);
        }
    }

    /** Records of an intake body ended with {@code result} (accepted, duplicate, rejected, unreadable). */
    public void intake(String site, String source, String result, int count) {
        if (count > 0) {
            Counter.builder("doorway.intake")
                    .tags("site", site, "source", source, "result", result)
                    .register(registry)
                    .increment(count);
        }
    }

    /** A Kafka record was dead-lettered. */
    public void deadLetter(String topic) {
        Counter.builder("doorway.dead.letters")
                .tags("topic", topic == null ? "unknown" : topic)
                .register(registry)
                .increment();
    }
}
