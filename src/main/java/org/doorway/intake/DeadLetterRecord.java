package org.doorway.intake;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The route step {@code deadLetterRecord}: turns a Kafka record Doorway could not accept into a
 * dead-letter record: the original bytes sealed ({@link IntakeDeadLetters#sealCopy}, under the data
 * key of the door's site, the key id at the front of the value), with plain headers saying where it
 * came from ({@code doorway.source.topic}, {@code .partition}, {@code .offset}) and what was wrong
 * ({@code doorway.error}: each field and reason, never the values). A copy of the topic therefore
 * reveals nothing personal; an administrator gets the original back with {@code POST
 * /api/v1/dead-letters/open} ({@link DeadLettersPage}).
 */
@Component("deadLetterRecord")
class DeadLetterRecord implements Processor {

    /**
     * The data key site of what is sealed before its source is known (a file in a place no site
     * owns): only an administrator of every site may open it.
     */
    static final String NO_SITE = "intake";

    private final org.doorway.system.Metrics metrics;
    private final FeedHeartbeats heartbeats;
    private final IntakeDeadLetters copies;

    DeadLetterRecord(org.doorway.system.Metrics metrics, FeedHeartbeats heartbeats, IntakeDeadLetters copies) {
        this.metrics = metrics;
        this.heartbeats = heartbeats;
        this.copies = copies;
    }

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecord.class);

    @Override
    public void process(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Message message = exchange.getMessage();
        String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
        Integer partition = message.getHeader(KafkaConstants.PARTITION, Integer.class);
        Long offset = message.getHeader(KafkaConstants.OFFSET, Long.class);
        Object key = message.getHeader(KafkaConstants.KEY);
        String reason = cause instanceof InvalidReferralException invalid
                ? invalid.title() + ": "
                        + invalid.problems().stream().map(Object::toString).collect(Collectors.joining("; "))
                : "unexpected error: "
                        + (cause == null ? "unknown" : cause.getClass().getSimpleName());
        log.warn("Dead-lettered record {}-{}@{}: {}", topic, partition, offset, reason);
        metrics.deadLetter(topic);
        // The feed delivered, badly: both are its heartbeat.
        IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
        if (source != null) {
            try {
                heartbeats.delivered(source.site(), source.channel());
                heartbeats.failed(source.site(), source.channel(), reason);
            } catch (RuntimeException e) {
                log.warn(
                        "Feed heartbeat of {} not noted: {}",
                        source.channel(),
                        e.getClass().getSimpleName());
            }
        }

        byte[] original = exchange.getProperty(IntakeSource.ORIGINAL, byte[].class);
        if (original == null) {
            original = message.getBody(byte[].class);
        }
        // Keep the manual-commit handle; drop every other header so the consumed record's own
        // topic/partition headers cannot redirect the dead letter.
        Object commit = message.getHeader(KafkaConstants.MANUAL_COMMIT);
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.MANUAL_COMMIT, commit);
        if (key != null) {
            message.setHeader(KafkaConstants.KEY, key);
        }
        message.setHeader("doorway.source.topic", bytes(topic));
        message.setHeader("doorway.source.partition", bytes(String.valueOf(partition)));
        message.setHeader("doorway.source.offset", bytes(String.valueOf(offset)));
        message.setHeader("doorway.error", bytes(reason));
        message.setBody(original == null ? null : copies.sealCopy(source == null ? NO_SITE : source.site(), original));
    }

    private static byte[] bytes(String value) {
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }
}
