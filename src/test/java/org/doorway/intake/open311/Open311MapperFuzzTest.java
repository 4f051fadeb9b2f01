package org.doorway.intake.open311;

import static org.doorway.intake.FuzzTestSupport.MARKER;
import static org.doorway.intake.FuzzTestSupport.check;
import static org.doorway.intake.FuzzTestSupport.hasMarker;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.doorway.intake.FuzzTestSupport;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.MapContext;
import org.doorway.intake.SafeXml;
import org.doorway.intake.eido.EidoMapperFuzzTest;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Fuzzes {@link Open311Mapper}, the 311 door, in JSON and in XML: whatever the body, it returns one
 * record per request, in order, each a referral or unreadable with a reason, or refuses the body
 * with {@link InvalidReferralException}. Nothing quotes a value; a referral carries no person and no
 * charge, and none of what GeoReport v2 fields Doorway does not keep (token, media_url, api_key,
 * device and account ids, agency and notice texts, unknown fields) nor contact or media attributes.
 */
class Open311MapperFuzzTest {

    private static final MapContext CONTEXT = new MapContext(
            "demo",
            FuzzTestSupport.RECEIVED,
            Open311Mapper.SOURCE,
            code -> "006".equals(code) ? Door.SOCIAL_CONTACT : Door.COMMUNITY,
            ZoneId.of("America/Los_Angeles"));

    /** Standard fields whose text may reach a referral (see {@link Open311Mapper}). */
    private static final Set<String> KEPT = Set.of(
            "service_request_id",
            "status",
            "status_notes",
            "service_name",
            "service_code",
            "description",
            "requested_datetime",
            "address",
            "address_string",
            "zipcode",
            "lat",
            "long",
            "email",
            "first_name",
            "last_name",
            "phone",
            "jurisdiction_id");

    private static final Set<String> ATTRIBUTE_CONTAINERS = Set.of("extended_attributes", "attribute");
    private static final Pattern FORM_ATTRIBUTE = Pattern.compile("attribute\\[(.+)]");
    /** Parts of attribute names that mark contact details or media, which stay out of notes. */
    private static final List<String> WITHHELD = List.of(
            "email",
            "phone",
            "mobile",
            "firstname",
            "lastname",
            "fullname",
            "givenname",
            "familyname",
            "surname",
            "contact",
            "requester",
            "reporter",
            "caller",
            "accountid",
            "deviceid",
            "apikey",
            "media",
            "photo",
            "image");

    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .build();

    private final Open311Mapper mapper = new Open311Mapper();

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DictionaryEntries({
        "\"service_request_id\"",
        "\"token\"",
        "\"service_code\"",
        "\"service_name\"",
        "\"description\"",
        "\"requested_datetime\"",
        "\"address\"",
        "\"zipcode\"",
        "\"lat\"",
        "\"long\"",
        "\"email\"",
        "\"phone\"",
        "\"first_name\"",
        "\"extended_attributes\"",
        "\"attribute[",
        "\"media_url\"",
        "\"api_key\"",
        "\"services\"",
        "\"metadata\"",
        "\"code\"",
        "\"attributes\"",
        "2010-04-14T06:37:38-08:00",
        "2010-04-14T06:37:38-0800",
        "006",
        "1e400",
        "-0",
        "\\u0000"
    })
    @MethodSource("sharedJsonSamples")
    @FuzzTest(maxDuration = "5m")
    void mapsJsonOrRefusesCleanly(byte[] body) {
        mapsOrRefusesCleanly(body, false);
    }

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DictionaryEntries({
        "<service_requests>",
        "</service_requests>",
        "<request>",
        "</request>",
        "<service_request_id>",
        "<token>",
        "<service_code>",
        "<description>",
        "<requested_datetime>",
        "<lat>",
        "<long>",
        "<email>",
        "<phone>",
        "<extended_attributes>",
        "<media_url>",
        "<api_key>",
        "<services>",
        "<errors>",
        "<service_definition>",
        "<!DOCTYPE",
        "encoding=\"UTF-16\""
    })
    @MethodSource("sharedXmlSamples")
    @FuzzTest(maxDuration = "5m")
    void mapsXmlOrRefusesCleanly(byte[] body) {
        mapsOrRefusesCleanly(body, true);
    }

    /**
     * A request whose {@code email} is long and not an address is read in time. Its seed is a
     * 250 kB value of the shape {@code a@a.a.a.…a.<}, on which the e-mail pattern backtracks.
     */
    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest(maxDuration = "5m")
    void mapsLongEmailValuesInTime(byte[] body) {
        mapsOrRefusesCleanly(body, false);
    }

