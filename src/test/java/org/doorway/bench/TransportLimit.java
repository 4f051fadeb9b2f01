package org.doorway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.doorway.referral.Door;

/**
 * Parts 1 and 2: how fast one Kafka consumer can read the topic's documents at all (the transport
 * limit), and how fast it can when it also parses each into Doorway's canonical referral with
 * Doorway's own EIDO mapper (the least work any intake can do). Both read the partition from the
 * start with an assigned consumer (no group to join), and are timed over the same records as
 * Doorway is in part 3: from the end of the warm-up records to the last record. Each pass is
 * short, so each is repeated and the median pass reported.
 */
final class TransportLimit {

    /**
     * One consumer's pass over the measured records.
     *
     * @param records how many were timed
     * @param bytes   their value bytes
     * @param seconds how long they took
     */
    record Pass(long records, long bytes, double seconds) {
        double perSecond() {
            return records / seconds;
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    private final String brokers;
    private final TopicPartition partition;

    TransportLimit(String brokers, String topic) {
        this.brokers = brokers;
        this.partition = new TopicPartition(topic, 0);
    }

    /**
     * Part 1: reads records {@code 0 .. warmUp + measured - 1}, timing the last {@code measured};
     * the median of {@code passes} passes.
     */
    Pass bare(long warmUp, long measured, int passes) {
        return median(passes, () -> read(warmUp, measured, value -> {}));
    }

    /** Part 2: the same, parsing each record with Doorway's {@code EidoMapper}. */
    Pass parsed(long warmUp, long measured, int passes) {
        Function<byte[], List<?>> mapper = eidoMapper();
        return median(
                passes,
                () -> read(warmUp, measured, value -> {
                    if (mapper.apply(value).size() != 1) {
                        throw new IllegalStateException("an EIDO document should map to one referral");
                    }
                }));
    }

    /**
     * The Jackson baseline beside part 1: the same, each record parsed with a stock
     * {@code ObjectMapper.readTree} and its call type read ({@code incidentComponent}'s
     * {@code incidentTypeInternalCode}): the least work any EIDO intake can do with a document.
     */
    Pass jackson(long warmUp, long measured, int passes) {
        ObjectMapper json = new ObjectMapper();
        return median(
                passes,
                () -> read(warmUp, measured, value -> {
                    try {
                        String callType = json.readTree(value)
                                .path("incidentComponent")
                                .path("incidentTypeInternalCode")
                                .asText();
                        if (callType.isEmpty()) {
                            throw new IllegalStateException("an EIDO document without a call type");
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
    }

    private static Pass median(int passes, java.util.function.Supplier<Pass> pass) {
        List<Pass> all = new java.util.ArrayList<>();
        for (int i = 0; i < passes; i++) {
            all.add(pass.get());
        }
        all.sort(java.util.Comparator.comparingDouble(Pass::perSecond));
        return all.get(all.size() / 2);
    }

    private Pass read(long warmUp, long measured, Consumer<byte[]> work) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-bare-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long total = warmUp + measured;
            long seen = 0;
            long bytes = 0;
            long start = 0;
            while (seen < total) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (seen == warmUp) {
                        start = System.nanoTime();
                    }
                    if (seen >= total) {
                        break;
                    }
                    work.accept(record.value());
                    if (seen >= warmUp) {
                        bytes += record.value().length;
                    }
                    seen++;
                }
            }
            return new Pass(measured, bytes, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Doorway's EIDO mapper, as the intake routes call it. It is package-private in
     * {@code org.doorway.intake}, so it is reached reflectively rather than made public for a
     * benchmark; every document gets the site's door for a LEAD call type without asking the policy.
     */
    static Function<byte[], List<?>> eidoMapper() {
        try {
            Class<?> mapperType = Class.forName("org.doorway.intake.eido.EidoMapper");
            Class<?> contextType = Class.forName("org.doorway.intake.eido.EidoContext");
            Constructor<?> newMapper = mapperType.getDeclaredConstructor(ObjectMapper.class);
            Constructor<?> newContext = contextType.getDeclaredConstructor(String.class, Instant.class, Function.class);
            Method map = mapperType.getDeclaredMethod("map", byte[].class, contextType);
            newMapper.setAccessible(true);
            newContext.setAccessible(true);
            map.setAccessible(true);
            Object mapper = newMapper.newInstance(new ObjectMapper().findAndRegisterModules());
            Function<String, Door> door = code -> Door.SOCIAL_CONTACT;
            return document -> {
                try {
                    return (List<?>) map.invoke(mapper, document, newContext.newInstance("bench", Instant.now(), door));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("EidoMapper failed", e);
                }
            };
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Doorway's EidoMapper has changed shape", e);
        }
    }
}
