package org.doorway.intake.eido;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.doorway.intake.IntakeRecord;
import org.doorway.referral.Referral;
import org.doorway.triage.Triage;
import org.springframework.stereotype.Component;

/**
 * A glance at an EIDO document before it is mapped: a firehose feed (a whole city's CAD) carries
 * mostly incidents no policy routes, and mapping them in full (persons, PIDF-LO locations, notes)
 * only to drop them is most of the work. The glance parses the JSON and reads what routing looks at
 * for an EIDO referral, the incident's {@code incidentTypeInternalCode} (EIDO carries no charges),
 * read exactly as {@link EidoMapper} reads it; triage then says whether the site's policy in force
 * routes it ({@link Triage#notRouted}, the same rule and the same words as for a mapped referral).
 *
 * <p>The contract: a document is screened out only when it is a JSON object without duplicate
 * keys, gives its incident identifier and a supported EIDO version, and its call type is one the
 * policy does not route. Its record is then the one the whole path would have counted: rejected as
 * not routed, carrying in memory only its site, its source ({@code eido}) and its call type, so it
 * is counted under the same key. Anything else (not JSON, an odd shape, a routed or redirected call
 * type, no policy question to ask) is left to the whole mapping, which refuses or maps it as before.
 * A document screened out is not checked further: a malformed timestamp or an unreadable PIDF-LO
 * in an incident the site does not take is counted as not routed rather than refused.
 */
@Component
public final class EidoScreen {

    private final ObjectReader reader;
    private final Triage triage;

    EidoScreen(ObjectMapper json, Triage triage) {
        this.reader = reader(json);
        this.triage = triage;
    }

    /** How documents are parsed here: as {@link EidoMapper} parses them. */
    static ObjectReader reader(ObjectMapper json) {
        return json.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The record to count for a document no policy of {@code site} in force at {@code receivedAt}
     * routes, or empty when the document must be mapped in full.
     */
    public Optional<IntakeRecord> notRouted(byte[] document, String site, Instant receivedAt) {
        return screen(reader, document, site, receivedAt, triage::notRouted);
    }

    /** {@link #notRouted}, with the routing question given (tests ask a policy file directly). */
    static Optional<IntakeRecord> screen(
            ObjectReader reader,
            byte[] document,
            String site,
            Instant receivedAt,
            Function<Referral, Optional<String>> notRouted) {
        Referral glance = glance(reader, document, site, receivedAt);
        if (glance == null) {
            return Optional.empty();
        }
        return notRouted
                .apply(glance)
                .map(reason -> new IntakeRecord(IntakeRecord.Position.index(0), glance, null, reason));
    }

    /** What routing reads of a document, or {@code null} when only the whole mapping can say. */
    private static Referral glance(ObjectReader reader, byte[] document, String site, Instant receivedAt) {
        if (document == null || document.length == 0) {
            return null;
        }
        JsonNode tree;
        try {
            tree = reader.readTree(document);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!(tree instanceof ObjectNode root)) {
            return null;
        }
        EidoDialect dialect = EidoDialect.of(root);
        if (!supportedVersion(root, dialect) || !identified(root, dialect)) {
            return null;
        }
        JsonNode incidents = EidoJson.member(root, "incidentComponent");
        JsonNode incident;
        if (incidents == null) {
            incident = null;
        } else if (incidents.isObject()) {
            incident = incidents;
        } else if (incidents.isArray()) {
            for (JsonNode element : incidents) {
                if (!element.isObject()) {
                    return null;
                }
            }
            incident = incidents.isEmpty() ? null : incidents.get(0);
        } else {
            return null;
        }
        String code = incident == null ? null : code(incident);
        return new Referral(
                site,
                null,
                EidoMapper.SOURCE,
                null,
                null,
                receivedAt,
                null,
                code == null ? null : new Referral.CallType(code, null, null, null),
                List.of(),
                null,
                List.of(),
                List.of(),
                List.of());
    }

    /** The call type code as the mapper reads it: a string, white space collapsed, else none. */
    private static String code(JsonNode incident) {
        JsonNode code = EidoJson.member(incident, "incidentTypeInternalCode");
        if (code == null || !code.isTextual()) {
            return null;
        }
        String collapsed = PidfLo.collapse(code.textValue());
        return collapsed.isEmpty() ? null : collapsed;
    }

    private static boolean supportedVersion(ObjectNode root, EidoDialect dialect) {
        JsonNode version = EidoJson.member(root, dialect.versionField());
        if (version == null) {
            return dialect == EidoDialect.DRAFT_2020;
        }
        return version.isTextual() && version.textValue().strip().equals("1.0");
    }

    private static boolean identified(ObjectNode root, EidoDialect dialect) {
        if (dialect == EidoDialect.DRAFT_2020) {
            JsonNode tracking = EidoJson.member(root, "incidentTrackingIdentifier");
            if (tracking != null && !tracking.isTextual()) {
                return false;
            }
            if (tracking != null && !tracking.textValue().isBlank()) {
                return true;
            }
        }
        JsonNode id = EidoJson.member(root, "$id");
        return id != null && id.isTextual() && !id.textValue().isBlank();
    }
}
