package org.doorway.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.doorway.system.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Records each audited answer ({@link AuditedRoutes}) once, after the handler answered and
 * before the answer leaves: the answer is held in memory until its row is written. A read whose
 * row cannot be written is not shown ({@code 503}, nothing of the answer); a change has already
 * happened, so its answer goes out and the failure is logged (by route and status, never values).
 *
 * <p>Runs inside Spring Security's filter chain (after it, in order), so the signed-in account or
 * the source's key is known; answers on other paths (the doors, webhooks, health) are not held.
 */
@Component
@Order(0)
class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditedRoutes routes;
    private final AuditLog audit;
    private final Problems problems;

    AuditFilter(AuditedRoutes routes, AuditLog audit, Problems problems) {
        this.routes = routes;
        this.audit = audit;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !AuditedRoutes.mayAudit(
                request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, held);
        } catch (IOException | ServletException | RuntimeException e) {
            held.copyBodyToResponse();
            throw e;
        }
        if (request.isAsyncStarted()) {
            // Not a route this filter records (those answer synchronously): let it through untouched.
            held.copyBodyToResponse();
            return;
        }
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        Optional<AuditEntry> entry;
        try {
            entry = routes.entry(request, user, held.getStatus(), held.getContentAsByteArray());
            entry.ifPresent(audit::add);
        } catch (DataAccessException e) {
            boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
            log.error(
                    "Access audit could not be written for {} ({}, status {}): {}",
                    request.getMethod(),
                    read ? "read withheld" : "change already made",
                    held.getStatus(),
                    e.getClass().getSimpleName());
            if (read && !response.isCommitted()) {
                held.resetBuffer();
                problems.write(
                        response,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "audit-unavailable",
                        "Not shown",
                        "This read could not be recorded in the access audit, so it is not shown. Try again.");
                return;
            }
        }
        held.copyBodyToResponse();
    }
}
