package org.doorway.staff;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.doorway.system.DeploymentMode;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Who may use the local outbox (the stand-in for Twilio when no account is set). In development
 * mode: anyone on the machine Doorway runs on, as on a newcomer's laptop, and from anywhere else
 * only a signed-in administrator. In production mode (where the outbox exists only when explicitly
 * enabled) only a signed-in administrator, wherever the request comes from: behind a proxy or in a
 * container network the remote address says little, and the outbox shows case managers' numbers
 * and answers pages as they would.
 */
final class LocalOrAdmin implements AuthorizationManager<RequestAuthorizationContext> {

    private final Predicate<HttpServletRequest> production;

    /** Reads the mode from the application the request belongs to. */
    LocalOrAdmin() {
        this(LocalOrAdmin::productionMode);
    }

    /** @param production whether Doorway runs in production mode for a given request */
    LocalOrAdmin(Predicate<HttpServletRequest> production) {
        this.production = production;
    }

    @Override
    public AuthorizationDecision authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        if (!production.test(request) && loopback(request.getRemoteAddr())) {
            return new AuthorizationDecision(true);
        }
        Authentication user = authentication.get();
        return new AuthorizationDecision(user != null
                && user.isAuthenticated()
                && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(StaffRole.ADMIN.authority())));
    }

    /** Production unless the application says development; without one, production (the safe side). */
    private static boolean productionMode(HttpServletRequest request) {
        WebApplicationContext application =
                WebApplicationContextUtils.findWebApplicationContext(request.getServletContext());
        return application == null
                || !DeploymentMode.DEVELOPMENT.equals(
                        application.getEnvironment().getProperty(DeploymentMode.PROPERTY));
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
