package org.doorway.retention;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The records page, which works without JavaScript, for the same administrators as the API:
 * {@code /participants/{id}/records} (a participant) and {@code /handoffs/{id}/records} (a person
 * known only by a referral). It lists the referrals held, downloads the export (the purpose asked
 * first) and erases after a reason and a ticked confirmation; the page then says what was done.
 */
@Controller
class PersonRecordsPage {

    private final PersonRecords records;

    PersonRecordsPage(PersonRecords records) {
        this.records = records;
    }

    @GetMapping("/participants/{id}/records")
    String participant(@PathVariable String id, Authentication user, Model model) {
        return show(records.subject(PersonRecords.Kind.PARTICIPANT, id, user), null, null, model);
    }

    @GetMapping("/handoffs/{id}/records")
    String referral(@PathVariable String id, Authentication user, Model model) {
        return show(records.subject(PersonRecords.Kind.REFERRAL, id, user), null, null, model);
    }

    @PostMapping("/participants/{id}/records/erase")
    String eraseParticipant(
            @PathVariable String id,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String confirm,
            Authentication user,
            Model model,
            jakarta.servlet.http.HttpServletResponse response,
            jakarta.servlet.http.HttpServletRequest request) {
        return erase(PersonRecords.Kind.PARTICIPANT, id, reason, confirm, user, model, response, request);
    }

    @PostMapping("/handoffs/{id}/records/erase")
    String eraseReferral(
            @PathVariable String id,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String confirm,
            Authentication user,
            Model model,
            jakarta.servlet.http.HttpServletResponse response,
            jakarta.servlet.http.HttpServletRequest request) {
        return erase(PersonRecords.Kind.REFERRAL, id, reason, confirm, user, model, response, request);
    }

    private String erase(
            PersonRecords.Kind kind,
            String id,
            String reason,
            String confirm,
            Authentication user,
            Model model,
            jakarta.servlet.http.HttpServletResponse response,
            jakarta.servlet.http.HttpServletRequest request) {
        PersonRecords.Subject subject = records.subject(kind, id, user);
        if (confirm == null) {
            response.setStatus(400);
            return show(subject, null, "confirm: tick the box to confirm the erasure", model);
        }
        try {
            PersonRecords.Erased erased = records.erase(subject, reason, user.getName());
            org.doorway.audit.AccessAudit.fields(
                    request, "erasure: personal content de-identified; reason: " + reason.strip());
            return show(subject, erased, null, model);
        } catch (ErrorResponseException e) {
            response.setStatus(e.getStatusCode().value());
            return show(subject, null, "reason: required, at most " + PersonRecords.MAX_TEXT + " characters", model);
        }
    }

    private String show(PersonRecords.Subject subject, PersonRecords.Erased erased, String error, Model model) {
        String base = subject.kind() == PersonRecords.Kind.PARTICIPANT
                ? "/participants/" + subject.id()
                : "/handoffs/" + subject.id();
        String api = subject.kind() == PersonRecords.Kind.PARTICIPANT
                ? "/api/v1/participants/" + subject.id()
                : "/api/v1/referrals/" + subject.id();
        model.addAttribute("subject", subject);
        model.addAttribute("participant", subject.kind() == PersonRecords.Kind.PARTICIPANT);
        model.addAttribute("base", base);
        model.addAttribute("api", api);
        model.addAttribute("held", records.held(subject));
        model.addAttribute("erased", erased);
        model.addAttribute("error", error);
        return "retention/records";
    }
}
