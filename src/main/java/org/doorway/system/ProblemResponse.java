package org.doorway.system;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The route step {@code problemResponse}, used by the shared HTTP error configuration: turns
 * whatever stopped an HTTP route into an {@code application/problem+json} answer.
 * <ul>
 *   <li>a {@link RequestRefusedException}: its own status (400 for invalid input, 403 for a bad
 *       signature…) and field errors;</li>
 *   <li>a body over the size limit: 413;</li>
 *   <li>the database unreachable or momentarily unable (connection refused, deadlock, timeout):
 *       503 with {@code Retry-After}, since nothing was stored and the source should send again;</li>
 *   <li>anything else: 500, with nothing of the failure in the body.</li>
 * </ul>
 */
@Component("problemResponse")
class ProblemResponse implements Processor {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponse.class);

    private final Problems problems;

    ProblemResponse(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String route = exchange.getFromRouteId();
        HttpStatus status;
        String body;
        RequestRefusedException refused = find(failure, RequestRefusedException.class);
        if (refused != null) {
            status = refused.status();
            body = problems.body(status, refused.type(), refused.title(), refused.getMessage(), refused.errors());
            log.info("{} refused a request: {} {} ({})", route, status.value(), refused.title(), refused.getMessage());
        } else if (find(failure, RequestSizeLimitFilter.BodyTooLargeException.class) != null) {
            status = HttpStatus.CONTENT_TOO_LARGE;
            body = problems.body(
                    status,
                    "body-too-large",
                    "Request body too large",
                    "The body passed the configured size limit.",
                    List.of());
            log.info("{} refused a request: body over the size limit", route);
        } else if (databaseUnavailable(failure)) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
            body = problems.body(
                    status,
                    "storage-unavailable",
                    "Cannot store right now",
                    "Nothing was stored. Send the same request again shortly.",
                    List.of());
            exchange.getMessage().setHeader("Retry-After", "5");
            log.warn("{} could not reach the database: {}", route, SafeLog.describe(failure));
        } else {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            body = problems.body(
                    status,
                    "internal-error",
                    "Internal error",
                    "Doorway could not process this request. It has been logged.",
                    List.of());
            log.error("{} failed: {}", route, SafeLog.describe(failure));
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status.value());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, Problems.MEDIA_TYPE);
        exchange.getMessage().setBody(body);
    }

    /** Whether the database, not the request, stopped this ({@link Outages#databaseUnavailable}). */
    static boolean databaseUnavailable(Throwable failure) {
        return Outages.databaseUnavailable(failure);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
