package org.doorway.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorway.staff.StaffAccounts;
import org.doorway.system.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * On-call overrides through the API, in force at once (in {@code GET …/oncall}, the calendar
 * feeds and the next escalation step):
 * <ul>
 *   <li>{@code POST /api/v1/sites/{site}/overrides} with {@code {"schedule", "caseManager", "from",
 *       "to", "reason"}}: {@code caseManager} covers the layer {@code schedule} from {@code from}
 *       to {@code to} (ISO-8601 instants, or local date-times read in the layer's zone);
 *       {@code 201} with {@code {"id", …}}. Missing or unreadable fields: {@code 400}; a layer or
 *       case manager the site does not have, or an end not after the start: {@code 422}; each a
 *       problem naming the field and the reason.</li>
 *   <li>{@code DELETE /api/v1/sites/{site}/overrides/{id}}: takes it out of force, {@code 204};
 *       an id not in force at that site: {@code 404}.</li>
 * </ul>
 * Only the site's administrators and supervisors (or those of every site) may: anyone else,
 * including a source's key, gets {@code 403}, whether or not the site exists, so that sites cannot
 * be probed. Each override is recorded with who made it and why, and who removed it.
 */
@RestController
class OverridesApi {

    private final Sites sites;
    private final Overrides overrides;
    private final Problems problems;
    private final ObjectMapper json;

    OverridesApi(Sites sites, Overrides overrides, Problems problems, ObjectMapper json) {
        this.sites = sites;
        this.overrides = overrides;
        this.problems = problems;
        this.json = json;
    }

    @PostMapping("/api/v1/sites/{site}/overrides")
    ResponseEntity<?> create(
            @PathVariable String site, @RequestBody(required = false) String body, Authentication user) {
        Optional<StaffAccounts.Staff> editor = overrides.editor(user, site);
        if (editor.isEmpty()) {
            return forbidden();
        }
        Optional<Site> found = sites.find(site);
        if (found.isEmpty()) {
            return notFound("No site with this id.");
        }
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "Invalid request",
                    "The body must be a JSON object {\"schedule\", \"caseManager\", \"from\", \"to\", \"reason\"}.",
                    List.of());
        }
        Overrides.Outcome outcome = overrides.make(
                found.get(),
                new Overrides.Request(
                        text(request, "schedule"),
                        text(request, "caseManager"),
                        text(request, "from"),
                        text(request, "to"),
                        text(request, "reason")),
                editor.get().username());
        if (!outcome.made()) {
            return outcome.unreadable()
                    ? problem(
                            HttpStatus.BAD_REQUEST,
                            "invalid-request",
                            "Invalid request",
                            "Some fields are missing or cannot be read.",
                            outcome.errors())
                    : problem(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "invalid-override",
                            "Invalid override",
                            "The override does not fit this site's schedule.",
                            outcome.errors());
        }
        StoredOverrides.Stored made = overrides.inForce(site).stream()
                .filter(o -> o.id().equals(outcome.id()))
                .findFirst()
                .orElseThrow();
        return ResponseEntity.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of(
                        "id", made.id().toString(),
                        "site", made.site(),
                        "schedule", made.layer(),
                        "caseManager", made.caseManager(),
                        "from", made.from().toString(),
                        "to", made.to().toString(),
                        "reason", made.reason(),
                        "createdBy", made.createdBy()));
    }

    @DeleteMapping("/api/v1/sites/{site}/overrides/{id}")
    ResponseEntity<?> remove(@PathVariable String site, @PathVariable String id, Authentication user) {
        Optional<StaffAccounts.Staff> editor = overrides.editor(user, site);
        if (editor.isEmpty()) {
            return forbidden();
        }
        if (sites.find(site).isEmpty()
                || !overrides.remove(site, id, editor.get().username())) {
            return notFound("No override with this id is in force at this site.");
        }
        return ResponseEntity.noContent().build();
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private ResponseEntity<String> forbidden() {
        return problem(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Not allowed",
                "Only the site's administrators and supervisors may change its on-call schedule.",
                List.of());
    }

    private ResponseEntity<String> notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail, List.of());
    }

    private ResponseEntity<String> problem(
            HttpStatus status, String type, String title, String detail, List<Map<String, String>> errors) {
        return ResponseEntity.status(status)
                .contentType(MediaType.parseMediaType(Problems.MEDIA_TYPE))
                .body(problems.body(status, type, title, detail, errors));
    }
}
