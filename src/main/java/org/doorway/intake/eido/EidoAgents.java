package org.doorway.intake.eido;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.doorway.intake.eido.EidoComponents.Component;

/**
 * What the agents of an EIDO document are, as triage's "who may refer" rules name referrers, and
 * which of them responded to the incident.
 *
 * <p>An agent's role comes from its component's {@code agentRoleRegistryText}: a responder (or an
 * officer, or police) is an {@code officer}; call takers and dispatchers are {@code dispatcher};
 * anything else is unknown ({@code null}).
 *
 * <p>A CAD enters LEAD at an officer's request, and the document it sends is usually written by the
 * call taker or dispatcher who typed it in; the officer who asked appears as a responder: an
 * agent the incident names ({@code incidentComponent.agentReference}), or the agent of an emergency
 * resource (a unit) sent to it ({@code emergencyResourceComponent[].agentReference}).
 * {@link #responder} finds them so that the referral is the officer's and they can be told who is
 * coming.
 */
final class EidoAgents {

    static final String AGENT_LIST = "agentComponent";
    static final String DISPATCHER = "dispatcher";

    private final EidoJson json;
    private final EidoComponents components;

    EidoAgents(EidoJson json, EidoComponents components) {
        this.json = json;
        this.components = components;
    }

    /** The role of the agent with this {@code $id}, or null when it is not in the document or says no known role. */
    String role(String agentId) {
        Component component = agentId == null ? null : components.byId(agentId);
        if (component == null || !AGENT_LIST.equals(component.list())) {
            return null;
        }
        String roles = String.join(" ", json.texts(component.node(), component.pointer(), "agentRoleRegistryText"))
                .toLowerCase(Locale.ROOT);
        if (roles.contains("responder") || roles.contains("officer") || roles.contains("police")) {
            return "officer";
        }
        if (roles.contains("call tak") || roles.contains("dispatch")) {
            return DISPATCHER;
        }
        return null;
    }

    /**
     * The first agent in the role {@code role} among those who responded to the incident: the
     * incident's own agents, then the agents of each emergency resource (unit), then every agent
     * component of the document, in document order. A reference to an agent not in the document is
     * passed over silently (EIDO allows it; the author is already known).
     *
     * @param incident the incident component, or null when the document has none
     * @return the agent's {@code $id}, or null when no agent in that role is found
     */
    String responder(String role, Component incident) {
        Set<String> candidates = new LinkedHashSet<>();
        if (incident != null) {
            agentsOf(incident, candidates);
        }
        for (Component unit : components.list("emergencyResourceComponent")) {
            agentsOf(unit, candidates);
        }
        for (Component agent : components.list(AGENT_LIST)) {
            JsonNode id = EidoJson.member(agent.node(), "$id");
            if (id != null && id.isTextual()) {
                candidates.add(id.textValue());
            }
        }
        return candidates.stream()
                .filter(id -> role.equals(role(id)))
                .findFirst()
                .orElse(null);
    }

    /** The agency the agent with this {@code $id} belongs to ({@code agencyReference}), or null; read leniently. */
    String agencyOf(String agentId) {
        Component component = components.byId(agentId);
        if (component == null) {
            return null;
        }
        JsonNode agency = EidoJson.member(component.node(), "agencyReference");
        JsonNode id = agency != null && agency.isObject() ? EidoJson.member(agency, "$ref") : null;
        return id != null && id.isTextual() && !id.textValue().isBlank() ? id.textValue() : null;
    }

    /**
     * The agents a component references. Read leniently, with nothing warned or refused: these
     * references matter only for finding a responder, and a malformed one is simply passed over.
     */
    private static void agentsOf(Component component, Set<String> into) {
        JsonNode refs = EidoJson.member(component.node(), "agentReference");
        if (refs == null) {
            return;
        }
        for (JsonNode ref : refs.isArray() ? refs : List.of(refs)) {
            JsonNode id = ref.isObject() ? EidoJson.member(ref, "$ref") : null;
            if (id != null && id.isTextual() && !id.textValue().isBlank()) {
                into.add(id.textValue());
            }
        }
    }
}
