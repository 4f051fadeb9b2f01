package org.doorway.consent;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffMembers;
import org.doorway.staff.StaffRoles;
import org.doorway.staff.StaffSites;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * What the consent API and the consent page share: who may work on a participant's releases, the
 * checks a release must pass, and recording and revoking it. Staff (administrators, supervisors,
 * OWG members, case managers) of the participant's site; a case manager for their own participants
 * only (another's is 404, as if there were none).
 */
@Component
class ConsentDesk {

    /** The longest party name kept. */
    static final int PARTY_LENGTH = 200;

    private final Consents consents;
    private final JdbcClient db;
    private final StaffSites staffSites;
    private final StaffMembers members;
    private final TransactionTemplate transaction;

    ConsentDesk(
            Consents consents,
            JdbcClient db,
            StaffSites staffSites,
            StaffMembers members,
            TransactionTemplate transaction) {
        this.consents = consents;
        this.db = db;
        this.staffSites = staffSites;
        this.members = members;
        this.transaction = transaction;
    }

    /** A participant as this package needs them. */
    record Holder(UUID id, String site, String caseManagerId, String status) {}

    /** A release as asked for, fields as text (from JSON or a form). */
    record Draft(
            List<String> parties, Boolean substanceUse, Boolean programStatus, String signedOn, String expiresOn) {}

    /** The participant, if {@code user} may work on their releases; else 404, as if there were none. */
    Holder holder(String id, Authentication user) {
        StaffRoles.require(user, StaffRoles.STAFF);
        Optional<Holder> found;
        try {
            UUID uuid = UUID.fromString(id);
            found = db.sql("select id, site, case_manager, status from participant where id = ?")
                    .param(uuid)
                    .query((rs, n) ->
                            new Holder(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .optional();
        } catch (IllegalArgumentException e) {
            found = Optional.empty();
        }
        Holder holder = found.filter(p -> staffSites.allows(user, p.site())).orElseThrow(ConsentDesk::notFound);
        if (!StaffRoles.holds(user, StaffRoles.OWG)) {
            String mine =
                    members.of(user).map(StaffAccounts.Staff::caseManagerId).orElse(null);
            if (mine == null || !mine.equals(holder.caseManagerId())) {
                throw notFound();
            }
        }
        return holder;
    }

    /** Checks and records a release; 400 naming every field that is wrong, nothing stored. */
    Consent record(Holder holder, Draft draft, String by) {
        LocalDate today = consents.today();
        List<Map<String, String>> errors = check(draft, today);
        if (!errors.isEmpty()) {
            throw StaffRoles.invalid(errors);
        }
        List<String> parties =
                draft.parties().stream().map(String::strip).distinct().toList();
        return transaction.execute(tx -> consents.record(
                holder.id(),
                holder.site(),
                parties,
                Boolean.TRUE.equals(draft.substanceUse()),
                Boolean.TRUE.equals(draft.programStatus()),
                LocalDate.parse(draft.signedOn().strip()),
                LocalDate.parse(draft.expiresOn().strip()),
                by));
    }

    /**
     * The checks a release must pass, on {@code today}: at least one party, each named; at least one
     * scope; a signing date not in the future; an expiry on or after it.
     */
    static List<Map<String, String>> check(Draft draft, LocalDate today) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (draft.parties() == null || draft.parties().stream().allMatch(p -> p == null || p.isBlank())) {
            errors.add(error("parties", "required: at least one party who may receive"));
        } else if (draft.parties().stream().anyMatch(p -> p == null || p.isBlank())) {
            errors.add(error("parties", "each party needs a name or id"));
        } else if (draft.parties().stream().anyMatch(p -> p.strip().length() > PARTY_LENGTH)) {
            errors.add(error("parties", "each party at most " + PARTY_LENGTH + " characters"));
        }
        if (draft.substanceUse() == null) {
            errors.add(error("substanceUse", "required: true or false"));
        }
        if (draft.programStatus() == null) {
            errors.add(error("programStatus", "required: true or false"));
        }
        if (Boolean.FALSE.equals(draft.substanceUse()) && Boolean.FALSE.equals(draft.programStatus())) {
            errors.add(error("scope", "a release must allow substance-use information, program status or both"));
        }
        LocalDate signed = date(draft.signedOn(), "signedOn", errors);
        LocalDate expires = date(draft.expiresOn(), "expiresOn", errors);
        if (signed != null && signed.isAfter(today)) {
            errors.add(error("signedOn", "must not be in the future"));
        }
        if (signed != null && expires != null && expires.isBefore(signed)) {
            errors.add(error("expiresOn", "must be on or after signedOn"));
        }
        return errors;
    }

    /**
     * Revokes one of the holder's releases as of {@code on} (blank: today).
     *
     * @throws ErrorResponseException 404 for another participant's or no release; 409 when already
     *     revoked; 400 for a date that is not one, in the future or before the signing
     */
    Consent revoke(Holder holder, String consentId, String on, String by) {
        Consent consent = parse(consentId)
                .flatMap(consents::find)
                .filter(c -> c.participantId().equals(holder.id()))
                .orElseThrow(() -> StaffRoles.problem(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        "Consent not found",
                        "This participant has no such consent."));
        if (consent.revokedAt() != null) {
            throw StaffRoles.problem(
                    HttpStatus.CONFLICT, "already-revoked", "Already revoked", "This consent was revoked before.");
        }
        LocalDate today = consents.today();
        List<Map<String, String>> errors = new ArrayList<>();
        LocalDate date = on == null || on.isBlank() ? today : date(on, "revokedOn", errors);
        if (date != null && date.isAfter(today)) {
            errors.add(error("revokedOn", "must not be in the future"));
        } else if (date != null && date.isBefore(consent.signedOn())) {
            errors.add(error("revokedOn", "must not be before the consent was signed"));
        }
        if (!errors.isEmpty()) {
            throw StaffRoles.invalid(errors);
        }
        return transaction
                .execute(tx -> consents.revoke(consent.id(), date, by))
                .orElseThrow();
    }

    List<Consent> of(Holder holder) {
        return consents.of(holder.id());
    }

    LocalDate today() {
        return consents.today();
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static LocalDate date(String text, String field, List<Map<String, String>> errors) {
        if (text == null || text.isBlank()) {
            errors.add(error(field, "required: yyyy-mm-dd"));
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.add(error(field, "must be a date yyyy-mm-dd"));
            return null;
        }
    }

    static ErrorResponseException notFound() {
        return StaffRoles.problem(
                HttpStatus.NOT_FOUND, "not-found", "Participant not found", "No participant has this id.");
    }

    private static Map<String, String> error(String field, String reason) {
        return Map.of("field", field, "reason", reason);
    }
}
