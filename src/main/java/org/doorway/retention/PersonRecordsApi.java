package org.doorway.retention;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import org.doorway.audit.AccessAudit;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * One person's records for an administrator of their site ({@link PersonRecords}); everyone else
 * {@code 403}, an unknown id {@code 404}, each {@code application/problem+json}.
 *
 * <ul>
 *   <li>{@code GET /api/v1/participants/{id}/export?purpose=…} and
 *       {@code GET /api/v1/referrals/{id}/export?purpose=…}: everything stored about the person, as
 *       a JSON download; the purpose (required) is recorded in the access audit with the read;</li>
 *   <li>{@code POST /api/v1/participants/{id}/erase} and {@code POST /api/v1/referrals/{id}/erase}
 *       {@code {"reason"}} (required; e.g. "participant's request", "court order 24-1234"): the
 *       person's referrals de-identified, a participant's match keys deleted; {@code 200}
 *       {@code {"kind","id","site","referrals","deidentified","at","by"}}; recorded in the access
 *       audit with the reason. Erasing again changes nothing more.</li>
 * </ul>
 */
@RestController
class PersonRecordsApi {

    private final PersonRecords records;

    PersonRecordsApi(PersonRecords records) {
        this.records = records;
    }

    /** An erasure as asked for. */
    record EraseRequest(String reason) {}

    @GetMapping("/api/v1/participants/{id}/export")
    ResponseEntity<ObjectNode> exportParticipant(
            @PathVariable String id,
            @RequestParam(required = false) String purpose,
            Authentication user,
            HttpServletRequest request) {
        return export(PersonRecords.Kind.PARTICIPANT, id, purpose, user, request);
    }

    @GetMapping("/api/v1/referrals/{id}/export")
    ResponseEntity<ObjectNode> exportReferral(
            @PathVariable String id,
            @RequestParam(required = false) String purpose,
            Authentication user,
            HttpServletRequest request) {
        return export(PersonRecords.Kind.REFERRAL, id, purpose, user, request);
    }

    @PostMapping("/api/v1/participants/{id}/erase")
    PersonRecords.Erased eraseParticipant(
            @PathVariable String id,
            @RequestBody(required = false) EraseRequest body,
            Authentication user,
            HttpServletRequest request) {
        return erase(PersonRecords.Kind.PARTICIPANT, id, body, user, request);
    }

    @PostMapping("/api/v1/referrals/{id}/erase")
    PersonRecords.Erased eraseReferral(
            @PathVariable String id,
            @RequestBody(required = false) EraseRequest body,
            Authentication user,
            HttpServletRequest request) {
        return erase(PersonRecords.Kind.REFERRAL, id, body, user, request);
    }

    private ResponseEntity<ObjectNode> export(
            PersonRecords.Kind kind, String id, String purpose, Authentication user, HttpServletRequest request) {
        PersonRecords.Subject subject = records.subject(kind, id, user);
        String why = PersonRecords.reason(purpose, "purpose");
        ObjectNode document = records.export(subject);
        AccessAudit.fields(request, "export of everything stored about the person; purpose: " + why);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"doorway-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-"
                                + subject.id() + ".json\"")
                .body(document);
    }

    private PersonRecords.Erased erase(
            PersonRecords.Kind kind, String id, EraseRequest body, Authentication user, HttpServletRequest request) {
        PersonRecords.Subject subject = records.subject(kind, id, user);
        PersonRecords.Erased erased = records.erase(subject, body == null ? null : body.reason(), user.getName());
        AccessAudit.fields(
                request,
                "erasure: personal content de-identified; reason: "
                        + body.reason().strip());
        return erased;
    }
}
