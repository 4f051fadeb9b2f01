package org.doorway.staff;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may use the local outbox (the stand-in for Twilio when no account is set): anyone on the
 * machine Doorway runs on, as on a newcomer's laptop, and from anywhere else only a signed-in
 * administrator. The outbox shows case managers' numbers and answers pages as they would, so a
 * Doorway reached over a network (behind a proxy, in containers) does not open it to all.
 */
final class LocalOrAdmin implements AuthorizationManager<RequestAuthorizationContext> {

    @Override
    public AuthorizationDecision authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        if (loopback(context.getRequest().getRemoteAddr())) {
            return new AuthorizationDecision(true);
        }
        Authentication user = authentication.get();
        return new AuthorizationDecision(user != null
                && user.isAuthenticated()
                && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(StaffRole.ADMIN.authority())));
    }

    static boolean loopback(String address) {
        // The servlet container gives a literal address; anything else is not trusted, and never
        // looked up as a name.
        if (address == null || !address.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
