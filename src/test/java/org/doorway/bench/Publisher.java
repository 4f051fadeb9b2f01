package org.doorway.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes EIDO documents to the topic as a CAD would (acknowledged by every in-sync replica),
 * either as fast as the producer takes them or at a fixed offered rate.
 */
final class Publisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    Publisher(String brokers, String topic) {
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        0),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        this.topic = topic;
    }

    /** Publishes documents {@code from .. to-1} as fast as possible and waits until all are stored. */
    void burst(long from, long to, LongFunction<byte[]> document) {
        for (long n = from; n < to; n++) {
            producer.send(new ProducerRecord<>(topic, document.apply(n)));
        }
        producer.flush();
    }

    /**
     * Publishes {@code count} documents at {@code perSecond}, each at its scheduled moment whether or
     * not earlier ones have been handled (an open loop, as a CAD does not wait for Doorway); returns
     * each document's send time ({@link System#nanoTime()}), taken just before it is handed to the
     * producer.
     */
    long[] paced(long count, double perSecond, LongFunction<byte[]> document) {
        long[] sentAt = new long[(int) count];
        byte[][] documents = new byte[(int) count][];
        for (int i = 0; i < count; i++) {
            documents[i] = document.apply(i); // made beforehand, so making them never delays a send
        }
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000));
            }
            sentAt[i] = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, documents[i]));
        }
        producer.flush();
        return sentAt;
    }

    @Override
    public void close() {
        producer.close();
    }
}
