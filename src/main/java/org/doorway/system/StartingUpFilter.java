package org.doorway.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 503} with {@code Retry-After} on the endpoints other systems send to (intake and
 * webhooks) until the application is ready. The web server listens a second or so before Camel has
 * added its HTTP routes; without this, a source sending in that window (a restart) would get
 * {@code 404}, which it takes for "never send this again", and the referral would be lost.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class StartingUpFilter extends OncePerRequestFilter {

    private final Problems problems;
    private volatile boolean ready;

    StartingUpFilter(Problems problems) {
        this.problems = problems;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        ready = true;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return ready || !(path.startsWith("/api/v1/intake/") || path.startsWith("/webhooks/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Retry-After", "1");
        problems.write(
                response,
                HttpStatus.SERVICE_UNAVAILABLE,
                "starting",
                "Starting",
                "Doorway is starting and has stored nothing of this request; send it again.");
    }
}
