package org.doorway.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The golden thread: a referral about someone already enrolled pages their own case manager
 * first, and only then the on-call rotation.
 */
class GoldenThreadIT extends DoorwayAppIT {

    private static final Pattern REPLY_CODE = Pattern.compile("Reply (\\d+)a to take it");

    @Autowired
    Sites sites;

    @Test
    void pagesTheParticipantsOwnCaseManagerFirstThenTheOnCall() {
        Site demo = sites.get("demo");
        String onCall = demo.onCall("primary", Instant.now()).orElseThrow().id();
        Site.CaseManager own = demo.caseManagers().values().stream()
                .filter(cm -> !cm.id().equals(onCall))
                .findFirst()
                .orElseThrow();
        String surname = "Threadgood " + System.nanoTime() % 100000;
        HttpClient admin = admin();
        Response enrolled = call(admin, "POST", "/api/v1/participants", """
                {"site": "demo", "caseManagerId": "%s", "givenName": "Jordan", "familyName": "%s",
                 "birthDate": "1984-07-19", "status": "ACTIVE"}""".formatted(own.id(), surname));
        assertThat(enrolled.status()).as(enrolled.body()).isBetween(200, 201);

        JsonNode created = postEido(
                        DEMO_KEY,
                        EidoDocuments.bytes(EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, surname))))
                .json()
                .path("referrals")
                .get(0);
        String ref = created.path("shortRef").asText();

        FakeTwilio.Sms first = twilio.awaitSms(sms -> sms.body().contains(ref));
        assertThat(first.to()).as("the own case manager first").isEqualTo(own.phone());
        Matcher code = REPLY_CODE.matcher(first.body());
        assertThat(code.find()).isTrue();
        phone().reply(own.phone(), code.group(1) + "d");
        List<FakeTwilio.Sms> pages =
                twilio.awaitSent(sms -> sms.body().contains(ref) && sms.body().contains("to take it"), 2);
        assertThat(pages.get(1).to())
                .as("then the on-call")
                .isEqualTo(demo.caseManager(onCall).orElseThrow().phone());
    }
}
