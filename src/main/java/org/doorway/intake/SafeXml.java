package org.doorway.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses untrusted XML into a DOM, refusing everything that lets a document reach outside itself.
 *
 * <p>Every XML payload Doorway reads (PIDF-LO inside EIDO, Open311 XML, NIBRS XML) comes from a
 * system we do not control, so the parser is locked down:
 *
 * <ul>
 *   <li>a {@code DOCTYPE} declaration anywhere makes the document unreadable; with no DTD there are
 *       no entity declarations, so neither external entities (XXE) nor entity expansion
 *       ("billion laughs") can happen;
 *   <li>external general and parameter entities, external DTD loading and XInclude are off as well,
 *       and {@link XMLConstants#ACCESS_EXTERNAL_DTD} / {@link XMLConstants#ACCESS_EXTERNAL_SCHEMA}
 *       allow no protocol, in case the first rule were ever relaxed;
 *   <li>{@link XMLConstants#FEATURE_SECURE_PROCESSING} is on and element nesting is capped at
 *       {@value #MAX_ELEMENT_DEPTH};
 *   <li>the parser never writes to standard error and never resolves an entity: the entity resolver
 *       refuses every request.
 * </ul>
 *
 * <p>The DOM is namespace-aware, comments are dropped and CDATA sections are merged into the
 * surrounding text.
 *
 * <p>Failures are reported as {@link XmlException}, which carries the kind of failure and the line
 * and column, but never the parser's own message or any part of the input: parser messages quote
 * element names and content, and the input may be personal data.
 *
 * <p>The factory is the JDK's built-in implementation, so that the features above are known to be
 * supported; if one of them cannot be set the parse fails with {@link IllegalStateException} rather
 * than run unprotected. Building a factory and a builder costs more than parsing a PIDF-LO (about
 * half of the EIDO mapper's time when done for each parse), and neither is thread-safe, so each
 * thread keeps one builder and {@linkplain DocumentBuilder#reset() resets} it after every parse:
 * the protections live in the builder's configuration and survive the reset; the error handler and
 * entity resolver do not, so they are set again before each parse.
 */
public final class SafeXml {

    /** The deepest element nesting accepted. */
    static final int MAX_ELEMENT_DEPTH = 256;

    static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    static final String EXTERNAL_GENERAL_ENTITIES = "http://xml.org/sax/features/external-general-entities";
    static final String EXTERNAL_PARAMETER_ENTITIES = "http://xml.org/sax/features/external-parameter-entities";
    static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";
    private static final String MAX_ELEMENT_DEPTH_PROPERTY = "jdk.xml.maxElementDepth";

    private SafeXml() {}

    /**
     * A new factory with every protection described on this class.
     *
     * @throws IllegalStateException if the XML implementation refuses one of the protections
     */
    static DocumentBuilderFactory newFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultNSInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
            factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
            factory.setFeature(LOAD_EXTERNAL_DTD, false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setAttribute(MAX_ELEMENT_DEPTH_PROPERTY, String.valueOf(MAX_ELEMENT_DEPTH));
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the XML parser cannot be configured safely", e);
        }
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setIgnoringComments(true);
        factory.setCoalescing(true);
        return factory;
    }

    /**
     * Parses XML held in a string.
     *
     * <p>White space (and a byte order mark) before the first markup is ignored, because senders
     * that embed XML in JSON often indent it; reported positions still refer to {@code xml} as given.
     *
     * @param xml the document
     * @return the parsed document
     * @throws XmlException if it is not well-formed, has a DOCTYPE, or nests too deeply
     */
    public static Document parse(String xml) throws XmlException {
        int start = 0;
        while (start < xml.length() && (Character.isWhitespace(xml.charAt(start)) || xml.charAt(start) == '\uFEFF')) {
            start++;
        }
        int skippedLines = 0;
        int lastBreak = -1;
        for (int i = 0; i < start; i++) {
            if (xml.charAt(i) == '\n') {
                skippedLines++;
                lastBreak = i;
            }
        }
        int skippedColumns = start - lastBreak - 1;
        try {
            return parse(new InputSource(new StringReader(xml.substring(start))));
        } catch (XmlException e) {
            throw e.shiftedBy(skippedLines, skippedColumns);
        }
    }

    /**
     * Parses XML from a stream; the encoding is taken from the XML declaration (UTF-8 by default).
     * The stream is read to the end of the document but not closed.
     *
     * @param in the document
     * @return the parsed document
     * @throws XmlException if it is not well-formed, has a DOCTYPE, nests too deeply or cannot be read
     */
    public static Document parse(InputStream in) throws XmlException {
        return parse(new InputSource(in));
    }

    /** This thread's builder, made once from {@link #newFactory()}. */
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(() -> {
        try {
            return newFactory().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be configured safely", e);
        }
    });

    private static Document parse(InputSource source) throws XmlException {
        DocumentBuilder builder = BUILDER.get();
        builder.setErrorHandler(SILENT_STRICT);
        builder.setEntityResolver(REFUSE_ENTITIES);
        try {
            return builder.parse(source);
        } catch (SAXParseException e) {
            throw new XmlException(kindOf(e), e.getLineNumber(), e.getColumnNumber());
        } catch (SAXException e) {
            throw new XmlException(kindOf(e), -1, -1);
        } catch (IOException e) {
            throw new XmlException(XmlException.Kind.UNREADABLE, -1, -1);
        } finally {
            builder.reset();
        }
    }

    private static final EntityResolver REFUSE_ENTITIES = (publicId, systemId) -> {
        throw new SAXException("external entities are refused");
    };

    private static XmlException.Kind kindOf(SAXException e) {
        // The JDK names the refusing feature in its message, whatever the locale.
        String message = e.getMessage();
        return message != null && message.contains(DISALLOW_DOCTYPE)
                ? XmlException.Kind.DOCTYPE
                : XmlException.Kind.NOT_WELL_FORMED;
    }

    /** Fails on errors, ignores warnings, prints nothing. */
    private static final ErrorHandler SILENT_STRICT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // a warning does not make the document unusable
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /**
     * An XML document could not be read. Carries what went wrong and where, never the input's text
     * nor the parser's message (and has no cause, for the same reason).
     */
    public static final class XmlException extends Exception {

        private static final long serialVersionUID = 1L;

        /** What went wrong, as a phrase completing "the document …". */
        public enum Kind {
            NOT_WELL_FORMED("is not well-formed XML"),
            DOCTYPE("has a DOCTYPE declaration, which is refused"),
            UNREADABLE("could not be read");

            private final String phrase;

            Kind(String phrase) {
                this.phrase = phrase;
            }

            /** The phrase, e.g. {@code is not well-formed XML}. */
            String phrase() {
                return phrase;
            }
        }

        public final Kind kind;
        public final int line;
        public final int column;

        XmlException(Kind kind, int line, int column) {
            super("document " + kind.phrase() + position(line, column), null, false, false);
            this.kind = kind;
            this.line = line;
            this.column = column;
        }

        /** What went wrong. */
        public Kind kind() {
            return kind;
        }

        /** The 1-based line of the failure, or -1 if unknown. */
        public int line() {
            return line;
        }

        /** The 1-based column of the failure, or -1 if unknown. */
        public int column() {
            return column;
        }

        /**
         * The failure as a sentence about {@code subject}, e.g.
         * {@code PIDF-LO is not well-formed XML (line 1, column 612)}.
         */
        public String describe(String subject) {
            return subject + " " + kind.phrase() + position(line, column);
        }

        XmlException shiftedBy(int lines, int columns) {
            if (line < 1 || (lines == 0 && columns == 0)) {
                return this;
            }
            return new XmlException(kind, line + lines, line == 1 ? column + columns : column);
        }

        private static String position(int line, int column) {
            if (line < 1) {
                return "";
            }
            return column < 1 ? " (line " + line + ")" : " (line " + line + ", column " + column + ")";
        }
    }
}
