package org.doorway.intake.eido;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.SafeXml;
import org.doorway.intake.eido.EidoComponents.Component;
import org.doorway.referral.Callbacks;
import org.doorway.referral.Referral;
import org.doorway.referral.Referral.CallType;
import org.doorway.referral.Referral.Location;
import org.doorway.referral.Referral.Referrer;
import org.doorway.referral.Storable;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Maps a NENA Emergency Incident Data Object (EIDO, NENA-STA-021.1b, JSON) to a {@link Referral}.
 *
 * <p>The document is parsed as a JSON tree with duplicate keys and trailing content refused. Its
 * data components are indexed by {@code $id} ({@link EidoComponents}) and references resolved
 * through that index. The pre-standard 2020 draft is accepted too, mapped by its own member names
 * and always warned about ({@link EidoDialect}).
 *
 * <h2>What goes where</h2>
 * <ul>
 *   <li>{@code source} is {@code eido}; {@code site} and {@code receivedAt} come from the
 *       {@link EidoContext}.
 *   <li>{@code sourceId}: the document's {@code $id}, the incident URN (draft:
 *       {@code incidentTrackingIdentifier}, else {@code $id}). Required.
 *   <li>{@code occurredAt}: the earliest {@code callStartTimestamp} of the call components, else the
 *       incident component's last update time, else the document's; null when none is given.
 *   <li>{@code callType}: from the incident component: {@code incidentTypeInternalCode},
 *       {@code incidentTypeInternalText}, {@code incidentTypeCommonRegistryText},
 *       {@code incidentCommonPriorityNumber}. Null when there is no incident component or it has
 *       none of these. When the incident component is a list, the first is used.
 *   <li>{@code door}: {@link EidoContext#doorForCallType()} applied to the internal code (which may
 *       be null).
 *   <li>{@code location}: the candidates are the incident's {@code locationReference}s, then each
 *       call's, then every location component; the first whose {@code locationByValue} PIDF-LO
 *       yields an address or coordinates ({@link PidfLo}) is used: the address is the text, its
 *       {@code locationDescriptionText} the description. {@code zone} is the incident's
 *       {@code beatOrDispatchGroupText}. An unreadable PIDF-LO is warned and the next candidate
 *       tried; a location given only by reference is not fetched. When no candidate is readable the
 *       warning {@code no readable location} is added and the location is null — unless there is a
 *       zone, which is then kept alone.
 *   <li>{@code referrer}: agency = the document's {@code updatedByAgencyReference}, else the first
 *       call's, else the first agency component's {@code $id} (draft: {@code OwningAgencyIdentifier},
 *       else the first agency's {@code organizationIdentification}); agent = the document's
 *       {@code updatedByAgentReference}, else the first call's first {@code agentReference} (draft:
 *       {@code UpdatedByAgentIdentifier}); callback = the {@code callBackInformationUri} of the
 *       callback component referenced by the first call that has a {@code callBackReference}:
 *       its first {@code tel:} URI whose number is valid ({@link Callbacks}), as
 *       {@code tel:+<E.164>}; other URIs are not kept (warned); role = the agent's role
 *       ({@link EidoAgents}: {@code officer}, {@code dispatcher} or unknown). Null when none of
 *       agency, agent and callback is known.
 *   <li><b>A dispatcher relaying a referral.</b> When the agent is a call taker or dispatcher and the
 *       site's policy routes the call type with another referrer role
 *       ({@link EidoContext#referrerRoleForCallType()}: the demo's {@code LEAD} is routed with
 *       {@code officer}), the dispatcher only entered the code at that referrer's request. The
 *       referrer is then the first agent in that role among the incident's agents, the agents of
 *       its emergency resources (units) and every agent component ({@link EidoAgents#responder}),
 *       with that agent's agency: the responding officer, who is then told who is coming. When the
 *       document names no such agent, the referrer stays the dispatcher in the role
 *       {@code dispatcher}, and triage takes the referral as relayed by dispatch on the routed
 *       referrer's behalf and tells dispatch to pass its answer on. A crisis-line transfer block
 *       (below) makes the role {@code crisis-line} in either case.
 *   <li>{@code persons}: every person component ({@link EidoPersons}).
 *   <li>{@code notes}: every notes component's {@code notesActionComments} as plain text
 *       ({@link EidoHtml}), then the {@code Comment}s of every additional data component whose
 *       {@code additionalDataByValue} is an {@code EmergencyCallData.Comment} block (RFC 7852).
 *       Other additional data (provider, service, subscriber information and their vCards) is
 *       deliberately not copied: it is not needed for a referral.
 *   <li>{@code charges}: always empty.
 *   <li>{@code revision}: {@code updatedAt} is the incident component's {@code lastUpdateTimeStamp},
 *       else the document's: a document sent again with a later one is a newer version of the
 *       incident. {@code closed} when any of the incident's {@code incidentStatusCommonRegistryText}
 *       or {@code incidentStatusInternalText} is one of {@link #CLOSED_STATUSES} (ignoring case,
 *       spaces and punctuation).
 * </ul>
 *
 * <h2>Problems and warnings</h2>
 * <p>A document is refused ({@link InvalidReferralException}, with every problem found) when it is
 * not JSON or not a JSON object; has a duplicate key; lacks the incident identifier; lacks
 * {@code eidoVersion} (standard) or gives one other than {@code 1.0}; has a component list, component,
 * {@code $id} or reference of the wrong JSON type; has two components with the same {@code $id}; or
 * has a timestamp it needs that is not an ISO-8601 date-time with offset. Everything else that
 * cannot be read (a data member of the wrong type, an unknown code, an unreadable PIDF-LO or
 * additional-data XML, a reference to a component not in the document) is only a warning on the
 * referral. Problems and warnings name a JSON pointer and a reason, never an input value.
 *
 * <p>Why one class of some 520 lines: it maps one document to one referral field by field, in
 * the order of the canonical record; the document's parts that need their own reading (persons,
 * PIDF-LO locations, notes, typed members) are already classes of their own.
 */
@org.springframework.stereotype.Component
public final class EidoMapper {

    /** The {@link Referral#source()} of every referral made here. */
    static final String SOURCE = "eido";

    static final String TITLE = "Invalid EIDO document";

    private static final String COMMENT_NS = "urn:ietf:params:xml:ns:EmergencyCallData:Comment";
    /** Doorway's additional-data block for 988 crisis-line transfers (see docs/eido-988.md). */
    static final String CRISIS_NS = "urn:doorway:eido:crisis-line-transfer:1";

    /** Incident statuses that mean the incident is over: an open warm handoff for it is called off. */
    static final Set<String> CLOSED_STATUSES =
            Set.of("CLOSED", "CLOSE", "CANCELLED", "CANCELED", "CLEARED", "COMPLETED", "COMPLETE", "RESOLVED");

    private final ObjectReader reader;

    /** @param json the application's JSON mapper; it is not reconfigured */
    EidoMapper(ObjectMapper json) {
        this.reader = json.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Maps one EIDO document to its referrals.
     *
     * @param document the EIDO JSON, as received
     * @param context  the site, receipt time and call-type-to-door mapping
     * @return exactly one referral (a list because other formats carry several)
     * @throws InvalidReferralException with every problem found, each naming a JSON pointer and a reason
     */
    public List<Referral> map(byte[] document, EidoContext context) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(context, "context");
        JsonNode tree = parse(document);
        if (!(tree instanceof ObjectNode root)) {
            throw new InvalidReferralException(TITLE, "/", "not a JSON object");
        }
        Referral referral = new Mapping(root).referral(context);
        // The canonical field is named: the same text may have come from several places in the document.
        Storable.problem(referral).ifPresent(problem -> {
            throw new InvalidReferralException(TITLE, "referral " + problem.field(), problem.reason());
        });
        return List.of(referral);
    }

    private JsonNode parse(byte[] document) {
        try {
            return reader.readTree(document);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String line = where == null ? "unknown" : String.valueOf(where.getLineNr());
            String column = where == null ? "unknown" : String.valueOf(where.getColumnNr());
            String duplicate = duplicateKeyPointer(e);
            if (duplicate != null) {
                throw new InvalidReferralException(
                        TITLE, duplicate, "duplicate key (line " + line + ", column " + column + ")");
            }
            throw new InvalidReferralException(TITLE, "/", "not valid JSON: line " + line + ", column " + column);
        } catch (IOException e) {
            throw new InvalidReferralException(TITLE, "/", "could not be read");
        }
    }

    /** Where a duplicate key is, if that is what {@code e} reports; otherwise null. */
    private static String duplicateKeyPointer(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (!(e instanceof StreamReadException read) || message == null || !message.startsWith("Duplicate field")) {
            return null;
        }
        JsonParser parser = read.getProcessor();
        if (parser != null && parser.getParsingContext() != null) {
            String pointer = parser.getParsingContext().pathAsPointer().toString();
            return pointer.isEmpty() ? "/" : pointer;
        }
        return "/";
    }

    /** The state of mapping one document. */
    private static final class Mapping {

        private final ObjectNode root;
        private final EidoFindings findings = new EidoFindings();
        private final EidoJson json = new EidoJson(findings);
        private final EidoDialect dialect;
        private final EidoComponents components;
        private final List<Component> calls;
        private final Component incident;

        Mapping(ObjectNode root) {
            this.root = root;
            this.dialect = EidoDialect.of(root);
            if (dialect == EidoDialect.DRAFT_2020) {
                findings.warn(EidoDialect.DRAFT_WARNING);
            }
            this.components = EidoComponents.of(root, findings);
            this.calls = components.list("callComponent");
            List<Component> incidents = components.list("incidentComponent");
            this.incident = incidents.isEmpty() ? null : incidents.get(0);
            if (incidents.size() > 1) {
                findings.warn("/incidentComponent", "more than one incident component; the first is used");
            }
        }

        Referral referral(EidoContext context) {
            checkVersion();
            String sourceId = sourceId();
            Instant occurredAt = occurredAt();
            CallType callType = callType();
            Location location = location();
            Referrer referrer =
                    referrer(context.referrerRoleForCallType().apply(callType == null ? null : callType.code()));
            List<Referral.Person> persons = new EidoPersons(json).map(components.list("personComponent"));
            List<String> notes = new ArrayList<>();
            Referral.Screening screening = additionalData(notes);
            if (screening != Referral.Screening.UNKNOWN && referrer != null) {
                referrer = new Referrer(referrer.agency(), referrer.agent(), referrer.callback(), "crisis-line", null);
            }
            if (findings.hasProblems()) {
                throw new InvalidReferralException(TITLE, findings.problems());
            }
            return new Referral(
                    context.site(),
                    context.doorForCallType().apply(callType == null ? null : callType.code()),
                    SOURCE,
                    sourceId,
                    occurredAt,
                    context.receivedAt(),
                    location,
                    callType,
                    List.of(),
                    referrer,
                    persons,
                    notes,
                    findings.warnings(),
                    screening,
                    revision());
        }

        /** Which version of the incident this is, and whether the CAD has closed it. */
        private Referral.Revision revision() {
            Instant updatedAt = incident == null
                    ? null
                    : json.timestamp(incident.node(), incident.pointer(), dialect.lastUpdateField());
            if (updatedAt == null) {
                updatedAt = json.timestamp(root, "", dialect.lastUpdateField());
            }
            boolean closed = false;
            if (incident != null) {
                List<String> statuses = new ArrayList<>(
                        json.texts(incident.node(), incident.pointer(), "incidentStatusCommonRegistryText"));
                statuses.addAll(json.texts(incident.node(), incident.pointer(), "incidentStatusInternalText"));
                closed = statuses.stream()
                        .map(status -> status.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", ""))
                        .anyMatch(CLOSED_STATUSES::contains);
            }
            return new Referral.Revision(updatedAt, closed);
        }

        private void checkVersion() {
            String field = dialect.versionField();
            String at = EidoFindings.child("", field);
            JsonNode version = EidoJson.member(root, field);
            if (version == null) {
                if (dialect == EidoDialect.STA_021_1B) {
                    findings.problem(at, "required: NENA-STA-021.1b documents give eidoVersion 1.0");
                }
            } else if (!version.isTextual()) {
                findings.problem(at, "not a string");
            } else if (!version.textValue().strip().equals("1.0")) {
                findings.problem(at, "unsupported EIDO version: only 1.0 is accepted");
            }
        }

        private String sourceId() {
            if (dialect == EidoDialect.DRAFT_2020) {
                String tracking = identifier("incidentTrackingIdentifier", false);
                if (tracking != null) {
                    return tracking;
                }
            }
            return identifier("$id", true);
        }

        private String identifier(String field, boolean required) {
            String at = EidoFindings.child("", field);
            JsonNode id = EidoJson.member(root, field);
            if (id == null) {
                if (required) {
                    findings.problem(at, "required: the incident identifier");
                }
                return null;
            }
            if (!id.isTextual()) {
                findings.problem(at, "not a string");
                return null;
            }
            if (id.textValue().isBlank()) {
                if (required) {
                    findings.problem(at, "is blank; the incident identifier is required");
                }
                return null;
            }
            return id.textValue();
        }

        private Instant occurredAt() {
            Instant earliest = null;
            for (Component call : calls) {
                Instant start = json.timestamp(call.node(), call.pointer(), "callStartTimestamp");
                if (start != null && (earliest == null || start.isBefore(earliest))) {
                    earliest = start;
                }
            }
            if (earliest == null && incident != null) {
                earliest = json.timestamp(incident.node(), incident.pointer(), dialect.lastUpdateField());
            }
            if (earliest == null) {
                earliest = json.timestamp(root, "", dialect.lastUpdateField());
            }
            return earliest;
        }

        private CallType callType() {
            if (incident == null) {
                return null;
            }
            ObjectNode node = incident.node();
            String at = incident.pointer();
            String code = json.text(node, at, "incidentTypeInternalCode");
            String text = json.text(node, at, "incidentTypeInternalText");
            String common = json.text(node, at, "incidentTypeCommonRegistryText");
            Integer priority = json.integer(node, at, "incidentCommonPriorityNumber");
            if (code == null && text == null && common == null && priority == null) {
                return null;
            }
            return new CallType(code, text, common, priority);
        }

        private Location location() {
            String zone =
                    incident == null ? null : json.text(incident.node(), incident.pointer(), "beatOrDispatchGroupText");
            Set<Component> candidates = new LinkedHashSet<>();
            String list = dialect.locationList();
            if (incident != null) {
                resolveAll(candidates, incident, "locationReference", list);
            }
            for (Component call : calls) {
                resolveAll(candidates, call, "locationReference", list);
            }
            candidates.addAll(components.list(list));
            for (Component candidate : candidates) {
                Location location = read(candidate, zone);
                if (location != null) {
                    return location;
                }
            }
            findings.warn("no readable location");
            return zone == null ? null : new Location(null, null, null, null, zone);
        }

        private void resolveAll(Set<Component> into, Component from, String field, String expectedList) {
            for (EidoJson.Ref ref : json.references(from.node(), from.pointer(), field)) {
                Component component = components.resolve(ref, expectedList);
                if (component != null) {
                    into.add(component);
                }
            }
        }

        private Location read(Component candidate, String zone) {
            String pidfLo = json.raw(candidate.node(), candidate.pointer(), "locationByValue");
            if (pidfLo == null) {
                return null;
            }
            String at = EidoFindings.child(candidate.pointer(), "locationByValue");
            PidfLo.Reading reading;
            try {
                reading = PidfLo.read(pidfLo);
            } catch (SafeXml.XmlException e) {
                findings.warn(at, e.describe("PIDF-LO"));
                return null;
            }
            reading.warnings().forEach(warning -> findings.warn(at, warning));
            if (reading.isEmpty()) {
                findings.warn(at, "PIDF-LO holds no usable civic address or coordinates");
                return null;
            }
            String description = json.text(candidate.node(), candidate.pointer(), "locationDescriptionText");
            return new Location(reading.address(), description, reading.latitude(), reading.longitude(), zone);
        }

        private Referrer referrer(String routedRole) {
            String agency;
            String agent;
            if (dialect == EidoDialect.DRAFT_2020) {
                agency = json.text(root, "", "OwningAgencyIdentifier");
                if (agency == null) {
                    Component first = components.first("agencyComponent");
                    agency = first == null
                            ? null
                            : json.text(first.node(), first.pointer(), "organizationIdentification");
                }
                agent = json.text(root, "", "UpdatedByAgentIdentifier");
            } else {
                agency = id(json.reference(root, "", "updatedByAgencyReference"));
                for (int i = 0; agency == null && i < calls.size(); i++) {
                    agency =
                            id(json.reference(calls.get(i).node(), calls.get(i).pointer(), "updatedByAgencyReference"));
                }
                if (agency == null) {
                    Component first = components.first("agencyComponent");
                    agency = first == null ? null : json.text(first.node(), first.pointer(), "$id");
                }
                agent = id(json.reference(root, "", "updatedByAgentReference"));
            }
            for (int i = 0; agent == null && i < calls.size(); i++) {
                List<EidoJson.Ref> agents =
                        json.references(calls.get(i).node(), calls.get(i).pointer(), "agentReference");
                agent = agents.isEmpty() ? null : agents.get(0).id();
            }
            String callback = callback();
            if (agency == null && agent == null && callback == null) {
                return null;
            }
            EidoAgents agents = new EidoAgents(json, components);
            String role = agents.role(agent);
            String wanted = routedRole == null ? null : routedRole.strip().toLowerCase(Locale.ROOT);
            if (EidoAgents.DISPATCHER.equals(role) && wanted != null && !wanted.equals(role)) {
                // A dispatcher relaying a call type the policy routes with another referrer role
                // (LEAD: officer): the referrer is that responder when the document names one.
                String responder = agents.responder(wanted, incident);
                if (responder != null) {
                    String theirs = agents.agencyOf(responder);
                    return new Referrer(theirs == null ? agency : theirs, responder, callback, wanted, null);
                }
            }
            return new Referrer(agency, agent, callback, role, null);
        }

        private String callback() {
            for (Component call : calls) {
                EidoJson.Ref ref = json.reference(call.node(), call.pointer(), "callBackReference");
                if (ref == null) {
                    continue;
                }
                Component callback = components.resolve(ref, "callbackComponent");
                if (callback == null) {
                    continue;
                }
                List<String> uris = json.texts(callback.node(), callback.pointer(), "callBackInformationUri");
                if (uris.isEmpty()) {
                    continue;
                }
                // Only a number that exists is kept, rebuilt from its parsed form: whatever else a
                // callback says (sip:, javascript:, markup) never reaches a page as a link.
                String tel = uris.stream()
                        .map(Callbacks::tel)
                        .flatMap(Optional::stream)
                        .findFirst()
                        .orElse(null);
                if (tel == null) {
                    findings.warn(callback.pointer() + "/callBackInformationUri", "no valid tel: number; not kept");
                }
                return tel;
            }
            return null;
        }

        /**
         * Adds every note (notes components, then comment blocks in additional data) to
         * {@code notes}, and returns what a crisis line's transfer block says (or
         * {@link Referral.Screening#UNKNOWN}). Other additional-data blocks are read but not used.
         */
        private Referral.Screening additionalData(List<String> notes) {
            for (Component note : components.list("notesComponent")) {
                String html = json.raw(note.node(), note.pointer(), "notesActionComments");
                String text = html == null ? "" : EidoHtml.toText(html);
                if (!text.isEmpty()) {
                    notes.add(text);
                }
            }
            Referral.Screening screening = Referral.Screening.UNKNOWN;
            for (Component data : components.list("additionalDataComponent")) {
                String xml = json.raw(data.node(), data.pointer(), "additionalDataByValue");
                if (xml == null) {
                    continue;
                }
                String at = EidoFindings.child(data.pointer(), "additionalDataByValue");
                Element top;
                try {
                    top = SafeXml.parse(xml).getDocumentElement();
                } catch (SafeXml.XmlException e) {
                    findings.warn(at, e.describe("additional data"));
                    continue;
                }
                if (COMMENT_NS.equals(top.getNamespaceURI())
                        && "EmergencyCallData.Comment".equals(top.getLocalName())) {
                    NodeList comments = top.getElementsByTagNameNS(COMMENT_NS, "Comment");
                    for (int i = 0; i < comments.getLength(); i++) {
                        String text = PidfLo.collapse(comments.item(i).getTextContent());
                        if (!text.isEmpty()) {
                            notes.add(text);
                        }
                    }
                } else if (CRISIS_NS.equals(top.getNamespaceURI()) && "CrisisLineTransfer".equals(top.getLocalName())) {
                    screening = new Referral.Screening(
                            flag(top, "ImminentRisk", at),
                            flag(top, "ConsentToContact", at),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null);
                }
            }
            return screening;
        }

        /** A yes/no element of the crisis-line block: {@code true}/{@code false}, or null when absent or unclear. */
        private Boolean flag(Element block, String name, String at) {
            NodeList found = block.getElementsByTagNameNS(CRISIS_NS, name);
            if (found.getLength() == 0) {
                return null;
            }
            String value = PidfLo.collapse(found.item(0).getTextContent()).toLowerCase(java.util.Locale.ROOT);
            return switch (value) {
                case "true", "yes", "1" -> Boolean.TRUE;
                case "false", "no", "0" -> Boolean.FALSE;
                default -> {
                    findings.warn(at, name + " is neither true nor false; treated as unknown");
                    yield null;
                }
            };
        }

        private static String id(EidoJson.Ref ref) {
            return ref == null ? null : ref.id();
        }
    }
}
