package org.doorway.staff;

import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Finds the {@link Viewer} behind a request: a member of staff by their account (role, site, roster
 * id, source), a person signed in through the organisation's identity provider by their role
 * authority alone (every site, as {@code ReferralAccess} reads them), or a source system by its
 * API key (aggregates of its own site).
 */
@Component
public class Viewers {

    private final StaffAccounts staff;

    Viewers(StaffAccounts staff) {
        this.staff = staff;
    }

    /** The viewer, or empty when the request is not signed in or holds no role the dashboard knows. */
    public Optional<Viewer> of(Authentication user) {
        if (user == null || !user.isAuthenticated() || user instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        if (user.getPrincipal() instanceof SourcePrincipal source) {
            return Optional.of(
                    new Viewer(user.getName(), null, source.site(), null, source.source(), Viewer.Sight.AGGREGATE));
        }
        StaffAccounts.Staff person = staff.find(user.getName()).orElse(null);
        if (person != null) {
            return person.disabled()
                    ? Optional.empty()
                    : Optional.of(new Viewer(
                            person.username(),
                            person.role(),
                            person.site(),
                            person.caseManagerId(),
                            person.source(),
                            sight(person.role())));
        }
        for (StaffRole role : StaffRole.values()) {
            if (user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(role.authority()))) {
                // Without an account there is no roster id or source to narrow a case manager or
                // dispatcher to: their rows match nothing.
                return Optional.of(new Viewer(user.getName(), role, null, null, null, sight(role)));
            }
        }
        return Optional.empty();
    }

    private static Viewer.Sight sight(StaffRole role) {
        return switch (role) {
            case ADMIN, SUPERVISOR -> Viewer.Sight.ALL;
            case CASE_MANAGER -> Viewer.Sight.OWN;
            case PCG_VIEWER -> Viewer.Sight.AGGREGATE;
            case DISPATCHER -> Viewer.Sight.STATUS;
        };
    }
}
