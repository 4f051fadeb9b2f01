package org.doorway.consent;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.doorway.staff.StaffRoles;
import org.doorway.staff.StaffSites;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The consent pages, which work without JavaScript: a participant's releases with a form to record
 * one and a button to revoke each live one ({@code /participants/{id}/consents}), and the site's
 * releases expiring soon ({@code /consents/expiring?days=30}). The same people as the API may use
 * them; a form with a mistake comes back (400) naming each field, and stores nothing.
 */
@Controller
class ConsentPage {

    private final ConsentDesk desk;
    private final Consents consents;
    private final StaffSites staffSites;

    ConsentPage(ConsentDesk desk, Consents consents, StaffSites staffSites) {
        this.desk = desk;
        this.consents = consents;
        this.staffSites = staffSites;
    }

    @GetMapping("/participants/{id}/consents")
    String page(@PathVariable String id, Authentication user, Model model) {
        return show(desk.holder(id, user), List.of(), model);
    }

    @PostMapping("/participants/{id}/consents")
    String record(
            @PathVariable String id,
            @RequestParam(required = false) String parties,
            @RequestParam(required = false) String substanceUse,
            @RequestParam(required = false) String programStatus,
            @RequestParam(required = false) String signedOn,
            @RequestParam(required = false) String expiresOn,
            Authentication user,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        ConsentDesk.Holder holder = desk.holder(id, user);
        List<String> named = parties == null
                ? List.of()
                : parties.lines().filter(l -> !l.isBlank()).map(String::strip).toList();
        // An unticked box is not sent: on this form, absent means no.
        ConsentDesk.Draft draft =
                new ConsentDesk.Draft(named, substanceUse != null, programStatus != null, signedOn, expiresOn);
        try {
            desk.record(holder, draft, user.getName());
        } catch (ErrorResponseException e) {
            response.setStatus(e.getStatusCode().value());
            return show(holder, errors(e), model);
        }
        return "redirect:/participants/" + holder.id() + "/consents";
    }

    @PostMapping("/participants/{id}/consents/{consentId}/revoke")
    String revoke(
            @PathVariable String id,
            @PathVariable String consentId,
            @RequestParam(required = false) String revokedOn,
            Authentication user,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        ConsentDesk.Holder holder = desk.holder(id, user);
        try {
            desk.revoke(holder, consentId, revokedOn, user.getName());
        } catch (ErrorResponseException e) {
            response.setStatus(e.getStatusCode().value());
            return show(holder, errors(e), model);
        }
        return "redirect:/participants/" + holder.id() + "/consents";
    }

    @GetMapping("/consents/expiring")
    String expiring(
            @RequestParam(required = false) String site,
            @RequestParam(defaultValue = "30") String days,
            Authentication user,
            Model model) {
        StaffRoles.require(user, StaffRoles.OWG);
        String scoped = staffSites.scope(user, site);
        int within = days(days);
        model.addAttribute("site", scoped);
        model.addAttribute("days", within);
        model.addAttribute("today", desk.today());
        model.addAttribute("consents", scoped == null ? List.of() : consents.expiringSoon(scoped, within));
        return "consent/expiring";
    }

    /** A number of days from 1 to 365; else 400. */
    static int days(String text) {
        try {
            int days = Integer.parseInt(text.strip());
            if (days >= 1 && days <= 365) {
                return days;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw StaffRoles.invalid(List.of(Map.of("field", "days", "reason", "a whole number from 1 to 365")));
    }

    private String show(ConsentDesk.Holder holder, List<String> errors, Model model) {
        LocalDate today = desk.today();
        model.addAttribute("holder", holder);
        model.addAttribute("today", today);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "consents",
                desk.of(holder).stream()
                        .map(c -> ConsentsApi.ConsentView.of(c, today))
                        .toList());
        return "consent/participant";
    }

    @SuppressWarnings("unchecked")
    private static List<String> errors(ErrorResponseException e) {
        Object listed = e.getBody().getProperties() == null
                ? null
                : e.getBody().getProperties().get("errors");
        if (listed instanceof List<?> list && !list.isEmpty()) {
            return list.stream()
                    .map(item -> item instanceof Map<?, ?> m ? m.get("field") + ": " + m.get("reason") : "")
                    .toList();
        }
        return List.of(
                e.getBody().getDetail() == null
                        ? HttpStatus.valueOf(e.getStatusCode().value()).getReasonPhrase()
                        : e.getBody().getDetail());
    }
}
