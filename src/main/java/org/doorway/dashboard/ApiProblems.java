package org.doorway.dashboard;

import java.util.List;
import java.util.Map;
import org.doorway.system.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The {@code application/problem+json} answers of the dashboard's API. A detail never quotes what
 * the request sent.
 */
final class ApiProblems {

    private ApiProblems() {}

    static ErrorResponseException problem(HttpStatus status, String type, String title, String detail) {
        return problem(status, type, title, detail, List.of());
    }

    static ErrorResponseException problem(
            HttpStatus status, String type, String title, String detail, List<Map<String, String>> errors) {
        return Problems.exception(status, type, title, detail, errors);
    }

    /** A 400 naming each field that is wrong and why. */
    static ErrorResponseException invalid(List<Map<String, String>> errors) {
        return Problems.invalid(errors);
    }

    static ErrorResponseException invalid(String field, String reason) {
        return invalid(List.of(Map.of("field", field, "reason", reason)));
    }

    static ErrorResponseException forbidden() {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", "Your role does not allow this request.");
    }

    static ErrorResponseException notFound(String what) {
        return problem(HttpStatus.NOT_FOUND, "not-found", what + " not found", "Nothing you may see has this id.");
    }
}
