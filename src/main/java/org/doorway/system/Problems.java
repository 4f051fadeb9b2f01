package org.doorway.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Writes RFC 9457 {@code application/problem+json} bodies, the one error format of every Doorway
 * HTTP endpoint. Callers pass only what is safe to show a source system: field names and reasons,
 * never the values it sent.
 */
@Component
public class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final ObjectMapper json;

    Problems(ObjectMapper json) {
        this.json = json;
    }

    /**
     * A problem body.
     *
     * @param status the HTTP status
     * @param type   a short kebab-case name of the kind of problem, e.g. {@code invalid-referral}
     * @param title  a summary that does not change between occurrences
     * @param detail what happened this time
     * @param errors field-level problems, each {@code {"field": …, "reason": …}}; may be empty
     */
    public String body(HttpStatus status, String type, String title, String detail, List<Map<String, String>> errors) {
        try {
            return json.writeValueAsString(detail(status, type, title, detail, errors));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The problem of {@link #body}, for a controller to throw: Spring MVC writes it as problem+json. */
    public static ErrorResponseException exception(
            HttpStatus status, String type, String title, String detail, List<Map<String, String>> errors) {
        return new ErrorResponseException(status, detail(status, type, title, detail, errors), null);
    }

    /** A {@code 400} naming each field that is missing or wrong, and why. */
    public static ErrorResponseException invalid(List<Map<String, String>> errors) {
        return exception(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                "Some fields are missing or wrong; see errors.",
                errors);
    }

    private static ProblemDetail detail(
            HttpStatus status, String type, String title, String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:problem-type:doorway:" + type));
        problem.setTitle(title);
        if (errors != null && !errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    /** Writes a problem straight to a servlet response (for filters, before any controller runs). */
    public void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body(status, type, title, detail, List.of()));
    }
}
