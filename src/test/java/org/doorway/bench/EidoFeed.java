package org.doorway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The EIDO documents a CAD would publish, made from the project's example
 * ({@code examples/eido-lead-warm-handoff.json}, synthetic): each has its own incident id and a
 * person of its own (made-up) family name, so no two are taken for the same incident or person.
 * A LEAD document keeps the example's call type {@code LEAD}, which the demo policy answers with a
 * warm handoff now; an ordinary one carries a common 911 call type that the policy does not route,
 * so triage drops it (counted, not stored), as it drops most of a city's CAD feed.
 */
final class EidoFeed {

    /** Ordinary 911 call types, none of which the demo policy routes to LEAD. */
    static final List<String> ORDINARY = List.of(
            "TRAFFIC STOP",
            "MVC - NON INJURY",
            "BURGLARY - RESIDENTIAL",
            "ALARM - COMMERCIAL",
            "THEFT - AUTO",
            "NOISE COMPLAINT",
            "PARKING VIOLATION");

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectNode example;
    private final String run;

    /** @param run distinguishes this run's incident ids from any earlier run's */
    EidoFeed(Path example, String run) {
        try {
            this.example = (ObjectNode) json.readTree(Files.readString(example));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.run = run;
    }

    /** Document {@code n} of a feed: a LEAD request, or an ordinary 911 call. */
    byte[] document(String feed, long n, boolean lead) {
        return document(feed, n, lead ? null : ORDINARY.get((int) (n % ORDINARY.size())));
    }

    /** Document {@code n} of a feed with this call type ({@code null}: the example's, LEAD). */
    byte[] document(String feed, long n, String callType) {
        ObjectNode doc = example.deepCopy();
        doc.put("$id", incidentId(feed, n));
        ObjectNode incident = (ObjectNode) doc.get("incidentComponent");
        if (callType != null) {
            incident.put("incidentTypeInternalCode", callType);
            incident.put("incidentTypeInternalText", callType);
            incident.put("incidentTypeCommonRegistryText", "OTHER");
        }
        ObjectNode name = (ObjectNode) doc.get("personComponent")
                .get(0)
                .get("ncPersonComponent")
                .get("name")
                .get(0);
        ((ObjectNode) name.get("personSurName").get(0))
                .put("value", "Bench" + letters(feed.hashCode()) + "x" + letters(n));
        try {
            return json.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The incident id (the referral's source id) of document {@code n} of a feed. */
    String incidentId(String feed, long n) {
        return "urn:emergency:uid:incidentid:bench-" + run + "-" + feed + "-" + n + ":cad.bench.example";
    }

    /** A made-up surname: {@code n} in base 26, lower-case letters. */
    private static String letters(long n) {
        StringBuilder out = new StringBuilder();
        long rest = Math.abs(n);
        do {
            out.append((char) ('a' + rest % 26));
            rest /= 26;
        } while (rest > 0);
        return out.toString();
    }
}
