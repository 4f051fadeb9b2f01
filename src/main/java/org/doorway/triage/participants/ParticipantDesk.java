package org.doorway.triage.participants;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.doorway.referral.Referral;
import org.doorway.referral.ReferralStore;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.ReferralAccess;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffMembers;
import org.doorway.staff.StaffRoles;
import org.doorway.staff.StaffSites;
import org.doorway.triage.Caseloads;
import org.doorway.triage.internal.PolicyEngine;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Who may see and change which participants, for the participants screens and their API: the
 * rules of {@link ParticipantsApi}, in one place.
 *
 * <ul>
 *   <li>Administrators, supervisors and OWG members ({@link StaffRoles#OWG}) see every participant of
 *       their site (of every site when bound to none), enrol, assign and reassign a case manager, and
 *       make a participant active or inactive;</li>
 *   <li>a case manager sees their own participants only (another's is 404, as if there were none),
 *       enrols only with themselves as case manager and only from a referral they were part of, makes
 *       their own participants active or inactive, and never changes whose case manager someone is
 *       (403);</li>
 *   <li>nobody sees a participant's name: none is stored. Enrolling from a referral reads the name
 *       and date of birth its source gave, to make the match keys, and copies neither.</li>
 * </ul>
 * Every answer about another site's participant, or an unknown one, is 404; bad input is a 400
 * naming each field, and changes nothing.
 */
@Component
class ParticipantDesk {

    /** The most participants a list shows. */
    static final int LIST_LIMIT = 500;

    private final Participants participants;
    private final Sites sites;
    private final StaffSites staffSites;
    private final StaffMembers members;
    private final ReferralStore referrals;
    private final ReferralAccess access;
    private final Caseloads caseloads;
    private final TransactionTemplate transaction;
    private final JdbcClient db;

    ParticipantDesk(
            Participants participants,
            Sites sites,
            StaffSites staffSites,
            StaffMembers members,
            ReferralStore referrals,
            ReferralAccess access,
            Caseloads caseloads,
            TransactionTemplate transaction,
            JdbcClient db) {
        this.participants = participants;
        this.sites = sites;
        this.staffSites = staffSites;
        this.members = members;
        this.referrals = referrals;
        this.access = access;
        this.caseloads = caseloads;
        this.transaction = transaction;
        this.db = db;
    }

    /** Whether {@code user} decides who a participant's case manager is (admin, supervisor, OWG). */
    static boolean assigns(Authentication user) {
        return StaffRoles.holds(user, StaffRoles.OWG);
    }

    /** A signed-in case manager's roster id, else {@code null}. */
    String ownRosterId(Authentication user) {
        return members.of(user).map(StaffAccounts.Staff::caseManagerId).orElse(null);
    }

    /**
     * The participants {@code user} may see that the search asks for: their site's (the one asked
     * for, for someone bound to none), a case manager's own only.
     *
     * @throws ErrorResponseException 403 when a user bound to one site asks for another
     */
    List<Participants.Listed> search(Authentication user, String site, String caseManager, String status, String q) {
        StaffRoles.require(user, StaffRoles.STAFF);
        String scoped = staffSites.scope(user, site);
        List<Map<String, String>> errors = new ArrayList<>();
        Participants.Status wanted = status == null || status.isBlank() ? null : status(status, null, errors);
        if (!errors.isEmpty()) {
            throw StaffRoles.invalid(errors);
        }
        String cm = assigns(user) ? blankToNull(caseManager) : ownRosterId(user);
        if (!assigns(user) && cm == null) {
            return List.of();
        }
        return participants.search(new Participants.Search(scoped, cm, wanted, q), LIST_LIMIT);
    }

    /** The participant, if {@code user} may see them; else 404, as if there were none. */
    Participants.Participant find(String id, Authentication user) {
        StaffRoles.require(user, StaffRoles.STAFF);
        Optional<Participants.Participant> found;
        try {
            found = participants.find(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            found = Optional.empty();
        }
        Participants.Participant participant =
                found.filter(p -> staffSites.allows(user, p.site())).orElseThrow(ParticipantDesk::notFound);
        if (!assigns(user)) {
            String mine = ownRosterId(user);
            if (mine == null || !mine.equals(participant.caseManagerId())) {
                throw notFound();
            }
        }
        return participant;
    }

    /**
     * Enrols the person a referral is about: the referral named by its short reference (or id) on a
     * site {@code user} works, with {@code caseManagerId} as their case manager.
     *
     * @throws ErrorResponseException 400 naming each field wrong (unknown referral, no name or date
     *     of birth in it, not one of the site's case managers); 403 for a case manager naming another;
     *     409 when someone was already enrolled from this referral
     */
    Participants.Enrolled enrolFromReferral(String referral, String caseManagerId, Authentication user) {
        String by = StaffRoles.require(user, StaffRoles.STAFF);
        String mine = ownRosterId(user);
        String cm = blankToNull(caseManagerId);
        if (!assigns(user)) {
            if (cm != null && !cm.equals(mine)) {
                throw assignmentRefused();
            }
            cm = mine;
        }
        List<Map<String, String>> errors = new ArrayList<>();
        ReferralStore.Stored stored = blankToNull(referral) == null ? null : referral(referral.strip(), user);
        if (stored == null) {
            errors.add(error(
                    "referral",
                    blankToNull(referral) == null
                            ? "required: a short reference"
                            : "no such referral on a site this account works"));
        }
        Referral.Person person = null;
        if (stored != null) {
            person = referrals
                    .body(stored.id())
                    .map(PolicyEngine::referredPerson)
                    .orElse(null);
            if (person == null || blankToNull(person.familyName()) == null || blankToNull(person.birthDate()) == null) {
                errors.add(error("referral", "its source gave no family name and date of birth to enrol by"));
            }
        }
        String chosen = cm;
        if (chosen == null) {
            errors.add(error("caseManagerId", "required"));
        } else if (stored != null
                && sites.find(stored.site()).flatMap(s -> s.caseManager(chosen)).isEmpty()) {
            errors.add(error("caseManagerId", "not one of the site's case managers"));
        }
        if (!errors.isEmpty()) {
            throw StaffRoles.invalid(errors);
        }
        Referral.Person who = person;
        return transaction.execute(tx -> {
            db.sql("select id from referral where id = ? for update")
                    .param(stored.id())
                    .query(UUID.class)
                    .single();
            if (participants.enrolledFrom(stored.id()).isPresent()) {
                throw StaffRoles.problem(
                        HttpStatus.CONFLICT,
                        "already-enrolled",
                        "Already enrolled",
                        "Someone was already enrolled from this referral.");
            }
            return participants.enrolFromReferral(stored.id(), stored.site(), chosen, who, by);
        });
    }

    /** The referral named by short reference (or id), if on a site {@code user} works and may see in full. */
    private ReferralStore.Stored referral(String named, Authentication user) {
        String ref = named.toUpperCase(Locale.ROOT).replaceFirst("^LEAD\\s+", "");
        List<UUID> ids = db.sql("select id from referral where upper(short_ref) = ? order by received_at desc")
                .param(ref)
                .query(UUID.class)
                .list();
        if (ids.isEmpty()) {
            try {
                ids = List.of(UUID.fromString(named));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return ids.stream()
                .map(referrals::find)
                .flatMap(Optional::stream)
                .filter(r -> staffSites.allows(user, r.site()))
                .filter(r -> assigns(user) || access.level(null, user, r) == ReferralAccess.Level.FULL)
                .findFirst()
                .orElse(null);
    }

    /**
     * Gives a participant another case manager, recorded with who and when.
     *
     * @throws ErrorResponseException 403 for a case manager; 400 when not one of the site's
     */
    Participants.Participant assign(String id, String caseManagerId, Authentication user) {
        String by = StaffRoles.require(user, StaffRoles.STAFF);
        Participants.Participant participant = find(id, user);
        if (!assigns(user)) {
            throw assignmentRefused();
        }
        if (blankToNull(caseManagerId) == null
                || sites.find(participant.site())
                        .flatMap(s -> s.caseManager(caseManagerId.strip()))
                        .isEmpty()) {
            throw StaffRoles.invalid(List.of(error("caseManagerId", "not one of the site's case managers")));
        }
        return transaction
                .execute(tx -> participants.update(participant.id(), caseManagerId.strip(), null, null, by))
                .orElseThrow(ParticipantDesk::notFound);
    }

    /**
     * Makes a participant active or inactive, with the reason (required to make them inactive).
     * Participants never "fail out": inactive is all there is, and they stay their case manager's.
     */
    Participants.Participant status(String id, String status, String reason, Authentication user) {
        String by = StaffRoles.require(user, StaffRoles.STAFF);
        Participants.Participant participant = find(id, user);
        List<Map<String, String>> errors = new ArrayList<>();
        Participants.Status wanted = status(status, null, errors);
        if (wanted == null && errors.isEmpty()) {
            errors.add(error("status", "required: active or inactive"));
        }
        String why = blankToNull(reason) == null ? null : reason.strip();
        if (wanted == Participants.Status.INACTIVE && why == null) {
            errors.add(error("reason", "required: why the participant is inactive, in words"));
        }
        if (why != null && why.length() > 500) {
            errors.add(error("reason", "at most 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw StaffRoles.invalid(errors);
        }
        return transaction
                .execute(tx -> participants.update(participant.id(), null, wanted, why, by))
                .orElseThrow(ParticipantDesk::notFound);
    }

    /** The site's case managers with their caseloads against the site's limit. */
    List<CaseloadRow> caseloads(String site) {
        Optional<Site> found = sites.find(site);
        if (found.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> active = caseloads.active(site);
        Caseloads.Limits limits = caseloads.limits(site);
        List<CaseloadRow> rows = new ArrayList<>();
        for (Site.CaseManager cm : found.get().caseManagers().values()) {
            rows.add(new CaseloadRow(
                    cm.id(), cm.name(), new Caseloads.Caseload(cm.id(), active.getOrDefault(cm.id(), 0), limits)));
        }
        // Participants of a case manager no longer in site.yaml still count, and show.
        active.forEach((id, n) -> {
            if (found.get().caseManager(id).isEmpty()) {
                rows.add(new CaseloadRow(id, id + " (not in site.yaml)", new Caseloads.Caseload(id, n, limits)));
            }
        });
        return rows;
    }

    /**
     * One case manager's line of the caseload table.
     *
     * @param caseManagerId their id
     * @param name          their name (staff, not participants)
     * @param caseload      their caseload against the site's limit
     */
    public record CaseloadRow(String caseManagerId, String name, Caseloads.Caseload caseload) {}

    /** A case manager's name on a site, or their id when the site no longer lists them. */
    String caseManagerName(String site, String caseManagerId) {
        return sites.find(site)
                .flatMap(s -> s.caseManager(caseManagerId))
                .map(Site.CaseManager::name)
                .orElse(caseManagerId);
    }

    static Participants.Status status(String text, Participants.Status fallback, List<Map<String, String>> errors) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Participants.Status.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(error("status", "must be active or inactive"));
            return fallback;
        }
    }

    static ErrorResponseException assignmentRefused() {
        return StaffRoles.problem(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Not allowed",
                "Supervisors and the Operations Work Group decide who a participant's case manager is.");
    }

    static ErrorResponseException notFound() {
        return StaffRoles.problem(
                HttpStatus.NOT_FOUND, "not-found", "Participant not found", "No participant has this id.");
    }

    static Map<String, String> error(String field, String reason) {
        return Map.of("field", field, "reason", reason);
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
