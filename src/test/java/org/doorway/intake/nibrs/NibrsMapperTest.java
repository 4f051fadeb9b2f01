package org.doorway.intake.nibrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.InvalidReferralException.Problem;
import org.doorway.intake.MapContext;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.referral.Referral.Charge;
import org.doorway.referral.Referral.Person;
import org.doorway.referral.Referral.Referrer;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NibrsMapperTest {

    private static final String SAMPLE = "nibrs-4.2-fbi-iepd-GroupBArrest-sample.xml";
    private static final Instant RECEIVED = Instant.parse("2026-01-15T12:00:00Z");
    /** The site's code policy would say COMMUNITY: a NIBRS arrest must still be an arrest diversion. */
    private static final MapContext CONTEXT =
            new MapContext("demo", RECEIVED, "nibrs", code -> Door.COMMUNITY, ZoneId.of("America/Los_Angeles"));

    private static final String SECRET = "SECRET-VALUE-c41d";

    private final NibrsMapper mapper = new NibrsMapper();

    @TempDir
    Path temp;

    // ---- the FBI's Group B arrest sample ------------------------------------------------------

    @Test
    void mapsTheFbiGroupBArrestSampleFieldByField() {
        List<IntakeRecord> records = mapper.map(SharedSamples.read(SAMPLE), CONTEXT);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).at()).isEqualTo(IntakeRecord.Position.index(0));
        Referral referral = records.get(0).referral();
        assertThat(referral.site()).isEqualTo("demo");
        assertThat(referral.door()).isEqualTo(Door.ARREST_DIVERSION);
        assertThat(referral.source()).isEqualTo("nibrs");
        assertThat(referral.sourceId()).isEqualTo("WVNDX0100:12345:1");
        assertThat(referral.occurredAt()).isEqualTo(Instant.parse("2016-02-28T08:00:00Z"));
        assertThat(referral.receivedAt()).isEqualTo(RECEIVED);
        assertThat(referral.charges())
                .containsExactly(new Charge("64A", "UCR", "Human Trafficking, Commercial Sex Acts"));
        assertThat(referral.persons())
                .containsExactly(
                        new Person(List.of("Arrestee"), null, null, null, "White", "Not Hispanic or Latino", "Male"));
        assertThat(referral.referrer()).isEqualTo(new Referrer("WVNDX0100", null, null, "officer", null));
        assertThat(referral.notes())
                .containsExactly("Type of arrest: On-view arrest", "Age at arrest: 30", "Arrestee armed with: Handgun");
        assertThat(referral.location()).isNull();
        assertThat(referral.callType()).isNull();
        assertThat(referral.warnings())
                .containsExactly("nibrs:Report[1]/j:Arrest[1]/nc:ActivityDate/nc:Date:"
                        + " no time of day; occurredAt is the start of that day in the site's time zone");
    }

    @Test
    void keepsNothingOfTheSampleThatAReferralDoesNotNeed() throws IOException {
        Referral referral =
                mapper.map(SharedSamples.read(SAMPLE), CONTEXT).get(0).referral();

        String stored = new ObjectMapper().findAndRegisterModules().writeValueAsString(referral);

        assertThat(stored).doesNotContain("FBI111111", "123456", "Resident", "Juvenile", "2017-03-23");
    }

    @Test
    void readsTheArrestDayInTheSitesTimeZone() {
        MapContext utc = new MapContext("demo", RECEIVED, "nibrs", code -> Door.COMMUNITY);

        assertThat(mapper.map(SharedSamples.read(SAMPLE), utc).get(0).referral().occurredAt())
                .isEqualTo(Instant.parse("2016-02-28T00:00:00Z"));
    }

    @Test
    void acceptsLaterIepdReleasesWhoseNamespacesCarryAnotherVersion() {
        String sample = new String(SharedSamples.read(SAMPLE), StandardCharsets.UTF_8)
                .replace("http://fbi.gov/cjis/nibrs/4.2", "http://fbi.gov/cjis/nibrs/2025.0")
                .replace("jxdm/5.2/", "jxdm/7.2/")
                .replace("niem-core/3.0/", "niem-core/5.0/")
                .replace("structures/3.0/", "structures/5.0/");

        assertThat(mapper.map(sample.getBytes(StandardCharsets.UTF_8), CONTEXT))
                .isEqualTo(mapper.map(SharedSamples.read(SAMPLE), CONTEXT));
    }

    // ---- Group A incidents and several reports ------------------------------------------------

    @Test
    void mapsEachArresteeOfAGroupAIncidentWithItsOwnArrest() throws IOException {
        List<IntakeRecord> records = mapper.map(fixture("group-a-two-arrestees.xml"), CONTEXT);

        assertThat(records).hasSize(2).allMatch(IntakeRecord::accepted);
        Referral second = records.get(0).referral();
        assertThat(second.sourceId()).isEqualTo("WA0000000:ATN-0042-2:2");
        assertThat(second.door()).isEqualTo(Door.ARREST_DIVERSION);
        assertThat(second.occurredAt()).isEqualTo(Instant.parse("2025-03-15T06:10:00Z"));
        assertThat(second.charges())
                .containsExactly(
                        new Charge("90J", "UCR", "Trespass of Real Property"), new Charge("23C", "UCR", "Shoplifting"));
        assertThat(second.persons())
                .containsExactly(new Person(
                        List.of("Arrestee"),
                        "Jordan",
                        "Example",
                        "1984-07-19",
                        "Black or African American",
                        "Not Hispanic or Latino",
                        "Male"));
        assertThat(second.notes())
                .containsExactly(
                        "Type of arrest: Summoned/cited",
                        "Arrestee armed with: Lethal cutting instrument; Handgun, automatic");
        assertThat(second.warnings()).isEmpty();

        Referral first = records.get(1).referral();
        assertThat(first.sourceId()).isEqualTo("WA0000000:ATN-0042-1:1");
        assertThat(first.occurredAt()).isEqualTo(Instant.parse("2025-03-15T06:05:00Z"));
        assertThat(first.charges()).containsExactly(new Charge("35A", "UCR", "Drug/Narcotic Violations"));
        assertThat(first.persons())
                .containsExactly(new Person(
                        List.of("Arrestee"),
                        null,
                        null,
                        null,
                        "American Indian or Alaska Native",
                        "Hispanic or Latino",
                        "Female"));
        assertThat(first.notes())
                .containsExactly(
                        "Type of arrest: Taken into custody",
                        "Age at arrest: 25 to 30",
                        "Arrestee armed with: Unarmed");
        assertThat(first.referrer()).isEqualTo(new Referrer("WA0000000", null, null, "officer", null));
    }

    @Test
    void reportsAnArrestWithoutTransactionNumberAndADeleteReportAndKeepsTheGoodArrest() throws IOException {
        List<IntakeRecord> records = mapper.map(fixture("two-reports-bad-and-deleted.xml"), CONTEXT);

        assertThat(records)
                .extracting(IntakeRecord::at)
                .containsExactly(
                        IntakeRecord.Position.index(0), IntakeRecord.Position.index(1), IntakeRecord.Position.index(2));
        assertThat(records.get(0).rejection())
                .isEqualTo("nibrs:Report[1]/j:Arrest[1]/nc:ActivityIdentification"
                        + "/nc:IdentificationID: required: the arrest transaction number identifies the arrest");
        assertThat(records.get(1).rejection())
                .isEqualTo("nibrs:Report[2]/nibrs:ReportHeader"
                        + "/nibrs:ReportActionCategoryCode: a delete report withdraws an arrest; it is not a referral");
        Referral good = records.get(2).referral();
        assertThat(records.get(2).rejection()).isNull();
        assertThat(good.sourceId()).isEqualTo("WA0000000:ATN-8:1");
        assertThat(good.occurredAt()).isEqualTo(Instant.parse("2025-03-14T07:00:00Z"));
        assertThat(good.charges()).containsExactly(new Charge("99X", "UCR", null));
        assertThat(good.persons()).containsExactly(new Person(List.of("Arrestee"), null, null, null, "Z", "Q", "Male"));
        assertThat(good.notes()).containsExactly("Age at arrest: 41");
        assertThat(good.warnings())
                .containsExactly(
                        "nibrs:Report[3]/j:Arrest[1]/nc:ActivityDate/nc:Date: no time of day; occurredAt is the start of that"
                                + " day in the site's time zone",
                        "nibrs:Report[3]/j:Arrest[1]/j:ArrestCharge/nibrs:ChargeUCRCode: not in Doorway's list of UCR offence"
                                + " codes; kept without a description",
                        "nibrs:Report[3]/j:Arrest[1]: arrestee j:PersonRaceNDExCode: not a NIBRS code; kept as written",
                        "nibrs:Report[3]/j:Arrest[1]: arrestee j:PersonEthnicityCode: not a NIBRS code; kept as written",
                        "nibrs:Report[3]/j:Arrest[1]/j:ArrestCategoryCode: not a NIBRS type of arrest; ignored");
    }

    @Test
    void reportsAnArrestWhoseReportHasNoOri() {
        String sample = new String(SharedSamples.read(SAMPLE), StandardCharsets.UTF_8)
                .replace("<nc:IdentificationID>WVNDX0100</nc:IdentificationID>", "<nc:IdentificationID/>");

        IntakeRecord record =
                mapper.map(sample.getBytes(StandardCharsets.UTF_8), CONTEXT).get(0);

        assertThat(record.referral()).isNull();
        assertThat(record.rejection())
                .isEqualTo("nibrs:Report[1]/nibrs:ReportHeader/nibrs:ReportingAgency"
                        + "/j:OrganizationAugmentation/j:OrganizationORIIdentification/nc:IdentificationID: required: the"
                        + " reporting agency's ORI identifies the arrest");
    }

    // ---- documents that cannot be read at all -------------------------------------------------

    @Test
    void refusesADocumentOfAnUnknownRoot() {
        assertThat(refusal(SharedSamples.read("open311-georeport-v2-spec-GET-requests-response.xml"))
                        .reason())
                .isEqualTo(
                        "the root element is not a NIBRS Submission or Report (namespace http://fbi.gov/cjis/nibrs/…)");
        assertThat(refusal(bytes("<Submission><Report/></Submission>")).reason())
                .startsWith("the root element is not a NIBRS Submission");
    }

    @Test
    void answersAReportWithoutAnyArrestWithOneRejectedRecordNotARefusal() {
        String noArrest = new String(SharedSamples.read(SAMPLE), StandardCharsets.UTF_8)
                .replaceAll("(?s)<j:Arrest s:id=\"Arrest1\">.*?</j:Arrest>", "")
                .replaceAll("(?s)<j:ArrestSubjectAssociation>.*?</j:ArrestSubjectAssociation>", "");

        List<IntakeRecord> records = mapper.map(noArrest.getBytes(StandardCharsets.UTF_8), CONTEXT);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.referral()).isNull();
            assertThat(record.rejection())
                    .isEqualTo(
                            "holds no arrest (j:Arrest): only arrests can be diverted, so there is nothing to refer");
        });
    }

    @Test
    void refusesDoctypeExternalEntitiesAndEntityExpansion() throws IOException {
        Path marker = temp.resolve("marker.txt");
        Files.writeString(marker, SECRET);
        String sample = new String(SharedSamples.read(SAMPLE), StandardCharsets.UTF_8);
        String xxe = sample.replace(
                        "<nibrs:Submission ",
                        "<!DOCTYPE nibrs:Submission [<!ENTITY xxe SYSTEM \"" + marker.toUri()
                                + "\">]><nibrs:Submission ")
                .replace(">12345<", ">&xxe;<");
        String laughs = sample.replace(
                        "<nibrs:Submission ",
                        "<!DOCTYPE nibrs:Submission [<!ENTITY lol \"lol\">"
                                + "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">]><nibrs:Submission ")
                .replace(">12345<", ">&lol2;<");

        for (String xml : List.of(xxe, laughs)) {
            Problem problem = refusal(bytes(xml));
            assertThat(problem.reason()).startsWith("the document has a DOCTYPE declaration, which is refused (line 2");
            assertThat(problem.reason()).doesNotContain(SECRET, "lol");
        }
    }

    @Test
    void refusesTruncatedXmlNamingTheLine() {
        String sample = new String(SharedSamples.read(SAMPLE), StandardCharsets.UTF_8);
        String truncated = sample.substring(0, sample.indexOf("<j:Arrest s:id"));

        assertThat(refusal(bytes(truncated)).reason()).startsWith("the document is not well-formed XML (line ");
    }

    @Test
    void refusesBodiesThatAreNotXml() {
        assertThat(refusal(bytes("{\"arrest\": true}")).reason()).startsWith("the document is not well-formed XML");
        assertThat(refusal(new byte[0]).reason()).isEqualTo("the body is empty");
    }

    // ---- privacy ------------------------------------------------------------------------------

    @Test
    void noReasonOrWarningQuotesAValue() {
        String sample = new String(SharedSamples.read(SAMPLE), StandardCharsets.UTF_8);
        String secretCodes = sample.replace(">64A<", ">" + SECRET + "<")
                .replace(">O</j:ArrestCategoryCode>", ">" + SECRET + "</j:ArrestCategoryCode>")
                .replace(">W</j:PersonRaceNDExCode>", ">" + SECRET + "</j:PersonRaceNDExCode>")
                .replace(">12</j:ArresteeArmedWithCode>", ">" + SECRET + "</j:ArresteeArmedWithCode>")
                .replace(">2016-02-28<", ">" + SECRET + "<")
                .replace(">30<", ">" + SECRET + "<");
        String longAtn = sample.replace(">12345<", ">" + SECRET.repeat(10) + "<");

        List<String> texts = new ArrayList<>(
                mapper.map(bytes(secretCodes), CONTEXT).get(0).referral().warnings());
        texts.add(mapper.map(bytes(longAtn), CONTEXT).get(0).rejection());
        texts.add(refusal(bytes(sample.replace("</j:ArrestSubjectAssociation>", SECRET)))
                .reason());

        assertThat(texts).hasSizeGreaterThanOrEqualTo(8).noneMatch(text -> text.contains("SECRET"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Problem refusal(byte[] body) {
        InvalidReferralException e =
                catchThrowableOfType(() -> mapper.map(body, CONTEXT), InvalidReferralException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage()).doesNotContain(SECRET);
        return e.problems().get(0);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = NibrsMapperTest.class.getResourceAsStream("/nibrs/" + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing fixture " + name));
            }
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- exclusion facts

    /** A Group A report holding {@code inside} (offences, substances) and one arrest for {@code charge}. */
    private static byte[] incident(String charge, String inside) {
        return ("""
                <nibrs:Submission xmlns:nibrs="http://fbi.gov/cjis/nibrs/4.2"
                    xmlns:j="http://release.niem.gov/niem/domains/jxdm/5.2/"
                    xmlns:nc="http://release.niem.gov/niem/niem-core/3.0/"
                    xmlns:s="http://release.niem.gov/niem/structures/3.0/">
                  <nibrs:Report>
                    <nibrs:ReportHeader><nibrs:ReportingAgency><j:OrganizationAugmentation>
                      <j:OrganizationORIIdentification><nc:IdentificationID>WA0000000</nc:IdentificationID>
                      </j:OrganizationORIIdentification></j:OrganizationAugmentation></nibrs:ReportingAgency>
                    </nibrs:ReportHeader>
                    %s
                    <j:Arrest s:id="A1">
                      <nc:ActivityIdentification><nc:IdentificationID>ATN-1</nc:IdentificationID></nc:ActivityIdentification>
                      <nc:ActivityDate><nc:DateTime>2026-01-15T10:00:00Z</nc:DateTime></nc:ActivityDate>
                      <j:ArrestCharge><nibrs:ChargeUCRCode>%s</nibrs:ChargeUCRCode></j:ArrestCharge>
                    </j:Arrest>
                  </nibrs:Report>
                </nibrs:Submission>""".formatted(inside, charge)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String offence(String code, String force, String activity) {
        return "<j:Offense><nibrs:OffenseUCRCode>" + code + "</nibrs:OffenseUCRCode>"
                + (activity == null
                        ? ""
                        : "<nibrs:CriminalActivityCategoryCode>" + activity + "</nibrs:CriminalActivityCategoryCode>")
                + (force == null
                        ? ""
                        : "<j:OffenseForce><j:ForceCategoryCode>" + force + "</j:ForceCategoryCode></j:OffenseForce>")
                + "</j:Offense>";
    }

    private static String substance(String quantity, String unit) {
        return "<j:Substance><nc:SubstanceQuantityMeasure><nc:MeasureDecimalValue>" + quantity
                + "</nc:MeasureDecimalValue><j:SubstanceUnitCode>" + unit
                + "</j:SubstanceUnitCode></nc:SubstanceQuantityMeasure></j:Substance>";
    }

    private Referral.Screening screening(String charge, String inside) {
        return mapper.map(incident(charge, inside), CONTEXT).get(0).referral().screening();
    }

    @Test
    void aViolentOffenceOfTheIncidentOrAViolentChargeIsAViolentOffence() {
        assertThat(screening("35A", offence("13A", null, null) + offence("35A", null, null))
                        .violentOffence())
                .isTrue();
        assertThat(screening("120", "").violentOffence()).isTrue();
        assertThat(screening("35A", offence("35A", null, null)).violentOffence())
                .as("every code known, none violent")
                .isFalse();
        assertThat(screening("35A", offence("99X", null, null)).violentOffence())
                .as("a code NIBRS does not define")
                .isNull();
    }

    @Test
    void aWeaponOrForceUsedInAnOffenceIsAViolentOffenceButAWeaponCarriedIsNot() {
        assertThat(screening("35A", offence("210", "12A", null)).violentOffence())
                .isTrue();
        assertThat(screening("35A", offence("210", "20", null)).violentOffence())
                .isTrue();
        assertThat(screening("35A", offence("210", "99", null)).violentOffence())
                .isFalse();
        assertThat(screening("35A", offence("520", "12", null)).violentOffence())
                .as("a weapon law violation's code says what was carried")
                .isFalse();
    }

    @Test
    void exploitingChildrenIsReadFromTheTypeOfCriminalActivity() {
        assertThat(screening("35A", offence("370", null, "E")).exploitsMinors()).isTrue();
        assertThat(screening("35A", offence("35A", null, "P")).exploitsMinors()).isNull();
    }

    @Test
    void drugQuantityIsTheTotalWeightInGramsAndUnknownWhenAnyIsNotByWeight() {
        Referral.Screening weighed = screening("35A", substance("1.5", "GM") + substance("0.1", "OZ"));
        assertThat(weighed.drugQuantityGrams())
                .isCloseTo(1.5 + 2.8349523125, org.assertj.core.data.Offset.offset(1e-9));

        IntakeRecord counted = mapper.map(incident("35A", substance("1.5", "GM") + substance("3", "DU")), CONTEXT)
                .get(0);
        assertThat(counted.referral().screening().drugQuantityGrams()).isNull();
        assertThat(counted.referral().warnings()).anySatisfy(w -> assertThat(w).contains("not given by weight"));
        assertThat(screening("35A", "").drugQuantityGrams()).isNull();
    }
}
