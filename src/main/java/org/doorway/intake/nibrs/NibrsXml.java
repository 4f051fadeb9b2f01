package org.doorway.intake.nibrs;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Walks a NIBRS IEPD document by element local names.
 *
 * <p>The IEPD's element names are stable across releases while their namespaces carry the version
 * ({@code nibrs/4.2}, {@code nibrs/2019.2}…, {@code jxdm/5.2}, {@code jxdm/6.0}…), so inner elements
 * are matched by local name only; the root is checked against the FBI NIBRS namespace family by
 * {@link NibrsMapper}. NIEM references ({@code s:id}, {@code s:ref}) are read from any NIEM
 * structures namespace.
 */
final class NibrsXml {

    private static final String STRUCTURES = "http://release.niem.gov/niem/structures/";

    private NibrsXml() {}

    /** The direct children of {@code parent} with this local name, in document order. */
    static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    /** The first element reached by following {@code path} of local names from {@code from}, or null. */
    static Element find(Element from, String... path) {
        Element at = from;
        for (String name : path) {
            if (at == null) {
                return null;
            }
            List<Element> next = children(at, name);
            at = next.isEmpty() ? null : next.get(0);
        }
        return at;
    }

    /** The trimmed text at {@code path} from {@code from}; null when absent or empty. */
    static String text(Element from, String... path) {
        Element element = find(from, path);
        return element == null ? null : text(element);
    }

    /** An element's trimmed text; null when empty. */
    static String text(Element element) {
        String text = element.getTextContent().strip();
        return text.isEmpty() ? null : text;
    }

    /** The NIEM {@code s:id} of an element, or null. */
    static String id(Element element) {
        return structuresAttribute(element, "id");
    }

    /** The NIEM {@code s:ref} of an element, or null. */
    static String ref(Element element) {
        return element == null ? null : structuresAttribute(element, "ref");
    }

    private static String structuresAttribute(Element element, String localName) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String ns = attribute.getNamespaceURI();
            if (localName.equals(attribute.getLocalName()) && ns != null && ns.startsWith(STRUCTURES)) {
                String value = attribute.getValue().strip();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
