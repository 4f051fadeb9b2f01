package org.doorway.intake.open311;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
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
import org.doorway.referral.Referral.CallType;
import org.doorway.referral.Referral.Location;
import org.doorway.referral.Referral.Referrer;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Open311MapperTest {

    private static final Instant RECEIVED = Instant.parse("2026-01-15T12:00:00Z");
    /** Service code 006 (sidewalks) is sent to social contact to prove the site's policy is asked. */
    private static final MapContext CONTEXT = new MapContext(
            "demo",
            RECEIVED,
            "open311",
            code -> "006".equals(code) ? Door.SOCIAL_CONTACT : Door.COMMUNITY,
            ZoneId.of("America/Los_Angeles"));

    private static final String SECRET = "SECRET-VALUE-5b0e";

    private final Open311Mapper mapper = new Open311Mapper();
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @TempDir
    Path temp;

    // ---- the GeoReport v2 spec's samples ------------------------------------------------------

    @Test
    void mapsTheSpecsGetRequestsJsonResponseFieldByField() {
        List<IntakeRecord> records =
                mapper.map(SharedSamples.read("open311-georeport-v2-spec-GET-requests-response.json"), false, CONTEXT);

        assertThat(records)
                .extracting(IntakeRecord::at)
                .containsExactly(IntakeRecord.Position.index(0), IntakeRecord.Position.index(1));
        assertThat(records).allMatch(IntakeRecord::accepted);
        Referral first = records.get(0).referral();
        assertThat(first.site()).isEqualTo("demo");
        assertThat(first.source()).isEqualTo("open311");
        assertThat(first.sourceId()).isEqualTo("638344");
        assertThat(first.door()).isEqualTo(Door.SOCIAL_CONTACT);
        assertThat(first.occurredAt()).isEqualTo(Instant.parse("2010-04-14T14:37:38Z"));
        assertThat(first.receivedAt()).isEqualTo(RECEIVED);
        assertThat(first.callType()).isEqualTo(new CallType("006", "Sidewalk and Curb Issues", null, null));
        assertThat(first.location())
                .isEqualTo(new Location("8TH AVE and JUDAH ST, 94122", null, 37.762221815, -122.4651145, null));
        assertThat(first.referrer()).isEqualTo(new Referrer(null, null, null, "open311", null));
        assertThat(first.notes()).containsExactly("Status: closed", "Status notes: Duplicate request.");
        assertThat(first.charges()).isEmpty();
        assertThat(first.persons()).isEmpty();
        assertThat(first.warnings()).isEmpty();

        Referral second = records.get(1).referral();
        assertThat(second.sourceId()).isEqualTo("638349");
        assertThat(second.occurredAt()).isEqualTo(Instant.parse("2010-04-19T14:37:38Z"));
        assertThat(second.callType().code()).isEqualTo("006");
        assertThat(second.notes()).containsExactly("Status: open");
        assertThat(second.warnings()).isEmpty();
    }

    @Test
    void keepsTheLeadingZerosOfTheSpecsBareNumbersAsWritten() {
        Referral referral = mapper.map(
                        SharedSamples.read("open311-georeport-v2-spec-GET-requests-response.json"), false, CONTEXT)
                .get(0)
                .referral();

        assertThat(referral.callType().code()).isEqualTo("006");
        assertThat(referral.sourceId()).isEqualTo("638344");
        assertThat(referral.location().text()).endsWith("94122");
    }

    @Test
    void mapsTheJsonAndXmlGetRequestsResponsesToTheSameReferrals() {
        List<IntakeRecord> fromJson =
                mapper.map(SharedSamples.read("open311-georeport-v2-spec-GET-requests-response.json"), false, CONTEXT);
        List<IntakeRecord> fromXml =
                mapper.map(SharedSamples.read("open311-georeport-v2-spec-GET-requests-response.xml"), true, CONTEXT);

        assertThat(fromXml).hasSize(2).isEqualTo(fromJson);
    }

    @Test
    void mapsTheGetRequestByIdResponsesAlike() {
        List<IntakeRecord> fromJson = mapper.map(
                SharedSamples.read("open311-georeport-v2-spec-GET-request-by-id-response.json"), false, CONTEXT);
        List<IntakeRecord> fromXml = mapper.map(
                SharedSamples.read("open311-georeport-v2-spec-GET-request-by-id-response.xml"), true, CONTEXT);

        assertThat(fromJson).hasSize(1).isEqualTo(fromXml);
        assertThat(fromJson.get(0).referral().sourceId()).isEqualTo("638344");
        assertThat(fromJson.get(0).referral().callType().code()).isEqualTo("006");
    }

    @Test
    void mapsThePostRequestsResponseKeepingOnlyTheIdAndNotTheCitysNotice() {
        for (String sample : List.of(
                "open311-georeport-v2-spec-POST-requests-response.json",
                "open311-georeport-v2-spec-POST-requests-response.xml")) {
            List<IntakeRecord> records = mapper.map(SharedSamples.read(sample), sample.endsWith(".xml"), CONTEXT);

            assertThat(records).as(sample).hasSize(1);
            Referral referral = records.get(0).referral();
            assertThat(referral.sourceId()).as(sample).isEqualTo("293944");
            assertThat(referral.notes()).as(sample).isEmpty();
            assertThat(referral.callType()).as(sample).isNull();
            assertThat(referral.location()).as(sample).isNull();
            assertThat(referral.door()).as(sample).isEqualTo(Door.COMMUNITY);
            assertThat(referral.warnings()).as(sample).isEmpty();
        }
    }

    @Test
    void mapsTheTokenResponseByItsServiceRequestId() {
        for (String sample : List.of(
                "open311-georeport-v2-spec-GET-token-response.json",
                "open311-georeport-v2-spec-GET-token-response.xml")) {
            List<IntakeRecord> records = mapper.map(SharedSamples.read(sample), sample.endsWith(".xml"), CONTEXT);

            assertThat(records).as(sample).hasSize(1);
            assertThat(records.get(0).referral().sourceId()).as(sample).isEqualTo("638344");
            assertThat(records.get(0).referral().notes()).as(sample).isEmpty();
        }
    }

    @Test
    void refusesTheServiceListAndServiceDefinitionSamplesNamingWhatTheyAre() {
        assertRefused(
                SharedSamples.read("open311-georeport-v2-spec-GET-services.json"),
                false,
                "is a GeoReport v2 service list, not service requests");
        assertRefused(
                SharedSamples.read("open311-georeport-v2-spec-GET-services.xml"),
                true,
                "is a GeoReport v2 service list, not service requests");
        assertRefused(
                SharedSamples.read("open311-georeport-v2-spec-GET-service-definition.json"),
                false,
                "is a GeoReport v2 service definition, not service requests");
        assertRefused(
                SharedSamples.read("open311-georeport-v2-spec-GET-service-definition.xml"),
                true,
                "is a GeoReport v2 service definition, not service requests");
    }

    @Test
    void refusesTheErrorSamplesAsTheyAreAndByNameWithoutTheirStatusLine() {
        byte[] jsonFile = SharedSamples.read("open311-georeport-v2-spec-errors-403-json.txt");
        byte[] xmlFile = SharedSamples.read("open311-georeport-v2-spec-errors-403.txt");

        assertThat(refusal(jsonFile, false).reason()).startsWith("not valid JSON (line 1, column");
        assertThat(refusal(xmlFile, true).reason()).startsWith("the body is not well-formed XML (line 1");
        assertRefused(withoutStatusLine(jsonFile), false, "is a GeoReport v2 error response, not service requests");
        assertRefused(withoutStatusLine(xmlFile), true, "is a GeoReport v2 error response, not service requests");
    }

    @Test
    void mapsThePostRequestsFormForwardedAsJsonWithTheRequesterAsReferrer() throws IOException {
        ObjectNode request = formFields(SharedSamples.read("open311-georeport-v2-spec-POST-requests-request.http"));

        IntakeRecord beforeTheCityAnswered =
                mapper.map(json.writeValueAsBytes(request), false, CONTEXT).get(0);
        assertThat(beforeTheCityAnswered.referral()).isNull();
        assertThat(beforeTheCityAnswered.rejection()).isEqualTo("service_request_id: required");

        request.put("service_request_id", "293944");
        Referral referral = mapper.map(json.writeValueAsBytes(request), false, CONTEXT)
                .get(0)
                .referral();

        assertThat(referral.sourceId()).isEqualTo("293944");
        assertThat(referral.callType()).isEqualTo(new CallType("001", null, null, null));
        assertThat(referral.location())
                .isEqualTo(new Location("1234 5th street", null, 37.76524078, -122.4212043, null));
        assertThat(referral.referrer())
                // The spec's phone 111111111 is no number anyone can call: the e-mail address is the callback.
                .isEqualTo(new Referrer("city.gov", null, "mailto:smit333@sfgov.edu", "open311", "john smith"));
        assertThat(referral.notes())
                .containsExactly("A large sinkhole is destroying the street", "WHISPAWN: 123456", "WHISDORN: COISL001");
        assertThat(referral.persons()).isEmpty();
        assertThat(referral.warnings()).containsExactly("phone: not a phone number; not kept");
        String stored = json.writeValueAsString(referral);
        assertThat(stored).doesNotContain("tt222111", "xyz", "flickr", "111111111");
    }

    @Test
    void keepsNonStandardExtendedAttributesAsNotesButNoContactOrMediaField() throws IOException {
        Referral referral = single(fixture("extended-attributes.json"), false);

        assertThat(referral.sourceId()).isEqualTo("0042-A");
        assertThat(referral.callType()).isEqualTo(new CallType("0310", "Person needing outreach", null, null));
        assertThat(referral.occurredAt()).isEqualTo(Instant.parse("2025-03-14T17:21:30Z"));
        assertThat(referral.location()).isEqualTo(new Location("1501 3rd Ave, 98101", null, 47.6097, -122.3384, null));
        assertThat(referral.referrer())
                .isEqualTo(new Referrer(null, null, "mailto:robin.resident@mail.example", "open311", "Robin Resident"));
        assertThat(referral.notes())
                .containsExactly(
                        "Person sleeping in the doorway since Monday, seems unwell.",
                        "Status: open",
                        "channel: mobile app",
                        "district: 7",
                        "x.shelter_offered: true",
                        "tags: night, repeat");
        assertThat(referral.warnings()).containsExactly("attributes: 4 contact or media field(s) not kept as notes");
        assertThat(String.join("\n", referral.notes())).doesNotContain("555", "@", "media.example", "Robin");
    }

    @Test
    void readsExtendedAttributesFromXmlAsFromJson() throws IOException {
        assertThat(single(fixture("extended-attributes.xml"), true))
                .isEqualTo(single(fixture("extended-attributes.json"), false));
    }

    @Test
    void reportsEachUnreadableRequestAtItsIndexAndKeepsTheOthers() throws IOException {
        List<IntakeRecord> records = mapper.map(fixture("mixed-records.json"), false, CONTEXT);

        assertThat(records).extracting(r -> r.at().index()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(records)
                .extracting(IntakeRecord::rejection)
                .containsExactly(
                        null,
                        "service_request_id: required",
                        "service_request_id: required; a request known only by its token is refused, because it would be"
                                + " taken a second time when it arrives under its service_request_id",
                        "not a JSON object",
                        "service_code: given twice",
                        "service_request_id: not a single value",
                        null);
        assertThat(records.get(0).referral().sourceId()).isEqualTo("100");
        assertThat(records.get(0).referral().occurredAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
        Referral last = records.get(6).referral();
        assertThat(last.sourceId()).isEqualTo("105");
        assertThat(last.location()).isNull();
        assertThat(last.occurredAt()).isNull();
        assertThat(last.warnings())
                .containsExactly(
                        "requested_datetime: not an ISO 8601 date-time; occurredAt left empty",
                        "lat: not a number; ignored",
                        "long: given without its pair; coordinates not kept");
    }

    @Test
    void readsASingleRequestObjectOrElementAsOneRecord() {
        List<IntakeRecord> fromJson =
                mapper.map(bytes("{\"service_request_id\":\"7\",\"service_code\":\"006\"}"), false, CONTEXT);
        List<IntakeRecord> fromXml = mapper.map(
                bytes("<request><service_request_id>7</service_request_id><service_code>006</service_code></request>"),
                true,
                CONTEXT);

        assertThat(fromJson).hasSize(1).isEqualTo(fromXml);
        assertThat(fromJson.get(0).at()).isEqualTo(IntakeRecord.Position.index(0));
        assertThat(fromJson.get(0).referral().door()).isEqualTo(Door.SOCIAL_CONTACT);
    }

    @Test
    void treatsEmptyXmlElementsAndJsonNullsAsAbsent() {
        Referral referral = single(
                bytes("<service_requests><request><service_request_id>9</service_request_id>"
                        + "<service_code/><service_name>  </service_name><address></address><lat/><long/>"
                        + "<description/></request></service_requests>"),
                true);

        assertThat(referral.callType()).isNull();
        assertThat(referral.location()).isNull();
        assertThat(referral.notes()).isEmpty();
        assertThat(referral.warnings()).isEmpty();
    }

    @Test
    void reportsAnXmlListElementThatIsNotARequest() {
        List<IntakeRecord> records = mapper.map(
                bytes("<service_requests><request><service_request_id>1"
                        + "</service_request_id></request><note>x</note></service_requests>"),
                true,
                CONTEXT);

        assertThat(records).extracting(IntakeRecord::rejection).containsExactly(null, "not a request element");
        assertThat(records.get(1).at()).isEqualTo(IntakeRecord.Position.index(1));
    }

    @Test
    void readsATimeWithoutOffsetInTheSitesZoneWithAWarning() {
        Referral referral =
                single(bytes("[{\"service_request_id\":\"1\",\"requested_datetime\":\"2025-07-01T09:00:00\"}]"), false);

        assertThat(referral.occurredAt()).isEqualTo(Instant.parse("2025-07-01T16:00:00Z"));
        assertThat(referral.warnings())
                .containsExactly("requested_datetime: no UTC offset; read in the site's time zone");
    }

    @Test
    void acceptsAnEmptyListAsNoRecords() {
        assertThat(mapper.map(bytes("[]"), false, CONTEXT)).isEmpty();
        assertThat(mapper.map(bytes("<service_requests/>"), true, CONTEXT)).isEmpty();
    }

    // ---- bodies that cannot be read at all ----------------------------------------------------

    @Test
    void refusesTruncatedJsonAndXmlNamingWhere() {
        assertThat(refusal(bytes("[{\"service_request_id\":\"1\", \"service_code\":"), false)
                        .reason())
                .startsWith("not valid JSON (line 1, column");
        assertThat(refusal(bytes("<service_requests><request><service_request_id>1</service_request_id>"), true)
                        .reason())
                .startsWith("the body is not well-formed XML (line 1");
    }

    @Test
    void refusesADoctypeSoNeitherExternalEntitiesNorEntityExpansionCanHappen() throws IOException {
        Path marker = temp.resolve("marker.txt");
        Files.writeString(marker, SECRET);
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"" + marker.toUri() + "\">]>"
                + "<service_requests><request><service_request_id>&xxe;</service_request_id></request></service_requests>";
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">]>"
                + "<service_requests><request><service_request_id>&lol2;</service_request_id></request></service_requests>";

        for (String xml : List.of(xxe, laughs)) {
            Problem problem = refusal(bytes(xml), true);
            assertThat(problem.reason()).startsWith("the body has a DOCTYPE declaration, which is refused");
            assertThat(problem.reason()).doesNotContain(SECRET, "lol");
        }
    }

    @Test
    void refusesAnUnknownXmlRootWithoutNamingIt() {
        Problem problem = refusal(bytes("<" + SECRET + "><request/></" + SECRET + ">"), true);

        assertThat(problem.reason())
                .isEqualTo("not a GeoReport v2 service-request list: the root must be service_requests or request");
    }

    @Test
    void refusesJsonThatIsNotAListOrAnObject() {
        assertThat(refusal(bytes("\"" + SECRET + "\""), false).reason())
                .isEqualTo("not a JSON array of service requests nor a single request object");
        assertThat(refusal(bytes("[] []"), false).reason()).isEqualTo("content after the end of the JSON value");
        assertThat(refusal(new byte[0], false).reason()).isEqualTo("the body is empty");
        assertThat(refusal(new byte[] {(byte) 0xC3, (byte) 0x28}, false).reason())
                .isEqualTo("not UTF-8 text");
    }

    @Test
    void refusesJsonNestedBeyondTheLimit() {
        String deep =
                "[{\"service_request_id\":\"1\",\"extended_attributes\":" + "[".repeat(40) + "]".repeat(40) + "}]";

        assertThat(refusal(bytes(deep), false).reason()).startsWith("breaks a size limit");
    }

    @Test
    void refusesMoreRequestsThanTheLimit() {
        String many = "[" + "{},".repeat(Open311Mapper.MAX_REQUESTS) + "{}]";

        assertThat(refusal(bytes(many), false).reason()).startsWith("more than " + Open311Mapper.MAX_REQUESTS);
    }

    // ---- privacy ------------------------------------------------------------------------------

    @Test
    void noReasonWarningOrProblemQuotesAValue() throws IOException {
        String body = "[{\"service_request_id\":\"1\",\"requested_datetime\":\"" + SECRET + "\",\"lat\":\"" + SECRET
                + "\",\"long\":\"" + SECRET + "\",\"phone\":\"" + SECRET + "\",\"email\":\"" + SECRET + "\","
                + "\"extended_attributes\":\"" + SECRET + "\",\"service_code\":{\"" + SECRET + "\":1}},"
                + "{\"token\":\"" + SECRET + "\"},"
                + "{\"service_request_id\":\"" + SECRET.repeat(20) + "\"},"
                + "{\"service_request_id\":\"2\",\"" + SECRET + "\":1,\"" + SECRET + "\":2},"
                + "\"" + SECRET + "\"]";

        List<String> texts = new ArrayList<>();
        for (IntakeRecord record : mapper.map(bytes(body), false, CONTEXT)) {
            if (record.rejection() != null) {
                texts.add(record.rejection());
            } else {
                texts.addAll(record.referral().warnings());
            }
        }
        texts.add(refusal(bytes("[{\"service_request_id\":\"" + SECRET + "\""), false)
                .reason());
        texts.add(refusal(bytes("<service_requests><request>" + SECRET + "</service_requests>"), true)
                .reason());

        assertThat(texts).hasSizeGreaterThan(8).noneMatch(text -> text.contains("SECRET"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Referral single(byte[] body, boolean xml) {
        List<IntakeRecord> records = mapper.map(body, xml, CONTEXT);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).rejection()).isNull();
        return records.get(0).referral();
    }

    private Problem refusal(byte[] body, boolean xml) {
        InvalidReferralException e =
                catchThrowableOfType(() -> mapper.map(body, xml, CONTEXT), InvalidReferralException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage()).doesNotContain(SECRET);
        return e.problems().get(0);
    }

    private void assertRefused(byte[] body, boolean xml, String reason) {
        Problem problem = refusal(body, xml);
        assertThat(problem.field()).isEqualTo("/");
        assertThat(problem.reason()).isEqualTo(reason);
    }

    /** The body after the "HTTP/1.1 403 Forbidden" line and the blank line of the spec's error examples. */
    private static byte[] withoutStatusLine(byte[] response) {
        String text = new String(response, StandardCharsets.UTF_8);
        return text.substring(text.indexOf("\n\n") + 2).getBytes(StandardCharsets.UTF_8);
    }

    /** The form fields of the spec's POST example as the JSON object a 311 system would forward. */
    private ObjectNode formFields(byte[] http) {
        String text = new String(http, StandardCharsets.UTF_8);
        String form = text.substring(text.indexOf("\n\n") + 2).strip();
        ObjectNode fields = json.createObjectNode();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = Open311MapperTest.class.getResourceAsStream("/open311/" + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing fixture " + name));
            }
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
