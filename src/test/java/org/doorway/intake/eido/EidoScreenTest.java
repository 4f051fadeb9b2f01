package org.doorway.intake.eido;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.InvalidReferralException;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.SharedSamples;
import org.doorway.triage.Policy;
import org.doorway.triage.internal.PolicyEngine;
import org.doorway.triage.internal.PolicyFiles;
import org.junit.jupiter.api.Test;

/**
 * The glance before mapping gives the same answer as the whole path: for every EIDO document the
 * tests and the shared samples hold (and each with its call type swapped for every code the demo
 * policy names, one it does not, a blank one and none), a document the whole path would store is
 * never screened out, and one screened out is counted exactly as the whole path counts it.
 */
class EidoScreenTest {

    private static final Instant RECEIVED = Instant.parse("2026-01-15T12:00:00Z");
    private static final Policy DEMO = PolicyFiles.read(Path.of("src/main/resources/sites/demo/policy.yaml"));
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final ObjectReader READER = EidoScreen.reader(JSON);
    private static final EidoMapper MAPPER = new EidoMapper(JSON);
    private static final Function<Referral, Optional<String>> NOT_ROUTED = r -> PolicyEngine.notRouted(r, DEMO);
    private static final EidoContext CONTEXT = new EidoContext(
            "demo",
            RECEIVED,
            code -> DEMO.doorFor(code).orElse(Door.COMMUNITY),
            code -> DEMO.referrerRoleFor(code).orElse(null));

    /** What became of the documents looked at. */
    private record Tally(int stored, int screenedOut, int leftToTheMapper) {}

    @Test
    void neverScreensOutADocumentOfTheTestsOrExamplesThatWouldBeStored() throws IOException {
        List<byte[]> documents = new ArrayList<>();
        for (Path dir : List.of(
                Path.of("examples"),
                Path.of("src/test/resources/eido"),
                Path.of("src/test/resources/org/doorway/intake/eido"))) {
            documents.addAll(files(dir));
        }
        documents.add(EidoDocuments.bytes(EidoDocuments.leadRequest()));

        Tally tally = check(documents);

        assertThat(tally.stored()).as("documents the whole path stores").isPositive();
        assertThat(tally.screenedOut()).as("documents screened out").isPositive();
    }

    @Test
    void neverScreensOutASharedSampleThatWouldBeStored() throws IOException {
        List<byte[]> documents = new ArrayList<>();
        for (Path file : files(SharedSamples.dir(), "eido")) {
            documents.add(Files.readAllBytes(file));
        }

        Tally tally = check(documents);

        assertThat(tally.stored() + tally.screenedOut() + tally.leftToTheMapper())
                .isPositive();
    }

    @Test
    void leavesToTheMapperWhatOnlyTheMapperCanRefuse() {
        ObjectNode unrouted = EidoDocuments.leadRequest(
                doc -> EidoDocuments.incident(doc).put("incidentTypeInternalCode", "TRAFFIC"));
        assertThat(screen(EidoDocuments.bytes(unrouted))).isPresent();

        ObjectNode noVersion = unrouted.deepCopy();
        noVersion.remove("eidoVersion");
        ObjectNode noId = unrouted.deepCopy();
        noId.remove("$id");
        byte[] duplicateKey = ("{\"$id\":\"a\",\"$id\":\"b\",\"eidoVersion\":\"1.0\","
                        + "\"incidentComponent\":{\"incidentTypeInternalCode\":\"TRAFFIC\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte[] document : List.of(
                EidoDocuments.bytes(noVersion),
                EidoDocuments.bytes(noId),
                duplicateKey,
                "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new byte[0])) {
            assertThat(screen(document)).isEmpty();
            assertThat(full(document)).isNull();
        }
    }

    @Test
    void screensOutOnlyWhatThePolicyDoesNotRouteNorRedirect() {
        for (String code : List.of("LEAD", " lead ", "LEADCRISIS", "TRESPASS")) {
            ObjectNode doc =
                    EidoDocuments.leadRequest(d -> EidoDocuments.incident(d).put("incidentTypeInternalCode", code));
            assertThat(screen(EidoDocuments.bytes(doc))).as(code).isEmpty();
        }
        ObjectNode noCode =
                EidoDocuments.leadRequest(d -> EidoDocuments.incident(d).remove("incidentTypeInternalCode"));
        assertThat(screen(EidoDocuments.bytes(noCode)))
                .as("the demo routes documents without a call type")
                .isEmpty();
    }

