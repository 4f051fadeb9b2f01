package org.doorway.intake.eido.conveyance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole of Doorway subscribed to a CAD's EIDO server over a NENA-STA-024 WebSocket (a fake
 * server in this JVM that keeps subscriptions across connections): a notified LEAD EIDO is stored
 * and pages the on-call case manager, and the server hears 200 only once the referral is
 * committed; an unreadable one is refused with a 4xx and stores nothing; a resend stores nothing
 * twice; and the subscription outlives a restart of the subscriber.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EidoConveyanceAppIT extends DoorwayAppIT {

    private static final String SERVER = "test-cad";
    private static final EidoConveyanceFakeCad CAD = EidoConveyanceFakeCad.resumable();

    @DynamicPropertySource
    static void cad(DynamicPropertyRegistry registry) {
        String server = "doorway.intake.eido-conveyance.servers[0].";
        registry.add(server + "name", () -> SERVER);
        registry.add(server + "url", CAD::url);
        registry.add(server + "site", () -> "demo");
        registry.add(server + "bearer-token", () -> "test-cad-token");
        registry.add(server + "reconnect.initial", () -> "PT0.05S");
        registry.add(server + "reconnect.max", () -> "PT0.5S");
        registry.add("doorway.intake.eido-conveyance.lease", () -> "PT2S");
    }

    @Autowired
    JdbcClient db;

    @Autowired
    EidoConveyanceSubscriber subscriber;

    @AfterAll
    void stopSubscriberThenCad() {
        subscriber.stop();
        CAD.close();
    }

    private boolean stored(String incidentId) {
        return db.sql("select count(*) from referral where source = 'eido' and source_id = ?")
                        .param(incidentId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private Optional<EidoConveyanceStore.Row> row() {
        return new EidoConveyanceStore(db).find(SERVER);
    }

    @Test
    void storesANotifiedLeadEidoAnswers200OnlyOnceCommittedAndPagesTheCaseManager() {
        String subscription = CAD.awaitSubscription();
        ObjectNode doc = EidoDocuments.leadRequest();
        String incident = EidoDocuments.id(doc);
        Map<String, Boolean> storedWhenAnswered = new ConcurrentHashMap<>();
        CAD.onEventResponse(response ->
                storedWhenAnswered.put(response.path("transactionId").asText(), stored(incident)));

        String transaction = CAD.notify(subscription, doc);

        JsonNode response = CAD.awaitEventResponse(transaction);
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(storedWhenAnswered.get(transaction)).isTrue();
        Map<String, Object> referral = db.sql(
                        "select short_ref, channel, site from referral where source = 'eido' and source_id = ?")
                .param(incident)
                .query()
                .singleRow();
        assertThat(referral).containsEntry("channel", "websocket:" + SERVER).containsEntry("site", "demo");
        String shortRef = (String) referral.get("short_ref");
        twilio.awaitSms(sms -> sms.body().contains(shortRef));
    }

    @Test
    void answersAnUnreadableEidoWith4xxNamingTheProblemAndStoresNothing() {
        String subscription = CAD.awaitSubscription();
        ObjectNode doc = EidoDocuments.leadRequest(d -> d.put("eidoVersion", "9.9"));
        String incident = EidoDocuments.id(doc);

        String transaction = CAD.notify(subscription, doc);

        JsonNode response = CAD.awaitEventResponse(transaction);
        assertThat(response.path("statusCode").asInt()).isBetween(400, 499);
        assertThat(response.path("statusText").asText())
                .contains("notification/0/eidoVersion")
                .doesNotContain(incident)
                .doesNotContain("9.9");
        assertThat(stored(incident)).isFalse();
        assertThat(db.sql("select last_error from feed_heartbeat where site = 'demo' and channel = ?")
                        .param("websocket:" + SERVER)
                        .query(String.class)
                        .optional())
                .as("the feeds page shows the refusal")
                .hasValueSatisfying(
                        error -> assertThat(error).contains("eidoVersion").doesNotContain("9.9"));
    }

    @Test
    void aResentNotificationIsAnsweredAgainButStoredOnce() {
        String subscription = CAD.awaitSubscription();
        ObjectNode doc = EidoDocuments.leadRequest();

        String first = CAD.notify(subscription, doc);
        assertThat(CAD.awaitEventResponse(first).path("statusCode").asInt()).isEqualTo(200);
        String again = CAD.notify(subscription, doc);
        assertThat(CAD.awaitEventResponse(again).path("statusCode").asInt()).isEqualTo(200);

        assertThat(db.sql("select count(*) from referral where source_id = ?")
                        .param(EidoDocuments.id(doc))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void keepsTheSubscriptionIdAcrossARestartOfTheSubscriber() {
        String subscription = CAD.awaitSubscription();
        await().until(() -> row().map(EidoConveyanceStore.Row::subscriptionId).orElse(""), subscription::equals);
        int subscribesBefore = CAD.received("subscribe").size();

        subscriber.stop();

        EidoConveyanceStore.Row stopped = row().orElseThrow();
        assertThat(stopped.subscriptionId()).isEqualTo(subscription);
        assertThat(stopped.holder()).isNull();

        subscriber.start();

        await().until(() -> CAD.received("subscribe").size() > subscribesBefore);
        JsonNode resumed = CAD.received("subscribe").get(subscribesBefore);
        assertThat(resumed.path("subscriptionId").asText()).isEqualTo(subscription);
        await().until(() -> row().map(EidoConveyanceStore.Row::holder).orElse(""), subscriber.instance()::equals);
        assertThat(row().orElseThrow().subscriptionId()).isEqualTo(subscription);
        await().until(() -> CAD.openConnections() == 1);
        ObjectNode doc = EidoDocuments.leadRequest();
        String transaction = CAD.notify(subscription, doc);
        assertThat(CAD.awaitEventResponse(transaction).path("statusCode").asInt())
                .isEqualTo(200);
        assertThat(stored(EidoDocuments.id(doc))).isTrue();
    }
}
