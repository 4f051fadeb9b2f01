package org.doorway.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.doorway.handoff.Handoffs;
import org.doorway.referral.ReferralStore;
import org.doorway.staff.ReferralAccess;
import org.doorway.staff.SourcePrincipal;
import org.doorway.triage.Decisions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/referrals/{id}}: a referral as its source sent it, with triage's decision and
 * the warm handoff's clock, shown as far as {@link ReferralAccess} allows: a source sees only the
 * referrals it sent; a dispatcher their source's intake status; a case manager their own handoffs;
 * supervisors and administrators their site's. Anything else, including an id that does not
 * exist, is {@code 404}, so that ids cannot be probed.
 */
@RestController
class ReferralStatusApi {

    private final ReferralStore referrals;
    private final Decisions decisions;
    private final Handoffs handoffs;
    private final ReferralAccess access;
    private final ObjectMapper json;

    ReferralStatusApi(
            ReferralStore referrals, Decisions decisions, Handoffs handoffs, ReferralAccess access, ObjectMapper json) {
        this.referrals = referrals;
        this.decisions = decisions;
        this.handoffs = handoffs;
        this.access = access;
        this.json = json;
    }

    @GetMapping("/api/v1/referrals/{id}")
    ResponseEntity<?> referral(@PathVariable String id, HttpServletRequest request, Authentication user) {
        Optional<ReferralStore.Stored> stored = parse(id).flatMap(referrals::find);
        Object source = request.getAttribute(SourcePrincipal.REQUEST_ATTRIBUTE);
        ReferralAccess.Level level =
                stored.map(r -> access.level(source, user, r)).orElse(ReferralAccess.Level.NONE);
        if (level == ReferralAccess.Level.NONE) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND, "No referral with this id is visible with these credentials.");
            problem.setTitle("Referral not found");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
        }
        ReferralStore.Stored referral = stored.get();
        ObjectNode body = json.createObjectNode();
        body.put("id", referral.id().toString());
        body.put("shortRef", referral.shortRef());
        body.put("channel", referral.channel());
        body.put(
                "duplicateOf",
                referral.duplicateOf() == null ? null : referral.duplicateOf().toString());
        if (level == ReferralAccess.Level.FULL) {
            body.setAll(referrals.bodyJson(referral.id()).orElseThrow());
        } else {
            // Intake status only: what became of it, not who it is about.
            body.put("site", referral.site());
            body.put("door", referral.door().name());
        }
        boolean staff = !(source instanceof SourcePrincipal) && level == ReferralAccess.Level.FULL;
        body.set(
                "decision",
                decisions.find(referral.id()).map(d -> decisionJson(d, staff)).orElse(null));
        body.set(
                "handoff",
                handoffs.find(referral.id())
                        .map(h -> {
                            Map<String, Object> clock = new LinkedHashMap<>();
                            clock.put("state", h.state());
                            clock.put("requestedAt", h.requestedAt());
                            clock.put("pagedAt", h.pagedAt());
                            clock.put("deliveredAt", h.deliveredAt());
                            clock.put("acknowledgedAt", h.acknowledgedAt());
                            clock.put("enRouteAt", h.enRouteAt());
                            clock.put("onSceneAt", h.onSceneAt());
                            clock.put("handedOffAt", h.handedOffAt());
                            clock.put("closedAt", h.closedAt());
                            clock.put("closeReason", h.closeReason());
                            clock.put("responder", h.responderId());
                            clock.put("etaMinutes", h.etaMinutes());
                            return json.<com.fasterxml.jackson.databind.JsonNode>valueToTree(clock);
                        })
                        .orElse(null));
        return ResponseEntity.ok(body);
    }

    /**
     * The decision as its reader may see it. A source sees what it needs to act on (the outcome,
     * why, what to tell the person waiting, what to send instead); whether the person is an
     * enrolled participant, and their case manager, is for staff only (42 CFR Part 2).
     */
    private com.fasterxml.jackson.databind.JsonNode decisionJson(Decisions.Recorded recorded, boolean staff) {
        ObjectNode decision = json.valueToTree(recorded.decision());
        decision.put("decidedAt", recorded.decidedAt().toString());
        if (!staff) {
            decision.remove(java.util.List.of("ownCaseManager", "equity", "rules"));
        }
        return decision;
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
