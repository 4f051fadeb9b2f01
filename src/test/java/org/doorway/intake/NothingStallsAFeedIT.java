package org.doorway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * One record never stops a feed (issue 11, item 5): a record either commits, is refused with its
 * reason, or goes to its door's dead letter after a bounded number of tries. The measured case: an
 * EIDO whose {@code $id} is 5,000 hex characters, which PostgreSQL's unique index cannot hold,
 * was answered {@code 503} "send again" for ever over HTTP and held its Kafka partition for ever.
 */
class NothingStallsAFeedIT extends DoorwayAppIT {

    @Autowired
    JdbcClient db;

    @Autowired
    EmbeddedKafkaBroker broker;

    @org.springframework.beans.factory.annotation.Value("${doorway.intake.max-tries}")
    int maxTries;

    private static String hex(int length) {
        byte[] bytes = new byte[length / 2];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static ObjectNode withLongId() {
        ObjectNode doc = EidoDocuments.leadRequest();
        doc.put("$id", hex(5000));
        return doc;
    }

    @Test
    void refusesAnIdentifierTooLongToIndexOnceWithAProblemAndKeepsTheBodyForAdministrators() {
        ObjectNode doc = withLongId();
        byte[] body = EidoDocuments.bytes(doc);

        Response first = postEido(DEMO_KEY, body);
        Response again = postEido(DEMO_KEY, body);

        for (Response refused : List.of(first, again)) {
            assertThat(refused.status())
                    .as("a client error, never 'send again'")
                    .isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            JsonNode error = refused.json().path("errors").get(0);
            assertThat(error.path("field").asText()).contains("sourceId");
            assertThat(error.path("reason").asText()).contains("longer than 200 characters");
            assertThat(refused.body()).doesNotContain(EidoDocuments.id(doc));
        }
        assertThat(db.sql("select count(*) from referral where source_id = ?")
                        .param(EidoDocuments.id(doc))
                        .query(Long.class)
                        .single())
                .isZero();

        Response listed = call(admin(), "GET", "/api/v1/dead-letters?site=demo", null);
        assertThat(listed.status()).isEqualTo(200);
        JsonNode kept = null;
        for (JsonNode letter : listed.json().path("deadLetters")) {
            if (letter.path("bytes").asInt() == body.length
                    && letter.path("reason").asText().contains("sourceId")) {
                kept = letter;
            }
        }
        assertThat(kept).as("the refused body is listed for administrators").isNotNull();
        assertThat(kept.path("times").asInt()).as("kept once, counted twice").isEqualTo(2);
        assertThat(kept.path("route").asText()).isEqualTo("eido-http");
        assertThat(kept.path("channel").asText()).startsWith("http:");
        assertThat(listed.body()).doesNotContain(EidoDocuments.id(doc));

        Response page = call(admin(), "GET", "/dashboard/dead-letters", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("eido-http").doesNotContain(EidoDocuments.id(doc));
        assertThat(page.body())
                .contains("/api/v1/dead-letters/" + kept.path("id").asLong() + "/body");

        Response original =
                call(admin(), "GET", "/api/v1/dead-letters/" + kept.path("id").asLong() + "/body", null);
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.body())
                .as("an administrator downloads the original to inspect or send again")
                .isEqualTo(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(db.sql("select count(*) from access_audit where request = 'GET /api/v1/dead-letters/{id}/body'"
                                + " and action = 'READ' and record_id = ?")
                        .param(String.valueOf(kept.path("id").asLong()))
                        .query(Long.class)
                        .single())
                .as("the download is in the access audit")
                .isPositive();
    }

    @Test
    void opensOnlySealedCopiesAndOnlyForAdministrators() {
        var notSealed = SealedCopies.open(admin(), base(), "plain text".getBytes(StandardCharsets.UTF_8));
        assertThat(notSealed.statusCode()).isEqualTo(400);
        assertThat(notSealed.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        Response source =
                send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/api/v1/dead-letters/open"))
                        .header("X-Api-Key", DEMO_KEY)
                        .header("Content-Type", "application/octet-stream")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("~S1.1.abc")));
        assertThat(source.status()).isEqualTo(403);
    }

    @Test
    void showsRefusedBodiesToAdministratorsOnly() {
        Response source = get("/api/v1/dead-letters", DEMO_KEY);

        assertThat(source.status()).isEqualTo(403);
        assertThat(source.contentType()).startsWith("application/problem+json");
    }

    @Test
    void deadLettersAKafkaRecordWhoseIdIsTooLongAndTakesTheNextOne() throws Exception {
        ObjectNode bad = withLongId();
        ObjectNode good = EidoDocuments.leadRequest();
        String key = "too-long-" + System.nanoTime();
        Map<String, Object> producerProps = KafkaTestUtils.producerProps(broker);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            "doorway.eido", key.getBytes(StandardCharsets.UTF_8), EidoDocuments.bytes(bad)))
                    .get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(
                            "doorway.eido",
                            EidoDocuments.id(good).getBytes(StandardCharsets.UTF_8),
                            EidoDocuments.bytes(good)))
                    .get(10, TimeUnit.SECONDS);
        }

        // The record behind it is taken in: the partition is not held by the bad one.
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> db.sql("select short_ref from referral where source_id = ?")
                                .param(EidoDocuments.id(good))
                                .query(String.class)
                                .optional(),
                        Optional::isPresent);
        Map<String, Object> props = KafkaTestUtils.consumerProps("too-long-reader-" + key, "false", broker);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("doorway.eido.dead-letter"));
            ConsumerRecord<byte[], byte[]> dead = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> {
                                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                                        return r;
                                    }
                                }
                                return null;
                            },
                            r -> r != null);
            assertThat(SealedCopies.opened(admin(), base(), dead.value())).isEqualTo(EidoDocuments.bytes(bad));
            assertThat(new String(dead.headers().lastHeader("doorway.error").value(), StandardCharsets.UTF_8))
                    .contains("sourceId")
                    .doesNotContain(EidoDocuments.id(bad));
        }
    }

    /**
     * A record that fails otherwise than by an outage or a refusal: the database itself refuses
     * its referral (a trigger this test adds for that one source id, counting each try in a
     * sequence, which no rollback undoes). It is tried {@code doorway.intake.max-tries} times in
     * all, then goes to the dead-letter topic with its offset committed, and the record behind it
     * on the partition is taken in.
     */
    @Test
    void deadLettersAKafkaRecordTheDatabaseWillNotStoreAfterItsTriesAndTakesTheNextOne() throws Exception {
        ObjectNode bad = EidoDocuments.leadRequest();
        ObjectNode good = EidoDocuments.leadRequest();
        String tag = "t" + Long.toString(System.nanoTime(), 36);
        db.sql("create sequence " + tag + "_tries").update();
        db.sql("create function " + tag + "_refuse() returns trigger language plpgsql as $$ begin"
                        + " if new.source_id = '" + EidoDocuments.id(bad).replace("'", "''") + "' then"
                        + " perform nextval('" + tag + "_tries');"
                        + " raise exception 'refused by the test';"
                        + " end if; return new; end $$")
                .update();
        db.sql("create trigger " + tag + "_refuse before insert on referral for each row execute function " + tag
                        + "_refuse()")
                .update();
        try {
            String key = "refused-" + tag;
            long goodOffset;
            Map<String, Object> producerProps = KafkaTestUtils.producerProps(broker);
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(
                                "doorway.eido", key.getBytes(StandardCharsets.UTF_8), EidoDocuments.bytes(bad)))
                        .get(10, TimeUnit.SECONDS);
                goodOffset = producer.send(new ProducerRecord<>(
                                "doorway.eido",
                                EidoDocuments.id(good).getBytes(StandardCharsets.UTF_8),
                                EidoDocuments.bytes(good)))
                        .get(10, TimeUnit.SECONDS)
                        .offset();
            }

            // The record behind it is taken in: the partition is not held by the refused one.
            await().atMost(Duration.ofSeconds(90))
                    .until(
                            () -> db.sql("select short_ref from referral where source_id = ?")
                                    .param(EidoDocuments.id(good))
                                    .query(String.class)
                                    .optional(),
                            Optional::isPresent);
            assertThat(db.sql("select count(*) from referral where source_id = ?")
                            .param(EidoDocuments.id(bad))
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(db.sql("select last_value from " + tag + "_tries")
                            .query(Long.class)
                            .single())
                    .as("tried doorway.intake.max-tries times in all")
                    .isEqualTo(maxTries);

            Map<String, Object> props = KafkaTestUtils.consumerProps("refused-reader-" + tag, "false", broker);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of("doorway.eido.dead-letter"));
                ConsumerRecord<byte[], byte[]> dead = await().atMost(Duration.ofSeconds(20))
                        .until(
                                () -> {
                                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                                        if (r.key() != null
                                                && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                                            return r;
                                        }
                                    }
                                    return null;
                                },
                                r -> r != null);
                assertThat(SealedCopies.opened(admin(), base(), dead.value())).isEqualTo(EidoDocuments.bytes(bad));
                assertThat(new String(dead.headers().lastHeader("doorway.error").value(), StandardCharsets.UTF_8))
                        .startsWith("unexpected error: ")
                        .doesNotContain(EidoDocuments.id(bad));
            }

            // Both offsets are committed: a restarted consumer would not read the refused one again.
            try (var admin = org.apache.kafka.clients.admin.AdminClient.create(
                    Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
                var partition = new org.apache.kafka.common.TopicPartition("doorway.eido", 0);
                long committed = await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> {
                                    var offsets = admin.listConsumerGroupOffsets("doorway")
                                            .partitionsToOffsetAndMetadata()
                                            .get(10, TimeUnit.SECONDS);
                                    var at = offsets.get(partition);
                                    return at == null ? -1L : at.offset();
                                },
                                offset -> offset > goodOffset);
                assertThat(committed).isGreaterThan(goodOffset);
            }
        } finally {
            db.sql("drop trigger if exists " + tag + "_refuse on referral").update();
            db.sql("drop function if exists " + tag + "_refuse()").update();
            db.sql("drop sequence if exists " + tag + "_tries").update();
        }
    }
}
