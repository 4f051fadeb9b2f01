package org.doorway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * EIDO documents for whole-app tests, built from the project's own example
 * ({@code examples/eido-lead-warm-handoff.json}) with a fresh incident id each time, so tests
 * sharing one database never collide.
 */
public final class EidoDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EidoDocuments() {}

    /** A LEAD warm-handoff request with a new incident id. */
    public static ObjectNode leadRequest() {
        return leadRequest(doc -> {});
    }

    /**
     * A LEAD warm-handoff request with a new incident id and a person of a new name (so that it is
     * not taken for a repeat of another test's referral), changed by {@code edit}.
     */
    public static ObjectNode leadRequest(Consumer<ObjectNode> edit) {
        try {
            ObjectNode doc =
                    (ObjectNode) JSON.readTree(Files.readString(Path.of("examples/eido-lead-warm-handoff.json")));
            doc.put("$id", "urn:emergency:uid:incidentid:test-" + UUID.randomUUID() + ":cad.test.example");
            setSurname(doc, "Tester " + letters());
            edit.accept(doc);
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives the document's person this family name. */
    public static void setSurname(ObjectNode doc, String surname) {
        ObjectNode name = (ObjectNode) doc.get("personComponent")
                .get(0)
                .get("ncPersonComponent")
                .get("name")
                .get(0);
        ((ObjectNode) name.get("personSurName").get(0)).put("value", surname);
    }

    private static String letters() {
        StringBuilder letters = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }

    /** The incident component of a document (a single object in NENA-STA-021.1b). */
    public static ObjectNode incident(ObjectNode doc) {
        return (ObjectNode) doc.get("incidentComponent");
    }

    /** The document as bytes, as a source would send it. */
    public static byte[] bytes(JsonNode doc) {
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document's incident id. */
    public static String id(JsonNode doc) {
        return doc.get("$id").asText();
    }
}
