package org.doorway.intake.eido;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;

/**
 * Who the referrer of an EIDO is when a call taker or dispatcher wrote it: the official NENA sample
 * (whose only agent is a call taker) recoded with call types the test policy routes with and
 * without a referrer role.
 */
class EidoRelayTest {

    private static final Instant RECEIVED = Instant.parse("2026-01-15T12:00:00Z");
    private static final String CALL_TAKER = "tjones.atroop@state.pa.us";
    private static final String OFFICER = "badge.512@troop-a.state.pa.us";
    /** As the demo policy routes them: LEAD for an officer, a disturbance for a dispatcher. */
    private static final Map<String, String> ROLES = Map.of("LEAD", "officer", "DISTURBANCE", "dispatcher");

    private static final EidoContext CONTEXT = new EidoContext(
            "demo",
            RECEIVED,
            code -> "LEAD".equals(code) ? Door.SOCIAL_CONTACT : Door.COMMUNITY,
            code -> code == null ? null : ROLES.get(code));

    private final EidoMapper mapper = new EidoMapper(new ObjectMapper().findAndRegisterModules());

    private Referral.Referrer referrer(ObjectNode doc, EidoContext context) {
        List<Referral> referrals = mapper.map(EidoDocuments.bytes(doc), context);
        assertThat(referrals).hasSize(1);
        return referrals.get(0).referrer();
    }

    private static ObjectNode responder(ObjectNode doc, String role) {
        ObjectNode agent = doc.withArray("agentComponent").addObject();
        agent.put("$id", OFFICER);
        agent.putArray("agentRoleRegistryText").add(role);
        agent.putObject("agencyReference").put("$ref", "troop-a.state.pa.us");
        return agent;
    }

    @Test
    void aCallTakersLeadReferralIsTheOfficersTheIncidentNamesAsResponder() {
        ObjectNode doc = DispatcherRelayIT.sampleCoded("LEAD");
        responder(doc, "Responder");
        ((ObjectNode) doc.get("incidentComponent"))
                .putArray("agentReference")
                .addObject()
                .put("$ref", OFFICER);

        Referral.Referrer referrer = referrer(doc, CONTEXT);

        assertThat(referrer.agent()).isEqualTo(OFFICER);
        assertThat(referrer.role()).isEqualTo("officer");
        assertThat(referrer.agency()).as("the officer's own agency").isEqualTo("troop-a.state.pa.us");
    }

    @Test
    void findsTheRespondingOfficerThroughTheUnitSentToTheIncident() {
        ObjectNode doc = DispatcherRelayIT.sampleCoded("LEAD");
        responder(doc, "Responder");
        ObjectNode unit = doc.withArray("emergencyResourceComponent").addObject();
        unit.put("$id", "unit-2A12");
        unit.putArray("agentReference").addObject().put("$ref", OFFICER);

        assertThat(referrer(doc, CONTEXT).agent()).isEqualTo(OFFICER);
    }

    @Test
    void aCallTakersLeadReferralWithoutAnOfficerStaysTheDispatchersForTriageToTakeAsRelayed() {
        Referral.Referrer referrer = referrer(DispatcherRelayIT.sampleCoded("LEAD"), CONTEXT);

        assertThat(referrer.agent()).isEqualTo(CALL_TAKER);
        assertThat(referrer.role()).isEqualTo("dispatcher");
    }

    @Test
    void aCallTypeRoutedToDispatchersOrWithNoRoleKeepsTheCallTakerAsReferrerEvenWithAnOfficerOnScene() {
        ObjectNode routedToDispatchers = DispatcherRelayIT.sampleCoded("DISTURBANCE");
        responder(routedToDispatchers, "Responder");
        ObjectNode noRole = DispatcherRelayIT.sampleCoded("LEAD");
        responder(noRole, "Responder");

        assertThat(referrer(routedToDispatchers, CONTEXT).agent()).isEqualTo(CALL_TAKER);
        assertThat(referrer(noRole, new EidoContext("demo", RECEIVED, code -> Door.SOCIAL_CONTACT))
                        .role())
                .isEqualTo("dispatcher");
    }

    @Test
    void anAgentWhoIsNotAResponderIsNotTakenForTheOfficer() {
        ObjectNode doc = DispatcherRelayIT.sampleCoded("LEAD");
        responder(doc, "Supervisor");

        assertThat(referrer(doc, CONTEXT).agent()).isEqualTo(CALL_TAKER);
    }
}
