package org.doorway.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.doorway.staff.StaffRoles;
import org.doorway.staff.StaffSites;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A participant's releases of information, for signed-in staff of their site (a case manager: their
 * own participants only). Every answer here is in the access audit.
 *
 * <ul>
 *   <li>{@code POST /api/v1/participants/{id}/consents} {@code {"parties":[…],"substanceUse",
 *       "programStatus","signedOn","expiresOn"}} → 201 with the release;</li>
 *   <li>{@code POST /api/v1/participants/{id}/consents/{consentId}/revoke} {@code {"revokedOn"}}
 *       (optional, default today) → 200 with the revoked release; 409 when it already was;</li>
 *   <li>{@code GET /api/v1/participants/{id}/consents}: the participant's releases, newest first;</li>
 *   <li>{@code GET /api/v1/consents/expiring?site=&days=30}: the site's live releases expiring within
 *       {@code days} days (1 to 365).</li>
 * </ul>
 * Bad input is {@code 400 application/problem+json} naming each field, and stores nothing.
 */
@RestController
class ConsentsApi {

    private final ConsentDesk desk;
    private final Consents consents;
    private final StaffSites staffSites;

    ConsentsApi(ConsentDesk desk, Consents consents, StaffSites staffSites) {
        this.desk = desk;
        this.consents = consents;
        this.staffSites = staffSites;
    }

    /** A release as asked for. */
    record ConsentRequest(
            List<String> parties, Boolean substanceUse, Boolean programStatus, String signedOn, String expiresOn) {}

    /** A revocation. */
    record RevokeRequest(String revokedOn) {}

    /** A release as staff see it; {@code live} is as of today. */
    record ConsentView(
            UUID id,
            UUID participantId,
            String site,
            List<String> parties,
            boolean substanceUse,
            boolean programStatus,
            LocalDate signedOn,
            LocalDate expiresOn,
            boolean live,
            Instant recordedAt,
            String recordedBy,
            LocalDate revokedOn,
            Instant revokedAt,
            String revokedBy) {

        static ConsentView of(Consent c, LocalDate today) {
            return new ConsentView(
                    c.id(),
                    c.participantId(),
                    c.site(),
                    c.parties(),
                    c.substanceUse(),
                    c.programStatus(),
                    c.signedOn(),
                    c.expiresOn(),
                    c.live(today),
                    c.recordedAt(),
                    c.recordedBy(),
                    c.revokedOn(),
                    c.revokedAt(),
                    c.revokedBy());
        }
    }

    @PostMapping("/api/v1/participants/{id}/consents")
    ResponseEntity<ConsentView> record(
            @PathVariable String id, @RequestBody ConsentRequest request, Authentication user) {
        ConsentDesk.Holder holder = desk.holder(id, user);
        Consent consent = desk.record(
                holder,
                new ConsentDesk.Draft(
                        request.parties(),
                        request.substanceUse(),
                        request.programStatus(),
                        request.signedOn(),
                        request.expiresOn()),
                user.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(ConsentView.of(consent, desk.today()));
    }

    @PostMapping("/api/v1/participants/{id}/consents/{consentId}/revoke")
    ConsentView revoke(
            @PathVariable String id,
            @PathVariable String consentId,
            @RequestBody(required = false) RevokeRequest request,
            Authentication user) {
        ConsentDesk.Holder holder = desk.holder(id, user);
        Consent revoked = desk.revoke(holder, consentId, request == null ? null : request.revokedOn(), user.getName());
        return ConsentView.of(revoked, desk.today());
    }

    @GetMapping("/api/v1/participants/{id}/consents")
    List<ConsentView> list(@PathVariable String id, Authentication user) {
        ConsentDesk.Holder holder = desk.holder(id, user);
        LocalDate today = desk.today();
        return desk.of(holder).stream().map(c -> ConsentView.of(c, today)).toList();
    }

    @GetMapping("/api/v1/consents/expiring")
    List<ConsentView> expiring(
            @RequestParam(required = false) String site,
            @RequestParam(defaultValue = "30") String days,
            Authentication user) {
        StaffRoles.require(user, StaffRoles.OWG);
        String scoped = staffSites.scope(user, site);
        int within = ConsentPage.days(days);
        if (scoped == null) {
            throw StaffRoles.invalid(List.of(java.util.Map.of("field", "site", "reason", "required")));
        }
        LocalDate today = desk.today();
        return consents.expiringSoon(scoped, within).stream()
                .map(c -> ConsentView.of(c, today))
                .toList();
    }
}
