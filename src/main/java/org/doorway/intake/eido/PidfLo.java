package org.doorway.intake.eido;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.doorway.intake.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads where someone is from a PIDF-LO document (RFC 4119, with civic addresses per RFC 4776 and
 * RFC 5139 and geodetic shapes per RFC 5491), as carried by value in an EIDO location component.
 *
 * <p>Only what sits inside a {@code gp:location-info} element
 * ({@code urn:ietf:params:xml:ns:pidf:geopriv10}) is read; {@code provided-by}, usage rules and
 * everything else are ignored. Matching is by namespace and local name, never by prefix.
 *
 * <ul>
 *   <li>Address: the first {@code civicAddress} in {@code urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr}
 *       that gives more than a country, formatted by {@link PidfCivicAddress#format}.
 *   <li>Coordinates: the first geodetic shape in document order. A {@code gml:Polygon} (also the
 *       base of a {@code gs:Prism}) gives the mean of its distinct vertices, taken from
 *       {@code gml:posList} or a list of {@code gml:pos}; any other shape (Point, Circle, Ellipse,
 *       ArcBand, Sphere, Ellipsoid) gives its {@code gml:pos}, which is its centre. Coordinates are
 *       read as WGS 84 latitude then longitude (EPSG 4326 / 4979 axis order); a height is dropped.
 *       A {@code posList} is split by its {@code srsDimension}, else 3 when the shape's
 *       {@code srsName} is EPSG 4979, else 2. A shape that is not numeric or out of range
 *       (latitude −90..90, longitude −180..180) is skipped with a warning and the next one tried.
 * </ul>
 *
 * <p>The XML is parsed by {@link SafeXml}: no DOCTYPE, no external anything.
 */
final class PidfLo {

    static final String GEOPRIV = "urn:ietf:params:xml:ns:pidf:geopriv10";
    static final String CIVIC_ADDRESS = "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr";
    static final String GML = "http://www.opengis.net/gml";

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private PidfLo() {}

    /**
     * What a PIDF-LO says about a location.
     *
     * @param address   a one-line civic address, or {@code null}
     * @param latitude  WGS 84 latitude, or {@code null}
     * @param longitude WGS 84 longitude, or {@code null} (present exactly when latitude is)
     * @param warnings  what was present but unusable; phrases that name elements, never values
     */
    record Reading(String address, Double latitude, Double longitude, List<String> warnings) {

        Reading {
            warnings = List.copyOf(warnings);
        }

        /** True when neither an address nor coordinates could be read. */
        boolean isEmpty() {
            return address == null && latitude == null;
        }
    }

    /**
     * Reads a PIDF-LO document.
     *
     * @param xml the PIDF-LO XML
     * @return what could be read; {@link Reading#isEmpty() empty} when nothing usable is there
     * @throws SafeXml.XmlException if the XML is not well-formed or has a DOCTYPE
     */
    static Reading read(String xml) throws SafeXml.XmlException {
        Document document = SafeXml.parse(xml);
        List<Element> infos = new ArrayList<>();
        collect(document.getDocumentElement(), GEOPRIV, "location-info", infos);
        List<String> warnings = new ArrayList<>();
        if (infos.isEmpty()) {
            warnings.add("no gp:location-info element");
            return new Reading(null, null, null, warnings);
        }
        String address = null;
        double[] position = null;
        for (Element info : infos) {
            if (address == null) {
                address = address(info);
            }
            if (position == null) {
                position = position(info, warnings);
            }
        }
        return position == null
                ? new Reading(address, null, null, warnings)
                : new Reading(address, position[0], position[1], warnings);
    }

    private static String address(Element info) {
        List<Element> civics = new ArrayList<>();
        collect(info, CIVIC_ADDRESS, "civicAddress", civics);
        for (Element civic : civics) {
            Map<String, String> elements = new HashMap<>();
            for (Node child = civic.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element && CIVIC_ADDRESS.equals(element.getNamespaceURI())) {
                    String text = collapse(element.getTextContent());
                    if (!text.isEmpty()) {
                        elements.putIfAbsent(element.getLocalName(), text);
                    }
                }
            }
            String formatted = PidfCivicAddress.format(elements);
            if (formatted != null) {
                return formatted;
            }
        }
        return null;
    }

    /** The first usable shape's position as {latitude, longitude}, or null. */
    private static double[] position(Element info, List<String> warnings) {
        List<Element> shapes = new ArrayList<>();
        shapes(info, shapes);
        for (Element shape : shapes) {
            double[] position =
                    "Polygon".equals(shape.getLocalName()) ? centroid(shape, warnings) : point(shape, warnings);
            if (position != null) {
                return position;
            }
        }
        return null;
    }

    /** gml:Polygon elements and gml:pos elements outside any polygon, in document order. */
    private static void shapes(Element parent, List<Element> out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (GML.equals(element.getNamespaceURI()) && "Polygon".equals(element.getLocalName())) {
                    out.add(element);
                } else if (GML.equals(element.getNamespaceURI()) && "pos".equals(element.getLocalName())) {
                    out.add(element);
                } else {
                    shapes(element, out);
                }
            }
        }
    }

    private static double[] point(Element pos, List<String> warnings) {
        double[] numbers = numbers(pos.getTextContent());
        if (numbers == null || numbers.length < 2) {
            warnings.add("gml:pos does not hold a latitude and a longitude; ignored");
            return null;
        }
        return inRange(numbers[0], numbers[1], "gml:pos", warnings);
    }

    private static double[] centroid(Element polygon, List<String> warnings) {
        List<double[]> vertices = new ArrayList<>();
        List<Element> posLists = new ArrayList<>();
        collect(polygon, GML, "posList", posLists);
        if (!posLists.isEmpty()) {
            for (Element posList : posLists) {
                double[] numbers = numbers(posList.getTextContent());
                int dimension = dimension(posList);
                if (numbers == null || numbers.length == 0 || numbers.length % dimension != 0) {
                    warnings.add("gml:Polygon has a gml:posList that is not a list of whole coordinates; ignored");
                    return null;
                }
                for (int i = 0; i < numbers.length; i += dimension) {
                    vertices.add(new double[] {numbers[i], numbers[i + 1]});
                }
            }
        } else {
            List<Element> positions = new ArrayList<>();
            collect(polygon, GML, "pos", positions);
            for (Element pos : positions) {
                double[] numbers = numbers(pos.getTextContent());
                if (numbers == null || numbers.length < 2) {
                    warnings.add("gml:Polygon has a gml:pos that does not hold a latitude and a longitude; ignored");
                    return null;
                }
                vertices.add(new double[] {numbers[0], numbers[1]});
            }
        }
        // A GML ring repeats its first vertex at the end; count it once.
        if (vertices.size() > 1) {
            double[] first = vertices.get(0);
            double[] last = vertices.get(vertices.size() - 1);
            if (first[0] == last[0] && first[1] == last[1]) {
                vertices.remove(vertices.size() - 1);
            }
        }
        if (vertices.isEmpty()) {
            warnings.add("gml:Polygon has no vertices; ignored");
            return null;
        }
        double latitude = 0;
        double longitude = 0;
        for (double[] vertex : vertices) {
            if (inRange(vertex[0], vertex[1], "gml:Polygon", warnings) == null) {
                return null;
            }
            latitude += vertex[0];
            longitude += vertex[1];
        }
        return new double[] {latitude / vertices.size(), longitude / vertices.size()};
    }

    private static double[] inRange(double latitude, double longitude, String what, List<String> warnings) {
        if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
            warnings.add(what + " coordinates are out of range (latitude -90..90, longitude -180..180); ignored");
            return null;
        }
        return new double[] {latitude, longitude};
    }

    /** The coordinate dimension of a posList: srsDimension, else from srsName, else 2. */
    private static int dimension(Element posList) {
        for (Node node = posList; node instanceof Element element; node = node.getParentNode()) {
            String dimension = element.getAttribute("srsDimension");
            if (DIMENSION.matcher(dimension).matches()) {
                return Integer.parseInt(dimension.trim());
            }
            String srsName = element.getAttribute("srsName");
            if (!srsName.isEmpty()) {
                return srsName.endsWith("4979") ? 3 : 2;
            }
        }
        return 2;
    }

    /** The white-space separated decimal numbers in a text, or null if any token is not one. */
    private static double[] numbers(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new double[0];
        }
        String[] tokens = WHITE_SPACE.split(trimmed);
        double[] numbers = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            if (!NUMBER.matcher(tokens[i]).matches()) {
                return null;
            }
            numbers[i] = Double.parseDouble(tokens[i]);
            if (!Double.isFinite(numbers[i])) {
                return null;
            }
        }
        return numbers;
    }

    /** Descendants of {@code parent} (not itself) with this namespace and local name, in document order. */
    private static void collect(Element parent, String namespace, String localName, List<Element> out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName())) {
                    out.add(element);
                }
                collect(element, namespace, localName, out);
            }
        }
    }

    private static final Pattern DIMENSION = Pattern.compile("\\s*[23]\\s*");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    /** Runs of white space, the no-break space included (compiled once: collapse runs per text node). */
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0]+");

    static String collapse(String text) {
        return text == null ? "" : SPACES.matcher(text).replaceAll(" ").strip();
    }
}
