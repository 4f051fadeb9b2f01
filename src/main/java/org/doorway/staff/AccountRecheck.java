package org.doorway.staff;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a change to an account count from the signed-in person's next request, not from their next
 * sign-in. On every request of a session signed in by form, it reads the account (one look-up by
 * primary key): an account that is gone or disabled ends the session there and then, and the
 * request goes on as anonymous (a page sends them to {@code /login}, the API answers 401); an
 * account whose role changed is seen with its new role only. Its site, roster id and source are
 * read per request by {@link Viewers} already. A person signed in through the identity provider is
 * not an account here ({@link OidcStaffUser}: role and site come from the configured group mapping
 * at sign-in, and an account that happens to share their name says nothing about them). Source systems (API keys) and the metrics scraper have no session and are not
 * touched.
 *
 * <p>The corrected sign-in is not written back to the session: the next request reads the account
 * again anyway, and a session never holds more than the powers it was signed in with.
 */
final class AccountRecheck extends OncePerRequestFilter {

    private final JdbcClient db;

    AccountRecheck(JdbcClient db) {
        this.db = db;
    }

    /** What the account says now. */
    private record Current(StaffRole role, boolean disabled) {}

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user instanceof UsernamePasswordAuthenticationToken && user.getPrincipal() instanceof UserDetails) {
            Optional<Current> current = current(user.getName());
            if (current.isEmpty() || current.get().disabled()) {
                end(request);
            } else {
                withRole(user, current.get().role());
            }
        }
        chain.doFilter(request, response);
    }

    private Optional<Current> current(String username) {
        return db.sql("select role, disabled_at is not null from app_user where username = ?")
                .param(username)
                .query((rs, n) -> new Current(StaffRole.valueOf(rs.getString(1)), rs.getBoolean(2)))
                .optional();
    }

    /** Ends the session and lets this request go on as nobody. */
    private static void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
    }

    /** The same sign-in with {@code role} as its only role (other authorities, e.g. factors, kept). */
    private static void withRole(Authentication user, StaffRole role) {
        GrantedAuthority wanted = new SimpleGrantedAuthority(role.authority());
        List<GrantedAuthority> roles = user.getAuthorities().stream()
                .filter(a -> a.getAuthority() != null && a.getAuthority().startsWith("ROLE_"))
                .map(a -> (GrantedAuthority) a)
                .toList();
        if (roles.size() == 1 && roles.get(0).getAuthority().equals(wanted.getAuthority())) {
            return;
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (GrantedAuthority a : user.getAuthorities()) {
            if (a.getAuthority() == null || !a.getAuthority().startsWith("ROLE_")) {
                authorities.add(a);
            }
        }
        authorities.add(wanted);
        UserDetails principal = (UserDetails) user.getPrincipal();
        User updated = new User(principal.getUsername(), "", true, true, true, true, new HashSet<>(authorities));
        UsernamePasswordAuthenticationToken replaced =
                UsernamePasswordAuthenticationToken.authenticated(updated, null, authorities);
        replaced.setDetails(user.getDetails());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(replaced);
        SecurityContextHolder.setContext(context);
    }
}
