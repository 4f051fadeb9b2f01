package org.doorway.intake.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
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
import org.doorway.intake.SealedCopies;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The Kafka door taking records a poll at a time: a CAD's burst of incidents, most of which no
 * policy routes, a few warm-handoff requests and one the database will not store, all published
 * together. Each routed incident is stored once, each one nobody routes counted once, the bad one
 * tried {@code doorway.intake.max-tries} times in all and dead-lettered, every offset committed, and
 * the record published after them is taken in.
 */
class EidoKafkaBatchIT extends DoorwayAppIT {

    private static final String TOPIC = "doorway.eido";
    private static final String DEAD_LETTERS = "doorway.eido.dead-letter";

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcClient db;

    @Value("${doorway.intake.max-tries}")
    int maxTries;

    @Test
    void storesEachRoutedRecordOnceCountsTheRestDeadLettersTheBadOneAndTakesTheNextPoll() throws Exception {
        String tag = "b" + Long.toString(System.nanoTime(), 36);
        String unrouted = "NOISE COMPLAINT " + tag.toUpperCase();
        List<ObjectNode> dropped = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            dropped.add(EidoDocuments.leadRequest(
                    doc -> EidoDocuments.incident(doc).put("incidentTypeInternalCode", unrouted)));
        }
        List<ObjectNode> routed =
                List.of(EidoDocuments.leadRequest(), EidoDocuments.leadRequest(), EidoDocuments.leadRequest());
        ObjectNode bad = EidoDocuments.leadRequest();
        refuseInDatabase(tag, EidoDocuments.id(bad));
        try {
            // One burst, the bad record in the middle: one poll, or a few, whatever the broker gives.
            List<ObjectNode> burst = new ArrayList<>(dropped.subList(0, 6));
            burst.add(routed.get(0));
            burst.add(routed.get(1));
            burst.add(bad);
            burst.addAll(dropped.subList(6, 12));
            burst.add(routed.get(2));
            String badKey = "bad-" + tag;
            RecordMetadata last = publish(burst, bad, badKey);

            for (ObjectNode doc : routed) {
                await().atMost(Duration.ofSeconds(90)).until(() -> stored(doc) == 1);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(last) > last.offset());

            for (ObjectNode doc : routed) {
                assertThat(stored(doc)).as("stored once").isEqualTo(1);
            }
            for (ObjectNode doc : dropped) {
                assertThat(stored(doc))
                        .as("an incident no policy routes is not stored")
                        .isZero();
            }
            assertThat(stored(bad)).isZero();
            assertThat(db.sql("select coalesce(sum(count), 0) from intake_count"
                                    + " where site = 'demo' and source = 'eido' and result = 'NOT_ROUTED' and code = ?")
                            .param(unrouted)
                            .query(Long.class)
                            .single())
                    .as("each incident nobody routes counted once, by its call type")
                    .isEqualTo(dropped.size());
            assertThat(db.sql("select last_value from " + tag + "_tries")
                            .query(Long.class)
                            .single())
                    .as("the bad record tried doorway.intake.max-tries times in all")
                    .isEqualTo(maxTries);
            ConsumerRecord<byte[], byte[]> dead = deadLetter(badKey);
            assertThat(SealedCopies.sealed(dead.value()))
                    .as("the dead letter is sealed")
                    .isTrue();
            assertThat(SealedCopies.opened(admin(), base(), dead.value())).isEqualTo(EidoDocuments.bytes(bad));
            assertThat(header(dead, "doorway.error")).startsWith("unexpected error: ");
            assertThat(header(dead, "doorway.source.topic")).isEqualTo(TOPIC);
        } finally {
            db.sql("drop trigger if exists " + tag + "_refuse on referral").update();
            db.sql("drop function if exists " + tag + "_refuse()").update();
            db.sql("drop sequence if exists " + tag + "_tries").update();
        }

