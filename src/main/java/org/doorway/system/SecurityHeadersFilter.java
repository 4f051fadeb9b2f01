package org.doorway.system;

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
 * Puts the browser-facing security headers on every response, before anything else answers (so a
 * refusal, a redirect to sign-in and an error page carry them too):
 *
 * <ul>
 *   <li>{@code Content-Security-Policy} {@value #POLICY}: scripts, styles, images, fonts and
 *       fetches only from Doorway itself, no inline script, inline style or {@code style="…"}
 *       attribute, forms post only to Doorway, no framing, no {@code <base>}. Text a source sent
 *       that slipped into a page as markup still could not run or restyle it. Pages therefore keep
 *       their styles and scripts in {@code static/}.
 *   <li>{@code X-Content-Type-Options: nosniff}: a file is never run as a script or style unless it
 *       is declared one.
 *   <li>{@code Referrer-Policy: no-referrer}: page links carry their token in the URL ({@code /p/…}),
 *       and no address of Doorway's is sent to a site a page links to (the map).
 * </ul>
 *
 * <p>A header already set later on (Spring Security writes {@code X-Content-Type-Options} only when
 * it is absent) is left as this filter set it. {@link HttpResponseHeaders} lets these names through
 * Camel's HTTP routes as well.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        // An error page rendered on its own dispatch still carries the headers.
        return false;
    }
}
