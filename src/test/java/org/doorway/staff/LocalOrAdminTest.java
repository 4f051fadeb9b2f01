package org.doorway.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * In development the local outbox is open on Doorway's own machine and to administrators only from
 * elsewhere; in production it is for administrators only, wherever they are.
 */
class LocalOrAdminTest {

    private final LocalOrAdmin rule = new LocalOrAdmin(request -> false);

    private boolean allows(String from, Authentication user) {
        return allows(rule, from, user);
    }

    private static boolean allows(LocalOrAdmin rule, String from, Authentication user) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/dev/outbox");
        request.setRemoteAddr(from);
        return rule.authorize(() -> user, new RequestAuthorizationContext(request))
                .isGranted();
    }

    private static Authentication signedIn(StaffRole role) {
        return UsernamePasswordAuthenticationToken.authenticated(
                "someone", null, List.of(new SimpleGrantedAuthority(role.authority())));
    }

    @Test
    void anyoneOnThisMachineMayUseTheOutbox() {
        assertThat(allows("127.0.0.1", null)).isTrue();
        assertThat(allows("0:0:0:0:0:0:0:1", null)).isTrue();
    }

    @Test
    void fromElsewhereOnlyAnAdministratorMay() {
        assertThat(allows("172.18.0.5", null)).isFalse();
        assertThat(allows("203.0.113.9", signedIn(StaffRole.CASE_MANAGER))).isFalse();
        assertThat(allows("203.0.113.9", signedIn(StaffRole.ADMIN))).isTrue();
    }

    @Test
    void aNameIsNeverLookedUpAndCountsAsElsewhere() {
        assertThat(allows("localhost.attacker.example", null)).isFalse();
        assertThat(allows("", null)).isFalse();
    }

    @Test
    void inProductionNobodyPassesForBeingOnThisMachine() {
        LocalOrAdmin production = new LocalOrAdmin(request -> true);
        assertThat(allows(production, "127.0.0.1", null)).isFalse();
        assertThat(allows(production, "0:0:0:0:0:0:0:1", null)).isFalse();
        assertThat(allows(production, "127.0.0.1", signedIn(StaffRole.SUPERVISOR)))
                .isFalse();
        assertThat(allows(production, "127.0.0.1", signedIn(StaffRole.ADMIN))).isTrue();
        assertThat(allows(production, "203.0.113.9", signedIn(StaffRole.ADMIN))).isTrue();
    }

    @Test
    void withoutAnApplicationToAskTheModeIsTakenAsProduction() {
        assertThat(allows(new LocalOrAdmin(), "127.0.0.1", null)).isFalse();
    }
}
