package org.doorway.staff;

import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The member of staff behind a request, whichever way they signed in: by the form (their account
 * here) or through the organisation's identity provider (the role and site their groups map to,
 * {@link OidcRoles}). Source systems are not staff.
 *
 * <p>A member of staff in a role bound to one site ({@link StaffRole#siteBound()}) who has no site,
 * as an account created before sites were required may, is nobody here: every check that asks
 * gets empty, so they see and do nothing until an administrator recreates the account with a site.
 */
@Component
public class StaffMembers {

    private final StaffAccounts accounts;

    StaffMembers(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    /** The enabled member of staff signed in as {@code user}, or empty. */
    public Optional<StaffAccounts.Staff> of(Authentication user) {
        if (user == null
                || !user.isAuthenticated()
                || user instanceof AnonymousAuthenticationToken
                || user.getPrincipal() instanceof SourcePrincipal) {
            return Optional.empty();
        }
        Optional<StaffAccounts.Staff> person = user.getPrincipal() instanceof OidcStaffUser oidc
                ? Optional.of(oidc.asStaff())
                : accounts.find(user.getName());
        return person.filter(p -> !p.disabled())
                .filter(p ->
                        !p.role().siteBound() || p.site() != null && !p.site().isBlank());
    }
}
