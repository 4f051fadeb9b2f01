package org.doorway.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Corrections of the handoff clock and the intake deadlines, over the API (the dashboard's pages
 * offer the same through forms). Errors are {@code application/problem+json}.
 *
 * <ul>
 *   <li>{@code POST /api/v1/handoffs/{referralId}/corrections}
 *       {@code {"moment":"ON_SCENE","at":"2025-03-04T10:15:00Z","reason":"…"}} → 201 with the
 *       correction; supervisors and administrators (see {@link Corrections} for the rules).</li>
 *   <li>{@code GET /api/v1/handoffs/{referralId}/corrections}: the corrections, oldest first;
 *       supervisors and administrators.</li>
 *   <li>{@code POST /api/v1/referrals/{id}/intake-deadline} {@code {"until":"2025-04-30","reason":"…"}}
 *       → 201 with the extension: the OWG extends an arrest diversion's intake deadline (a date means
 *       the end of that day in the site's zone); supervisors and administrators.</li>
 *   <li>{@code POST /api/v1/referrals/{id}/intake} {@code {"doneAt":"…","participantId":"…"}} (both
 *       optional) → 201: the intake happened (now, if {@code doneAt} is not given); 409 when it was
 *       already recorded. Supervisors, administrators, and the case manager of the referral.</li>
 * </ul>
 */
@RestController
class ClockApi {

    private static final Logger log = LoggerFactory.getLogger(ClockApi.class);
    static final int MAX_REASON = 2000;

    private final Viewers viewers;
    private final Corrections corrections;
    private final IntakeDeadlines deadlines;
    private final HandoffFacts facts;
    private final Latency latency;

    ClockApi(Viewers viewers, Corrections corrections, IntakeDeadlines deadlines, HandoffFacts facts, Latency latency) {
        this.viewers = viewers;
        this.corrections = corrections;
        this.deadlines = deadlines;
        this.facts = facts;
        this.latency = latency;
    }

    /** A correction asked for. */
    record CorrectionRequest(String moment, String at, String reason) {}

    /** An extension asked for. */
    record ExtensionRequest(String until, String reason) {}

    /** An intake to record. */
    record IntakeRequest(String doneAt, String participantId) {}

