package org.doorway.intake;

import static org.doorway.intake.FuzzTestSupport.check;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/**
 * Fuzzes {@link SafeXml}, under every XML door (PIDF-LO in EIDO, Open311 XML, NIBRS): whatever the
 * bytes, as a string and as a stream, it returns a document with no DOCTYPE, no entity reference and
 * no deeper nesting than allowed, or refuses with an {@link SafeXml.XmlException} whose message is
 * one of its fixed phrases and a position. Nothing from outside the document (a local file named by
 * an external entity) ever appears in what it returns.
 *
 * <p>Seeds: {@code src/test/resources/org/doorway/intake/SafeXmlFuzzTestInputs/parsesOrRefusesCleanly/}.
 * See {@code docs/fuzzing.md} to fuzz.
 */
public class SafeXmlFuzzTest {

    private static final Pattern MESSAGE = Pattern.compile(
            "document (is not well-formed XML|has a DOCTYPE declaration, which is refused|could not be read)"
                    + "( \\(line [1-9]\\d*(, column [1-9]\\d*)?\\))?");

    /** The first line of /etc/passwd, which an external entity would drag in; null where unreadable. */
    private static final String LOCAL_SECRET = firstLine(Path.of("/etc/passwd"));

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DictionaryEntries({
        "<!DOCTYPE",
        "<!ENTITY",
        "SYSTEM",
        "PUBLIC",
        "file:///etc/passwd",
        "&xxe;",
        "<?xml",
        "encoding=\"UTF-16\"",
        "encoding=\"ISO-8859-1\"",
        "version=\"1.1\"",
        "<![CDATA[",
        "]]>",
        "xmlns:",
        "xi:include",
        "&#x0;",
        "&#1;",
        "<!--",
        "-->"
    })
    @FuzzTest(maxDuration = "5m")
    void parsesOrRefusesCleanly(byte[] input) {
        checkOutcome(input, parseString(new String(input, StandardCharsets.UTF_8)));
        checkOutcome(input, parseStream(input));
    }

    /** The same property on inputs too big to keep as seed files (see {@link #bigInputs()}). */
    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_BIG_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigInputs")
    void parsesOrRefusesBigInputsCleanly(String name, byte[] input) {
        parsesOrRefusesCleanly(input);
    }

    static Stream<Arguments> bigInputs() {
        int fiveMb = 5 * 1024 * 1024;
        return Stream.of(
                Arguments.of(
                        "5 MB of text in one element",
                        ("<r>" + FuzzTestSupport.repeat("lorem ipsum " + FuzzTestSupport.MARKER + " ", fiveMb) + "</r>")
                                .getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "1 MB of sibling elements",
                        ("<r>" + FuzzTestSupport.repeat("<a b=\"c\">d</a>", 1024 * 1024) + "</r>")
                                .getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "100,000 nested elements",
                        ("<a>".repeat(100_000) + "</a>".repeat(100_000)).getBytes(StandardCharsets.UTF_8)),
                Arguments.of("an element with 100,000 attributes", attributes(100_000)),
                Arguments.of("billion laughs, ten levels", billionLaughs(10)),
                Arguments.of(
                        "1 MB truncated",
                        ("<r>" + FuzzTestSupport.repeat("<a>x</a>", 1024 * 1024)).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] attributes(int count) {
        StringBuilder xml = new StringBuilder("<r");
        for (int i = 0; i < count; i++) {
            xml.append(" a")
                    .append(i)
                    .append("=\"")
                    .append(FuzzTestSupport.MARKER)
                    .append('"');
        }
        return xml.append("/>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The classic entity expansion bomb; each level expands to ten of the one before. */
    static byte[] billionLaughs(int levels) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= levels; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"");
            xml.append(("&lol" + (i - 1) + ";").repeat(10));
            xml.append("\">\n");
        }
        xml.append("]>\n<lolz>&lol").append(levels).append(";</lolz>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Object parseString(String xml) {
        try {
            return SafeXml.parse(xml);
        } catch (SafeXml.XmlException e) {
            return e;
        }
    }

    private static Object parseStream(byte[] input) {
        try {
            return SafeXml.parse(new ByteArrayInputStream(input));
        } catch (SafeXml.XmlException e) {
            return e;
        }
    }

    private static void checkOutcome(byte[] input, Object outcome) {
        if (outcome instanceof SafeXml.XmlException e) {
            checkRefusal(e);
        } else {
            checkDocument(input, (Document) outcome);
        }
    }

    public static void checkRefusal(SafeXml.XmlException e) {
        check(e.kind() != null, "an XML refusal has no kind");
        check(e.getCause() == null, "an XML refusal carries the parser's exception");
        check(
                e.getMessage() != null && MESSAGE.matcher(e.getMessage()).matches(),
                "an XML refusal's message is not a fixed phrase and a position: " + e.getMessage());
        // Only the line is checked: after carriage returns the JDK parser reports columns of 0 and
        // below (see docs/fuzzing.md). The message then names the line alone, as MESSAGE allows.
        check(e.line() >= 1 || e.line() == -1, "an XML refusal has an impossible line: " + e.line());
        check(e.describe("the body").startsWith("the body " + e.kind().phrase()), "describe() loses the phrase");
    }

    private static void checkDocument(byte[] input, Document document) {
        check(document.getDocumentElement() != null, "a document without a root element");
        check(document.getDoctype() == null, "a document with a DOCTYPE was accepted");
        check(
                depthAndNoEntities(document.getDocumentElement(), 1) <= SafeXml.MAX_ELEMENT_DEPTH,
                "a document nested deeper than " + SafeXml.MAX_ELEMENT_DEPTH + " was accepted");
        if (LOCAL_SECRET != null) {
            String text = document.getDocumentElement().getTextContent();
            check(
                    !text.contains(LOCAL_SECRET)
                            || new String(input, StandardCharsets.ISO_8859_1).contains(LOCAL_SECRET),
                    "the document holds the content of a local file that the input did not");
        }
    }

    /** The element depth below {@code node}; fails on an entity reference or entity node. */
    private static int depthAndNoEntities(Node node, int depth) {
        int deepest = depth;
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            check(
                    child.getNodeType() != Node.ENTITY_REFERENCE_NODE && child.getNodeType() != Node.ENTITY_NODE,
                    "a document with an entity reference was accepted");
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                deepest = Math.max(deepest, depthAndNoEntities(child, depth + 1));
            }
        }
        return deepest;
    }

    private static String firstLine(Path file) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                    .findFirst()
                    .orElse("");
            return first.length() < 8 ? null : first;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
