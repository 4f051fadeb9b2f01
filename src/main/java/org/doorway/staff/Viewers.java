package org.doorway.staff;

import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Finds the {@link Viewer} behind a request: a member of staff by their account (role, site, roster
 * id, source) or by the role and site their identity-provider groups map to ({@link StaffMembers}),
 * or a source system by its API key (aggregates of its own site).
 */
@Component
public class Viewers {

    private final StaffMembers members;

    Viewers(StaffMembers members) {
        this.members = members;
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
        // Someone signed in through the identity provider has no roster id or source: as a case
        // manager or dispatcher their rows match nothing.
        return members.of(user)
                .map(person -> new Viewer(
                        person.username(),
                        person.role(),
                        person.site(),
                        person.caseManagerId(),
                        person.source(),
                        sight(person.role())));
    }

    private static Viewer.Sight sight(StaffRole role) {
        return switch (role) {
            case ADMIN, SUPERVISOR, OWG_MEMBER -> Viewer.Sight.ALL;
            case CASE_MANAGER -> Viewer.Sight.OWN;
            case PCG_VIEWER -> Viewer.Sight.AGGREGATE;
            case DISPATCHER -> Viewer.Sight.STATUS;
        };
    }
}
