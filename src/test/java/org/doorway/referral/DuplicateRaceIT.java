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
}
