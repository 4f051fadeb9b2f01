package org.doorway.staff;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.doorway.system.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates source systems by the {@code X-Api-Key} header. A request without the header goes
 * on unauthenticated (the endpoint's rule decides); a request with a key that matches no source is
 * refused at once with 401, so a mistyped key is never mistaken for an anonymous call.
 *
 * <p>The source is also kept as a request attribute ({@link SourcePrincipal#REQUEST_ATTRIBUTE}):
 * Camel's HTTP consumer runs routes on another thread, where Spring Security's thread-bound context
 * is not visible.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Api-Key";

    private final SourceKeys keys;
    private final Problems problems;

    ApiKeyAuthenticationFilter(SourceKeys keys, Problems problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<SourcePrincipal> source = keys.find(key);
        if (source.isEmpty()) {
            problems.write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "Unknown API key",
                    "The X-Api-Key header does not match any source configured in Doorway.");
            return;
        }
        request.setAttribute(SourcePrincipal.REQUEST_ATTRIBUTE, source.get());
        SecurityContextHolder.getContext().setAuthentication(new SourceAuthentication(source.get()));
        chain.doFilter(request, response);
    }

    /** A source system, authenticated by its key. */
    static final class SourceAuthentication extends AbstractAuthenticationToken {

        private final SourcePrincipal source;

        SourceAuthentication(SourcePrincipal source) {
            super(List.of(new SimpleGrantedAuthority("ROLE_SOURCE")));
            this.source = source;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public SourcePrincipal getPrincipal() {
            return source;
        }

        @Override
        public String getName() {
            return source.site() + "/" + source.source();
        }
    }
}
