package org.doorway.staff;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.ErrorResponseException;

/**
 * Who among signed-in staff may use triage's endpoints, and the {@code application/problem+json}
 * answers they give. Source systems (API keys) are never staff.
 */
public final class StaffRoles {

    static final String ADMIN = "ROLE_ADMIN";
    static final String SUPERVISOR = "ROLE_SUPERVISOR";
    static final String OWG_MEMBER = "ROLE_OWG_MEMBER";
    static final String CASE_MANAGER = "ROLE_CASE_MANAGER";

    /** Everyone on the team: administrators, supervisors, OWG members and case managers. */
    public static final String[] STAFF = {ADMIN, SUPERVISOR, OWG_MEMBER, CASE_MANAGER};
    /**
     * The Operations Work Group's business (its queue and reviews, follow-ups, overrides, triage
     * decisions, who a participant's case manager is): administrators, supervisors and OWG members.
     */
    public static final String[] OWG = {ADMIN, SUPERVISOR, OWG_MEMBER};
    /** Those who record a late override: administrators and supervisors. */
    public static final String[] DECIDERS = {ADMIN, SUPERVISOR};

    private StaffRoles() {}

    /**
     * The signed-in user's name, when they hold one of {@code roles}.
     *
     * @throws ErrorResponseException 401 when not signed in, 403 without one of the roles
     */
    public static String require(Authentication user, String... roles) {
        if (user == null || !user.isAuthenticated() || user instanceof AnonymousAuthenticationToken) {
            throw problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required", "Sign in as staff.");
        }
        Set<String> held = user.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        if (Arrays.stream(roles).noneMatch(held::contains)) {
            throw problem(
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "Not allowed",
                    "This needs one of the roles "
                            + Arrays.stream(roles)
                                    .map(r -> r.substring("ROLE_".length()))
                                    .collect(Collectors.joining(", "))
                            + ".");
        }
        return user.getName();
    }

    /** Whether the signed-in {@code user} holds one of {@code roles} (never throws). */
    public static boolean holds(Authentication user, String... roles) {
        if (user == null || !user.isAuthenticated() || user instanceof AnonymousAuthenticationToken) {
            return false;
        }
        Set<String> held = user.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        return Arrays.stream(roles).anyMatch(held::contains);
    }

    /** A problem answer; {@code detail} must not quote anything the request sent. */
    public static ErrorResponseException problem(HttpStatus status, String type, String title, String detail) {
        return problem(status, type, title, detail, List.of());
    }

    /** A problem answer with field errors, each {@code {"field", "reason"}}. */
    public static ErrorResponseException problem(
            HttpStatus status, String type, String title, String detail, List<Map<String, String>> errors) {
        return org.doorway.system.Problems.exception(status, type, title, detail, errors);
    }

    /** A 400 naming each field that is wrong. */
    public static ErrorResponseException invalid(List<Map<String, String>> errors) {
        return org.doorway.system.Problems.invalid(errors);
    }
}