    private static Optional<IntakeRecord> screen(byte[] document) {
        return EidoScreen.screen(READER, document, "demo", RECEIVED, NOT_ROUTED);
    }

    /** The referral the whole path maps, or null when it refuses the document. */
    private static Referral full(byte[] document) {
        try {
            return MAPPER.map(document, CONTEXT).get(0);
        } catch (InvalidReferralException e) {
            return null;
        }
    }

    private static Tally check(List<byte[]> documents) {
        int stored = 0;
        int screenedOut = 0;
        int left = 0;
        for (byte[] original : documents) {
            for (byte[] document : variants(original)) {
                Referral full = full(document);
                Optional<String> fullRejection = full == null ? Optional.empty() : NOT_ROUTED.apply(full);
                Optional<IntakeRecord> screened = screen(document);
                if (full != null && fullRejection.isEmpty()) {
                    stored++;
                    assertThat(screened)
                            .as("a document the whole path stores is not screened out: %s", new String(document))
                            .isEmpty();
                }
                if (screened.isPresent()) {
                    screenedOut++;
                    IntakeRecord record = screened.get();
                    assertThat(record.accepted()).isFalse();
                    assertThat(record.referral().site()).isEqualTo("demo");
                    assertThat(record.referral().source()).isEqualTo("eido");
                    if (full != null) {
                        assertThat(record.rejection()).isEqualTo(fullRejection.orElseThrow());
                        assertThat(code(record.referral())).isEqualTo(code(full));
                    }
                } else {
                    left++;
                }
            }
        }
        return new Tally(stored, screenedOut, left);
    }

    private static String code(Referral referral) {
        return referral.callType() == null ? null : referral.callType().code();
    }

    /** The document as it is, and with its incident's call type set to each code worth trying. */
    private static List<byte[]> variants(byte[] document) {
        List<byte[]> variants = new ArrayList<>();
        variants.add(document);
        JsonNode tree;
        try {
            tree = JSON.readTree(document);
        } catch (IOException | RuntimeException e) {
            return variants;
        }
        if (!(tree instanceof ObjectNode root)) {
            return variants;
        }
        List<ObjectNode> incidents = new ArrayList<>();
        JsonNode incident = root.get("incidentComponent");
        if (incident instanceof ObjectNode one) {
            incidents.add(one);
        } else if (incident instanceof ArrayNode many && !many.isEmpty() && many.get(0) instanceof ObjectNode first) {
            incidents.add(first);
        }
        if (incidents.isEmpty()) {
            return variants;
        }
        List<String> codes = new ArrayList<>();
        DEMO.routing().callTypes().forEach(route -> codes.addAll(route.codes()));
        codes.addAll(DEMO.redirect().callTypes());
        codes.addAll(List.of("TRAFFIC STOP", "  lead  ", "", " "));
        for (String code : codes) {
            ObjectNode copy = root.deepCopy();
            setCode(copy, code);
            variants.add(EidoDocuments.bytes(copy));
        }
        ObjectNode withoutCode = root.deepCopy();
        setCode(withoutCode, null);
        variants.add(EidoDocuments.bytes(withoutCode));
        ObjectNode numberCode = root.deepCopy();
        incidentOf(numberCode).put("incidentTypeInternalCode", 42);
        variants.add(EidoDocuments.bytes(numberCode));
        return variants;
    }

    private static void setCode(ObjectNode root, String code) {
        if (code == null) {
            incidentOf(root).remove("incidentTypeInternalCode");
        } else {
            incidentOf(root).put("incidentTypeInternalCode", code);
        }
    }

    private static ObjectNode incidentOf(ObjectNode root) {
        JsonNode incident = root.get("incidentComponent");
        return incident instanceof ArrayNode many ? (ObjectNode) many.get(0) : (ObjectNode) incident;
    }

    private static List<byte[]> files(Path dir) throws IOException {
        List<byte[]> bytes = new ArrayList<>();
        for (Path file : files(dir, "")) {
            bytes.add(Files.readAllBytes(file));
        }
        return bytes;
    }

    /** The JSON files under {@code dir} whose names contain {@code part}; none when it is absent. */
    private static List<Path> files(Path dir, String part) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".json")
                            || p.getParent().getFileName().toString().startsWith("maps"))
                    .filter(p -> p.getFileName().toString().contains(part))
                    .sorted()
                    .toList();
        }
    }
}
