package org.doorway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.doorway.DoorwayAppIT;
import org.doorway.intake.DirectIntake;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Triage's staff endpoints on the running application: the Operations Work Group's review of a
 * referral, the participant registry and the golden thread, and a sergeant's late override.
 */
class TriageApiIT extends DoorwayAppIT {

    @Autowired
    DirectIntake intake;

    private static boolean lists(JsonNode array, String referralId) {
        return StreamSupport.stream(array.spliterator(), false)
                .anyMatch(item -> item.path("referralId").asText().equals(referralId));
    }

    @Test
    void aForwardWithoutCallTypeWaitsForTheOwgWhichApprovesItWithAReasonAndOutreachIsQueued() throws Exception {
        // A call taker forwards a 911 call to LEAD without coding it, as in the NENA sample.
        ObjectNode doc = EidoDocuments.leadRequest(d -> {
            EidoDocuments.incident(d).remove("incidentTypeInternalCode");
            ((ObjectNode) d.get("agentComponent").get(0))
                    .putArray("agentRoleRegistryText")
                    .add("Call Taking");
        });
        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(doc))
                .json()
                .path("referrals")
                .get(0);
        String id = created.path("id").asText();
        assertThat(created.path("door").asText()).isEqualTo("COMMUNITY");
        assertThat(created.path("outcome").asText())
                .as(referral(id, DEMO_KEY).path("decision").toString())
                .isEqualTo("OWG_REVIEW");
        assertThat(call(admin(), "GET", "/api/v1/referrals/" + id, null)
                        .json()
                        .path("decision")
                        .path("reasons")
                        .toString())
                .contains("routing.without-call-type")
                .contains("policy demo-2026.1");
        HttpClient admin = admin();

        Response pending = call(admin, "GET", "/api/v1/owg/pending?site=demo", null);
        assertThat(pending.status()).isEqualTo(200);
        assertThat(lists(pending.json(), id)).isTrue();

        Response asSource = get("/api/v1/owg/pending", DEMO_KEY);
        assertThat(asSource.status()).isEqualTo(403);
        assertThat(asSource.contentType()).startsWith("application/problem+json");
        assertThat(get("/api/v1/owg/pending", null).status()).isEqualTo(401);