    /** Every referral can be stored (see {@link EidoMapperFuzzTest#mapsOnlyToStorableReferrals}). */
    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest(maxDuration = "5m")
    void mapsOnlyToStorableReferrals(byte[] body) {
        for (boolean xml : new boolean[] {false, true}) {
            if (map(body, xml) instanceof List<?> records) {
                records.stream()
                        .map(r -> ((IntakeRecord) r).referral())
                        .filter(java.util.Objects::nonNull)
                        .forEach(FuzzTestSupport::checkStorable);
            }
        }
    }

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_BIG_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigInputs")
    void mapsOrRefusesBigInputsCleanly(String name, boolean xml, byte[] body) {
        mapsOrRefusesCleanly(body, xml);
    }

    static Stream<Arguments> sharedJsonSamples() {
        return FuzzTestSupport.sharedSamples(
                name -> name.startsWith("open311-") && !name.endsWith(".xml") && !name.endsWith(".source.txt"));
    }

    static Stream<Arguments> sharedXmlSamples() {
        return FuzzTestSupport.sharedSamples(
                name -> name.startsWith("open311-") && !name.endsWith(".json") && !name.endsWith(".source.txt"));
    }

    static Stream<Arguments> bigInputs() {
        int fiveMb = 5 * 1024 * 1024;
        int oneMb = 1024 * 1024;
        String request = "{\"service_request_id\":\"%d\",\"service_code\":006,\"description\":\"bench\",\"token\":\""
                + MARKER + "\",\"lat\":47.6,\"long\":-122.3}";
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 10_001; i++) {
            many.append(i == 0 ? "" : ",").append(String.format(request, i));
        }
        StringBuilder manyXml = new StringBuilder("<service_requests>");
        for (int i = 0; i < 10_001; i++) {
            manyXml.append("<request><service_request_id>").append(i).append("</service_request_id></request>");
        }
        String longDots = FuzzTestSupport.repeat("a.", 200_000);
        return Stream.of(
                Arguments.of(
                        "10,001 JSON requests",
                        false,
                        many.append(']').toString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "10,001 XML requests",
                        true,
                        manyXml.append("</service_requests>").toString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "a 5 MB description",
                        false,
                        ("[{\"service_request_id\":\"1\",\"description\":\""
                                        + FuzzTestSupport.repeat(MARKER + " ", fiveMb) + "\"}]")
                                .getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "a 1 MB media_url",
                        true,
                        ("<request><service_request_id>1</service_request_id><media_url>"
                                        + FuzzTestSupport.repeat(MARKER, oneMb) + "</media_url></request>")
                                .getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "a 400 kB e-mail address",
                        false,
                        ("{\"service_request_id\":\"1\",\"email\":\"a@" + longDots + "a\"}")
                                .getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "a 400 kB requested_datetime",
                        false,
                        ("{\"service_request_id\":\"1\",\"requested_datetime\":\""
                                        + FuzzTestSupport.repeat("+12", 400_000) + "\"}")
                                .getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "31 levels of extended attributes, 1 MB wide",
                        false,
                        ("{\"service_request_id\":\"1\",\"extended_attributes\":"
                                        + "{\"a\":".repeat(30) + "["
                                        + FuzzTestSupport.repeat("\"" + MARKER + "\",", oneMb) + "\"x\"]"
                                        + "}".repeat(30) + "}")
                                .getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "100,000 nested JSON arrays",
                        false,
                        ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "a 5 MB number",
                        false,
                        ("{\"service_request_id\":" + "1".repeat(fiveMb) + "}").getBytes(StandardCharsets.UTF_8)));
    }

    // ---- the property ------------------------------------------------------------------------

    private void mapsOrRefusesCleanly(byte[] body, boolean xml) {
        byte[] copy = body.clone();
        Object first = map(body, xml);
        check(Arrays.equals(copy, body), "the mapper changed its input");
        if (first instanceof InvalidReferralException e) {
            FuzzTestSupport.checkRefusal(e, Open311Mapper.TITLE, false);
        } else {
            @SuppressWarnings("unchecked")
            List<IntakeRecord> records = (List<IntakeRecord>) first;
            FuzzTestSupport.checkRecords(records, CONTEXT, false);
            check(records.size() <= Open311Mapper.MAX_REQUESTS, "more requests than the limit were read");
            List<String> kept = null;
            for (IntakeRecord record : records) {
                Referral referral = record.referral();
                if (referral == null) {
                    continue;
                }
                check(
                        referral.persons().isEmpty() && referral.charges().isEmpty(),
                        "a 311 referral has persons or charges");
                check(
                        referral.referrer() != null
                                && Open311Request.REFERRER_ROLE.equals(
                                        referral.referrer().role()),
                        "a 311 referral's referrer is not the 311 resident");
                String callback = referral.referrer().callback();
                check(
                        callback == null || callback.startsWith("tel:") || callback.startsWith("mailto:"),
                        "a callback that is neither tel: nor mailto:");
                FuzzTestSupport.checkWarningsQuoteNothing(referral);
                FuzzTestSupport.checkWarningsBounded(referral);
                if (hasMarker(referral.toString())) {
                    kept = kept != null ? kept : (xml ? keptXmlText(body) : keptJsonText(body));
                    check(
                            hasMarker(String.join("\n", kept)),
                            "the referral holds a field Doorway does not keep, or a contact or media attribute");
                }
            }
        }
        if (body.length <= FuzzTestSupport.MAP_TWICE_UP_TO) {
            check(sameOutcome(first, map(body, xml)), "mapping the same body twice gave different answers");
        }
    }

    private Object map(byte[] body, boolean xml) {
        try {
            return mapper.map(body, xml, CONTEXT);
        } catch (InvalidReferralException e) {
            return e;
        }
    }

    private static boolean sameOutcome(Object first, Object second) {
        if (first instanceof InvalidReferralException a) {
            return second instanceof InvalidReferralException b && a.problems().equals(b.problems());
        }
        return first.equals(second);
    }

    // ---- what may be kept --------------------------------------------------------------------

    /** The texts of kept fields and of attributes that are neither contact details nor media. */
    private static List<String> keptJsonText(byte[] body) {
        List<String> kept = new ArrayList<>();
        JsonNode root;
        try {
            root = LENIENT.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> requests = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(requests::add);
        } else {
            requests.add(root);
        }
        for (JsonNode request : requests) {
            for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Matcher form = FORM_ATTRIBUTE.matcher(field.getKey());
                if (KEPT.contains(field.getKey())) {
                    allJson(field.getValue(), kept);
                } else if (ATTRIBUTE_CONTAINERS.contains(field.getKey())
                        && field.getValue().isObject()) {
                    field.getValue().fields().forEachRemaining(a -> attributeJson(a.getKey(), a.getValue(), kept));
                } else if (form.matches()) {
                    attributeJson(form.group(1), field.getValue(), kept);
                }
            }
        }
        return kept;
    }

    private static void attributeJson(String name, JsonNode value, List<String> kept) {
        if (withheld(name)) {
            return;
        }
        kept.add(name);
        if (value.isObject()) {
            value.fields().forEachRemaining(sub -> attributeJson(name + "." + sub.getKey(), sub.getValue(), kept));
        } else if (value.isArray()) {
            value.forEach(element -> attributeJson(name, element, kept));
        } else {
            kept.add(value.asText());
        }
    }

    private static void allJson(JsonNode node, List<String> kept) {
        if (node.isContainerNode()) {
            node.fields().forEachRemaining(f -> {
                kept.add(f.getKey());
                allJson(f.getValue(), kept);
            });
            if (node.isArray()) {
                node.forEach(element -> allJson(element, kept));
            }
        } else {
            kept.add(node.asText());
        }
    }

    private static List<String> keptXmlText(byte[] body) {
        List<String> kept = new ArrayList<>();
        Element root;
        try {
            root = SafeXml.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SafeXml.XmlException e) {
            throw new IllegalStateException("the mapper read a body SafeXml refuses", e);
        }
        List<Element> requests = "request".equals(root.getLocalName()) ? List.of(root) : children(root);
        for (Element request : requests) {
            for (Element field : children(request)) {
                String name = field.getLocalName();
                Matcher form = FORM_ATTRIBUTE.matcher(name);
                if (KEPT.contains(name)) {
                    kept.add(field.getTextContent());
                } else if (ATTRIBUTE_CONTAINERS.contains(name)) {
                    children(field).forEach(attribute -> attributeXml(attribute.getLocalName(), attribute, kept));
                } else if (form.matches()) {
                    attributeXml(form.group(1), field, kept);
                }
            }
        }
        return kept;
    }

    private static void attributeXml(String name, Element element, List<String> kept) {
        if (withheld(name)) {
            return;
        }
        kept.add(name);
        List<Element> children = children(element);
        if (children.isEmpty()) {
            kept.add(element.getTextContent().strip());
        }
        children.forEach(child -> attributeXml(name + "." + child.getLocalName(), child, kept));
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }

    private static boolean withheld(String name) {
        String plain = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return plain.equals("name") || WITHHELD.stream().anyMatch(plain::contains);
    }
}
