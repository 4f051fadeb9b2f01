package org.doorway.staff;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Which site's work a signed-in member of staff may see and change. Someone bound to a site (an
 * account's {@code site}, or the site an identity-provider group maps to) works that site only;
 * a supervisor, administrator or PCG viewer bound to none works every site. Anyone else (not
 * staff, disabled, or in a site-bound role without a site, see {@link StaffMembers}) works no site.
 * What belongs to another site answers as if it did not exist.
 */
@Component
public class StaffSites {

    private final StaffMembers members;

    StaffSites(StaffMembers members) {
        this.members = members;
    }

    /**
     * The site a list should be narrowed to: the one asked for, or the user's own.
     *
     * @return null for every site
     * @throws ErrorResponseException 403 when a user bound to one site asks for another, or works no site
     */
    public String scope(Authentication user, String requested) {
        String asked = requested == null || requested.isBlank() ? null : requested.trim();
        StaffAccounts.Staff person = members.of(user)
                .orElseThrow(() -> StaffRoles.problem(
                        HttpStatus.FORBIDDEN, "forbidden", "Not allowed", "This account works no site."));
        if (person.site() == null) {
            return asked;
        }
        if (asked != null && !asked.equals(person.site())) {
            throw StaffRoles.problem(
                    HttpStatus.FORBIDDEN, "forbidden", "Not allowed", "This account works another site.");
        }
        return person.site();
    }

    /** Whether {@code user} may see and work on what belongs to {@code site}. */
    public boolean allows(Authentication user, String site) {
        return members.of(user).map(person -> person.covers(site)).orElse(false);
    }
}
