package org.doorway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;

/**
 * An RMS export replays old arrests: a NIBRS arrest with a divertible charge, days old, finds nobody
 * waiting on the street corner. On the twin test site, whose policy keeps the default record age
 * (six hours) and takes UCR 35A as divertible, it goes to field follow-up with that reason, and no
 * warm handoff is opened: nobody is paged. The FBI's NIBRS sample is read in place and changed in
 * memory; the test is skipped when it is absent.
 */
class RecordAgeIT extends DoorwayAppIT {

    private static final String TWIN_KEY = "twin-intake-key";

    @Test
    void aDaysOldNibrsArrestWithADivertibleChargeGoesToFieldFollowUpNotAWarmHandoffNow() {
        LocalDate threeDaysAgo = LocalDate.now(ZoneId.of("America/Los_Angeles")).minusDays(3);
        String arrest = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L));
        String xml = new String(
                        SharedSamples.read("nibrs-4.2-fbi-iepd-GroupBArrest-sample.xml"), StandardCharsets.UTF_8)
                .replace(
                        "<nibrs:ChargeUCRCode>64A</nibrs:ChargeUCRCode>",
                        "<nibrs:ChargeUCRCode>35A</nibrs:ChargeUCRCode>")
                .replace("<nc:Date>2016-02-28</nc:Date>", "<nc:Date>" + threeDaysAgo + "</nc:Date>")
                .replace(
                        "<nc:IdentificationID>12345</nc:IdentificationID>",
                        "<nc:IdentificationID>" + arrest + "</nc:IdentificationID>");

        Response answer = send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/intake/nibrs"))
                .header("Content-Type", "application/xml")
                .header("X-Api-Key", TWIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode created = answer.json().path("referrals").get(0);
        assertThat(created).as(answer.body()).isNotNull();
        assertThat(created.path("door").asText()).isEqualTo("ARREST_DIVERSION");
        assertThat(created.path("outcome").asText()).isEqualTo("FIELD_FOLLOW_UP");
        JsonNode referral = referralAsStaff(created.path("id").asText());
        assertThat(referral.path("decision").path("reasons").toString())
                .contains("The event happened 3 days ago")
                .contains("record-age.warm-handoff-within");
        assertThat(referral.path("handoff").isNull())
                .as("no warm handoff, so nobody is paged")
                .isTrue();
    }
}
