package org.doorway.intake.nibrs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.doorway.DoorwayAppIT;
import org.junit.jupiter.api.Test;

/**
 * An RMS export carries what the arrest-diversion exclusions weigh: a NIBRS Group A incident lists
 * its offences with the weapon or force used in each. An arrest for a divertible charge (drugs) in
 * an incident whose offences include an aggravated assault with a handgun is not diverted: the
 * violent-offence exclusion applies, and the decision says so.
 */
class NibrsExclusionsIT extends DoorwayAppIT {

    private Response postNibrs(String xml) {
        return send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/intake/nibrs"))
                .header("Content-Type", "application/xml")
                .header("X-Api-Key", DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)));
    }

    /** A Group A incident report: the offences given, an arrest for 35A, made an hour ago. */
    static String groupAIncident(String atn, String offences) {
        String arrested = OffsetDateTime.now(ZoneOffset.UTC)
                .minusHours(1)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        return """
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
                    %s
                    <nc:Person s:id="PersonArrestee1">
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
                """.formatted(offences, atn, arrested);
    }

    static String offence(String code, String force) {
        return """
                <j:Offense s:id="Offense%s">
                  <nibrs:OffenseUCRCode>%s</nibrs:OffenseUCRCode>
                  %s
                  <j:OffenseAttemptedIndicator>false</j:OffenseAttemptedIndicator>
                </j:Offense>""".formatted(
                code,
                code,
                force == null
                        ? ""
                        : "<j:OffenseForce><j:ForceCategoryCode>" + force + "</j:ForceCategoryCode></j:OffenseForce>");
    }

    @Test
    void anArrestInAnIncidentOfAggravatedAssaultWithAFirearmIsExcludedAsAViolentOffence() {
        String atn = "X" + UUID.randomUUID().toString().substring(0, 8);
        Response answer = postNibrs(groupAIncident(atn, offence("13A", "12") + offence("35A", null)));

        assertThat(answer.status()).isEqualTo(202);
        JsonNode created = answer.json().path("referrals").get(0);
        assertThat(created.path("door").asText()).isEqualTo("ARREST_DIVERSION");
        assertThat(created.path("outcome").asText())
                .as("answer: %s", answer.body())
                .isEqualTo("NOT_ELIGIBLE");
        JsonNode decision = referralAsStaff(created.path("id").asText()).path("decision");
        assertThat(decision.path("exclusions").toString()).contains("violent-offence");
        assertThat(decision.path("reasons").toString())
                .contains("Exclusion: ")
                .contains("violent offence")
                .contains("doors.arrest-diversion.exclusions.violent-offence");
        assertThat(twilio.sent(
                        sms -> sms.body().contains(created.path("shortRef").asText())))
                .isEmpty();
    }

    @Test
    void anArrestInAnIncidentOfDrugsAloneIsDivertedAndTheDecisionNamesTheFactsTheExportDidNotState() {
        String atn = "Y" + UUID.randomUUID().toString().substring(0, 8);
        Response answer = postNibrs(groupAIncident(atn, offence("35A", null)));

        assertThat(answer.status()).isEqualTo(202);
        JsonNode created = answer.json().path("referrals").get(0);
        assertThat(created.path("outcome").asText())
                .as("answer: %s", answer.body())
                .isEqualTo("WARM_HANDOFF_NOW");
        JsonNode decision = referralAsStaff(created.path("id").asText()).path("decision");
        assertThat(decision.path("exclusions")).isEmpty();
        assertThat(decision.path("reasons"))
                .filteredOn(reason -> reason.asText().startsWith("Not stated by the source"))
                .singleElement()
                .satisfies(reason -> assertThat(reason.asText())
                        .as("the incident's offences say there was no violent offence")
                        .contains("protection-order-violation")
                        .doesNotContain("violent-offence"));
    }
}
