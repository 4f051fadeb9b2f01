package org.doorway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SafeXmlTest {

    private static final String MARKER = "MARKER-7f3c2a-should-never-be-read";

    @TempDir
    Path temp;

    @Test
    void parsesNamespaceAwareDocuments() throws Exception {
        Document document = SafeXml.parse("<a:root xmlns:a=\"urn:test:a\"><a:child>text</a:child></a:root>");

        Element root = document.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("urn:test:a");
        assertThat(root.getLocalName()).isEqualTo("root");
        assertThat(root.getElementsByTagNameNS("urn:test:a", "child").item(0).getTextContent())
                .isEqualTo("text");
    }

    @Test
    void factoryHasEveryProtectionOn() throws ParserConfigurationException {
        DocumentBuilderFactory factory = SafeXml.newFactory();

        assertThat(factory.isNamespaceAware()).isTrue();
        assertThat(factory.isXIncludeAware()).isFalse();
        assertThat(factory.isExpandEntityReferences()).isFalse();
        assertThat(factory.isValidating()).isFalse();
        assertThat(factory.getFeature(XMLConstants.FEATURE_SECURE_PROCESSING)).isTrue();
        assertThat(factory.getFeature(SafeXml.DISALLOW_DOCTYPE)).isTrue();
        assertThat(factory.getFeature(SafeXml.EXTERNAL_GENERAL_ENTITIES)).isFalse();
        assertThat(factory.getFeature(SafeXml.EXTERNAL_PARAMETER_ENTITIES)).isFalse();
        assertThat(factory.getFeature(SafeXml.LOAD_EXTERNAL_DTD)).isFalse();
        assertThat(factory.getAttribute(XMLConstants.ACCESS_EXTERNAL_DTD)).isEqualTo("");
        assertThat(factory.getAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA)).isEqualTo("");
    }

    @Test
    void refusesBillionLaughs() {
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE lolz [\n"
                + " <!ENTITY lol \"lol\">\n"
                + " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                + " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
                + " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
                + " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
                + " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
                + " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
                + " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
                + " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
                + " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
                + "]>\n"
                + "<lolz>&lol9;</lolz>";

        SafeXml.XmlException e = catchThrowableOfType(() -> SafeXml.parse(xml), SafeXml.XmlException.class);

        assertThat(e.kind()).isEqualTo(SafeXml.XmlException.Kind.DOCTYPE);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).doesNotContain("lol");
    }

    @Test
    void refusesExternalEntitiesAndReadsNothing() throws IOException {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \""
                + markerFile().toUri() + "\">]><r>&xxe;</r>";

        SafeXml.XmlException fromString = catchThrowableOfType(() -> SafeXml.parse(xml), SafeXml.XmlException.class);
        SafeXml.XmlException fromStream = catchThrowableOfType(
                () -> SafeXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))),
                SafeXml.XmlException.class);

        for (SafeXml.XmlException e : new SafeXml.XmlException[] {fromString, fromStream}) {
            assertThat(e.kind()).isEqualTo(SafeXml.XmlException.Kind.DOCTYPE);
            assertThat(e.getMessage()).doesNotContain(MARKER).doesNotContain("xxe");
            assertThat(e.getCause()).isNull();
        }
    }

    @Test
    void refusesExternalEntityPointingAtSystemFiles() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><r>&xxe;</r>";

        SafeXml.XmlException e = catchThrowableOfType(() -> SafeXml.parse(xml), SafeXml.XmlException.class);

        assertThat(e.kind()).isEqualTo(SafeXml.XmlException.Kind.DOCTYPE);
        assertThat(e.getMessage()).doesNotContain("root:").doesNotContain("passwd");
    }

    @Test
    void refusesExternalDtdAndParameterEntities() throws IOException {
        String external = "<!DOCTYPE r SYSTEM \"" + markerFile().toUri() + "\"><r/>";
        String parameter = "<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + markerFile().toUri() + "\"> %p;]><r/>";

        assertThat(catchThrowableOfType(() -> SafeXml.parse(external), SafeXml.XmlException.class)
                        .kind())
                .isEqualTo(SafeXml.XmlException.Kind.DOCTYPE);
        assertThat(catchThrowableOfType(() -> SafeXml.parse(parameter), SafeXml.XmlException.class)
                        .kind())
                .isEqualTo(SafeXml.XmlException.Kind.DOCTYPE);
    }

    @Test
    void doesNotProcessXInclude() throws Exception {
        String xml = "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\""
                + markerFile().toUri() + "\" parse=\"text\"/></r>";

        Document document = SafeXml.parse(xml);

        assertThat(document.getDocumentElement().getTextContent()).doesNotContain(MARKER);
        assertThat(document.getElementsByTagNameNS("http://www.w3.org/2001/XInclude", "include")
                        .getLength())
                .isEqualTo(1);
    }

    @Test
    void undeclaredEntityIsNotWellFormed() {
        SafeXml.XmlException e =
                catchThrowableOfType(() -> SafeXml.parse("<r>&secret;</r>"), SafeXml.XmlException.class);

        assertThat(e.kind()).isEqualTo(SafeXml.XmlException.Kind.NOT_WELL_FORMED);
        assertThat(e.getMessage()).doesNotContain("secret");
    }

    @Test
    void reportsLineAndColumnButNeverTheInput() {
        String xml = "<r>\n  <name>Jane Q Personal</name>\n  <oops>Jane Q Personal</wrong>\n</r>";

        SafeXml.XmlException e = catchThrowableOfType(() -> SafeXml.parse(xml), SafeXml.XmlException.class);

        assertThat(e.kind()).isEqualTo(SafeXml.XmlException.Kind.NOT_WELL_FORMED);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isPositive();
        assertThat(e.getMessage())
                .isEqualTo("document is not well-formed XML (line 3, column " + e.column() + ")")
                .doesNotContain("Jane")
                .doesNotContain("oops")
                .doesNotContain("wrong");
        assertThat(e.describe("PIDF-LO"))
                .isEqualTo("PIDF-LO is not well-formed XML (line 3, column " + e.column() + ")");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void ignoresLeadingWhiteSpaceButReportsPositionsInTheOriginalText() throws Exception {
        assertThat(SafeXml.parse("  \n\t <?xml version=\"1.0\"?><r/>")
                        .getDocumentElement()
                        .getLocalName())
                .isEqualTo("r");

        SafeXml.XmlException sameLine =
                catchThrowableOfType(() -> SafeXml.parse("   <r></x>"), SafeXml.XmlException.class);
        SafeXml.XmlException nextLine =
                catchThrowableOfType(() -> SafeXml.parse("\n\n  <r></x>"), SafeXml.XmlException.class);
        SafeXml.XmlException unshifted =
                catchThrowableOfType(() -> SafeXml.parse("<r></x>"), SafeXml.XmlException.class);

        assertThat(sameLine.line()).isEqualTo(1);
        assertThat(sameLine.column()).isEqualTo(unshifted.column() + 3);
        assertThat(nextLine.line()).isEqualTo(3);
        assertThat(nextLine.column()).isEqualTo(unshifted.column() + 2);
    }

    @Test
    void refusesExcessiveNesting() {
        String xml = "<e>".repeat(SafeXml.MAX_ELEMENT_DEPTH + 10) + "</e>".repeat(SafeXml.MAX_ELEMENT_DEPTH + 10);

        assertThat(catchThrowableOfType(() -> SafeXml.parse(xml), SafeXml.XmlException.class))
                .isNotNull();
    }

    /** Each thread reuses one parser: what a parse refused, the next parse in that thread refuses too. */
    @Test
    void aReusedParserKeepsEveryProtectionAfterGoodAndBadDocuments() throws Exception {
        String deep = "<e>".repeat(SafeXml.MAX_ELEMENT_DEPTH + 10) + "</e>".repeat(SafeXml.MAX_ELEMENT_DEPTH + 10);
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"b\">]><r>&a;</r>";
        for (int round = 0; round < 3; round++) {
            assertThat(SafeXml.parse("<r xmlns=\"urn:x\">ok</r>")
                            .getDocumentElement()
                            .getNamespaceURI())
                    .isEqualTo("urn:x");
            assertThat(catchThrowableOfType(() -> SafeXml.parse(doctype), SafeXml.XmlException.class)
                            .kind())
                    .isEqualTo(SafeXml.XmlException.Kind.DOCTYPE);
            assertThat(catchThrowableOfType(() -> SafeXml.parse(deep), SafeXml.XmlException.class))
                    .isNotNull();
            assertThat(catchThrowableOfType(
                                    () -> SafeXml.parse("<r><!-- c --><![CDATA[x]]>y"), SafeXml.XmlException.class)
                            .kind())
                    .isEqualTo(SafeXml.XmlException.Kind.NOT_WELL_FORMED);
            assertThat(SafeXml.parse("<r><!-- c --><![CDATA[x]]>y</r>")
                            .getDocumentElement()
                            .getChildNodes()
                            .getLength())
                    .as("comments dropped and CDATA merged on every parse")
                    .isEqualTo(1);
        }
    }

    @Test
    void readsStreamsInTheDeclaredEncoding() throws Exception {
        byte[] latin1 =
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>Café</r>".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(SafeXml.parse(new ByteArrayInputStream(latin1))
                        .getDocumentElement()
                        .getTextContent())
                .isEqualTo("Café");
    }

    @Test
    void invalidUtf8InAStreamIsNotWellFormed() {
        byte[] garbage = {'<', 'r', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'r', '>'};

        SafeXml.XmlException e = catchThrowableOfType(
                () -> SafeXml.parse(new ByteArrayInputStream(garbage)), SafeXml.XmlException.class);

        assertThat(e.kind()).isEqualTo(SafeXml.XmlException.Kind.NOT_WELL_FORMED);
    }

    private Path markerFile() throws IOException {
        Path file = temp.resolve("marker.txt");
        if (!Files.exists(file)) {
            Files.writeString(file, MARKER);
        }
        return file;
    }
}
