package org.doorway.seal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a database dump or backup shows of a referral (issue 14, "Is it encrypted?"): after intake
 * through the EIDO door (a warm handoff, paged by SMS) and the NIBRS door (an arrest with a charge),
 * and a body the EIDO door refused, a raw {@code SELECT} of every row Doorway stored for them, as
 * text, holds no name, birth date, address, charge or note; staff who may see the referral still
 * see all of it, and the background pass finds every sealed value under the current master key.
 */
class SealedAtRestIT extends DoorwayAppIT {

    @Autowired
    JdbcClient db;

    @Autowired
    Resealer resealer;

    @Autowired
    Sealer sealer;

    /** Every row stored for the referral, in every table that holds its data, as text. */
    private String dump(UUID referral) {
        StringBuilder rows = new StringBuilder();
        for (String table : List.of(
                "referral", "referral_version", "page", "triage_decision", "handoff", "handoff_event", "notice")) {
            String column = table.equals("referral") ? "id" : "referral_id";
            rows.append(db.sql("select coalesce(string_agg(t::text, '\n'), '') from " + table + " t where " + column
                            + " = ?")
                    .param(referral)
                    .query(String.class)
                    .single());
        }
        rows.append(db.sql("select coalesce(string_agg(t::text, '\n'), '') from outbox_message t")
                .query(String.class)
                .single());
        return rows.toString();
    }