        Response invalid = call(admin, "POST", "/api/v1/referrals/" + id + "/review", "{\"decision\":\"maybe\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(invalid.json().path("errors").findValuesAsText("field")).containsExactly("decision", "reason");

        Instant before = Instant.now();
        Response approved = call(
                admin,
                "POST",
                "/api/v1/referrals/" + id + "/review",
                "{\"decision\":\"approve\",\"reason\":\"Known to outreach; meets LEAD criteria\"}");
        assertThat(approved.status()).isEqualTo(200);
        JsonNode review = approved.json().path("review");
        assertThat(review.path("state").asText()).isEqualTo("APPROVED");
        assertThat(review.path("by").asText()).isEqualTo("admin");
        assertThat(review.path("reason").asText()).isEqualTo("Known to outreach; meets LEAD criteria");
        assertThat(Instant.parse(review.path("at").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        Instant due = Instant.parse(approved.json().path("followUpDue").asText());
        assertThat(due).isAfter(before.plusSeconds(3 * 24 * 3600 - 60)); // the demo's approved-follow-up-within: P3D

        assertThat(lists(call(admin, "GET", "/api/v1/owg/pending", null).json(), id))
                .isFalse();
        JsonNode followUps =
                call(admin, "GET", "/api/v1/follow-ups?site=demo", null).json();
        JsonNode followUp = StreamSupport.stream(followUps.spliterator(), false)
                .filter(f -> f.path("referralId").asText().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(Instant.parse(followUp.path("dueAt").asText())).isEqualTo(due);
        assertThat(followUp.path("rule").asText()).isEqualTo("owg-review.approved-follow-up-within");
        List<Instant> dues = StreamSupport.stream(followUps.spliterator(), false)
                .map(f -> Instant.parse(f.path("dueAt").asText()))
                .toList();
        assertThat(dues).isSorted();

        Response again = call(
                admin,
                "POST",
                "/api/v1/referrals/" + id + "/review",
                "{\"decision\":\"deny\",\"reason\":\"second thoughts\"}");
        assertThat(again.status()).isEqualTo(409);

        JsonNode decisions = call(admin, "GET", "/api/v1/referrals/" + id + "/decisions", null)
                .json();
        assertThat(decisions
                        .path("current")
                        .path("decision")
                        .path("review")
                        .path("state")
                        .asText())
                .isEqualTo("APPROVED");
        JsonNode person = call(admin, "GET", "/api/v1/referrals/" + id, null)
                .json()
                .path("persons")
                .get(0);
        JsonNode equity = decisions.path("current").path("decision").path("equity");
        assertThat(equity.path("race").asText())
                .isEqualTo(person.path("race").asText())
                .isNotBlank();
        assertThat(equity.path("gender").asText())
                .isEqualTo(person.path("gender").asText())
                .isNotBlank();
    }

    @Test
    void aSupervisorOfOneSiteNeitherSeesNorDecidesAnotherSitesReferrals() throws Exception {
        ObjectNode doc = EidoDocuments.leadRequest(d -> {
            EidoDocuments.incident(d).remove("incidentTypeInternalCode");
            ((ObjectNode) d.get("agentComponent").get(0))
                    .putArray("agentRoleRegistryText")
                    .add("Call Taking");
        });
        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(doc))
                .json()
                .path("referrals")
                .get(0);
        assertThat(created.path("outcome").asText()).isEqualTo("OWG_REVIEW");
        String id = created.path("id").asText();
        HttpClient admin = admin();
        assertThat(lists(
                        call(admin, "GET", "/api/v1/owg/pending?site=demo", null)
                                .json(),
                        id))
                .isTrue();
        String name = "fastsup" + System.nanoTime() % 1_000_000;
        Response account = call(
                admin,
                "POST",
                "/api/v1/users",
                "{\"username\":\"" + name + "\",\"role\":\"SUPERVISOR\",\"site\":\"fast\"}");
        assertThat(account.status()).as(account.body()).isEqualTo(201);
        HttpClient fastSupervisor =
                signedIn(name, account.json().path("password").asText());

        assertThat(lists(
                        call(fastSupervisor, "GET", "/api/v1/owg/pending", null).json(), id))
                .isFalse();
        assertThat(call(fastSupervisor, "GET", "/api/v1/owg/pending?site=demo", null)
                        .status())
                .isEqualTo(403);
        assertThat(call(fastSupervisor, "GET", "/api/v1/referrals/" + id + "/decisions", null)
                        .status())
                .isEqualTo(404);
        Response review = call(
                fastSupervisor,
                "POST",
                "/api/v1/referrals/" + id + "/review",
                "{\"decision\":\"deny\",\"reason\":\"not ours to decide\"}");
        assertThat(review.status()).isEqualTo(404);
        assertThat(review.contentType()).startsWith("application/problem+json");

        // The referral still waits for its own site's OWG.
        assertThat(lists(
                        call(admin, "GET", "/api/v1/owg/pending?site=demo", null)
                                .json(),
                        id))
                .isTrue();
    }

    @Test
    void anEnrolledParticipantIsMatchedToTheirOwnCaseManagerWithoutTheirNameBeingStored() throws Exception {
        String given = "Quillon" + UUID.randomUUID().toString().substring(0, 6);
        String family = "Testperson";
        HttpClient admin = admin();

        Response refused = send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/participants"))
                .header("X-Api-Key", DEMO_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(refused.status()).isEqualTo(403);
        Response invalid = call(
                admin,
                "POST",
                "/api/v1/participants",
                "{\"site\":\"demo\",\"caseManagerId\":\"zoe\",\"familyName\":\"X\",\"birthDate\":\"July 1980\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("errors").findValuesAsText("field"))
                .containsExactly("caseManagerId", "birthDate");

        Response enrolled = call(
                admin,
                "POST",
                "/api/v1/participants",
                "{\"site\":\"demo\",\"caseManagerId\":\"ben\"," + "\"givenName\":\"" + given + "\",\"familyName\":\""
                        + family + "\",\"birthDate\":\"1980-02-03\"}");
        assertThat(enrolled.status()).isEqualTo(201);
        assertThat(enrolled.body()).doesNotContain(given).doesNotContain("1980-02-03");
        assertThat(enrolled.json().path("matchRules").toString())
                .contains("full-name-and-birth-date")
                .contains("family-name-and-birth-date");
        String participant = enrolled.json().path("id").asText();

        ObjectNode doc = EidoDocuments.leadRequest(d -> {
            ObjectNode person = (ObjectNode) d.get("personComponent").get(0).get("ncPersonComponent");
            ((ObjectNode) person.get("name").get(0).get("personGivenName").get(0)).put("value", given.toUpperCase());
            ((ObjectNode) person.get("name").get(0).get("personSurName").get(0)).put("value", family);
            ((ObjectNode) person.get("birthDate").get(0).get("date").get(0)).put("value", "1980-02-03");
        });
        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(doc))
                .json()
                .path("referrals")
                .get(0);
        assertThat(created.path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");

        JsonNode decision = call(
                        admin, "GET", "/api/v1/referrals/" + created.path("id").asText() + "/decisions", null)
                .json()
                .path("current")
                .path("decision");
        assertThat(decision.path("ownCaseManager").path("caseManagerId").asText())
                .isEqualTo("ben");
        assertThat(decision.path("ownCaseManager").path("participantId").asText())
                .isEqualTo(participant);

        Response moved = call(
                admin,
                "PATCH",
                "/api/v1/participants/" + participant,
                "{\"caseManagerId\":\"chris\",\"status\":\"inactive\"}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().path("caseManagerId").asText()).isEqualTo("chris");
        assertThat(moved.json().path("status").asText()).isEqualTo("inactive");
        assertThat(call(admin, "GET", "/api/v1/participants/" + UUID.randomUUID(), null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aSergeantsLateOverrideDecidesAnExcludedArrestDiversionAgainAndKeepsTheEarlierDecision() throws Exception {
        Referral arrest = new Referral(
                "demo",
                Door.ARREST_DIVERSION,
                "test-direct",
                "arrest-" + UUID.randomUUID(),
                null,
                Instant.now(),
                new Referral.Location("1501 3rd Ave, Seattle", null, null, null, null),
                new Referral.CallType("LEADARR", null, null, null),
                List.of(new Referral.Charge("35A", "UCR", "possession")),
                new Referral.Referrer("police.demo.example", "officer.4471", null, "officer", null),
                List.of(),
                List.of(),
                List.of(),
                new Referral.Screening(null, null, null, null, null, null, true, null, null, null, null, null));
        DirectIntake.Submitted submitted =
                intake.submit("demo", "test:direct", List.of(arrest)).get(0);
        assertThat(submitted.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
        String id = submitted.id().toString();
        HttpClient admin = admin();

        Response byOfficer = call(
                admin,
                "POST",
                "/api/v1/referrals/" + id + "/override",
                "{\"by\":\"Officer Doe 5512\",\"rank\":\"officer\",\"reason\":\"fits LEAD\"}");
        assertThat(byOfficer.status()).isEqualTo(422);
        assertThat(byOfficer.json().path("detail").asText()).contains("doors.arrest-diversion.override.ranks");
        Response missing = call(admin, "POST", "/api/v1/referrals/" + id + "/override", "{\"rank\":\"sergeant\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errors").findValuesAsText("field")).containsExactly("by", "reason");

        Response overridden = call(
                admin,
                "POST",
                "/api/v1/referrals/" + id + "/override",
                "{\"by\":\"Sgt. Rivera 2231\",\"rank\":\"sergeant\",\"reason\":\"No weapon; known to the officer\"}");
        assertThat(overridden.status()).isEqualTo(200);
        JsonNode decision = overridden.json().path("decision");
        assertThat(decision.path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");
        assertThat(decision.path("override").path("accepted").asBoolean()).isTrue();
        assertThat(decision.path("override").path("by").asText()).isEqualTo("Sgt. Rivera 2231");

        JsonNode decisions = call(admin, "GET", "/api/v1/referrals/" + id + "/decisions", null)
                .json();
        assertThat(decisions.path("current").path("decision").path("outcome").asText())
                .isEqualTo("WARM_HANDOFF_NOW");
        assertThat(decisions.path("history")).hasSize(1);
        assertThat(decisions
                        .path("history")
                        .get(0)
                        .path("decision")
                        .path("outcome")
                        .asText())
                .isEqualTo("NOT_ELIGIBLE");
        assertThat(decisions
                        .path("history")
                        .get(0)
                        .path("decision")
                        .path("exclusions")
                        .toString())
                .contains("violent-offence");
        assertThat(call(admin, "GET", "/api/v1/referrals/" + id, null)
                        .json()
                        .path("handoff")
                        .path("state")
                        .asText())
                .isNotEmpty();
        JsonNode overrides =
                call(admin, "GET", "/api/v1/overrides?site=demo", null).json();
        assertThat(lists(overrides, id)).isTrue();
        assertThat(call(
                                admin,
                                "POST",
                                "/api/v1/referrals/" + id + "/override",
                                "{\"by\":\"Sgt. Rivera 2231\",\"rank\":\"sergeant\",\"reason\":\"again\"}")
                        .status())
                .isEqualTo(409);
        String ref = FakeTwilio.json(
                        call(admin, "GET", "/api/v1/referrals/" + id, null).body())
                .path("shortRef")
                .asText();
        twilio.awaitSms(sms -> sms.body().contains(ref));
    }
}
