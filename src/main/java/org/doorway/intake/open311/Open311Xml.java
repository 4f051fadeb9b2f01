package org.doorway.intake.open311;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.SafeXml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a GeoReport v2 XML body ({@code <service_requests><request>…</request></service_requests>},
 * or a single {@code <request>}) through {@link SafeXml} into {@link Open311Item}s.
 *
 * <p>Element names are matched by local name. An element with child elements becomes a map (a child
 * name repeated inside a nested element becomes a list); any other element becomes its text,
 * trimmed, and an empty element means null. A standard field given twice makes that request
 * unreadable. A child of {@code <service_requests>} that is not a {@code <request>} is an unreadable
 * record at its place in the list.
 *
 * <p>The whole body is refused when it is not well-formed, has a DOCTYPE (so no external entities
 * and no entity expansion), nests too deeply, or its root is not a request list: GeoReport v2's
 * other documents (service list, service definition, errors) are named in the reason.
 */
final class Open311Xml {

    private Open311Xml() {}

    /**
     * Reads a body.
     *
     * @return the requests in order, and whether the root was a list
     * @throws InvalidReferralException when the body is not a readable request list or request
     */
    static Open311Body read(byte[] body) {
        Element root;
        try {
            root = SafeXml.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SafeXml.XmlException e) {
            throw new InvalidReferralException(Open311Mapper.TITLE, "/", e.describe("the body"));
        }
        String name = root.getLocalName();
        if ("request".equals(name)) {
            return new Open311Body(false, List.of(item(root)));
        }
        if (!"service_requests".equals(name)) {
            throw new InvalidReferralException(Open311Mapper.TITLE, "/", Open311Mapper.notARequestList(name));
        }
        List<Open311Item> items = new ArrayList<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (items.size() == Open311Mapper.MAX_REQUESTS) {
                    throw new Open311Mapper.TooManyRequests("/service_requests");
                }
                items.add(
                        "request".equals(element.getLocalName())
                                ? item(element)
                                : Open311Item.unreadable("not a request element"));
            }
        }
        return new Open311Body(true, items);
    }

    private static Open311Item item(Element request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Element child : children(request)) {
            String name = child.getLocalName();
            if (fields.containsKey(name)) {
                if (Open311Request.STANDARD_FIELDS.contains(name)) {
                    return Open311Item.unreadable(name + ": given twice");
                }
                continue;
            }
            fields.put(name, value(child));
        }
        return Open311Item.of(fields);
    }

    private static Object value(Element element) {
        List<Element> children = children(element);
        if (children.isEmpty()) {
            String text = element.getTextContent().strip();
            return text.isEmpty() ? null : text;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Element child : children) {
            Object value = value(child);
            String name = child.getLocalName();
            if (!map.containsKey(name)) {
                map.put(name, value);
            } else if (map.get(name) instanceof Repeated repeated) {
                repeated.add(value);
            } else {
                Repeated repeated = new Repeated();
                repeated.add(map.get(name));
                repeated.add(value);
                map.put(name, repeated);
            }
        }
        return map;
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

    /** The values of a child element name repeated inside one element. */
    private static final class Repeated extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }
}
