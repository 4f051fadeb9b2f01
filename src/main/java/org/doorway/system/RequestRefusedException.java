package org.doorway.system;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request Doorway refuses, with everything needed to tell the sender why in an
 * {@code application/problem+json} response (or a dead-letter record). Messages never quote the
 * request's content.
 */
public class RequestRefusedException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;

    /**
     * @param status the HTTP status to answer with
     * @param type   the problem type's short name, e.g. {@code invalid-signature}
     * @param title  a summary that does not change between occurrences
     * @param detail what happened this time
     */
    public RequestRefusedException(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** Field-level problems, each {@code {"field", "reason"}}; empty unless a subclass has them. */
    public List<Map<String, String>> errors() {
        return List.of();
    }
}
