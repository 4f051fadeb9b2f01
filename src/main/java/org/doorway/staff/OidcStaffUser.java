package org.doorway.staff;

import java.io.Serial;
import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A person signed in through the organisation's identity provider, with the one role and site their
 * groups map to ({@link OidcRoles}). They have no account here: no roster id and no source, so they
 * are never mistaken for an account holder of the same name, and what they may see is decided by
 * this role and site alone.
 */
final class OidcStaffUser extends DefaultOidcUser {

    @Serial
    private static final long serialVersionUID = 1L;

    private final StaffRole role;
    private final String site;

    OidcStaffUser(StaffRole role, String site, OidcIdToken idToken, OidcUserInfo userInfo, String nameAttributeKey) {
        super(List.of(new SimpleGrantedAuthority(role.authority())), idToken, userInfo, nameAttributeKey);
        this.role = role;
        this.site = site;
    }

    /** Their role. */
    StaffRole role() {
        return role;
    }

    /** The site they work, or {@code null} for every site. */
    String site() {
        return site;
    }

    /** This person as the staff checks see them. */
    StaffAccounts.Staff asStaff() {
        return new StaffAccounts.Staff(getName(), role, getName(), site, null, null, false);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OidcStaffUser that
                && super.equals(that)
                && role == that.role
                && java.util.Objects.equals(site, that.site);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), role, site);
    }
}
