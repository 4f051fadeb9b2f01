package org.doorway.staff;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Sign-in through an organisation's identity provider (OpenID Connect), by configuration:
 * {@code spring.security.oauth2.client.registration.<name>.*} as Spring Boot documents it, plus
 * which claim carries a person's groups ({@code doorway.oidc.role-claim}, default {@code groups})
 * and, for each group that means something here, its role and site
 * ({@code doorway.oidc.groups.<group>.role} and {@code .site}).
 *
 * <p>Only that mapping gives access: a group's name means nothing by itself (a group called
 * {@code ADMIN} is no administrator unless mapped). A person whose groups map to no role, or to
 * different roles or sites, is refused at sign-in. A group mapped to a role that belongs to one site
 * ({@link StaffRole#siteBound()}) without a site, or to no role, stops Doorway at start with a
 * message naming the setting; so does the retired {@code doorway.oidc.roles} map. An administrator
 * mapped without a site is a global administrator.
 *
 * @param roleClaim the ID-token or user-info claim listing the person's groups
 * @param groups    group name to the role and site it gives
 * @param roles     the retired group-to-role map; refused when set
 */
@ConfigurationProperties("doorway.oidc")
public record OidcRoles(
        @DefaultValue("groups") String roleClaim,
        @DefaultValue Map<String, Group> groups,
        @DefaultValue Map<String, String> roles) {

    private static final Logger log = LoggerFactory.getLogger(OidcRoles.class);

    /**
     * What one group of the identity provider gives here.
     *
     * @param role the role
     * @param site the site, or {@code null} for every site (not allowed for site-bound roles)
     */
    public record Group(StaffRole role, String site) {

        /** The site with blanks as none. */
        public Group {
            site = site == null || site.isBlank() ? null : site.trim();
        }
    }

    /**
     * Checks the mapping.
     *
     * @throws IllegalArgumentException naming each setting that is wrong
     */
    public OidcRoles {
        List<String> wrong = new ArrayList<>();
        if (!roles.isEmpty()) {
            wrong.add("doorway.oidc.roles is no longer read: map each group with doorway.oidc.groups.<group>.role"
                    + " and doorway.oidc.groups.<group>.site");
        }
        groups.forEach((name, group) -> {
            if (group == null || group.role() == null) {
                wrong.add("doorway.oidc.groups." + name + ".role is required");
            } else if (group.role().siteBound() && group.site() == null) {
                wrong.add("doorway.oidc.groups." + name + ".site is required: a " + group.role() + " works one site");
            }
        });
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException(
                    "The identity provider's group mapping is not usable: " + String.join("; ", wrong));
        }
        groups = Map.copyOf(groups);
        roles = Map.copyOf(roles);
    }

    /**
     * The role and site the groups a person has give them: empty when none of their groups is mapped,
     * or when their mapped groups disagree (the person is then refused rather than given the larger
     * of two powers).
     */
    Optional<Group> mapping(Collection<?> personGroups) {
        Set<Group> mapped = new LinkedHashSet<>();
        for (Object group : personGroups) {
            Group found = groups.get(String.valueOf(group));
            if (found != null) {
                mapped.add(found);
            }
        }
        return mapped.size() == 1 ? Optional.of(mapped.iterator().next()) : Optional.empty();
    }

    /**
     * Loads the OIDC user and gives them the role and site their groups map to.
     *
     * @throws OAuth2AuthenticationException {@code access_denied} when their groups give no one role
     *     and site
     */
    OidcUserService userService() {
        OidcUserService delegate = new OidcUserService();
        return new OidcUserService() {
            @Override
            public OidcUser loadUser(OidcUserRequest request) {
                OidcUser user = delegate.loadUser(request);
                Object claim = user.getClaims().get(roleClaim);
                Collection<?> personGroups =
                        claim instanceof Collection<?> c ? c : claim == null ? List.of() : List.of(claim);
                Group group = mapping(personGroups).orElseThrow(() -> {
                    // Neither the person nor their groups are logged: only that sign-in was refused.
                    log.warn("Identity-provider sign-in refused: the person's groups map to no single role and site");
                    return new OAuth2AuthenticationException(new OAuth2Error(
                            "access_denied", "Your groups give no access to Doorway; ask an administrator.", null));
                });
                String nameAttribute = request.getClientRegistration()
                        .getProviderDetails()
                        .getUserInfoEndpoint()
                        .getUserNameAttributeName();
                return new OidcStaffUser(
                        group.role(),
                        group.site(),
                        user.getIdToken(),
                        user.getUserInfo(),
                        nameAttribute == null || nameAttribute.isBlank() ? IdTokenClaimNames.SUB : nameAttribute);
            }
        };
    }
}
