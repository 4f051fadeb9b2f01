package org.doorway.triage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.doorway.system.InvalidYamlException;
import org.doorway.system.YamlTree;
import org.doorway.triage.InvalidPolicyException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads pilot-zone areas from GeoJSON (RFC 7946): a FeatureCollection, a Feature, or a bare
 * Polygon or MultiPolygon, with positions as [longitude, latitude]. Each ring must be closed (its
 * last position equal to its first) and each polygon valid (no self-intersection); anything else
 * is refused with file, line and the path of the offending part.
 */
final class GeoZones {

    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private GeoZones() {}

    /**
     * The polygons of a GeoJSON document.
     *
     * @throws InvalidPolicyException naming every problem found
     */
    static List<Geometry> read(String file, byte[] geojson) {
        try {
            return polygons(file, geojson);
        } catch (InvalidYamlException e) {
            throw new InvalidPolicyException(e.problems());
        }
    }

    private static List<Geometry> polygons(String file, byte[] geojson) {
        YamlTree tree = YamlTree.parse(file, geojson);
        List<Geometry> polygons = new ArrayList<>();
        object(tree, "", tree.root(), polygons);
        if (tree.problems.isEmpty() && polygons.isEmpty()) {
            tree.problem("", "holds no Polygon or MultiPolygon");
        }
        tree.check();
        return polygons;
    }

    private static void object(YamlTree tree, String path, JsonNode node, List<Geometry> out) {
        String type = node.path("type").asText("");
        String at = path.isEmpty() ? "type" : path + ".type";
        switch (type) {
            case "FeatureCollection" -> {
                JsonNode features = node.path("features");
                if (!features.isArray()) {
                    tree.problem(join(path, "features"), "must be a list of Features");
                    return;
                }
                for (int i = 0; i < features.size(); i++) {
                    object(tree, join(path, "features") + "[" + i + "]", features.get(i), out);
                }
            }
            case "Feature" -> {
                JsonNode geometry = node.path("geometry");
                if (!geometry.isObject()) {
                    tree.problem(join(path, "geometry"), "a Feature of a pilot zone needs a geometry");
                    return;
                }
                object(tree, join(path, "geometry"), geometry, out);
            }
            case "Polygon" -> {
                Polygon polygon = polygon(tree, join(path, "coordinates"), node.path("coordinates"));
                if (polygon != null) {
                    out.add(polygon);
                }
            }
            case "MultiPolygon" -> {
                JsonNode polygons = node.path("coordinates");
                if (!polygons.isArray() || polygons.isEmpty()) {
                    tree.problem(join(path, "coordinates"), "must be a list of polygons");
                    return;
                }
                for (int i = 0; i < polygons.size(); i++) {
                    Polygon polygon = polygon(tree, join(path, "coordinates") + "[" + i + "]", polygons.get(i));
                    if (polygon != null) {
                        out.add(polygon);
                    }
                }
            }
            default -> tree.problem(at, "must be FeatureCollection, Feature, Polygon or MultiPolygon");
        }
    }

    private static Polygon polygon(YamlTree tree, String path, JsonNode rings) {
        if (!rings.isArray() || rings.isEmpty()) {
            tree.problem(path, "a polygon must be a list of rings, the outer ring first");
            return null;
        }
        List<LinearRing> linear = new ArrayList<>();
        for (int r = 0; r < rings.size(); r++) {
            String at = path + "[" + r + "]";
            JsonNode ring = rings.get(r);
            if (!ring.isArray() || ring.size() < 4) {
                tree.problem(at, "a ring needs at least 4 positions (a triangle, closed)");
                return null;
            }
            Coordinate[] coordinates = new Coordinate[ring.size()];
            for (int i = 0; i < ring.size(); i++) {
                JsonNode position = ring.get(i);
                if (!position.isArray()
                        || position.size() < 2
                        || !position.get(0).isNumber()
                        || !position.get(1).isNumber()) {
                    tree.problem(at + "[" + i + "]", "a position must be [longitude, latitude]");
                    return null;
                }
                double lon = position.get(0).asDouble();
                double lat = position.get(1).asDouble();
                if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
                    tree.problem(
                            at + "[" + i + "]",
                            "longitude must be within ±180 and latitude within ±90 "
                                    + "(GeoJSON puts longitude first)");
                    return null;
                }
                coordinates[i] = new Coordinate(lon, lat);
            }
            if (!coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
                tree.problem(at, "the ring is not closed: its last position must repeat its first");
                return null;
            }
            linear.add(GEOMETRY.createLinearRing(coordinates));
        }
        Polygon polygon = GEOMETRY.createPolygon(
                linear.get(0), linear.subList(1, linear.size()).toArray(LinearRing[]::new));
        if (!polygon.isValid()) {
            tree.problem(path, "the polygon is not valid (its edges cross, or a hole lies outside it)");
            return null;
        }
        return polygon;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
