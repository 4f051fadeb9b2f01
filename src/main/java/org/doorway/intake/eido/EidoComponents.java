package org.doorway.intake.eido;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data components of one EIDO document, listed and indexed by {@code $id}.
 *
 * <p>Every top-level member whose name ends in {@code Component} is a component list: normally an
 * array of objects; a single object is taken as a one-element list (NENA-STA-021.1b makes
 * {@code incidentComponent} a single object, the 2020 draft an array). A JSON {@code null} is an
 * empty list. Anything else — and an element that is not an object — is a problem.
 *
 * <p>Each component with a string {@code $id} is indexed. A {@code $id} that is not a string, or
 * that another component already has, is a problem. A component without {@code $id} is still
 * listed, just not reachable by reference.
 */
final class EidoComponents {

    /**
     * One data component.
     *
     * @param list    the name of the top-level list it is in, e.g. {@code locationComponent}
     * @param pointer where it is, e.g. {@code /locationComponent/0}
     * @param node    the component
     */
    record Component(String list, String pointer, ObjectNode node) {}

    private final Map<String, List<Component>> lists = new LinkedHashMap<>();
    private final Map<String, Component> byId = new HashMap<>();
    private final EidoFindings findings;

    private EidoComponents(EidoFindings findings) {
        this.findings = findings;
    }

    /** Lists and indexes the components of a document, recording problems in {@code findings}. */
    static EidoComponents of(ObjectNode root, EidoFindings findings) {
        EidoComponents components = new EidoComponents(findings);
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            if (entry.getKey().endsWith("Component")) {
                components.addList(entry.getKey(), entry.getValue());
            }
        }
        return components;
    }

    private void addList(String name, JsonNode value) {
        String at = EidoFindings.child("", name);
        List<Component> list = new ArrayList<>();
        lists.put(name, list);
        if (value.isNull()) {
            return;
        }
        if (value.isObject()) {
            add(list, name, at, value);
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                add(list, name, EidoFindings.child(at, i), value.get(i));
            }
        } else {
            findings.problem(at, "not an array of components");
        }
    }

    private void add(List<Component> list, String name, String at, JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            findings.problem(at, "not a component object");
            return;
        }
        Component component = new Component(name, at, object);
        list.add(component);
        JsonNode id = EidoJson.member(object, "$id");
        if (id == null) {
            return;
        }
        String idAt = EidoFindings.child(at, "$id");
        if (!id.isTextual()) {
            findings.problem(idAt, "not a string");
            return;
        }
        Component earlier = byId.putIfAbsent(id.textValue(), component);
        if (earlier != null) {
            findings.problem(idAt, "duplicate $id: " + earlier.pointer() + " has the same identifier");
        }
    }

    /** The components of a top-level list, in document order; empty if there is no such list. */
    List<Component> list(String name) {
        return lists.getOrDefault(name, List.of());
    }

    /** The first component of a list, or null. */
    Component first(String name) {
        List<Component> list = list(name);
        return list.isEmpty() ? null : list.get(0);
    }

    /**
     * The component a reference points to, which must be in the named list. A reference to nothing
     * in this document is allowed by EIDO (the component may be held elsewhere) and is only warned;
     * so is one that points to a component of another kind.
     *
     * @return the component, or null
     */
    Component resolve(EidoJson.Ref ref, String expectedList) {
        if (ref == null) {
            return null;
        }
        Component component = byId.get(ref.id());
        if (component == null) {
            findings.warn(ref.pointer(), "refers to a component that is not in this document");
            return null;
        }
        if (!component.list().equals(expectedList)) {
            findings.warn(ref.pointer(), "refers to " + component.pointer() + ", which is not in " + expectedList);
            return null;
        }
        return component;
    }

    /** The component with this {@code $id}, or null; nothing is warned (for optional look-ups). */
    Component byId(String id) {
        return id == null ? null : byId.get(id);
    }
}