    private Response postNibrs(String xml) {
        return send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/intake/nibrs"))
                .header("Content-Type", "application/xml")
                .header("X-Api-Key", DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)));
    }

    @Test
    void aWarmHandoffThroughEidoIsStoredAndPagedWithoutAReadableNameBirthDateAddressOrNote() {
        ObjectNode doc = EidoDocuments.leadRequest();
        String surname = doc.at("/personComponent/0/ncPersonComponent/name/0/personSurName/0/value")
                .asText();

        Response accepted = postEido(DEMO_KEY, EidoDocuments.bytes(doc));

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode created = accepted.json().path("referrals").get(0);
        String shortRef = created.path("shortRef").asText();
        // The page went out (its text carries the street address) and is stored.
        assertThat(twilio.awaitSms(sms -> sms.body().contains(shortRef)).body()).contains("1501 3rd Ave");
        UUID id = UUID.fromString(created.path("id").asText());

        assertThat(db.sql("select count(*) from page where referral_id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isPositive();
        assertThat(dump(id))
                .doesNotContain(surname, "Jordan", "1984-07-19", "1501 3rd", "bus shelter", "wait on scene", "Pike");

        JsonNode asStaff = referralAsStaff(id.toString());
        assertThat(asStaff.toString()).contains(surname, "1984-07-19", "1501 3rd Ave");
    }

    @Test
    void anArrestThroughNibrsIsStoredWithoutAReadableNameBirthDateOrChargeWhileStaffSeeThem() {
        String atn = "S" + UUID.randomUUID().toString().substring(0, 8);
        String surname = "Sealtest"
                + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII), 0, 5);
        String arrested = OffsetDateTime.now(ZoneOffset.UTC)
                .minusHours(1)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();

        Response answer = postNibrs("""
                <?xml version="1.0" encoding="UTF-8"?>
                <nibrs:Submission xmlns:nibrs="http://fbi.gov/cjis/nibrs/4.2"
                    xmlns:j="http://release.niem.gov/niem/domains/jxdm/5.2/"
                    xmlns:nc="http://release.niem.gov/niem/niem-core/3.0/"
                    xmlns:s="http://release.niem.gov/niem/structures/3.0/">
                  <nibrs:Report>
                    <nibrs:ReportHeader>
                      <nibrs:NIBRSReportCategoryCode>GROUP A INCIDENT REPORT</nibrs:NIBRSReportCategoryCode>
                      <nibrs:ReportActionCategoryCode>I</nibrs:ReportActionCategoryCode>
                      <nibrs:ReportingAgency>
                        <j:OrganizationAugmentation>
                          <j:OrganizationORIIdentification>
                            <nc:IdentificationID>WA0000000</nc:IdentificationID>
                          </j:OrganizationORIIdentification>
                        </j:OrganizationAugmentation>
                      </nibrs:ReportingAgency>
                    </nibrs:ReportHeader>
                    <j:Offense s:id="Offense35A">
                      <nibrs:OffenseUCRCode>35A</nibrs:OffenseUCRCode>
                      <j:OffenseAttemptedIndicator>false</j:OffenseAttemptedIndicator>
                    </j:Offense>
                    <nc:Person s:id="PersonArrestee1">
                      <nc:PersonBirthDate><nc:Date>1979-05-23</nc:Date></nc:PersonBirthDate>
                      <nc:PersonName>
                        <nc:PersonGivenName>Avery</nc:PersonGivenName>
                        <nc:PersonSurName>%s</nc:PersonSurName>
                      </nc:PersonName>
                      <j:PersonSexCode>M</j:PersonSexCode>
                    </nc:Person>
                    <j:Arrestee s:id="Arrestee1">
                      <nc:RoleOfPerson s:ref="PersonArrestee1"/>
                      <j:ArrestSequenceID>1</j:ArrestSequenceID>
                      <j:ArresteeArmedWithCode>01</j:ArresteeArmedWithCode>
                    </j:Arrestee>
                    <j:Arrest s:id="Arrest1">
                      <nc:ActivityIdentification><nc:IdentificationID>%s</nc:IdentificationID></nc:ActivityIdentification>
                      <nc:ActivityDate><nc:DateTime>%s</nc:DateTime></nc:ActivityDate>
                      <j:ArrestCharge><nibrs:ChargeUCRCode>35A</nibrs:ChargeUCRCode></j:ArrestCharge>
                      <j:ArrestCategoryCode>O</j:ArrestCategoryCode>
                    </j:Arrest>
                    <j:ArrestSubjectAssociation>
                      <nc:Activity s:ref="Arrest1"/>
                      <j:Subject s:ref="Arrestee1"/>
                    </j:ArrestSubjectAssociation>
                  </nibrs:Report>
                </nibrs:Submission>
                """.formatted(surname, atn, arrested));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        UUID id = UUID.fromString(
                answer.json().path("referrals").get(0).path("id").asText());

        // No quoted code: a code of three characters could occur by chance inside base64.
        assertThat(dump(id)).doesNotContain(surname, "Avery", "1979-05-23", "\"35A\"", "Drug/Narcotic");
        // The dashboard's figures still count the charge.
        assertThat(db.sql("select jsonb_array_length(body->'charges') from referral where id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        JsonNode asStaff = referralAsStaff(id.toString());
        assertThat(asStaff.toString()).contains(surname, "Avery", "1979-05-23", "35A", "Drug/Narcotic Violations");
    }

    @Test
    void aRefusedBodyIsKeptSealedAsADeadLetter() {
        ObjectNode doc = EidoDocuments.leadRequest();
        String surname = doc.at("/personComponent/0/ncPersonComponent/name/0/personSurName/0/value")
                .asText();
        doc.put("$id", "x".repeat(300));

        Response refused = postEido(DEMO_KEY, EidoDocuments.bytes(doc));

        assertThat(refused.status()).isEqualTo(400);
        String kept = db.sql("""
                        select coalesce(string_agg(site || ' ' || channel || ' ' || reason || ' ' || encode(body, 'escape'), '\n'), '')
                        from intake_dead_letter""").query(String.class).single();
        assertThat(kept).contains("sourceId").doesNotContain(surname, "1984-07-19", "1501 3rd");
        byte[] body = db.sql("select body from intake_dead_letter where body_sha256 = encode(sha256(?), 'hex')")
                .param(EidoDocuments.bytes(doc))
                .query(byte[].class)
                .single();
        assertThat(new String(sealer.open(body), StandardCharsets.UTF_8)).contains(surname);
    }

    @Test
    void theBackgroundPassLeavesEveryStoredValueUnderTheCurrentMasterKey() {
        Response accepted = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()));
        assertThat(accepted.status()).isEqualTo(202);

        resealer.pass();

        List<Long> current = sealer.currentKeys();
        assertThat(db.sql("""
                        select count(*) from referral
                        where %s or (sealed is null and body -> 'projection' is null)""".formatted(Sealer.staleText("sealed", current)))
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(db.sql("select count(*) from page where " + Sealer.staleText("body", current))
                        .query(Integer.class)
                        .single())
                .isZero();
    }
}
