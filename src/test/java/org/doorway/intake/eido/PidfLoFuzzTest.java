package org.doorway.intake.eido;

import static org.doorway.intake.FuzzTestSupport.MARKER;
import static org.doorway.intake.FuzzTestSupport.check;
import static org.doorway.intake.FuzzTestSupport.hasMarker;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.doorway.intake.FuzzTestSupport;
import org.doorway.intake.SafeXml;
import org.doorway.intake.SafeXmlFuzzTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Fuzzes {@link PidfLo#read(String)}, the location inside an EIDO document: whatever the text, it
 * returns a reading or refuses with {@link SafeXml.XmlException}. A reading has coordinates as an
 * in-range pair or none, warnings that quote neither text nor numbers, and an address made only of
 * civic address text inside a {@code gp:location-info}: what sits elsewhere (the provider's
 * {@code provided-by} vCard, usage rules, a civic address outside location-info) never reaches it.
 *
 * <p>Seeds: {@code src/test/resources/org/doorway/intake/PidfLoFuzzTestInputs/readsOrRefusesCleanly/}.
 */
class PidfLoFuzzTest {

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DictionaryEntries({
        "urn:ietf:params:xml:ns:pidf:geopriv10",
        "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr",
        "http://www.opengis.net/gml",
        "location-info",
        "civicAddress",
        "provided-by",
        "gml:pos",
        "gml:posList",
        "gml:Polygon",
        "srsDimension=\"3\"",
        "srsName=\"urn:ogc:def:crs:EPSG::4979\"",
        "<HNO>",
        "<HNS>",
        "<RD>",
        "<A1>",
        "<A3>",
        "<country>",
        "1e308",
        "NaN",
        "-90",
        "180.000001"
    })
    @FuzzTest(maxDuration = "5m")
    void readsOrRefusesCleanly(byte[] input) {
        String xml = new String(input, StandardCharsets.UTF_8);
        PidfLo.Reading reading;
        try {
            reading = PidfLo.read(xml);
        } catch (SafeXml.XmlException e) {
            SafeXmlFuzzTest.checkRefusal(e);
            return;
        }
        checkReading(xml, reading);
    }

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_BIG_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigInputs")
    void readsOrRefusesBigInputsCleanly(String name, byte[] input) {
        readsOrRefusesCleanly(input);
    }

    static Stream<Arguments> bigInputs() {
        int fiveMb = 5 * 1024 * 1024;
        return Stream.of(
                Arguments.of(
                        "a 5 MB posList",
                        pidf("<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>"
                                + FuzzTestSupport.repeat("47.6 -122.3 ", fiveMb)
                                + "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>")),
                Arguments.of(
                        "20,000 points out of range",
                        pidf(FuzzTestSupport.repeat("<gml:Point><gml:pos>91 0</gml:pos></gml:Point>", 960_000))),
                Arguments.of(
                        "a 1 MB street name",
                        pidf("<ca:civicAddress><ca:RD>" + FuzzTestSupport.repeat("Main ", 1024 * 1024)
                                + "</ca:RD><ca:HNO>1</ca:HNO></ca:civicAddress>")),
                Arguments.of(
                        "a 1 MB provider vCard", pidfWithProvider(FuzzTestSupport.repeat(MARKER + " ", 1024 * 1024))));
    }

    private static byte[] pidf(String locationInfo) {
        return ("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\""
                        + " xmlns:gml=\"http://www.opengis.net/gml\" xmlns:ca=\"urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr\""
                        + " entity=\"pres:x@example.com\"><tuple id=\"t\"><status><gp:geopriv><gp:location-info>"
                        + locationInfo
                        + "</gp:location-info></gp:geopriv></status></tuple></presence>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pidfWithProvider(String vcardText) {
        return ("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\""
                        + " xmlns:ca=\"urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr\" entity=\"pres:x@example.com\">"
                        + "<tuple id=\"t\"><status><gp:geopriv><gp:location-info><ca:civicAddress><ca:country>US</ca:country>"
                        + "<ca:A3>Seattle</ca:A3><ca:RD>Pine</ca:RD></ca:civicAddress></gp:location-info>"
                        + "<gp:provided-by><vcard xmlns=\"urn:ietf:params:xml:ns:vcard-4.0\"><fn><text>" + vcardText
                        + "</text></fn><adr><street>" + vcardText
                        + "</street></adr></vcard></gp:provided-by></gp:geopriv>"
                        + "</status></tuple></presence>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void checkReading(String xml, PidfLo.Reading reading) {
        check(reading != null && reading.warnings() != null, "no reading");
        check((reading.latitude() == null) == (reading.longitude() == null), "half a coordinate pair");
        if (reading.latitude() != null) {
            check(
                    Double.isFinite(reading.latitude()) && Double.isFinite(reading.longitude()),
                    "coordinates not finite");
            check(
                    Math.abs(reading.latitude()) <= 90 && Math.abs(reading.longitude()) <= 180,
                    "coordinates out of range");
        }
        for (String warning : reading.warnings()) {
            check(warning != null && !warning.isBlank(), "a blank warning");
            check(!hasMarker(warning), "a PIDF-LO warning quotes the document: " + warning);
            String withoutRanges = warning.replace("-90..90", "").replace("-180..180", "");
            check(withoutRanges.chars().noneMatch(Character::isDigit), "a PIDF-LO warning quotes a number: " + warning);
        }
        if (reading.address() != null) {
            check(!reading.address().isBlank(), "a blank address");
            check(
                    !hasMarker(reading.address()) || hasMarker(String.join("\n", keptCivicText(xml))),
                    "the address holds text from outside a civic address in gp:location-info");
        }
    }

    /**
     * Every text PidfLo may put into an address: the collapsed text of each civic address element
     * inside a location-info, and each house number joined with a suffix (written without a space).
     */
    static List<String> keptCivicText(String xml) {
        List<String> kept = new ArrayList<>();
        Element root;
        try {
            root = SafeXml.parse(xml).getDocumentElement();
        } catch (SafeXml.XmlException e) {
            return kept;
        }
        List<Element> infos = new ArrayList<>();
        descendants(root, PidfLo.GEOPRIV, "location-info", infos);
        for (Element info : infos) {
            List<Element> civics = new ArrayList<>();
            descendants(info, PidfLo.CIVIC_ADDRESS, "civicAddress", civics);
            for (Element civic : civics) {
                List<String> numbers = new ArrayList<>();
                List<String> suffixes = new ArrayList<>();
                for (Node child = civic.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element element && PidfLo.CIVIC_ADDRESS.equals(element.getNamespaceURI())) {
                        String text = PidfLo.collapse(element.getTextContent());
                        kept.add(text);
                        if ("HNO".equals(element.getLocalName())) {
                            numbers.add(text);
                        } else if ("HNS".equals(element.getLocalName())) {
                            suffixes.add(text);
                        }
                    }
                }
                for (String number : numbers) {
                    for (String suffix : suffixes) {
                        kept.add(number + suffix);
                    }
                }
            }
        }
        return kept;
    }

    private static void descendants(Element parent, String namespace, String localName, List<Element> out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName())) {
                    out.add(element);
                }
                descendants(element, namespace, localName, out);
            }
        }
    }
}
