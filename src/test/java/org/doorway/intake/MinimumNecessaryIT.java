package org.doorway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Locale;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Question 5 of the privacy officer (issue 14): what does a police source learn? What to tell the
 * referrer and who is coming, never that the person is an enrolled LEAD participant.
 */
class MinimumNecessaryIT extends DoorwayAppIT {

    @Autowired
    Sites sites;

    @Test
    void aSourceNeverLearnsThatTheReferredPersonIsAnEnrolledParticipant() {
        Site demo = sites.get("demo");
        String onCall = demo.onCall("primary", Instant.now()).orElseThrow().id();
        Site.CaseManager own = demo.caseManagers().values().stream()
                .filter(cm -> !cm.id().equals(onCall))
                .findFirst()
                .orElseThrow();
        String surname = "Enrolledsen " + System.nanoTime() % 100000;
        HttpClient admin = admin();
        Response enrolled = call(admin, "POST", "/api/v1/participants", """
                {"site": "demo", "caseManagerId": "%s", "givenName": "Jordan", "familyName": "%s",
                 "birthDate": "1984-07-19", "status": "ACTIVE"}""".formatted(own.id(), surname));
        assertThat(enrolled.status()).as(enrolled.body()).isBetween(200, 201);

        Response accepted = postEido(
                DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, surname))));
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().path("referrals").get(0).path("id").asText();
        JsonNode asStaff = call(admin, "GET", "/api/v1/referrals/" + id, null).json();
        assertThat(asStaff.path("decision").path("ownCaseManager").isObject())
                .as("the fixture really is about an enrolled participant (staff see it)")
                .isTrue();

        JsonNode asSource = referral(id, DEMO_KEY);

        for (String answer : new String[] {accepted.body(), asSource.toString()}) {
            String text = answer.toLowerCase(Locale.ROOT);
            assertThat(text)
                    .as("what the source receives")
                    .doesNotContain("participant")
                    .doesNotContain("enrol")
                    .doesNotContain("owncasemanager")
                    .doesNotContain("golden")
                    .doesNotContain(own.id().toLowerCase(Locale.ROOT) + "\"")
                    .doesNotContain(surname.toLowerCase(Locale.ROOT))
                    .doesNotContain("1984-07-19");
        }
        assertThat(asSource.path("decision").path("outcome").asText()).isEqualTo("WARM_HANDOFF_NOW");
        assertThat(asSource.path("decision").path("tellReferrer").asText()).isNotBlank();
    }
}
