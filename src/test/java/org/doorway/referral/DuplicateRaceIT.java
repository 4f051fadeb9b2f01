package org.doorway.referral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two systems report the same person at the same moment (two CAD incidents for one person, each
 * asking for a warm handoff): whichever is stored second is linked to the first and pages nobody
 * again, even when both arrive together. Raced several times, each time with a new person.
 */
class DuplicateRaceIT extends DoorwayAppIT {

    private static final int ROUNDS = 6;

    @Autowired
    JdbcClient db;

    private static ObjectNode leadFor(String surname) {
        return EidoDocuments.leadRequest(doc -> {
            String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
            doc.put("lastUpdateTimeStamp", now);
            EidoDocuments.incident(doc).put("lastUpdateTimeStamp", now);
            doc.path("callComponent").forEach(call -> ((ObjectNode) call).put("callStartTimestamp", now));
            EidoDocuments.setSurname(doc, surname);
        });
    }

    @Test
    void theSamePersonFromTwoSystemsAtTheSameMomentGetsOneHandoff() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String surname = "Racer " + UUID.randomUUID().toString().substring(0, 8);
                List<byte[]> bodies =
                        List.of(EidoDocuments.bytes(leadFor(surname)), EidoDocuments.bytes(leadFor(surname)));
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Response>> answers = new ArrayList<>();
                for (byte[] body : bodies) {
                    answers.add(pool.submit(() -> {
                        together.await();
                        return postEido(DEMO_KEY, body);
                    }));
                }
                List<UUID> ids = new ArrayList<>();
                int duplicates = 0;
                for (Future<Response> answer : answers) {
                    Response response = answer.get();
                    assertThat(response.status())
                            .as("answer: %s", response.body())
                            .isEqualTo(202);
                    JsonNode created = response.json().path("referrals").get(0);
                    assertThat(created.path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");
                    ids.add(UUID.fromString(created.path("id").asText()));
                    if (created.hasNonNull("duplicateOf")) {
                        duplicates++;
                    }
                }
                int handoffs = db.sql("select count(*) from handoff where referral_id in (?, ?)")
                        .params(ids.get(0), ids.get(1))
                        .query(Integer.class)
                        .single();
                assertThat(handoffs)
                        .as("handoffs for one person in round %d", round)
                        .isEqualTo(1);
                assertThat(duplicates).as("the second is linked to the first").isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Autowired
    Duplicates duplicates;

    @Autowired
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Test
    void aReferralStoredBeforeMatchKeysExistedIsKeyedAtStartAndFoundAsTheEarlierOne() throws Exception {
        String surname = "Stored " + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode later = leadFor(surname);
        JsonNode person = later.get("personComponent").get(0).get("ncPersonComponent");
        Referral before = new Referral(
                "demo",
                Door.SOCIAL_CONTACT,
                "eido",
                "urn:emergency:uid:incidentid:before-" + UUID.randomUUID() + ":cad.test.example",
                java.time.Instant.now(),
                java.time.Instant.now(),
                null,
                null,
                List.of(),
                null,
                List.of(new Referral.Person(
                        List.of("Subject"),
                        person.at("/name/0/personGivenName/0/value").asText(),
                        surname,
                        null,
                        null,
                        null,
                        null)),
                List.of(),
                List.of());
        UUID id = UUID.randomUUID();
        // As a referral of the release before match keys was stored: a row and nothing else.
        db.sql("""
                        insert into referral (id, short_ref, site, door, source, source_id, channel, received_at, body)
                        values (?, short_ref(nextval('referral_ref_seq')), 'demo', 'SOCIAL_CONTACT', 'eido', ?,
                                'http:test', now(), cast(? as jsonb))""")
                .params(id, before.sourceId(), json.writeValueAsString(before))
                .update();

        duplicates.afterSingletonsInstantiated();
        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(later))
                .json()
                .path("referrals")
                .get(0);

        assertThat(created.path("duplicateOf").asText()).isEqualTo(id.toString());
    }
}
