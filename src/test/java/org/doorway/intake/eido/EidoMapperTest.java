package org.doorway.intake.eido;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.InvalidReferralException.Problem;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.referral.Referral.CallType;
import org.doorway.referral.Referral.Location;
import org.doorway.referral.Referral.Person;
import org.doorway.referral.Referral.Referrer;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EidoMapperTest {

    private static final Instant RECEIVED = Instant.parse("2026-01-15T12:00:00Z");
    /** LEAD is an officer's social-contact referral; everything else came through the community door. */
    private static final EidoContext CONTEXT =
            new EidoContext("demo", RECEIVED, code -> "LEAD".equals(code) ? Door.SOCIAL_CONTACT : Door.COMMUNITY);

    private static final String SECRET = "SECRET-VALUE-93e1";

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final EidoMapper mapper = new EidoMapper(json);

    @TempDir
    Path temp;

    // ---- the official NENA sample -------------------------------------------------------------

    @Test
    void mapsOfficialCallTransferSampleFieldByField() {
        Referral referral = single(SharedSamples.read("eido-sample-call-transfer.json"));

        assertThat(referral.site()).isEqualTo("demo");
        assertThat(referral.source()).isEqualTo("eido");
        assertThat(referral.sourceId()).isEqualTo("urn:emergency:uid:incidentid:a56e556d871:bcf.state.pa.us");
        assertThat(referral.occurredAt()).isEqualTo(Instant.parse("2021-04-30T18:40:00Z"));
        assertThat(referral.receivedAt()).isEqualTo(RECEIVED);
        assertThat(referral.location())
                .isEqualTo(new Location("42 W Cellular Street, Wilmington, DE", null, null, null, null));
        assertThat(referral.callType()).isNull();
        assertThat(referral.door())
                .isEqualTo(CONTEXT.doorForCallType().apply(null))
                .isEqualTo(Door.COMMUNITY);
        assertThat(referral.charges()).isEmpty();
        assertThat(referral.referrer())
                .isEqualTo(new Referrer(
                        "state.pa.us", "tjones.atroop@state.pa.us", "tel:+18195551212", "dispatcher", null));
        assertThat(referral.persons())
                .containsExactly(new Person(List.of("Caller"), null, null, null, null, null, null));
        assertThat(referral.notes()).containsExactly("This is an example text.");
        assertThat(referral.warnings()).isEmpty();
    }

    @Test
    void copiesNothingFromTheOfficialSamplesProviderVCard() throws Exception {
        Referral referral = single(SharedSamples.read("eido-sample-call-transfer.json"));

        String serialized = json.writeValueAsString(referral);

        assertThat(serialized)
                .doesNotContain(
                        "Hannes",
                        "Tschofenig",
                        "Linnoitustie",
                        "Espoo",
                        "Finland",
                        "358",
                        "Example VoIP Provider",
                        "Diamond State",
                        "302-555",
                        "wireless",
                        "2468.IBOC");
    }

    // ---- the README example -------------------------------------------------------------------

    @Test
    void mapsLeadWarmHandoffExampleFieldByField() {
        Referral referral = single(example());

        assertThat(referral.site()).isEqualTo("demo");
        assertThat(referral.source()).isEqualTo("eido");
        assertThat(referral.sourceId()).isEqualTo("urn:emergency:uid:incidentid:demo0001:cad.demo.example");
        assertThat(referral.occurredAt()).isEqualTo(Instant.parse("2025-03-14T17:21:30.250Z"));
        assertThat(referral.receivedAt()).isEqualTo(RECEIVED);
        assertThat(referral.door()).isEqualTo(Door.SOCIAL_CONTACT);
        assertThat(referral.callType())
                .isEqualTo(new CallType("LEAD", "LEAD warm handoff requested by officer", "WELFARE", 3));
        assertThat(referral.location())
                .isEqualTo(new Location(
                        "1501 3rd Ave, Corner of Pike St, Seattle, WA 98101",
                        "officer waiting by the bus shelter",
                        47.6097,
                        -122.3384,
                        "W2"));
        assertThat(referral.referrer())
                .isEqualTo(new Referrer(
                        "police.demo.example",
                        "officer.4471@police.demo.example",
                        "tel:+12065550147",
                        "officer",
                        null));
        assertThat(referral.persons())
                .containsExactly(new Person(
                        List.of("Subject"),
                        "Jordan",
                        "Example",
                        "1984-07-19",
                        "Black",
                        "Not Hispanic or Latino",
                        "Male"));
        assertThat(referral.notes())
                .containsExactly(
                        "Officer requests a LEAD warm handoff & will wait on scene. Person agreed to talk with a case manager.");
        assertThat(referral.charges()).isEmpty();
        assertThat(referral.warnings()).isEmpty();
    }

    @Test
    void exampleFollowsTheShapeOfTheStandard() throws IOException {
        ObjectNode example = (ObjectNode) json.readTree(example());

        assertThat(example.path("eidoVersion").asText()).isEqualTo("1.0");
        assertThat(example.has("issuingElementIdentification")).isTrue();
        assertThat(example.path("incidentComponent").isObject()).isTrue();
        for (String list : List.of(
                "callComponent",
                "callbackComponent",
                "agencyComponent",
                "agentComponent",
                "locationComponent",
                "personComponent",
                "notesComponent")) {
            assertThat(example.path(list).isArray()).as(list).isTrue();
            example.path(list)
                    .forEach(component -> assertThat(component.has("$id")
                                    && component.has("lastUpdateTimeStamp")
                                    && component.has("updatedByAgencyReference"))
                            .as("prologue of " + list)
                            .isTrue());
        }
    }

    // ---- the pre-standard 2020 draft ----------------------------------------------------------

    @Test
    void acceptsPre2020DraftWithWarnings() {
        Referral referral = single(SharedSamples.read("eido-sample-2020-legacy-draft.json"));

        assertThat(referral.sourceId()).isEqualTo("urn:emergency:uid:incidentid:0:psap.allegheny.pa.us");
        assertThat(referral.callType())
                .isEqualTo(new CallType("10-101", "CIVIL UNREST; REQUEST MUTUAL AID", "CU1", 10));
        assertThat(referral.door()).isEqualTo(Door.COMMUNITY);
        assertThat(referral.referrer())
                .isEqualTo(new Referrer("psap.allegheny.pa.us", "dern.handy@psap.allegheny.pa.us", null));
        assertThat(referral.occurredAt()).isEqualTo(Instant.parse("2020-10-29T18:40:04.337Z"));
        assertThat(referral.location()).isNull();
        assertThat(referral.persons()).isEmpty();
        assertThat(referral.notes()).isEmpty();
        assertThat(referral.warnings())
                .contains(
                        "pre-standard EIDO draft (2020): mapped by its draft field names;"
                                + " ask the sender to move to NENA-STA-021.1b",
                        "no readable location");
        assertThat(referral.warnings())
                .anyMatch(
                        warning -> warning.startsWith(
                                "/locationInformationComponent/0/locationByValue: PIDF-LO is not well-formed XML (line 1, column "));
    }

    // ---- own fixtures -------------------------------------------------------------------------

    @Test
    void takesPolygonCentroidAfterSkippingAnUnusableLocation() {
        Referral referral = single(fixture("polygon-location.json"));

        Location location = referral.location();
        assertThat(location.text()).isNull();
        assertThat(location.latitude()).isCloseTo(47.605, within(1e-9));
        assertThat(location.longitude()).isCloseTo(-122.335, within(1e-9));
        assertThat(location.zone()).isEqualTo("K3");
        assertThat(referral.occurredAt()).isEqualTo(Instant.parse("2024-11-02T17:00:00Z"));
        assertThat(referral.callType()).isEqualTo(new CallType(null, null, "WELFARE", null));
        assertThat(referral.door()).isEqualTo(Door.COMMUNITY);
        assertThat(referral.warnings())
                .containsExactly(
                        "/locationComponent/1/locationByValue: gml:pos coordinates are out of range"
                                + " (latitude -90..90, longitude -180..180); ignored",
                        "/locationComponent/1/locationByValue: PIDF-LO holds no usable civic address or coordinates");
    }

    @Test
    void turnsHtmlNotesIntoPlainTextAndKeepsCallDataComments() {
        Referral referral = single(fixture("html-notes.json"));

        assertThat(referral.notes())
                .containsExactly(
                        "Caller says subject is sitting on the steps & calm. Typed <b>literally</b> \u2014 it's fine; 3 < 4.",
                        "Caller asked for a callback.",
                        "Second comment <kept as text>");
        assertThat(referral.notes()).noneMatch(note -> note.contains("internal") || note.contains("alert"));
        assertThat(referral.warnings())
                .containsExactly(
                        "no readable location",
                        "/additionalDataComponent/1/additionalDataByValue: additional data is not well-formed XML"
                                + " (line 1, column 114)");
    }

    @Test
    void mapsTheMinimalFixture() {
        Referral referral = single(fixture("minimal.json"));

        assertThat(referral.sourceId()).isEqualTo("urn:emergency:uid:incidentid:fixture0001:cad.test.example");
        assertThat(referral.occurredAt()).isEqualTo(Instant.parse("2024-11-02T07:10:00.123456789Z"));
        assertThat(referral.location())
                .isEqualTo(new Location("700 Market St, Tacoma, WA 98402", null, null, null, null));
        assertThat(referral.referrer())
                .isEqualTo(new Referrer("psap.test.example", "calltaker.17@psap.test.example", null, null, null));
        assertThat(referral.callType()).isNull();
        assertThat(referral.warnings()).isEmpty();
    }

    // ---- 988 crisis-line transfers -----------------------------------------------------------

    private ObjectNode withCrisisLineBlock(String consent, String risk) {
        ObjectNode document = minimal();
        String block = "<clt:CrisisLineTransfer xmlns:clt=\"" + EidoMapper.CRISIS_NS + "\">"
                + (consent == null ? "" : "<clt:ConsentToContact>" + consent + "</clt:ConsentToContact>")
                + (risk == null ? "" : "<clt:ImminentRisk>" + risk + "</clt:ImminentRisk>")
                + "</clt:CrisisLineTransfer>";
        ObjectNode data = document.putArray("additionalDataComponent").addObject();
        data.put("$id", "crisis-1");
        data.put("lastUpdateTimeStamp", "2024-11-02T08:10:00Z");
        data.putObject("updatedByAgencyReference").put("$ref", "psap.test.example");
        data.put("additionalDataByValue", block);
        return document;
    }

    @Test
    void carriesA988TransfersConsentAndImminentRiskForTriage() throws IOException {
        Referral referral = single(json.writeValueAsBytes(withCrisisLineBlock("true", "false")));

        assertThat(referral.screening().consentToContact()).isTrue();
        assertThat(referral.screening().imminentDanger()).isFalse();
        assertThat(referral.referrer().role()).isEqualTo("crisis-line");
        assertThat(referral.warnings()).isEmpty();
    }

    @Test
    void leavesCrisisLineFactsUnknownWhenAbsentOrUnclear() throws IOException {
        Referral absent = single(json.writeValueAsBytes(withCrisisLineBlock(null, "yes")));
        Referral unclear = single(json.writeValueAsBytes(withCrisisLineBlock("perhaps", "1")));
        Referral none = single(fixture("minimal.json"));

        assertThat(absent.screening().consentToContact()).isNull();
        assertThat(absent.screening().imminentDanger()).isTrue();
        assertThat(unclear.screening().consentToContact()).isNull();
        assertThat(unclear.warnings()).anyMatch(w -> w.contains("ConsentToContact is neither true nor false"));
        assertThat(unclear.warnings()).noneMatch(w -> w.contains("perhaps"));
        assertThat(none.screening()).isEqualTo(Referral.Screening.UNKNOWN);
        assertThat(none.referrer().role())
                .as("no agent component says what the agent is")
                .isNull();
    }

    // ---- timestamps, references, fallbacks ----------------------------------------------------

    @Test
    void occurredAtIsTheEarliestCallStart() {
        ObjectNode document = minimal();
        ObjectNode second = ((ObjectNode) document.withArray("callComponent").get(0)).deepCopy();
        second.put("$id", "second-call").put("callStartTimestamp", "2024-11-02T07:05:00.5Z");
        document.withArray("callComponent").add(second);

        assertThat(single(document).occurredAt()).isEqualTo(Instant.parse("2024-11-02T07:05:00.5Z"));
    }

    @Test
    void occurredAtFallsBackToTheIncidentThenTheDocument() {
        ObjectNode withIncident = minimal();
        ((ObjectNode) withIncident.withArray("callComponent").get(0)).remove("callStartTimestamp");
        withIncident
                .putObject("incidentComponent")
                .put("$id", "inc")
                .put("lastUpdateTimeStamp", "2024-11-02T06:00:00-02:00");
        ObjectNode documentOnly = minimal();
        documentOnly.remove("callComponent");

        assertThat(single(withIncident).occurredAt()).isEqualTo(Instant.parse("2024-11-02T08:00:00Z"));
        assertThat(single(documentOnly).occurredAt()).isEqualTo(Instant.parse("2024-11-02T08:15:00Z"));
    }

    @Test
    void warnsAboutUnresolvedReferencesAndTriesTheNextLocation() {
        ObjectNode document = minimal();
        ObjectNode incident = document.putObject("incidentComponent");
        incident.put("$id", "inc").put("incidentTypeInternalCode", "LEAD").put("beatOrDispatchGroupText", "B1");
        incident.putArray("locationReference").addObject().put("$ref", "held-elsewhere");
        incident.withArray("locationReference").addObject().put("$ref", "psap.test.example");

        Referral referral = single(document);

        assertThat(referral.location())
                .isEqualTo(new Location("700 Market St, Tacoma, WA 98402", null, null, null, "B1"));
        assertThat(referral.door()).isEqualTo(Door.SOCIAL_CONTACT);
        assertThat(referral.warnings())
                .containsExactly(
                        "/incidentComponent/locationReference/0/$ref: refers to a component that is not in this document",
                        "/incidentComponent/locationReference/1/$ref: refers to /agencyComponent/0, which is not in locationComponent");
    }

    @Test
    void keepsTheZoneWhenNoLocationIsReadable() {
        ObjectNode document = minimal();
        ((ObjectNode) document.withArray("locationComponent").get(0)).put("locationByValue", "<presence");
        document.putObject("incidentComponent").put("$id", "inc").put("beatOrDispatchGroupText", "W2");

        Referral referral = single(document);

        assertThat(referral.location()).isEqualTo(new Location(null, null, null, null, "W2"));
        assertThat(referral.warnings()).contains("no readable location");
    }

    @Test
    void fallsBackToTheCallAndTheAgencyListForTheReferrer() {
        ObjectNode viaCall = minimal();
        viaCall.remove(List.of("updatedByAgencyReference", "updatedByAgentReference"));
        ObjectNode call = (ObjectNode) viaCall.withArray("callComponent").get(0);
        call.putArray("agentReference").addObject().put("$ref", "dispatcher.3@psap.test.example");
        ObjectNode viaAgencyList = viaCall.deepCopy();
        ((ObjectNode) viaAgencyList.withArray("callComponent").get(0)).remove("updatedByAgencyReference");

        assertThat(single(viaCall).referrer())
                .isEqualTo(new Referrer("psap.test.example", "dispatcher.3@psap.test.example", null));
        assertThat(single(viaAgencyList).referrer())
                .isEqualTo(new Referrer("psap.test.example", "dispatcher.3@psap.test.example", null));
    }

    @Test
    void keepsTheFirstValidTelCallbackRebuiltFromItsNumberAndNothingElse() {
        ObjectNode document = minimal();
        ((ObjectNode) document.withArray("callComponent").get(0))
                .putObject("callBackReference")
                .put("$ref", "cb");
        ObjectNode callback = document.putArray("callbackComponent").addObject().put("$id", "cb");
        callback.putArray("callBackInformationUri")
                .add("sip:a@test.example")
                .add("tel:12")
                .add("TEL:+1-206-555-0100;ext=7");

        assertThat(single(document).referrer().callback()).isEqualTo("tel:+12065550100");
        assertThat(single(document).warnings()).isEmpty();
        for (String hostile : List.of(
                "sip:a@test.example",
                "javascript:alert(document.domain)",
                "tel:javascript:alert(1)",
                "tel:+12065550100\"><img src=x onerror=alert(1)>",
                "data:text/html,<script>alert(1)</script>",
                "tel:+1206555")) {
            ObjectNode other = document.deepCopy();
            ((ObjectNode) other.withArray("callbackComponent").get(0))
                    .putArray("callBackInformationUri")
                    .add(hostile);

            Referral referral = single(other);

            assertThat(referral.referrer().callback()).as(hostile).isNull();
            assertThat(referral.warnings())
                    .as(hostile)
                    .anyMatch(w -> w.contains("callBackInformationUri") && w.contains("no valid tel: number"))
                    .noneMatch(w -> w.contains(hostile));
        }
    }

    // ---- persons ------------------------------------------------------------------------------

    @Test
    void readsPersonDescriptorsFromTextsThenCodesThenRapSheetCodes() {
        ObjectNode document = minimal();
        ArrayNode persons = document.putArray("personComponent");
        ObjectNode texts = persons.addObject().put("$id", "p1");
        texts.putArray("personIncidentRoleRegistryText").add("Subject").add("Caller");
        ObjectNode nc = texts.putObject("ncPersonComponent");
        nc.putArray("name").addObject().putArray("personFullName").addObject().put("value", "Sam  Q Sample");
        nc.putArray("race").addObject().put("value", "Pacific Islander");
        nc.putArray("raceCode").addObject().put("simpleType", "W");
        nc.putArray("ethnicity").addObject().put("value", "Latina");
        nc.putArray("sex").addObject().put("value", "Nonbinary");
        nc.putArray("birthDate").addObject().putArray("date").addObject().put("value", "1990-02-03-08:00");
        ObjectNode codes = persons.addObject().put("$id", "p2");
        ObjectNode nc2 = codes.putObject("ncPersonComponent");
        nc2.putArray("raceCode").addObject().put("simpleType", "i");
        nc2.putArray("ethnicityCode").addObject().put("simpleType", "H");
        nc2.putArray("sexCode").addObject().put("simpleType", "F");
        ObjectNode rapSheet = persons.addObject().put("$id", "p3");
        ObjectNode nc3 = rapSheet.putObject("ncPersonComponent");
        nc3.putArray("raceCode").addObject().put("simpleType", "Z");
        nc3.putArray("raceRapSheetCode").addObject().put("simpleType", "Asian");
        nc3.putArray("ethnicityRapSheetCode").addObject().put("simpleType", "Unknown");
        nc3.putArray("sexRapSheetCode").addObject().put("simpleType", "Female");
        persons.addObject().put("$id", "p4");

        Referral referral = single(document);

        assertThat(referral.persons())
                .containsExactly(
                        new Person(
                                List.of("Subject", "Caller"),
                                "Sam Q Sample",
                                null,
                                "1990-02-03",
                                "Pacific Islander",
                                "Latina",
                                "Nonbinary"),
                        new Person(
                                List.of(),
                                null,
                                null,
                                null,
                                "American Indian or Alaska Native",
                                "Hispanic or Latino",
                                "Female"),
                        new Person(List.of(), null, null, null, "Asian", "Unknown", "Female"),
                        new Person(List.of(), null, null, null, null, null, null));
        assertThat(referral.warnings())
                .containsExactly(
                        "/personComponent/2/ncPersonComponent/raceCode/0/simpleType: not an NCIC race code; ignored");
    }

    @Test
    void ignoresAnUnreadableBirthDateWithoutQuotingIt() {
        ObjectNode document = minimal();
        document.putArray("personComponent")
                .addObject()
                .put("$id", "p1")
                .putObject("ncPersonComponent")
                .putArray("birthDate")
                .addObject()
                .putArray("date")
                .addObject()
                .put("value", "19" + SECRET);

        Referral referral = single(document);

        assertThat(referral.persons().get(0).birthDate()).isNull();
        assertThat(referral.warnings())
                .containsExactly(
                        "/personComponent/0/ncPersonComponent/birthDate/0/date/0/value: not an xs:date (yyyy-mm-dd); ignored");
    }

    @Test
    void usesTheFirstOfSeveralIncidentComponents() {
        ObjectNode document = minimal();
        ArrayNode incidents = document.putArray("incidentComponent");
        incidents.addObject().put("$id", "i1").put("incidentTypeInternalCode", "LEAD");
        incidents.addObject().put("$id", "i2").put("incidentTypeInternalCode", "OTHER");

        Referral referral = single(document);

        assertThat(referral.callType().code()).isEqualTo("LEAD");
        assertThat(referral.warnings())
                .containsExactly("/incidentComponent: more than one incident component; the first is used");
    }

    @Test
    void warnsButAcceptsDataMembersOfTheWrongType() {
        ObjectNode document = minimal();
        ObjectNode incident = document.putObject("incidentComponent")
                .put("$id", "inc")
                .put("incidentTypeInternalCode", "LEAD")
                .put("incidentCommonPriorityNumber", SECRET);
        incident.putArray("incidentTypeInternalText").add(SECRET);

        Referral referral = single(document);

        assertThat(referral.callType()).isEqualTo(new CallType("LEAD", null, null, null));
        assertThat(referral.warnings())
                .containsExactly(
                        "/incidentComponent/incidentTypeInternalText: not a string; ignored",
                        "/incidentComponent/incidentCommonPriorityNumber: not a 32-bit integer; ignored");
    }

    // ---- refused documents --------------------------------------------------------------------

    @Test
    void rejectsBytesThatAreNotJson() {
        assertRejected(
                ("{\"$id\": " + SECRET + "}").getBytes(StandardCharsets.UTF_8),
                problem -> assertThat(problem).isEqualTo(new Problem("/", "not valid JSON: line 1, column 9")));
    }

    @Test
    void rejectsAJsonArray() {
        assertRejected(
                ("[\"" + SECRET + "\"]").getBytes(StandardCharsets.UTF_8),
                problem -> assertThat(problem).isEqualTo(new Problem("/", "not a JSON object")));
    }

    @Test
    void rejectsTrailingContent() {
        byte[] document = (new String(bytes(minimal()), StandardCharsets.UTF_8) + " {\"x\": \"" + SECRET + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertRejected(document, problem -> assertThat(problem.field()).isEqualTo("/"));
    }

    @Test
    void rejectsDocumentWithoutIncidentId() {
        ObjectNode missing = minimal();
        missing.remove("$id");
        ObjectNode blank = minimal().put("$id", "   ");
        ObjectNode number = minimal().put("$id", 42);

        assertRejected(
                missing,
                problem -> assertThat(problem).isEqualTo(new Problem("/$id", "required: the incident identifier")));
        assertRejected(blank, problem -> assertThat(problem.field()).isEqualTo("/$id"));
        assertRejected(number, problem -> assertThat(problem).isEqualTo(new Problem("/$id", "not a string")));
    }

    @Test
    void rejectsAMissingOrUnsupportedEidoVersion() {
        ObjectNode missing = minimal();
        missing.remove("eidoVersion");
        ObjectNode other = minimal().put("eidoVersion", "9." + SECRET);

        assertRejected(missing, problem -> assertThat(problem.field()).isEqualTo("/eidoVersion"));
        assertRejected(
                other,
                problem -> assertThat(problem)
                        .isEqualTo(new Problem("/eidoVersion", "unsupported EIDO version: only 1.0 is accepted")));
    }

    @Test
    void rejectsAnUnparseableCallStartTimestamp() {
        ObjectNode document = minimal();
        ((ObjectNode) document.withArray("callComponent").get(0)).put("callStartTimestamp", "2024-11-02 " + SECRET);

        assertRejected(
                document,
                problem -> assertThat(problem)
                        .isEqualTo(new Problem(
                                "/callComponent/0/callStartTimestamp", "not an ISO-8601 date-time with offset")));
    }

    @Test
    void rejectsATimestampWithoutOffset() {
        ObjectNode document = minimal();
        ((ObjectNode) document.withArray("callComponent").get(0)).put("callStartTimestamp", "2024-11-02T08:10:00");

        assertRejected(
                document, problem -> assertThat(problem.field()).isEqualTo("/callComponent/0/callStartTimestamp"));
    }

    @Test
    void rejectsADuplicateComponentId() {
        ObjectNode document = minimal();
        ObjectNode copy = ((ObjectNode) document.withArray("locationComponent").get(0)).deepCopy();
        document.withArray("locationComponent").add(copy);

        assertRejected(
                document,
                problem -> assertThat(problem)
                        .isEqualTo(new Problem(
                                "/locationComponent/1/$id",
                                "duplicate $id: /locationComponent/0 has the same identifier")));
    }

    @Test
    void rejectsADuplicateJsonKey() {
        assertRejected(
                fixture("duplicate-key.json"),
                problem -> assertThat(problem)
                        .isEqualTo(new Problem(
                                "/callComponent/0/callStartTimestamp", "duplicate key (line 8, column 27)")));
    }

    @Test
    void rejectsAComponentListOfTheWrongType() {
        ObjectNode document = minimal().put("personComponent", SECRET);
        ObjectNode elements = minimal();
        elements.withArray("locationComponent").add(SECRET);

        assertRejected(
                document,
                problem ->
                        assertThat(problem).isEqualTo(new Problem("/personComponent", "not an array of components")));
        assertRejected(
                elements,
                problem ->
                        assertThat(problem).isEqualTo(new Problem("/locationComponent/1", "not a component object")));
    }

    @Test
    void rejectsMalformedReferences() {
        ObjectNode document = minimal();
        ((ObjectNode) document.withArray("callComponent").get(0)).put("locationReference", SECRET);
        document.putObject("updatedByAgencyReference").put("$ref", 7);

        assertThat(rejected(bytes(document)).problems())
                .containsExactlyInAnyOrder(
                        new Problem("/callComponent/0/locationReference", "not an array of references"),
                        new Problem("/updatedByAgencyReference/$ref", "not a string"));
    }

    @Test
    void rejectsATruncatedDocument() {
        byte[] whole = bytes(minimal());
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

        assertRejected(truncated, problem -> {
            assertThat(problem.field()).isEqualTo("/");
            assertThat(problem.reason()).startsWith("not valid JSON: line 1, column ");
        });
    }

    @Test
    void rejectsUtf8GarbageBytes() {
        byte[] garbage = {'{', '"', '$', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
        byte[] noise = {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD, 0x00, 0x13, (byte) 0x80};

        assertRejected(garbage, problem -> assertThat(problem.field()).isEqualTo("/"));
        assertRejected(noise, problem -> assertThat(problem.field()).isEqualTo("/"));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ObjectNode document = minimal();
        document.remove(List.of("$id", "eidoVersion"));
        ((ObjectNode) document.withArray("callComponent").get(0)).put("callStartTimestamp", SECRET);
        document.put("notesComponent", 3);

        InvalidReferralException e = rejected(bytes(document));

        assertThat(e.problems())
                .extracting(Problem::field)
                .containsExactlyInAnyOrder(
                        "/eidoVersion", "/$id", "/callComponent/0/callStartTimestamp", "/notesComponent");
        assertThat(e.title()).isEqualTo("Invalid EIDO document");
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void rejectsAnEmptyBody() {
        assertRejected(new byte[0], problem -> assertThat(problem.field()).isEqualTo("/"));
    }

    @Test
    void listsAtMostFiftyProblems() {
        ObjectNode document = minimal();
        ArrayNode notes = document.putArray("notesComponent");
        for (int i = 0; i < 80; i++) {
            notes.addObject().put("$id", "same-id");
        }

        List<Problem> problems = rejected(bytes(document)).problems();

        assertThat(problems).hasSize(EidoFindings.LIMIT + 1);
        assertThat(problems.get(EidoFindings.LIMIT)).isEqualTo(new Problem("/", "29 more problems not listed"));
    }

    // ---- hostile XML inside the JSON ----------------------------------------------------------

    @Test
    void refusesExternalEntitiesInPidfLo() throws IOException {
        Path marker = temp.resolve("marker.txt");
        Files.writeString(marker, SECRET);
        ObjectNode document = minimal();
        ((ObjectNode) document.withArray("locationComponent").get(0))
                .put(
                        "locationByValue",
                        "<?xml version=\"1.0\"?><!DOCTYPE presence [<!ENTITY city SYSTEM \"" + marker.toUri() + "\">]>"
                                + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\">"
                                + "<tuple id=\"t\"><status><gp:geopriv><gp:location-info>"
                                + "<civicAddress xmlns=\"urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr\"><A3>&city;</A3>"
                                + "<RD>Main</RD></civicAddress></gp:location-info></gp:geopriv></status></tuple></presence>");

        Referral referral = single(document);

        assertThat(referral.location()).isNull();
        assertThat(referral.warnings())
                .containsExactly(
                        "/locationComponent/0/locationByValue: PIDF-LO has a DOCTYPE declaration, which is refused"
                                + " (line 1, column 31)",
                        "no readable location");
        assertThat(json.writeValueAsString(referral)).doesNotContain(SECRET).doesNotContain(marker.toString());
    }

    @Test
    void refusesBillionLaughsInPidfLo() throws IOException {
        StringBuilder entities = new StringBuilder("<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY l")
                    .append(i)
                    .append(" \"")
                    .append(("&l" + (i - 1) + ";").repeat(10))
                    .append("\">");
        }
        ObjectNode document = minimal();
        ((ObjectNode) document.withArray("locationComponent").get(0))
                .put(
                        "locationByValue",
                        "<!DOCTYPE presence [" + entities
                                + "]><presence xmlns=\"urn:ietf:params:xml:ns:pidf\">&l9;</presence>");

        Referral referral = single(document);

        assertThat(referral.location()).isNull();
        assertThat(referral.warnings())
                .anyMatch(warning -> warning.startsWith(
                        "/locationComponent/0/locationByValue: PIDF-LO has a DOCTYPE declaration, which is refused"));
        assertThat(json.writeValueAsString(referral)).doesNotContain("lollol");
    }

    @Test
    void refusesExternalEntitiesInAdditionalData() throws IOException {
        Path marker = temp.resolve("comment.txt");
        Files.writeString(marker, SECRET);
        ObjectNode document = minimal();
        document.putArray("additionalDataComponent")
                .addObject()
                .put("$id", "ad")
                .put(
                        "additionalDataByValue",
                        "<!DOCTYPE c [<!ENTITY x SYSTEM \"" + marker.toUri() + "\">]>"
                                + "<com:EmergencyCallData.Comment xmlns:com=\"urn:ietf:params:xml:ns:EmergencyCallData:Comment\">"
                                + "<com:Comment>&x;</com:Comment></com:EmergencyCallData.Comment>");

        Referral referral = single(document);

        assertThat(referral.notes()).isEmpty();
        assertThat(referral.warnings())
                .anyMatch(warning -> warning.startsWith(
                        "/additionalDataComponent/0/additionalDataByValue: additional data has a DOCTYPE declaration"));
        assertThat(json.writeValueAsString(referral)).doesNotContain(SECRET);
    }

    // ---- the shared mapper --------------------------------------------------------------------

    @Test
    void leavesTheSharedObjectMapperAsItWas() {
        assertThat(json.getFactory().isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature()))
                .isFalse();
        assertThat(json.getDeserializationConfig()
                        .isEnabled(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS))
                .isFalse();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Referral single(byte[] document) {
        List<Referral> referrals = mapper.map(document, CONTEXT);
        assertThat(referrals).hasSize(1);
        return referrals.get(0);
    }

    private Referral single(ObjectNode document) {
        return single(bytes(document));
    }

    private InvalidReferralException rejected(byte[] document) {
        InvalidReferralException e =
                catchThrowableOfType(() -> mapper.map(document, CONTEXT), InvalidReferralException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.problems()).isNotEmpty();
        List<String> values = quotedValues(document);
        assertThat(e.getMessage()).doesNotContain(SECRET);
        assertThat(values).allSatisfy(value -> assertThat(e.getMessage()).doesNotContain(value));
        assertThat(e.problems()).allSatisfy(problem -> {
            assertThat(problem.field()).startsWith("/");
            assertThat(problem.reason()).doesNotContain(SECRET);
            assertThat(values)
                    .allSatisfy(value -> assertThat(problem.toString()).doesNotContain(value));
        });
        return e;
    }

    /** The string values (not keys) of at least four characters in a document, as far as they can be told. */
    private static List<String> quotedValues(byte[] document) {
        Matcher matcher =
                Pattern.compile(":\\s*\"([^\"\\\\]{4,})\"").matcher(new String(document, StandardCharsets.UTF_8));
        List<String> values = new ArrayList<>();
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }

    /** Asserts the document is refused with exactly one problem, which {@code check} accepts. */
    private void assertRejected(byte[] document, Consumer<Problem> check) {
        InvalidReferralException e = rejected(document);
        assertThat(e.problems()).hasSize(1);
        check.accept(e.problems().get(0));
    }

    private void assertRejected(ObjectNode document, Consumer<Problem> check) {
        assertRejected(bytes(document), check);
    }

    private byte[] bytes(ObjectNode document) {
        try {
            return json.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode minimal() {
        try {
            return (ObjectNode) json.readTree(fixture("minimal.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] fixture(String name) {
        try (InputStream in = EidoMapperTest.class.getResourceAsStream("/eido/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] example() {
        try {
            return Files.readAllBytes(Path.of("examples", "eido-lead-warm-handoff.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
