package org.doorway.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page at {@code /login}: the form (username, password, CSRF token) and a link per
 * configured identity provider. After a failed attempt ({@code ?error}) it says either that the
 * username or password is wrong, whatever the reason (no such account, wrong password, disabled),
 * or that sign-in is refused for a while after too many failures, and for how long
 * ({@link ThrottledSignIn}); after {@code /logout} ({@code ?logout}), that the person is signed out.
 */
@Controller
class SignInPage {

    /** An identity provider offered beside the form. */
    record Provider(String id, String name) {}

    private final ObjectProvider<ClientRegistrationRepository> oidc;

    SignInPage(ObjectProvider<ClientRegistrationRepository> oidc) {
        this.oidc = oidc;
    }

    @GetMapping("/login")
    String page(HttpServletRequest request, Model model) {
        String error = null;
        if (request.getParameter("error") != null) {
            HttpSession session = request.getSession(false);
            Object last = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            error = last instanceof ThrottledSignIn.TooManyFailures refused
                    ? refused.getMessage()
                    : "Wrong username or password.";
        }
        model.addAttribute("error", error);
        model.addAttribute("signedOut", request.getParameter("logout") != null);
        model.addAttribute("providers", providers());
        return "staff/login";
    }

    private List<Provider> providers() {
        List<Provider> providers = new ArrayList<>();
        if (oidc.getIfAvailable() instanceof Iterable<?> registrations) {
            for (Object r : registrations) {
                if (r instanceof ClientRegistration registration) {
                    providers.add(new Provider(registration.getRegistrationId(), registration.getClientName()));
                }
            }
        }
        return providers;
    }
}
