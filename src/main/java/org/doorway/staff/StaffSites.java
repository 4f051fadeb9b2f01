package org.doorway.staff;

import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Which site's work a signed-in member of staff may see and change. An account bound to a site
 * (its {@code site}) works that site only; an account without one, or a person signed in through
 * the organisation's identity provider without an account, works every site. What belongs to
 * another site answers as if it did not exist.
 */
@Component
public class StaffSites {

    private final StaffAccounts accounts;

    StaffSites(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    /** The site {@code user} is bound to, or empty for every site. */
    Optional<String> of(Authentication user) {
        return accounts.find(user.getName()).map(StaffAccounts.Staff::site).filter(site -> !site.isBlank());
    }

    /**
     * The site a list should be narrowed to: the one asked for, or the user's own.
     *
     * @return null for every site
     * @throws ErrorResponseException 403 when a user bound to one site asks for another
     */
    public String scope(Authentication user, String requested) {
        String asked = requested == null || requested.isBlank() ? null : requested.trim();
        Optional<String> own = of(user);
        if (own.isEmpty()) {
            return asked;
        }
        if (asked != null && !asked.equals(own.get())) {
            throw StaffRoles.problem(
                    HttpStatus.FORBIDDEN, "forbidden", "Not allowed", "This account works another site.");
        }
        return own.get();
    }

    /** Whether {@code user} may see and work on what belongs to {@code site}. */
    public boolean allows(Authentication user, String site) {
        return of(user).map(own -> own.equals(site)).orElse(true);
    }
}
