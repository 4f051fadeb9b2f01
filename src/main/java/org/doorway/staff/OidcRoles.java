package org.doorway.staff;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Sign-in through an organisation's identity provider (OpenID Connect), by configuration:
 * {@code spring.security.oauth2.client.registration.<name>.*} as Spring Boot documents it, plus
 * which claim carries a person's groups ({@code doorway.oidc.role-claim}, default {@code groups})
 * and which group means which {@link StaffRole} ({@code doorway.oidc.roles.<group>=<ROLE>}; a group
 * named like a role, e.g. {@code SUPERVISOR}, means that role). Someone with no mapped group signs
 * in with no role and sees nothing.
 *
 * @param roleClaim the ID-token or user-info claim listing the person's groups
 * @param roles     group name to role
 */
@ConfigurationProperties("doorway.oidc")
public record OidcRoles(
        @DefaultValue("groups") String roleClaim,
        @DefaultValue Map<String, StaffRole> roles) {

    /** The authorities for the groups a person has. */
    Set<GrantedAuthority> authorities(Collection<?> groups) {
        Set<GrantedAuthority> authorities = new HashSet<>();
        for (Object group : groups) {
            String name = String.valueOf(group);
            StaffRole role = roles.get(name);
            if (role == null) {
                try {
                    role = StaffRole.valueOf(name);
                } catch (IllegalArgumentException e) {
                    continue;
                }
            }
            authorities.add(new SimpleGrantedAuthority(role.authority()));
        }
        return authorities;
    }

    /** Loads the OIDC user and gives them the roles their groups map to. */
    OidcUserService userService() {
        OidcUserService delegate = new OidcUserService();
        return new OidcUserService() {
            @Override
            public OidcUser loadUser(OidcUserRequest request) {
                OidcUser user = delegate.loadUser(request);
                Object claim = user.getClaims().get(roleClaim);
                Collection<?> groups =
                        claim instanceof Collection<?> c ? c : claim == null ? List.of() : List.of(claim);
                return new DefaultOidcUser(authorities(groups), user.getIdToken(), user.getUserInfo());
            }
        };
    }
}
