package org.doorway.intake.eido;

import static org.doorway.intake.FuzzTestSupport.MARKER;
import static org.doorway.intake.FuzzTestSupport.check;
import static org.doorway.intake.FuzzTestSupport.hasMarker;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.doorway.intake.FuzzTestSupport;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.SafeXml;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Fuzzes {@link EidoMapper}, the 911/988 door: whatever the bytes, it returns exactly one referral
 * or refuses with {@link InvalidReferralException}. A refusal names a JSON pointer and a reason for
 * every problem and quotes no value; a referral belongs to the context, quotes no value in its
 * warnings, and holds no text the mapper must drop: additional data other than RFC 7852 comments
 * (the provider's and subscriber's vCards) and PIDF-LO content other than the civic address inside
 * {@code gp:location-info}. Mapping the same bytes twice gives the same answer and leaves them as
 * they were.
 *
 * <p>Two fuzz tests: {@link #mapsOrRefusesCleanly} mutates whole documents;
 * {@link #mapsDocumentsCarryingFuzzedXml} puts the fuzzed bytes into a valid document as its
 * PIDF-LO and its additional data, where JSON escaping would otherwise slow the fuzzer down.
 */
public class EidoMapperFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final EidoContext CONTEXT = new EidoContext(
            "demo", FuzzTestSupport.RECEIVED, code -> "LEAD".equals(code) ? Door.SOCIAL_CONTACT : Door.COMMUNITY);
    private static final String COMMENT_NS = "urn:ietf:params:xml:ns:EmergencyCallData:Comment";

    private final EidoMapper mapper = new EidoMapper(JSON);

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DictionaryEntries({
        "\"$id\"",
        "\"$ref\"",
        "\"eidoVersion\":\"1.0\"",
        "\"EIDOVersion\"",
        "Component",
        "\"incidentComponent\"",
        "\"callComponent\"",
        "\"locationComponent\"",
        "\"locationReference\"",
        "\"locationByValue\"",
        "\"additionalDataComponent\"",
        "\"additionalDataByValue\"",
        "\"personComponent\"",
        "\"ncPersonComponent\"",
        "\"notesComponent\"",
        "\"notesActionComments\"",
        "\"callStartTimestamp\"",
        "\"lastUpdateTimeStamp\"",
        "\"incidentTypeInternalCode\"",
        "\"incidentCommonPriorityNumber\"",
        "\"callBackReference\"",
        "\"callBackInformationUri\"",
        "\"agentReference\"",
        "\"agentComponent\"",
        "\"updatedByAgencyReference\"",
        "2021-04-30T14:40:00.0-04:00",
        "+999999999-12-31T23:59:59Z",
        "\\u0000",
        "\\ud800",
        "1e999",
        "00012",
        "<script>",
        "&#x51;"
    })
    @MethodSource("sharedSamples")
    @FuzzTest(maxDuration = "5m")
    void mapsOrRefusesCleanly(byte[] document) {
        byte[] copy = document.clone();
        Object first = map(document);
        check(Arrays.equals(copy, document), "the mapper changed its input");
        checkOutcome(document, first);
        if (document.length <= FuzzTestSupport.MAP_TWICE_UP_TO) {
            check(sameOutcome(first, map(document)), "mapping the same document twice gave different answers");
        }
    }

    /**
     * Every referral the mapper returns can be stored: PostgreSQL refuses a NUL character in text
     * and jsonb, and instants outside timestamptz's range, so such a document is answered 500 (the
     * transaction rolls back) instead of 400 naming the field.
     */
    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DictionaryEntries({"\\u0000", "+999999999-12-31T23:59:59Z", "\"callStartTimestamp\"", "\"notesActionComments\""})
    @FuzzTest(maxDuration = "5m")
    void mapsOnlyToStorableReferrals(byte[] document) {
        if (map(document) instanceof List<?> referrals) {
            referrals.forEach(referral -> FuzzTestSupport.checkStorable((Referral) referral));
        }
    }

    /**
     * The fuzzed bytes, as UTF-8 text, are both the PIDF-LO of the only location and the
     * additional data of a call, in an otherwise valid document.
     */
    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DictionaryEntries({
        "urn:ietf:params:xml:ns:pidf:geopriv10",
        "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr",
        "urn:ietf:params:xml:ns:EmergencyCallData:Comment",
        "urn:ietf:params:xml:ns:EmergencyCallData:ProviderInfo",
        "urn:ietf:params:xml:ns:vcard-4.0",
        "urn:doorway:eido:crisis-line-transfer:1",
        "EmergencyCallData.Comment",
        "Comment",
        "CrisisLineTransfer",
        "ImminentRisk",
        "location-info",
        "civicAddress",
        "provided-by",
        "http://www.opengis.net/gml",
        "gml:pos",
        "<!DOCTYPE"
    })
    @FuzzTest(maxDuration = "5m")
    void mapsDocumentsCarryingFuzzedXml(byte[] xml) {
        mapsOrRefusesCleanly(documentCarrying(new String(xml, StandardCharsets.UTF_8)));
    }

    /** The same property on inputs too big to keep as seed files. */
    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_BIG_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigInputs")
    void mapsOrRefusesBigInputsCleanly(String name, byte[] document) {
        mapsOrRefusesCleanly(document);
    }

    static Stream<Arguments> sharedSamples() {
        return FuzzTestSupport.sharedSamples(name -> name.startsWith("eido-") && name.endsWith(".json"));
    }

    static Stream<Arguments> bigInputs() {
        int fiveMb = 5 * 1024 * 1024;
        int oneMb = 1024 * 1024;
        ObjectNode notes = base();
        ArrayNode list = notes.putArray("notesComponent");
        list.addObject()
                .put("$id", "n1")
                .put("notesActionComments", FuzzTestSupport.repeat("<p>" + MARKER + "</p> ", fiveMb));
        ObjectNode persons = base();
        ArrayNode people = persons.putArray("personComponent");
        for (int i = 0; i < 10_000; i++) {
            people.addObject()
                    .put("$id", "p" + i)
                    .putArray("personIncidentRoleRegistryText")
                    .add("Caller");
        }
        ObjectNode badRefs = base();
        ArrayNode refs = ((ObjectNode) badRefs.get("callComponent").get(0)).putArray("locationReference");
        for (int i = 0; i < 100_000; i++) {
            refs.addObject().put("$ref", MARKER + i);
        }
        ObjectNode provider = documentTree(providerInfo(FuzzTestSupport.repeat(MARKER + " ", oneMb)));
        return Stream.of(
                Arguments.of("a 5 MB note", bytes(notes)),
                Arguments.of("10,000 person components", bytes(persons)),
                Arguments.of("100,000 references to missing locations", bytes(badRefs)),
                Arguments.of("a 1 MB provider vCard", bytes(provider)),
                Arguments.of(
                        "1 MB of whitespace", FuzzTestSupport.repeat(" ", oneMb).getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("a 5 MB note, truncated", Arrays.copyOf(bytes(notes), fiveMb - 7)),
                Arguments.of(
                        "100,000 nested arrays",
                        ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII)),
                Arguments.of(
                        "a 100,000 digit priority",
                        ("{\"$id\":\"x\",\"eidoVersion\":\"1.0\",\"incidentComponent\":"
                                        + "{\"incidentCommonPriorityNumber\":" + "9".repeat(100_000) + "}}")
                                .getBytes(StandardCharsets.US_ASCII)),
                Arguments.of(
                        "UTF-32 big endian",
                        new String(bytes(documentTree("<x/>")), StandardCharsets.UTF_8)
                                .getBytes(Charset.forName("UTF-32BE"))));
    }

    // ---- the property ------------------------------------------------------------------------

    private Object map(byte[] document) {
        try {
            return mapper.map(document, CONTEXT);
        } catch (InvalidReferralException e) {
            return e;
        }
    }

    private static void checkOutcome(byte[] document, Object outcome) {
        boolean markerInNames = memberNamesHoldMarker(document);
        if (outcome instanceof InvalidReferralException e) {
            FuzzTestSupport.checkRefusal(e, EidoMapper.TITLE, markerInNames);
            return;
        }
        @SuppressWarnings("unchecked")
        List<Referral> referrals = (List<Referral>) outcome;
        check(referrals.size() == 1, "an EIDO document gave " + referrals.size() + " referrals");
        Referral referral = referrals.get(0);
        FuzzTestSupport.checkReferral(referral, CONTEXT.site(), EidoMapper.SOURCE);
        FuzzTestSupport.checkWarningsBounded(referral);
        check(referral.charges().isEmpty(), "an EIDO referral has charges");
        if (!markerInNames) {
            FuzzTestSupport.checkWarningsQuoteNothing(referral);
        }
        if (hasMarker(referral.toString())) {
            check(
                    hasMarker(String.join("\n", keptText(document))),
                    "the referral holds text the mapper must drop (additional data other than comments, or PIDF-LO"
                            + " content other than the civic address in location-info)");
        }
    }

    private static boolean sameOutcome(Object first, Object second) {
        if (first instanceof InvalidReferralException a) {
            return second instanceof InvalidReferralException b && a.problems().equals(b.problems());
        }
        return first.equals(second);
    }

    /**
     * True when a JSON member name read before the parser stops holds the marker: names are the
     * document's structure, and problems and warnings point at them.
     */
    private static boolean memberNamesHoldMarker(byte[] document) {
        try (JsonParser parser = JSON.getFactory().createParser(document)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && hasMarker(parser.currentName())) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the parser stopped where the mapper's did
        }
        return false;
    }

    /**
     * Every text the mapper may copy into a referral: member names, string values (and notes as
     * plain text), except the content of {@code locationByValue}, of which only the civic address in
     * location-info is kept, and of {@code additionalDataByValue}, of which only RFC 7852 comments are.
     */
    private static List<String> keptText(byte[] document) {
        List<String> kept = new ArrayList<>();
        try {
            collectKept(JSON.readTree(document), kept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kept;
    }

    private static void collectKept(JsonNode node, List<String> kept) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                kept.add(member.getKey());
                JsonNode value = member.getValue();
                if (value.isTextual() && "locationByValue".equals(member.getKey())) {
                    kept.addAll(PidfLoFuzzTest.keptCivicText(value.textValue()));
                } else if (value.isTextual() && "additionalDataByValue".equals(member.getKey())) {
                    kept.addAll(comments(value.textValue()));
                } else {
                    collectKept(value, kept);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectKept(element, kept));
        } else if (node.isTextual()) {
            kept.add(node.textValue());
            kept.add(EidoHtml.toText(node.textValue()));
        } else {
            kept.add(node.asText());
        }
    }

    private static List<String> comments(String xml) {
        List<String> comments = new ArrayList<>();
        try {
            Element top = SafeXml.parse(xml).getDocumentElement();
            if (COMMENT_NS.equals(top.getNamespaceURI()) && "EmergencyCallData.Comment".equals(top.getLocalName())) {
                NodeList found = top.getElementsByTagNameNS(COMMENT_NS, "Comment");
                for (int i = 0; i < found.getLength(); i++) {
                    comments.add(PidfLo.collapse(found.item(i).getTextContent()));
                }
            }
        } catch (SafeXml.XmlException e) {
            // unreadable additional data is only warned about
        }
        return comments;
    }

    // ---- documents ---------------------------------------------------------------------------

    /** A valid NENA-STA-021.1b document with one incident, call and location, and no location XML yet. */
    private static ObjectNode base() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("$id", "urn:emergency:uid:incidentid:fuzz0001:cad.test.example");
        doc.put("eidoVersion", "1.0");
        doc.put("lastUpdateTimeStamp", "2026-01-15T11:59:00-08:00");
        ObjectNode incident = doc.putObject("incidentComponent");
        incident.put("$id", "inc-1").put("incidentTypeInternalCode", "LEAD").put("beatOrDispatchGroupText", "W2");
        incident.putArray("locationReference").addObject().put("$ref", "loc-1");
        ObjectNode call = doc.putArray("callComponent").addObject();
        call.put("$id", "call-1").put("callStartTimestamp", "2026-01-15T11:58:00-08:00");
        call.putArray("additionalDataReference").addObject().put("$ref", "ad-1");
        call.putArray("locationReference").addObject().put("$ref", "loc-1");
        return doc;
    }

    private static ObjectNode documentTree(String xml) {
        ObjectNode doc = base();
        doc.putArray("locationComponent")
                .addObject()
                .put("$id", "loc-1")
                .put("locationByValue", xml)
                .put("locationDescriptionText", "by the bus shelter");
        doc.putArray("additionalDataComponent").addObject().put("$id", "ad-1").put("additionalDataByValue", xml);
        return doc;
    }

    static byte[] documentCarrying(String xml) {
        return bytes(documentTree(xml));
    }

    private static String providerInfo(String vcardText) {
        return "<ad:EmergencyCallData.ProviderInfo xmlns:ad=\"urn:ietf:params:xml:ns:EmergencyCallData:ProviderInfo\">"
                + "<ad:DataProviderString>" + vcardText + "</ad:DataProviderString>"
                + "<ad:DataProviderContact xmlns=\"urn:ietf:params:xml:ns:vcard-4.0\"><vcard><fn><text>" + vcardText
                + "</text></fn></vcard></ad:DataProviderContact></ad:EmergencyCallData.ProviderInfo>";
    }

    private static byte[] bytes(JsonNode doc) {
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
