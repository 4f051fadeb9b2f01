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
 * ({@code examples/eido-lead-warm-handoff.json}, synthetic): each has its own incident id, a
 * person of its own (made-up) family name and a place of its own, so no two are taken for the same
 * incident or person.
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
        ObjectNode location = (ObjectNode) doc.get("locationComponent").get(0);
        location.put("locationByValue", ownPlace(location.get("locationByValue").asText(), feed, n));
        try {
            return json.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The example's PIDF-LO with a place of document {@code n}'s own: its own house number, and a
     * position in a grid cell of its own (0.01° apart, beyond the duplicate check's neighbouring
     * 0.002° cells). A city's referrals come from many places; with one place for every document,
     * each referral's duplicate check would read all the earlier ones at that place, a cost that
     * grows with the run rather than with what a part measures.
     */
    private static String ownPlace(String pidfLo, String feed, long n) {
        long place = Math.floorMod(Math.floorMod(feed.hashCode(), 1_000) * 10_007L + n, 1_000_000L);
        String placed = pidfLo.replace("<HNO>1501</HNO>", "<HNO>" + (place + 1) + "</HNO>")
                .replace(
                        "<gml:pos>47.6097 -122.3384</gml:pos>",
                        String.format(
                                java.util.Locale.ROOT,
                                "<gml:pos>%.2f %.2f</gml:pos>",
                                30 + (place % 1_000) * 0.01,
                                -120 + (place / 1_000) * 0.01));
        if (placed.equals(pidfLo)) {
            throw new IllegalStateException("the example's place changed; adapt EidoFeed.ownPlace");
        }
        return placed;
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
