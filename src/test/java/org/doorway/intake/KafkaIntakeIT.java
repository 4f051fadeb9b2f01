package org.doorway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * A CAD publishing EIDO documents to Kafka: consumed the same way as over HTTP, the offset
 * committed once the referral is stored, and unreadable records dead-lettered with their reason.
 */
class KafkaIntakeIT extends DoorwayAppIT {

    private static final String TOPIC = "doorway.eido";
    private static final String DEAD_LETTERS = "doorway.eido.dead-letter";

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcClient db;

    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void noProducerYet() {
        producer = null;
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    private RecordMetadata publish(String key, byte[] value) throws Exception {
        if (producer == null) {
            Map<String, Object> props = KafkaTestUtils.producerProps(broker);
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer.send(new ProducerRecord<>(TOPIC, key.getBytes(StandardCharsets.UTF_8), value))
                .get(10, TimeUnit.SECONDS);
    }

    /** The offset Doorway's consumer group has committed on the record's partition. */
    private long committed(RecordMetadata record) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("doorway")
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .get(new TopicPartition(record.topic(), record.partition()));
            return offset == null ? -1 : offset.offset();
        }
    }

    private Optional<String> shortRefOf(String incidentId) {
        return db.sql("select short_ref from referral where source = 'eido' and source_id = ?")
                .param(incidentId)
                .query(String.class)
                .optional();
    }

    @Test
    void consumesAnEidoRecordPagesAndCommitsItsOffset() throws Exception {
        var doc = EidoDocuments.leadRequest();

        RecordMetadata record = publish(EidoDocuments.id(doc), EidoDocuments.bytes(doc));

        String ref = await().atMost(Duration.ofSeconds(20))
                .until(() -> shortRefOf(EidoDocuments.id(doc)), Optional::isPresent)
                .get();
        twilio.awaitSms(sms -> sms.body().contains(ref));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(record) > record.offset());
        assertThat(db.sql("select channel from referral where source_id = ?")
                        .param(EidoDocuments.id(doc))
                        .query(String.class)
                        .single())
                .isEqualTo("kafka:" + TOPIC);
    }

    @Test
    void theSameIncidentOverHttpAndKafkaIsOneReferralAndOnePage() throws Exception {
        var doc = EidoDocuments.leadRequest();
        String ref = postEido(DEMO_KEY, EidoDocuments.bytes(doc))
                .json()
                .path("referrals")
                .get(0)
                .path("shortRef")
                .asText();

        RecordMetadata record = publish(EidoDocuments.id(doc), EidoDocuments.bytes(doc));

        await().atMost(Duration.ofSeconds(20)).until(() -> committed(record) > record.offset());
        assertThat(db.sql("select count(*) from referral where source_id = ?")
                        .param(EidoDocuments.id(doc))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        twilio.awaitSms(sms -> sms.body().contains(ref));
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(twilio.sent(sms -> sms.body().contains(ref))).hasSize(1);
    }

    @Test
    void deadLettersAnUnreadableRecordSealedWithItsOriginAndReasonThenMovesOn() throws Exception {
        byte[] garbage = "{\"$id\": \"urn:broken\", \"eidoVersion\": \"1.0\", ".getBytes(StandardCharsets.UTF_8);
        String key = "broken-" + System.nanoTime();

        RecordMetadata record = publish(key, garbage);

        Map<String, Object> props = KafkaTestUtils.consumerProps("dead-letter-reader-" + key, "false", broker);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            ConsumerRecord<byte[], byte[]> dead = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> {
                                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                                    if (key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                                        return r;
                                    }
                                }
                                return null;
                            },
                            r -> r != null);
            assertThat(SealedCopies.sealed(dead.value()))
                    .as("the dead letter's value is sealed")
                    .isTrue();
            assertThat(new String(dead.value(), StandardCharsets.ISO_8859_1)).doesNotContain("urn:broken");
            long audited = db.sql("select count(*) from access_audit where request = 'POST /api/v1/dead-letters/open'")
                    .query(Long.class)
                    .single();
            assertThat(SealedCopies.opened(admin(), base(), dead.value()))
                    .as("an administrator gets the original bytes back")
                    .isEqualTo(garbage);
            assertThat(db.sql("select count(*) from access_audit where request = 'POST /api/v1/dead-letters/open'"
                                    + " and action = 'READ' and record_kind = 'dead-letter'")
                            .query(Long.class)
                            .single())
                    .as("opening it is recorded as a read")
                    .isGreaterThan(audited);
            assertThat(header(dead, "doorway.source.topic")).isEqualTo(TOPIC);
            assertThat(header(dead, "doorway.source.partition")).isEqualTo(String.valueOf(record.partition()));
            assertThat(header(dead, "doorway.source.offset")).isEqualTo(String.valueOf(record.offset()));
            assertThat(header(dead, "doorway.error"))
                    .contains("Invalid EIDO document")
                    .contains("/:");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(record) > record.offset());

        // The partition is not stuck behind the bad record: the next good one is taken in.
        var doc = EidoDocuments.leadRequest();
        publish(EidoDocuments.id(doc), EidoDocuments.bytes(doc));
        await().atMost(Duration.ofSeconds(20)).until(() -> shortRefOf(EidoDocuments.id(doc)), Optional::isPresent);
    }

    @Test
    void tellsTheKafkaSourceOnItsStatusTopicWhoIsComing() throws Exception {
        var doc = EidoDocuments.leadRequest();
        publish(EidoDocuments.id(doc), EidoDocuments.bytes(doc));
        String ref = await().atMost(Duration.ofSeconds(20))
                .until(() -> shortRefOf(EidoDocuments.id(doc)), Optional::isPresent)
                .get();
        var page = twilio.awaitSms(sms -> sms.body().contains(ref) && sms.body().contains("to take it"));
        java.util.regex.Matcher code =
                java.util.regex.Pattern.compile("Reply (\\d+)a").matcher(page.body());
        assertThat(code.find()).isTrue();

        phone().reply(page.to(), code.group(1) + "a 20");

        Map<String, Object> props = KafkaTestUtils.consumerProps("status-reader-" + ref, "false", broker);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("doorway.handoff-status"));
            ConsumerRecord<byte[], byte[]> status = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> {
                                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                                    if (new String(r.value(), StandardCharsets.UTF_8).contains(ref)) {
                                        return r;
                                    }
                                }
                                return null;
                            },
                            r -> r != null);
            var notice = org.doorway.testing.FakeTwilio.json(new String(status.value(), StandardCharsets.UTF_8));
            String id = db.sql("select id::text from referral where short_ref = ?")
                    .param(ref)
                    .query(String.class)
                    .single();
            assertThat(new String(status.key(), StandardCharsets.UTF_8)).isEqualTo(id);
            assertThat(notice.path("event").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(notice.path("referral").path("sourceId").asText()).isEqualTo(EidoDocuments.id(doc));
            assertThat(notice.path("handoff").path("etaMinutes").asInt()).isEqualTo(20);
            assertThat(notice.path("handoff").path("responder").asText()).isNotBlank();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
