package org.doorway.intake.eido.conveyance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.doorway.intake.IntakeResult;
import org.doorway.intake.IntakeSource;
import org.doorway.intake.InvalidReferralException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Doorway's STA-024 subscriber against a fake CAD EIDO server over a real WebSocket, with its
 * subscriptions and leases in a real PostgreSQL (the embedded one, migrated as in production). The
 * intake route {@code direct:eido-conveyance} is a stand-in in a real Camel context, so a test can
 * hold, fail or refuse a document; whole-app behaviour is in {@link EidoConveyanceAppIT}.
 */
class EidoConveyanceSubscriberTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private static EmbeddedPostgres postgres;
    private static JdbcClient db;
    private static CamelContext camel;
    private static final Queue<Delivered> delivered = new ConcurrentLinkedQueue<>();
    private static volatile Stand stand = exchange -> {};

    /** What the stand-in intake route does with a document before "committing" it. */
    interface Stand {
        void take(Exchange exchange) throws Exception;
    }

    /** A document the stand-in intake took, and who it was said to come from. */
    record Delivered(IntakeSource source, String document) {}

    private final List<EidoConveyanceSubscriber> subscribers = new ArrayList<>();
    private final List<EidoConveyanceFakeCad> cads = new ArrayList<>();
    private String name;

    @BeforeAll
    static void startDatabaseAndCamel() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
        db = JdbcClient.create(postgres.getPostgresDatabase());
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("direct:eido-conveyance").routeId("stand-in-intake").process(exchange -> {
                    stand.take(exchange);
                    delivered.add(new Delivered(
                            exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class),
                            new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)));
                    exchange.getMessage().setBody(new IntakeResult(List.of(), List.of()));
                });
            }
        });
        camel.start();
    }

    @AfterAll
    static void stopDatabaseAndCamel() throws Exception {
        camel.stop();
        postgres.close();
    }

    @BeforeEach
    void freshServer() {
        name = "cad-" + SERVERS.incrementAndGet();
        stand = exchange -> {};
    }

    @AfterEach
    void stopAll() {
        subscribers.forEach(EidoConveyanceSubscriber::stop);
        cads.forEach(EidoConveyanceFakeCad::close);
    }

    // ------------------------------------------------------------------ helpers

    private EidoConveyanceFakeCad cad(EidoConveyanceFakeCad cad) {
        cads.add(cad);
        return cad;
    }

    private EidoConveyanceSubscriber subscriber(EidoConveyanceFakeCad cad, int expires) {
        EidoConveyanceSubscriber subscriber = new EidoConveyanceSubscriber(
                new EidoConveyanceProperties(LEASE, List.of(server(cad, expires))),
                new EidoConveyanceStore(db),
                new EidoConveyanceIntake(camel.createProducerTemplate(), 1 << 20));
        subscribers.add(subscriber);
        subscriber.onReady();
        return subscriber;
    }

    private EidoConveyanceProperties.Server server(EidoConveyanceFakeCad cad, int expires) {
        return new EidoConveyanceProperties.Server(
                name,
                URI.create(cad.url()),
                "demo",
                true,
                "test-cad-token",
                Map.of("X-Agency", "test-psap"),
                EidoConveyanceFakeCad.SUBPROTOCOL,
                new EidoConveyanceProperties.Subscription(
                        "EIDO",
                        "new",
                        "application/emergency.eido+json; version=\"1\"",
                        null,
                        null,
                        null,
                        null,
                        expires),
                new EidoConveyanceProperties.Reconnect(Duration.ofMillis(50), Duration.ofMillis(400)),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofMillis(200),
                Duration.ofSeconds(30),
                1 << 20);
    }

    private EidoConveyanceSubscriber started(EidoConveyanceFakeCad cad) {
        EidoConveyanceSubscriber subscriber = subscriber(cad, 3600);
        subscriber.start();
        return subscriber;
    }

    private Optional<EidoConveyanceStore.Row> row() {
        return new EidoConveyanceStore(db).find(name);
    }

    private static JsonNode eido(String id) {
        return JSON.createObjectNode().put("$id", id).put("eidoVersion", "1.0");
    }

    private static String newId() {
        return "urn:emergency:uid:incidentid:" + UUID.randomUUID() + ":cad.test";
    }

    private static List<String> deliveredIds() {
        return delivered.stream()
                .map(d -> d.document().contains("\"$id\"") ? readId(d.document()) : "")
                .toList();
    }

    private static String readId(String document) {
        try {
            return JSON.readTree(document).path("$id").asText();
        } catch (Exception e) {
            return "";
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void subscribesToNewIncidentsWithItsCredentialsAndSubProtocolAndStoresTheSubscription() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.strict());
        EidoConveyanceSubscriber subscriber = started(cad);

        String subscription = cad.awaitSubscription();

        JsonNode subscribe = cad.received("subscribe").get(0);
        assertThat(subscribe.path("requestType").asText()).isEqualTo("EIDO");
        assertThat(subscribe.path("requestSubType").asText()).isEqualTo("new");
        assertThat(subscribe.path("requestAccepts").asText())
                .isEqualTo("application/emergency.eido+json; version=\"1\"");
        assertThat(subscribe.path("expires").asInt()).isEqualTo(3600);
        assertThat(subscribe.has("subscriptionId")).isFalse();
        Map<String, String> handshake = cad.handshakes().get(0);
        assertThat(handshake)
                .containsEntry("authorization", "Bearer test-cad-token")
                .containsEntry("x-agency", "test-psap")
                .containsEntry("sec-websocket-protocol", EidoConveyanceFakeCad.SUBPROTOCOL);
        EidoConveyanceStore.Row row = await().until(
                        this::row,
                        r -> r.isPresent() && subscription.equals(r.get().subscriptionId()))
                .get();
        assertThat(row.holder()).isEqualTo(subscriber.instance());
        assertThat(row.expiresAt()).isAfter(java.time.Instant.now().plusSeconds(3000));
    }

    @Test
    void answersANotificationOnlyOnceItsEidoWasTakenInAndRecordsTheTransaction() throws Exception {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.strict());
        started(cad);
        String subscription = cad.awaitSubscription();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        stand = exchange -> {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
        };
        String id = newId();

        String transaction = cad.notify(subscription, eido(id));

        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(cad.received("eventResponse")).isEmpty(); // intake has not returned: nothing acknowledged
        release.countDown();
        JsonNode response = cad.awaitEventResponse(transaction);
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("statusText").asText()).isEqualTo("OK");
        Delivered taken = delivered.stream()
                .filter(d -> d.document().contains(id))
                .findFirst()
                .orElseThrow();
        assertThat(taken.source()).isEqualTo(new IntakeSource("demo", "websocket:" + name));
        await().until(
                        () -> row().map(EidoConveyanceStore.Row::lastTransactionId)
                                .orElse(""),
                        transaction::equals);
        assertThat(row().orElseThrow().lastTransactionStatus()).isEqualTo(200);
    }

    @Test
    void takesEveryEidoOfANotificationInOrderAndAnswersAKeepAliveWithoutTakingAnything() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.strict());
        started(cad);
        String subscription = cad.awaitSubscription();
        String first = newId();
        String second = newId();
        int before = delivered.size();

        String keepAlive = cad.notify(subscription);
        assertThat(cad.awaitEventResponse(keepAlive).path("statusCode").asInt()).isEqualTo(200);
        assertThat(delivered).hasSize(before);

        String transaction = cad.notify(subscription, eido(first), eido(second));
        assertThat(cad.awaitEventResponse(transaction).path("statusCode").asInt())
                .isEqualTo(200);
        assertThat(deliveredIds()).containsSubsequence(first, second);
    }

    @Test
    void answersUnreadableDocumentsWith400NamingWhereAndWhyButNoValueAndStillTakesTheGoodOnes() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.strict());
        started(cad);
        String subscription = cad.awaitSubscription();
        stand = exchange -> {
            if (new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8).contains("\"9.9\"")) {
                throw new InvalidReferralException(
                        "Invalid EIDO document", "/eidoVersion", "unsupported EIDO version: only 1.0 is accepted");
            }
        };
        String good = newId();
        JsonNode unreadable = JSON.createObjectNode()
                .put("$id", newId())
                .put("eidoVersion", "9.9")
                .put("personName", "Jane Roe");

        String transaction =
                cad.notify(subscription, unreadable, JSON.getNodeFactory().numberNode(42), eido(good));

        JsonNode response = cad.awaitEventResponse(transaction);
        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(response.path("statusText").asText())
                .contains("notification/0/eidoVersion: unsupported EIDO version")
                .contains("notification/1: not an EIDO object")
                .doesNotContain("Jane")
                .doesNotContain(unreadable.path("$id").asText())
                .doesNotContain("9.9");
        assertThat(deliveredIds())
                .contains(good)
                .doesNotContain(unreadable.path("$id").asText());
        assertThat(cad.connections()).isEqualTo(1); // refused, not retried: the subscription carries on
    }

    @Test
    void refusesAnEidoOverTheSizeLimitWith413AndStillTakesTheOthers() {
        EidoConveyanceIntake intake = new EidoConveyanceIntake(camel.createProducerTemplate(), 200);
        String small = newId();
        String large = newId();
        byte[] largeDocument = JSON.createObjectNode()
                .put("$id", large)
                .put("padding", "x".repeat(300))
                .toString()
                .getBytes(StandardCharsets.UTF_8);

        EidoConveyanceIntake.Outcome outcome = intake.deliver(
                server(cad(EidoConveyanceFakeCad.strict()), 3600),
                List.of(
                        new EidoConveyanceCodec.Notified(largeDocument, null),
                        new EidoConveyanceCodec.Notified(
                                eido(small).toString().getBytes(StandardCharsets.UTF_8), null)));

        assertThat(outcome.statusCode()).isEqualTo(413);
        assertThat(outcome.statusText()).isEqualTo("Payload Too Large: notification/0 exceeds 200 bytes");
        assertThat(outcome.stored()).isEqualTo(1);
        assertThat(deliveredIds()).contains(small).doesNotContain(large);
    }

    @Test
    void answers503WhenAnEidoCannotBeStoredThenSubscribesAnewSoTheServerSendsItAgain() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.resumable());
        AtomicInteger failures = new AtomicInteger(1);
        stand = exchange -> {
            if (failures.getAndDecrement() > 0) {
                throw new org.springframework.dao.DataAccessResourceFailureException("database unreachable");
            }
        };
        String id = newId();
        // As STA-024 requires, a new subscription is sent every active incident at once.
        cad.onNewSubscription(subscription -> {
            if (!subscription.equals("sub-1")) {
                new Thread(() -> cad.notify(subscription, eido(id))).start();
            }
        });
        started(cad);
        String first = cad.awaitSubscription();

        String transaction = cad.notify(first, eido(id));

        JsonNode response = cad.awaitEventResponse(transaction);
        assertThat(response.path("statusCode").asInt()).isEqualTo(503);
        String second = cad.awaitSubscriptionOtherThan(first);
        assertThat(cad.connections()).isEqualTo(2);
        await().until(() -> deliveredIds().contains(id));
        JsonNode stale = cad.awaitReceived(
                "unsubscribe", body -> first.equals(body.path("subscriptionId").asText()));
        assertThat(stale).isNotNull();
        await().until(() -> row().map(EidoConveyanceStore.Row::subscriptionId).orElse(""), second::equals);
        assertThat(row().orElseThrow().resync()).isFalse();
    }

    @Test
    void answersAsFailedAnEidoThatCannotBeStoredForAReasonOtherThanAnOutageAndKeepsItAsADeadLetter() {
        List<String> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
        EidoConveyanceIntake intake = new EidoConveyanceIntake(
                camel.createProducerTemplate(), 1 << 20, (source, route, reason, document) -> kept.add(reason));
        String poison = newId();
        String good = newId();
        stand = exchange -> {
            if (new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8).contains(poison)) {
                throw new IllegalStateException("a value no column can hold");
            }
        };

        EidoConveyanceIntake.Outcome outcome = intake.deliver(
                server(cad(EidoConveyanceFakeCad.strict()), 3600),
                List.of(
                        new EidoConveyanceCodec.Notified(
                                eido(poison).toString().getBytes(StandardCharsets.UTF_8), null),
                        new EidoConveyanceCodec.Notified(
                                eido(good).toString().getBytes(StandardCharsets.UTF_8), null)));

        assertThat(outcome.statusCode()).as("failed, not 'send again'").isEqualTo(422);
        assertThat(outcome.unstored()).as("no resubscription").isFalse();
        assertThat(outcome.statusText()).contains("notification/0").contains("IllegalStateException");
        assertThat(outcome.stored()).isEqualTo(1);
        assertThat(deliveredIds()).contains(good);
        assertThat(kept).singleElement().asString().contains("could not be stored");
    }

    @Test
    void reconnectsWhenTheConnectionDropsAndSubscribesAnewWhenTheServerForgotTheSubscription() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.strict());
        started(cad);
        String first = cad.awaitSubscription();

        cad.dropConnections();

        String second = cad.awaitSubscriptionOtherThan(first);
        assertThat(cad.connections()).isEqualTo(2);
        List<JsonNode> subscribes = cad.received("subscribe");
        assertThat(subscribes.get(1).path("subscriptionId").asText()).isEqualTo(first); // tried to resume
        assertThat(subscribes.get(2).has("subscriptionId")).isFalse(); // 481, so anew
        assertThat(cad.received("unsubscribe")).isEmpty(); // 481: nothing stale left
        await().until(() -> row().map(EidoConveyanceStore.Row::subscriptionId).orElse(""), second::equals);
        String id = newId();
        assertThat(cad.awaitEventResponse(cad.notify(second, eido(id)))
                        .path("statusCode")
                        .asInt())
                .isEqualTo(200);
    }

    @Test
    void resumesTheSameSubscriptionAfterADropWhenTheServerKeptIt() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.resumable());
        started(cad);
        String subscription = cad.awaitSubscription();

        cad.dropConnections();

        await().until(() -> cad.connections() == 2 && cad.received("subscribe").size() == 2);
        assertThat(cad.received("subscribe").get(1).path("subscriptionId").asText())
                .isEqualTo(subscription);
        assertThat(cad.received("subscribe").get(1).has("requestType")).isFalse();
        String id = newId();
        await().until(() -> cad.openConnections() == 1);
        assertThat(cad.awaitEventResponse(cad.notify(subscription, eido(id)))
                        .path("statusCode")
                        .asInt())
                .isEqualTo(200);
        assertThat(row().orElseThrow().subscriptionId()).isEqualTo(subscription);
    }

    @Test
    void refreshesTheSubscriptionBeforeItExpiresOnTheSameConnection() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.strict());
        subscriber(cad, 2).start();
        String subscription = cad.awaitSubscription();

        JsonNode refresh = cad.awaitReceived(
                "subscribe",
                body -> subscription.equals(body.path("subscriptionId").asText(null)));

        assertThat(refresh.path("expires").asInt()).isEqualTo(2);
        assertThat(refresh.has("requestType")).isFalse();
        assertThat(cad.connections()).isEqualTo(1);
    }

    @Test
    void answersTerminateAndSubscribesAgainAfterTheConfiguredDelay() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.strict());
        started(cad);
        String first = cad.awaitSubscription();

        String request = cad.terminate(first);

        JsonNode answer = cad.awaitReceived(
                "terminateResponse",
                body -> request.equals(body.path("requestId").asText()));
        assertThat(answer.path("subscriptionId").asText()).isEqualTo(first);
        assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
        String second = cad.awaitSubscriptionOtherThan(first);
        assertThat(cad.connections()).isEqualTo(1);
        await().until(() -> row().map(EidoConveyanceStore.Row::subscriptionId).orElse(""), second::equals);
    }

    @Test
    void answersTheServersPingWithAPong() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.strict());
        started(cad);
        cad.awaitSubscription();

        cad.ping();

        await().until(() -> cad.pongs() >= 1);
    }

    @Test
    void keepsItsSubscriptionAcrossAStopAndAFreshStart() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.resumable());
        EidoConveyanceSubscriber before = started(cad);
        String subscription = cad.awaitSubscription();
        await().until(() -> row().map(EidoConveyanceStore.Row::subscriptionId).orElse(""), subscription::equals);

        before.stop();

        EidoConveyanceStore.Row stopped = row().orElseThrow();
        assertThat(stopped.subscriptionId()).isEqualTo(subscription);
        assertThat(stopped.holder()).isNull();
        assertThat(cad.received("unsubscribe")).isEmpty();

        EidoConveyanceSubscriber after = started(cad);
        JsonNode resume = cad.awaitReceived(
                "subscribe",
                body -> subscription.equals(body.path("subscriptionId").asText(null)));
        assertThat(resume).isNotNull();
        await().until(() -> row().map(EidoConveyanceStore.Row::holder).orElse(""), after.instance()::equals);
        assertThat(cad.received("subscribe")).hasSize(2);
        assertThat(row().orElseThrow().subscriptionId()).isEqualTo(subscription);
    }

    @Test
    void onlyOneInstanceHoldsAServerAndAnotherTakesItOverWhenThatOneStops() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.resumable());
        EidoConveyanceSubscriber first = started(cad);
        String subscription = cad.awaitSubscription();
        EidoConveyanceSubscriber second = started(cad);

        await().pollDelay(LEASE.multipliedBy(2)).until(() -> true); // the second has tried several times
        assertThat(cad.connections()).isEqualTo(1);
        assertThat(row().orElseThrow().holder()).isEqualTo(first.instance());

        first.stop();

        await().until(() -> row().map(EidoConveyanceStore.Row::holder).orElse(""), second.instance()::equals);
        await().until(() -> cad.received("subscribe").size() == 2);
        assertThat(cad.received("subscribe").get(1).path("subscriptionId").asText())
                .isEqualTo(subscription);
        assertThat(cad.connections()).isEqualTo(2);
        String id = newId();
        await().until(() -> cad.openConnections() == 1);
        assertThat(cad.awaitEventResponse(cad.notify(subscription, eido(id)))
                        .path("statusCode")
                        .asInt())
                .isEqualTo(200);
    }

    @Test
    void givesTheServerUpWhenAnotherInstanceTookItsLeaseAndTakesItBackWhenThatLeaseLapses() {
        EidoConveyanceFakeCad cad = cad(EidoConveyanceFakeCad.resumable());
        EidoConveyanceSubscriber subscriber = started(cad);
        String subscription = cad.awaitSubscription();
        await().until(() -> row().map(EidoConveyanceStore.Row::subscriptionId).orElse(""), subscription::equals);

        db.sql(
                        "update eido_subscription set holder = 'another-instance', lease_until = now() + interval '1 hour' where server = ?")
                .param(name)
                .update();

        await().until(() -> cad.openConnections() == 0);
        assertThat(cad.connections()).isEqualTo(1);

        db.sql("update eido_subscription set lease_until = now() - interval '1 second' where server = ?")
                .param(name)
                .update();

        await().until(() -> row().map(EidoConveyanceStore.Row::holder).orElse(""), subscriber.instance()::equals);
        JsonNode resume = cad.awaitReceived(
                "subscribe",
                body -> subscription.equals(body.path("subscriptionId").asText(null)));
        assertThat(resume).isNotNull();
        assertThat(cad.connections()).isEqualTo(2);
    }
}
