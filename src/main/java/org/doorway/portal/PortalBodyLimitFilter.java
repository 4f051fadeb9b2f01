package org.doorway.portal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits what may be posted to the portal ({@code /refer/**}) before anything reads it, the CSRF
 * check included: a body over {@link #MAX_BODY_BYTES} is refused with {@code 413}, and one without
 * a declared length (browsers always declare a form's) with {@code 411}. Both end in the portal's
 * plain error page, through the servlet container's error dispatch.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class PortalBodyLimitFilter extends OncePerRequestFilter {

    /**
     * The largest body accepted. The longest form allowed (every field full, in characters that
     * take four bytes and nine URL-encoded) stays below it.
     */
    static final long MAX_BODY_BYTES = 64 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/refer") || path.startsWith("/refer/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        boolean hasBody = !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
        long length = request.getContentLengthLong();
        if (hasBody && length > MAX_BODY_BYTES) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        if (hasBody && length < 0) {
            response.sendError(HttpServletResponse.SC_LENGTH_REQUIRED);
            return;
        }
        chain.doFilter(request, response);
    }
}
