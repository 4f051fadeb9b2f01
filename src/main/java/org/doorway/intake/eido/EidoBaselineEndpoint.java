package org.doorway.intake.eido;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.doorway.system.Problems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/intake/eido-baseline}: the benchmark's baseline for the HTTP door, present
 * only when {@code doorway.bench.baseline-endpoint=true} (never by default, in any mode). Behind
 * the same source-key check as the real door ({@code /api/v1/intake/**}), it parses the body with
 * a stock Jackson {@code readTree}, reads the call type, and answers {@code 202} with it, storing
 * nothing: the least work any HTTP intake of an EIDO document can do, so the benchmark can set the
 * real door's stored referrals per second beside it in the same run. A body that is not JSON, or
 * has no call type, gets {@code 400} as {@code application/problem+json}.
 */
@RestController
@ConditionalOnProperty(name = "doorway.bench.baseline-endpoint", havingValue = "true")
class EidoBaselineEndpoint {

    /** The path. */
    static final String PATH = "/api/v1/intake/eido-baseline";

    private final ObjectMapper json = new ObjectMapper();

    /** The answer: the call type read, nothing else (no personal data). */
    record Parsed(String callType) {}

    @PostMapping(path = PATH, consumes = "application/json", produces = "application/json")
    org.springframework.http.ResponseEntity<Parsed> parse(@RequestBody byte[] body) {
        JsonNode document;
        try {
            document = json.readTree(body);
        } catch (IOException e) {
            throw invalid("body", "not JSON");
        }
        String callType = document == null
                ? ""
                : document.path("incidentComponent")
                        .path("incidentTypeInternalCode")
                        .asText();
        if (callType.isEmpty()) {
            throw invalid("incidentComponent.incidentTypeInternalCode", "missing");
        }
        return org.springframework.http.ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new Parsed(callType));
    }

    private static RuntimeException invalid(String field, String reason) {
        return Problems.invalid(List.of(Map.of("field", field, "reason", reason)));
    }
}
