package org.doorway.triage.participants;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffMembers;
import org.doorway.staff.StaffRoles;
import org.doorway.staff.StaffSites;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Staff enrol participants for the golden thread and keep their case manager and status current.
 * Signed-in staff only (administrators, supervisors, OWG members, case managers), each within their
 * site. The name and date of birth sent at enrolment become match keys and are not stored, logged or
 * sent back.
 *
 * <p>Who a participant's case manager is belongs to supervisors, administrators and the OWG: a case
 * manager sees and updates the status of their own participants only (another's answers 404),
 * enrols only with themselves as case manager (after their own intake interview), and is refused
 * (403) any change of case manager, to themselves included.
 *
 * <ul>
 *   <li>{@code POST /api/v1/participants} {@code {"site","caseManagerId","givenName","familyName",
 *       "birthDate","status"}} → 201 with the participant and the matching rules their details allow;
 *       or {@code {"referral","caseManagerId"}}: the person a referral (short reference) is about,
 *       enrolled from what its source gave (see {@link ParticipantDesk#enrolFromReferral});</li>
 *   <li>{@code GET /api/v1/participants?site=&q=&caseManager=&status=}: the list (a case manager's
 *       own only), searched by a referral's short reference or the start of an id;</li>
 *   <li>{@code GET /api/v1/participants/caseloads?site=}: each case manager's active participants
 *       against the site's limit (admins, supervisors, OWG members);</li>
 *   <li>{@code GET /api/v1/participants/{id}};</li>
 *   <li>{@code PATCH /api/v1/participants/{id}} {@code {"caseManagerId","status","reason"}} (either
 *       of the first two; the reason is kept with a change of status).</li>
 * </ul>
 */
@RestController
class ParticipantsApi {

    private final Participants participants;
    private final Sites sites;
    private final TransactionTemplate transaction;
    private final StaffSites staffSites;
    private final StaffMembers members;
    private final ParticipantDesk desk;

    ParticipantsApi(
            Participants participants,
            Sites sites,
            TransactionTemplate transaction,
            StaffSites staffSites,
            StaffMembers members,
            ParticipantDesk desk) {
        this.desk = desk;
        this.participants = participants;
        this.sites = sites;
        this.transaction = transaction;
        this.staffSites = staffSites;
        this.members = members;
    }

    /** An enrolment. */
    record EnrolRequest(
            String site,
            String caseManagerId,
            String givenName,
            String familyName,
            String birthDate,
            String status,
            String referral) {}

    /** A change of case manager or status (with the reason for a change of status). */
    record UpdateRequest(String caseManagerId, String status, String reason) {}

    /** A participant in a list: never their name. */
    record Listed(
            UUID id,
            String site,
            String caseManagerId,
            String status,
            String statusReason,
            Instant createdAt,
            Instant updatedAt,
            String updatedBy) {}

    /** One case manager's caseload against the site's limit. */
    record CaseloadView(String caseManagerId, int active, int limit, int ideal, boolean overLimit) {}

    @GetMapping("/api/v1/participants")
    List<Listed> list(
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String caseManager,
            @RequestParam(required = false) String status,
            Authentication user) {
        return desk.search(user, site, caseManager, status, q).stream()
                .map(l -> new Listed(
                        l.participant().id(),
                        l.participant().site(),
                        l.participant().caseManagerId(),
                        l.participant().status().name().toLowerCase(Locale.ROOT),
                        l.statusReason(),
                        l.participant().createdAt(),
                        l.participant().updatedAt(),
                        l.participant().updatedBy()))
                .toList();
    }

    @GetMapping("/api/v1/participants/caseloads")
    List<CaseloadView> caseloads(@RequestParam(required = false) String site, Authentication user) {
        StaffRoles.require(user, StaffRoles.OWG);
        String scoped = staffSites.scope(user, site);
        if (scoped == null) {
            throw StaffRoles.invalid(List.of(error("site", "required for an account of every site")));
        }
        return desk.caseloads(scoped).stream()
                .map(r -> new CaseloadView(
                        r.caseManagerId(),
                        r.caseload().active(),
                        r.caseload().limits().limit(),
                        r.caseload().limits().ideal(),
                        r.caseload().over()))
                .toList();
    }

    /** A participant as staff see it: never their name. */
    record ParticipantView(
            UUID id,
            String site,
            String caseManagerId,
            String status,
            List<String> matchRules,
            Instant createdAt,
            Instant updatedAt,
            String updatedBy) {}

    @PostMapping("/api/v1/participants")
    ResponseEntity<ParticipantView> enrol(@RequestBody EnrolRequest request, Authentication user) {
        String by = StaffRoles.require(user, StaffRoles.STAFF);
        if (request.referral() != null) {
            Participants.Enrolled enrolled = desk.enrolFromReferral(request.referral(), request.caseManagerId(), user);
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(view(
                            enrolled.participant(),
                            enrolled.matchRules().stream().map(r -> r.word).toList()));
        }
        if (!StaffRoles.holds(user, StaffRoles.OWG)
                && request.caseManagerId() != null
                && !request.caseManagerId().equals(ownRosterId(user))) {
            throw assignmentRefused();
        }
        List<Map<String, String>> errors = new ArrayList<>();
        Site site = null;
        if (blank(request.site())) {
            errors.add(error("site", "required"));
        } else {
            site = sites.find(request.site())
                    .filter(s -> staffSites.allows(user, s.id()))
                    .orElse(null);
            if (site == null) {
                errors.add(error("site", "no such site, or not one this account works"));
            }
        }
        if (blank(request.caseManagerId())) {
            errors.add(error("caseManagerId", "required"));
        } else if (site != null && site.caseManager(request.caseManagerId()).isEmpty()) {
            errors.add(error("caseManagerId", "not one of the site's case managers"));
        }
        if (blank(request.familyName())) {
            errors.add(error("familyName", "required"));
        }
        if (blank(request.birthDate())) {
            errors.add(error("birthDate", "required: yyyy-mm-dd"));
        } else {
            try {
                LocalDate.parse(request.birthDate().trim());
            } catch (DateTimeParseException e) {
                errors.add(error("birthDate", "must be a date yyyy-mm-dd"));
            }
        }
        Participants.Status status = status(request.status(), Participants.Status.ACTIVE, errors);
        if (!errors.isEmpty()) {
            throw StaffRoles.invalid(errors);
        }
        Participants.Enrolled enrolled = transaction.execute(tx -> participants.enrol(
                request.site(),
                request.caseManagerId(),
                status,
                request.givenName(),
                request.familyName(),
                request.birthDate().trim(),
                by));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(view(
                        enrolled.participant(),
                        enrolled.matchRules().stream().map(r -> r.word).toList()));
    }

    @GetMapping("/api/v1/participants/{id}")
    ParticipantView get(@PathVariable String id, Authentication user) {
        StaffRoles.require(user, StaffRoles.STAFF);
        Participants.Participant participant = find(id, user);
        return view(StaffRoles.holds(user, StaffRoles.OWG) ? participant : own(participant, user), null);
    }

    @PatchMapping("/api/v1/participants/{id}")
    ParticipantView update(@PathVariable String id, @RequestBody UpdateRequest request, Authentication user) {
        String by = StaffRoles.require(user, StaffRoles.STAFF);
        Participants.Participant participant = find(id, user);
        if (!StaffRoles.holds(user, StaffRoles.OWG)) {
            if (request.caseManagerId() != null && !request.caseManagerId().equals(participant.caseManagerId())) {
                throw assignmentRefused();
            }
            participant = own(participant, user);
        }
        Participants.Participant found = participant;
        List<Map<String, String>> errors = new ArrayList<>();
        if (request.caseManagerId() != null
                && sites.find(found.site())
                        .flatMap(s -> s.caseManager(request.caseManagerId()))
                        .isEmpty()) {
            errors.add(error("caseManagerId", "not one of the site's case managers"));
        }
        Participants.Status status = status(request.status(), null, errors);
        if (request.caseManagerId() == null && request.status() == null) {
            errors.add(error("caseManagerId", "give caseManagerId, status or both"));
        }
        if (!errors.isEmpty()) {
            throw StaffRoles.invalid(errors);
        }
        return view(
                transaction
                        .execute(tx -> participants.update(
                                found.id(),
                                request.caseManagerId(),
                                status,
                                request.reason() == null || request.reason().isBlank()
                                        ? null
                                        : request.reason().strip(),
                                by))
                        .orElseThrow(),
                null);
    }

    /** The case manager's roster id of a signed-in case manager, else {@code null}. */
    private String ownRosterId(Authentication user) {
        return members.of(user).map(StaffAccounts.Staff::caseManagerId).orElse(null);
    }

    /** The participant, if they are the signed-in case manager's own; else 404, as if there were none. */
    private Participants.Participant own(Participants.Participant participant, Authentication user) {
        String mine = ownRosterId(user);
        if (mine == null || !mine.equals(participant.caseManagerId())) {
            throw notFound();
        }
        return participant;
    }

    private static ErrorResponseException assignmentRefused() {
        return StaffRoles.problem(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Not allowed",
                "Supervisors and the Operations Work Group decide who a participant's case manager is.");
    }

    private static ErrorResponseException notFound() {
        return StaffRoles.problem(
                HttpStatus.NOT_FOUND, "not-found", "Participant not found", "No participant has this id.");
    }

    /** The participant, if {@code user} may work on their site; else 404, as if there were none. */
    private Participants.Participant find(String id, Authentication user) {
        Optional<Participants.Participant> found;
        try {
            found = participants.find(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            found = Optional.empty();
        }
        return found.filter(p -> staffSites.allows(user, p.site())).orElseThrow(ParticipantsApi::notFound);
    }

    private static Participants.Status status(
            String text, Participants.Status fallback, List<Map<String, String>> errors) {
        if (text == null) {
            return fallback;
        }
        try {
            return Participants.Status.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(error("status", "must be active or inactive"));
            return fallback;
        }
    }

    private static ParticipantView view(Participants.Participant p, List<String> matchRules) {
        return new ParticipantView(
                p.id(),
                p.site(),
                p.caseManagerId(),
                p.status().name().toLowerCase(Locale.ROOT),
                matchRules,
                p.createdAt(),
                p.updatedAt(),
                p.updatedBy());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static Map<String, String> error(String field, String reason) {
        return Map.of("field", field, "reason", reason);
    }
}
