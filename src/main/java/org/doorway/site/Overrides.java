package org.doorway.site;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffMembers;
import org.doorway.staff.StaffRole;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Making and removing the on-call overrides stored in Doorway, for the schedule page and the API
 * alike: who may, and what a valid override is. An override is checked as a cover in
 * {@code site.yaml} is: a layer the site has, a case manager of the site, a start before its end
 * (a local date-time being read in the layer's zone, with the file's daylight-saving rules), and,
 * because it is recorded with who and why, a reason.
 */
@Component
class Overrides {

    /** The longest reason kept. */
    static final int MAX_REASON = 500;

    private final Sites sites;
    private final StoredOverrides store;
    private final StaffMembers staff;

    Overrides(Sites sites, StoredOverrides store, StaffMembers staff) {
        this.sites = sites;
        this.store = store;
        this.staff = staff;
    }

    /** What was asked for, as given. */
    record Request(String schedule, String caseManager, String from, String to, String reason) {}

    /** The outcome of a request: the new override's id, or the fields at fault and why. */
    record Outcome(UUID id, boolean unreadable, List<Map<String, String>> errors) {
        boolean made() {
            return id != null;
        }
    }

    /** The signed-in person who may change the schedule of {@code site}: its administrators and supervisors. */
    Optional<StaffAccounts.Staff> editor(Authentication user, String site) {
        return staff.of(user)
                .filter(p -> p.covers(site) && (p.role() == StaffRole.ADMIN || p.role() == StaffRole.SUPERVISOR));
    }

    /**
     * Checks and stores an override of {@code site}, in force at once.
     *
     * @return the id, or the errors: {@code unreadable} for a missing or unreadable field (answered
     *     {@code 400}), otherwise a readable request that names what the site does not have or a
     *     window that ends before it begins ({@code 422})
     */
    Outcome make(Site site, Request request, String by) {
        List<Map<String, String>> errors = new ArrayList<>();
        String layer = required(errors, "schedule", request.schedule());
        String member = required(errors, "caseManager", request.caseManager());
        String reason = required(errors, "reason", request.reason());
        if (reason != null && reason.length() > MAX_REASON) {
            errors.add(error("reason", "longer than " + MAX_REASON + " characters"));
        }
        Schedule schedule = layer == null ? null : site.schedules().get(layer);
        ZoneId zone = schedule == null ? site.timeZone() : schedule.zone();
        Instant from = instant(errors, "from", request.from(), zone);
        Instant to = instant(errors, "to", request.to(), zone);
        if (!errors.isEmpty()) {
            return new Outcome(null, true, errors);
        }
        if (schedule == null) {
            errors.add(error(
                    "schedule",
                    "not a layer of site " + site.id() + ": " + site.schedules().keySet()));
        }
        if (site.caseManager(member).isEmpty()) {
            errors.add(error("caseManager", "not a case manager of site " + site.id()));
        } else if (!site.caseManager(member).orElseThrow().active()) {
            errors.add(error("caseManager", "not active at site " + site.id()));
        }
        if (!from.isBefore(to)) {
            errors.add(error("to", "must be after from"));
        }
        if (!errors.isEmpty()) {
            return new Outcome(null, false, errors);
        }
        return new Outcome(store.add(site.id(), layer, member, from, to, reason.strip(), by), false, List.of());
    }

    /** Takes an override of {@code site} out of force; whether one with this id was in force. */
    boolean remove(String site, String id, String by) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return store.remove(site, uuid, by);
    }

    /** The overrides of {@code site} in force, in the order they apply. */
    List<StoredOverrides.Stored> inForce(String site) {
        return store.inForce(site);
    }

    /** Doorway's clock, by which escalation steps fire: what "now" and "tonight" mean on the page. */
    Instant now() {
        return store.now();
    }

    /** The site as its file describes it, before the overrides stored in Doorway. */
    Optional<Site> fromFile(String site) {
        return sites.fromFile(site);
    }

    private static String required(List<Map<String, String>> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(error(field, "required"));
            return null;
        }
        return value.strip();
    }

    /**
     * An instant with an offset ({@code 2026-03-10T02:00:00Z}, {@code …-07:00}) or a local
     * date-time ({@code 2026-03-10T02:00}, as a form's date-time field sends) read in {@code zone}.
     */
    static Instant instant(List<Map<String, String>> errors, String field, String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            errors.add(error(field, "required"));
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Rotation.instant(LocalDateTime.parse(value.strip()), zone);
            } catch (DateTimeParseException notLocal) {
                errors.add(error(field, "not a date-time such as 2026-03-10T02:00 or 2026-03-10T09:00:00Z"));
                return null;
            }
        }
    }

    private static Map<String, String> error(String field, String reason) {
        return Map.of("field", field, "reason", reason);
    }
}