        // The next poll is taken in as usual.
        ObjectNode next = EidoDocuments.leadRequest();
        RecordMetadata after = publish(List.of(next), null, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(next) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(after) > after.offset());
    }

    @Test
    void aRecordIsTakenInWhileTheFeedKeepsFlowingNotWhenAPollIsFull() throws Exception {
        String unrouted =
                "NOISE COMPLAINT T" + Long.toString(System.nanoTime(), 36).toUpperCase();
        ObjectNode first = EidoDocuments.leadRequest();
        int trickle = 0;
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            TOPIC,
                            EidoDocuments.id(first).getBytes(StandardCharsets.UTF_8),
                            EidoDocuments.bytes(first)))
                    .get(10, TimeUnit.SECONDS);
            // A busy CAD never pauses: a record every 10 ms, never a poll that comes back empty.
            // Fewer than a full poll (doorway.intake.kafka.max-poll-records, 500) in all.
            while (stored(first) == 0 && trickle < 450) {
                ObjectNode noise = EidoDocuments.leadRequest(
                        doc -> EidoDocuments.incident(doc).put("incidentTypeInternalCode", unrouted));
                producer.send(new ProducerRecord<>(
                                TOPIC,
                                EidoDocuments.id(noise).getBytes(StandardCharsets.UTF_8),
                                EidoDocuments.bytes(noise)))
                        .get(10, TimeUnit.SECONDS);
                trickle++;
                Thread.sleep(10);
            }
        }
        assertThat(stored(first))
                .as("stored while the feed was still flowing (%d records after it), not once a poll filled up", trickle)
                .isEqualTo(1);
    }

    @Test
    void aPollWithAnUnreadableRecordIsCommittedTogetherAndTheUnreadableOneDeadLettered() throws Exception {
        String tag = "u" + Long.toString(System.nanoTime(), 36);
        String unrouted = "LOUD MUSIC " + tag.toUpperCase();
        ObjectNode routed = EidoDocuments.leadRequest();
        ObjectNode droppedOne =
                EidoDocuments.leadRequest(doc -> EidoDocuments.incident(doc).put("incidentTypeInternalCode", unrouted));
        ObjectNode droppedTwo =
                EidoDocuments.leadRequest(doc -> EidoDocuments.incident(doc).put("incidentTypeInternalCode", unrouted));
        ObjectNode unreadable = EidoDocuments.leadRequest(doc -> doc.put("eidoVersion", "9.9"));
        String key = "unreadable-" + tag;
        RecordMetadata last = publish(List.of(droppedOne, unreadable, routed, droppedTwo), unreadable, key);

        await().atMost(Duration.ofSeconds(30)).until(() -> stored(routed) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(last) > last.offset());
        ConsumerRecord<byte[], byte[]> dead = deadLetter(key);
        assertThat(SealedCopies.sealed(dead.value()))
                .as("the dead letter is sealed")
                .isTrue();
        assertThat(SealedCopies.opened(admin(), base(), dead.value())).isEqualTo(EidoDocuments.bytes(unreadable));
        assertThat(header(dead, "doorway.error"))
                .contains("Invalid EIDO document")
                .contains("/eidoVersion");
        assertThat(stored(unreadable)).isZero();
        assertThat(db.sql("select coalesce(sum(count), 0) from intake_count"
                                + " where site = 'demo' and source = 'eido' and result = 'NOT_ROUTED' and code = ?")
                        .param(unrouted)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    /** A trigger that refuses the referral of one incident, counting each try in a sequence no rollback undoes. */
    private void refuseInDatabase(String tag, String sourceId) {
        db.sql("create sequence " + tag + "_tries").update();
        db.sql("create function " + tag + "_refuse() returns trigger language plpgsql as $$ begin"
                        + " if new.source_id = '" + sourceId.replace("'", "''") + "' then"
                        + " perform nextval('" + tag + "_tries');"
                        + " raise exception 'refused by the test';"
                        + " end if; return new; end $$")
                .update();
        db.sql("create trigger " + tag + "_refuse before insert on referral for each row execute function " + tag
                        + "_refuse()")
                .update();
    }

    /** Publishes the documents back to back (the one given keyed by {@code specialKey}); the last one's place. */
    private RecordMetadata publish(List<ObjectNode> docs, ObjectNode special, String specialKey) throws Exception {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ObjectNode doc : docs) {
                String key = doc == special ? specialKey : EidoDocuments.id(doc);
                sent.add(producer.send(
                        new ProducerRecord<>(TOPIC, key.getBytes(StandardCharsets.UTF_8), EidoDocuments.bytes(doc))));
            }
            producer.flush();
            RecordMetadata last = null;
            for (Future<RecordMetadata> one : sent) {
                last = one.get(10, TimeUnit.SECONDS);
            }
            return last;
        }
    }

    private long stored(ObjectNode doc) {
        return db.sql("select count(*) from referral where source = 'eido' and source_id = ?")
                .param(EidoDocuments.id(doc))
                .query(Long.class)
                .single();
    }

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

    private ConsumerRecord<byte[], byte[]> deadLetter(String key) {
        Map<String, Object> props = KafkaTestUtils.consumerProps("batch-dead-letter-reader-" + key, "false", broker);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        found.add(r);
                    }
                }
                return !found.isEmpty();
            });
            // Anything else written for it would be behind it on the same partition by now.
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                    found.add(r);
                }
            }
            assertThat(found).as("dead-lettered once").hasSize(1);
            return found.get(0);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
