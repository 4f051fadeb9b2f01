package org.doorway.resilience;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.doorway.testing.EidoDocuments;

/**
 * A CAD system as Doorway's sources behave: over HTTP it sends each document until it gets a 2xx
 * (a refused connection, a reset, a 503 or a timeout only mean "send again"); over Kafka it publishes
 * with {@code acks=all}. It also makes the documents: LEAD referrals (paged for), welfare checks
 * (stored, nobody paged) and ordinary 911 incidents the policy does not route (counted, not stored).
 */
final class Cad implements AutoCloseable {

    static final String KEY = "restart-intake-key";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger statuses503 = new AtomicInteger();
    private final AtomicInteger resent = new AtomicInteger();
    private KafkaProducer<byte[], byte[]> producer;

    /** A LEAD warm-handoff request with a fresh incident id and name. */
    static ObjectNode lead() {
        return EidoDocuments.leadRequest();
    }

    /** A welfare check the site routes to its community door: stored and triaged, nobody paged. */
    static ObjectNode ordinary() {
        return EidoDocuments.leadRequest(doc -> {
            EidoDocuments.incident(doc).put("incidentTypeInternalCode", "WELFARE");
            EidoDocuments.incident(doc).put("incidentTypeInternalText", "Welfare check");
        });
    }

    /** An ordinary 911 incident the site's policy does not route: counted by call type, not stored. */
    static ObjectNode unrouted() {
        return EidoDocuments.leadRequest(doc -> {
            EidoDocuments.incident(doc).put("incidentTypeInternalCode", "TRAFFIC");
            EidoDocuments.incident(doc).put("incidentTypeInternalText", "Traffic collision, no injuries");
        });
    }

    /**
     * POSTs the document until Doorway answers 2xx, and returns that answer's status. Any other
     * answer than 2xx, 503 or no answer at all fails: those would be lost or wrong, not retried.
     */
    int postUntilAccepted(String baseUrl, byte[] body) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/intake/eido"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .header("X-Api-Key", KEY)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                if (status >= 200 && status < 300) {
                    if (answer.body().contains("\"duplicate\":true")) {
                        resent.incrementAndGet();
                    }
                    return status;
                }
                if (status == 503) {
                    statuses503.incrementAndGet();
                } else {
                    throw new AssertionError(
                            "Doorway answered " + status + ", which a source does not retry: " + answer.body());
                }
            } catch (IOException e) {
                refusals.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            DoorwayProcess.sleep(200);
        }
        throw new AssertionError("Doorway accepted nothing for 5 minutes");
    }

    /** How many sends found nobody listening or lost their connection. */
    int refusals() {
        return refusals.get();
    }

    /**
     * How many documents Doorway answered as already stored: sent again after Doorway had committed
     * them but before the source heard so (the connection was cut by a kill).
     */
    int alreadyStored() {
        return resent.get();
    }

    /** How many sends were answered 503 (database unreachable, send again). */
    int unavailable() {
        return statuses503.get();
    }

    /** Publishes the document to the topic and waits for the broker's acknowledgement. */
    synchronized void publish(String bootstrap, String topic, ObjectNode doc) {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrap,
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                            120_000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            10_000),
                    new ByteArraySerializer(),
                    new ByteArraySerializer());
        }
        try {
            producer.send(new ProducerRecord<>(
                            topic, EidoDocuments.id(doc).getBytes(StandardCharsets.UTF_8), EidoDocuments.bytes(doc)))
                    .get(150, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not take a record", e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
