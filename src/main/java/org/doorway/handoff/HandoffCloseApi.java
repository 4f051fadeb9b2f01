package org.doorway.handoff;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.doorway.referral.ReferralStore;
import org.doorway.staff.ReferralAccess;
import org.doorway.staff.SourcePrincipal;
import org.doorway.system.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/referrals/{id}/handoff/close} with {@code {"outcome":"cancelled"|"person-left",
 * "reason":"…"}}: the officer, through dispatch, calls a warm handoff off, or someone reports the
 * person gone. Whoever may see the referral's status may close it: the source that sent it (its
 * API key), its dispatcher, the case manager involved, a supervisor or administrator of its site
 * ({@link ReferralAccess}). The escalation stops; the case manager on their way, the referring
 * officer and the source are told. {@code 200} with the handoff's state; {@code 409} when it was
 * already closed; {@code 404} for a referral the caller may not see or without a handoff.
 */
@RestController
class HandoffCloseApi {

    private final ReferralStore referrals;
    private final ReferralAccess access;
    private final HandoffClock clock;
    private final TransactionTemplate transaction;

    HandoffCloseApi(
            ReferralStore referrals, ReferralAccess access, HandoffClock clock, TransactionTemplate transaction) {
        this.referrals = referrals;
        this.access = access;
        this.clock = clock;
        this.transaction = transaction;
    }

    /** The request: how the handoff ends, and why in the caller's words. */
    record CloseRequest(String outcome, String reason) {}

    /** The answer: the referral and its handoff's state now. */
    record Closed(UUID referralId, String state) {}

    @PostMapping("/api/v1/referrals/{id}/handoff/close")
    Closed close(
            @PathVariable String id, @RequestBody CloseRequest request, HttpServletRequest http, Authentication user) {
        Object source = http.getAttribute(SourcePrincipal.REQUEST_ATTRIBUTE);
        ReferralStore.Stored referral = parse(id)
                .flatMap(referrals::find)
                .filter(r -> access.level(source, user, r) != ReferralAccess.Level.NONE)
                .orElseThrow(() -> notFound("No referral with this id is visible with these credentials."));
        String outcome = switch (request.outcome() == null
                ? ""
                : request.outcome().trim().toLowerCase(Locale.ROOT)) {
            case "cancelled", "canceled" -> "CANCELLED";
            case "person-left" -> "PERSON_LEFT";
            default -> null;
        };
        List<Map<String, String>> errors = new ArrayList<>();
        if (outcome == null) {
            errors.add(Map.of("field", "outcome", "reason", "one of cancelled, person-left"));
        }
        if (request.reason() != null && request.reason().length() > 500) {
            errors.add(Map.of("field", "reason", "reason", "at most 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw Problems.invalid(errors);
        }
        String who = source instanceof SourcePrincipal principal ? "source:" + principal.source() : user.getName();
        boolean dispatch = source instanceof SourcePrincipal
                || user.getAuthorities().stream()
                        .anyMatch(a -> a.getAuthority().equals(org.doorway.staff.StaffRole.DISPATCHER.authority()));
        HandoffClock.Via via = dispatch ? HandoffClock.Via.DISPATCHER : HandoffClock.Via.ADMIN;
        HandoffClock.Result result =
                transaction.execute(status -> clock.lock(referral.id()).isEmpty()
                        ? null
                        : clock.close(referral.id(), outcome, via, who, blankToNull(request.reason()), false));
        if (result == null) {
            throw notFound("This referral has no warm handoff to close.");
        }
        if (result == HandoffClock.Result.CLOSED) {
            throw Problems.exception(
                    HttpStatus.CONFLICT,
                    "handoff-closed",
                    "Handoff already closed",
                    "This handoff was already handed off or closed; nothing changed.",
                    List.of());
        }
        return new Closed(referral.id(), outcome);
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static org.springframework.web.ErrorResponseException notFound(String detail) {
        return Problems.exception(HttpStatus.NOT_FOUND, "not-found", "Referral not found", detail, List.of());
    }
}
