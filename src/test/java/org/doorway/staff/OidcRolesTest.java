package org.doorway.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;

/**
 * Identity-provider users get a role and a site from the configured group mapping only. (There is
 * no fake identity provider among the tests; the mapping, the start-up refusal and what a mapped
 * person may see are checked here on the classes themselves.)
 */
class OidcRolesTest {

    private static final OidcRoles MAPPING = new OidcRoles(
            "groups",
            Map.of(
                    "lead-demo-supervisors", new OidcRoles.Group(StaffRole.SUPERVISOR, "demo"),
                    "lead-demo-owg", new OidcRoles.Group(StaffRole.OWG_MEMBER, "demo"),
                    "lead-it", new OidcRoles.Group(StaffRole.ADMIN, null)),
            Map.of());

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OidcRoles.class)
    static class Bound {}

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void aGroupGivesTheRoleAndSiteItIsMappedTo() {
        assertThat(MAPPING.mapping(List.of("staff", "lead-demo-supervisors")))
                .contains(new OidcRoles.Group(StaffRole.SUPERVISOR, "demo"));
        assertThat(MAPPING.mapping(List.of("lead-it"))).contains(new OidcRoles.Group(StaffRole.ADMIN, null));
    }

    @Test
    void aGroupNamedLikeARoleMeansNothingUnlessMapped() {
        assertThat(MAPPING.mapping(List.of("ADMIN"))).isEmpty();
        assertThat(MAPPING.mapping(List.of("SUPERVISOR", "CASE_MANAGER"))).isEmpty();
        assertThat(MAPPING.mapping(List.of())).isEmpty();
    }

    @Test
    void groupsThatMapToDifferentRolesGiveNoAccessRatherThanTheLargerOne() {
        assertThat(MAPPING.mapping(List.of("lead-demo-owg", "lead-it"))).isEmpty();
    }

    @Test
    void refusesAtStartASiteBoundRoleMappedWithoutASiteNamingTheSetting() {
        assertThatThrownBy(() -> new OidcRoles(
                        "groups", Map.of("cms", new OidcRoles.Group(StaffRole.CASE_MANAGER, " ")), Map.of()))
                .hasMessageContaining("doorway.oidc.groups.cms.site is required");

        context.withPropertyValues("doorway.oidc.groups.dispatch.role=DISPATCHER")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("doorway.oidc.groups.dispatch.site is required"));
        context.withPropertyValues("doorway.oidc.groups.dispatch.site=demo")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("doorway.oidc.groups.dispatch.role is required"));
    }

    @Test
    void refusesAtStartTheRetiredImplicitRoleMap() {
        context.withPropertyValues("doorway.oidc.roles.ADMIN=ADMIN")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("doorway.oidc.roles is no longer read"));
    }

    @Test
    void startsWithAMappingThatGivesEachSiteBoundRoleASite() {
        context.withPropertyValues(
                        "doorway.oidc.role-claim=roles",
                        "doorway.oidc.groups.cms.role=CASE_MANAGER",
                        "doorway.oidc.groups.cms.site=demo",
                        "doorway.oidc.groups.it.role=ADMIN")
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    OidcRoles bound = started.getBean(OidcRoles.class);
                    assertThat(bound.roleClaim()).isEqualTo("roles");
                    assertThat(bound.mapping(List.of("cms")))
                            .contains(new OidcRoles.Group(StaffRole.CASE_MANAGER, "demo"));
                    assertThat(bound.mapping(List.of("it"))).contains(new OidcRoles.Group(StaffRole.ADMIN, null));
                });
    }

    private static OAuth2AuthenticationToken signedIn(String name, StaffRole role, String site) {
        OidcIdToken token = new OidcIdToken(
                "token", Instant.now(), Instant.now().plusSeconds(300), Map.of("sub", name, "groups", List.of()));
        OidcStaffUser user = new OidcStaffUser(role, site, token, null, "sub");
        return new OAuth2AuthenticationToken(user, user.getAuthorities(), "idp");
    }

    @Test
    void aMappedPersonSeesTheirSiteOnlyAndIsNeverTakenForAnAccountOfTheSameName() {
        // No accounts at all: a look-up by name would fail, so none may happen.
        StaffMembers members = new StaffMembers(null);
        Viewers viewers = new Viewers(members);
        StaffSites sites = new StaffSites(members);
        OAuth2AuthenticationToken supervisor = signedIn("admin", StaffRole.SUPERVISOR, "demo");

        Viewer viewer = viewers.of(supervisor).orElseThrow();
        assertThat(viewer.role()).isEqualTo(StaffRole.SUPERVISOR);
        assertThat(viewer.site()).isEqualTo("demo");
        assertThat(viewer.globalAdmin()).isFalse();
        assertThat(sites.allows(supervisor, "demo")).isTrue();
        assertThat(sites.allows(supervisor, "fast")).isFalse();
        assertThat(sites.scope(supervisor, null)).isEqualTo("demo");

        Viewer it = viewers.of(signedIn("it-person", StaffRole.ADMIN, null)).orElseThrow();
        assertThat(it.globalAdmin()).isTrue();
        assertThat(viewers.of(signedIn("site-it", StaffRole.ADMIN, "demo"))
                        .orElseThrow()
                        .siteAdmin())
                .isTrue();
    }
}