    @PostMapping("/api/v1/handoffs/{id}/corrections")
    ResponseEntity<Corrections.Correction> correct(
            @PathVariable String id, @RequestBody CorrectionRequest request, Authentication user) {
        Viewer viewer = correctors(user);
        UUID referral = uuid(id, "Handoff");
        HandoffFacts.Row row = facts.find(referral, viewer).orElseThrow(() -> ApiProblems.notFound("Handoff"));
        List<Map<String, String>> errors = new ArrayList<>();
        Corrections.Moment moment = null;
        try {
            moment = Corrections.Moment.valueOf(
                    text(request.moment()).toUpperCase(Locale.ROOT).replace(' ', '_'));
        } catch (IllegalArgumentException e) {
            errors.add(error(
                    "moment",
                    "must be one of REQUESTED, PAGED, DELIVERED, ACKNOWLEDGED, EN_ROUTE, ON_SCENE, " + "HANDED_OFF"));
        }
        Instant at = instant(request.at(), latency.zone(row.site()), "at", errors, false);
        String reason = reason(request.reason(), errors);
        if (!errors.isEmpty()) {
            throw ApiProblems.invalid(errors);
        }
        try {
            Corrections.Correction done = corrections
                    .correct(referral, moment, at, reason, viewer.name())
                    .orElseThrow(() -> ApiProblems.notFound("Handoff"));
            log.info("Handoff {}: {} corrected by a supervisor or administrator", referral, moment);
            return ResponseEntity.status(HttpStatus.CREATED).body(done);
        } catch (Corrections.Refused e) {
            throw ApiProblems.problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "correction-refused",
                    "Correction refused",
                    e.getMessage() + "; nothing was changed.");
        }
    }

    @GetMapping("/api/v1/handoffs/{id}/corrections")
    List<Corrections.Correction> corrections(@PathVariable String id, Authentication user) {
        Viewer viewer = correctors(user);
        UUID referral = uuid(id, "Handoff");
        facts.find(referral, viewer).orElseThrow(() -> ApiProblems.notFound("Handoff"));
        return corrections.of(referral);
    }

    @PostMapping("/api/v1/referrals/{id}/intake-deadline")
    ResponseEntity<IntakeDeadlines.Extension> extend(
            @PathVariable String id, @RequestBody ExtensionRequest request, Authentication user) {
        Viewer viewer = correctors(user);
        UUID referral = uuid(id, "Referral");
        IntakeDeadlines.Deadline deadline = deadlines
                .find(referral)
                .filter(d -> viewer.covers(d.site()))
                .orElseThrow(() -> ApiProblems.problem(
                        HttpStatus.NOT_FOUND,
                        "no-intake-deadline",
                        "No intake deadline",
                        "No diverted arrest diversion you may see has this id."));
        List<Map<String, String>> errors = new ArrayList<>();
        Instant until = instant(request.until(), latency.zone(deadline.site()), "until", errors, true);
        String reason = reason(request.reason(), errors);
        if (!errors.isEmpty()) {
            throw ApiProblems.invalid(errors);
        }
        try {
            IntakeDeadlines.Extension extension =
                    deadlines.extend(referral, until, reason, viewer.name()).orElseThrow();
            log.info("Referral {}: intake deadline extended", referral);
            return ResponseEntity.status(HttpStatus.CREATED).body(extension);
        } catch (IntakeDeadlines.Refused e) {
            throw ApiProblems.problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "extension-refused",
                    "Extension refused",
                    e.field + ": " + e.getMessage() + "; nothing was changed.");
        }
    }

    @PostMapping("/api/v1/referrals/{id}/intake")
    ResponseEntity<Map<String, Object>> intake(
            @PathVariable String id, @RequestBody(required = false) IntakeRequest body, Authentication user) {
        Viewer viewer = viewers.of(user)
                .filter(v -> v.sight() == Viewer.Sight.ALL || v.sight() == Viewer.Sight.OWN)
                .orElseThrow(ApiProblems::forbidden);
        IntakeRequest request = body == null ? new IntakeRequest(null, null) : body;
        UUID referral = uuid(id, "Referral");
        String site = deadlines.siteIfVisible(referral, viewer).orElseThrow(() -> ApiProblems.notFound("Referral"));
        List<Map<String, String>> errors = new ArrayList<>();
        Instant doneAt = request.doneAt() == null || request.doneAt().isBlank()
                ? null
                : instant(request.doneAt(), latency.zone(site), "doneAt", errors, false);
        UUID participant = null;
        if (request.participantId() != null && !request.participantId().isBlank()) {
            try {
                participant = UUID.fromString(request.participantId().trim());
            } catch (IllegalArgumentException e) {
                errors.add(error("participantId", "must be a participant's id (a UUID)"));
            }
        }
        if (doneAt != null && doneAt.isAfter(facts.now())) {
            errors.add(error("doneAt", "cannot be in the future"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblems.invalid(errors);
        }
        try {
            if (!deadlines.recordIntake(referral, doneAt, participant, viewer.name())) {
                throw ApiProblems.problem(
                        HttpStatus.CONFLICT,
                        "intake-recorded",
                        "Intake already recorded",
                        "This referral's intake was recorded before; nothing was changed.");
            }
        } catch (IntakeDeadlines.Refused e) {
            throw ApiProblems.invalid(e.field, e.getMessage());
        }
        log.info("Referral {}: intake recorded", referral);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("referralId", referral, "recorded", true));
    }

    private Viewer correctors(Authentication user) {
        return viewers.of(user).filter(v -> v.may(Viewer.Section.CORRECT)).orElseThrow(ApiProblems::forbidden);
    }

    private static UUID uuid(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblems.notFound(what);
        }
    }

    private static String reason(String reason, List<Map<String, String>> errors) {
        if (reason == null || reason.isBlank()) {
            errors.add(error("reason", "required: why, in words"));
            return null;
        }
        if (reason.length() > MAX_REASON) {
            errors.add(error("reason", "at most " + MAX_REASON + " characters"));
            return null;
        }
        return reason.trim();
    }

    /**
     * An ISO-8601 instant, date-time with offset, local date-time (read in {@code zone}) or, where
     * {@code dateAllowed}, a date (the end of that day in {@code zone}: the last moment before the next).
     */
    static Instant instant(
            String text, ZoneId zone, String field, List<Map<String, String>> errors, boolean dateAllowed) {
        if (text == null || text.isBlank()) {
            errors.add(error(field, "required"));
            return null;
        }
        String t = text.trim();
        try {
            if (dateAllowed && t.length() == 10) {
                return LocalDate.parse(t)
                        .plusDays(1)
                        .atStartOfDay(zone)
                        .toInstant()
                        .minusSeconds(1);
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.length() <= 19) {
                return java.time.LocalDateTime.parse(t).atZone(zone).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(
                    error(field, dateAllowed ? "must be an ISO-8601 date or instant" : "must be an ISO-8601 instant"));
            return null;
        }
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    private static Map<String, String> error(String field, String reason) {
        return Map.of("field", field, "reason", reason);
    }
}
