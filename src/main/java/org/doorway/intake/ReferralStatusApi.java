package org.doorway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;
import org.doorway.audit.AccessAudit;
import org.doorway.consent.Consents;
import org.doorway.consent.Release;
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
 * {@code GET /api/v1/referrals/{id}}: a referral with triage's decision and the warm handoff's
 * clock, in the view its reader's work needs (DOMAIN.md: minimum necessary).
 * <ul>
 *   <li>The source that sent it (by API key), and a dispatcher following that source: the
 *       {@link SourceView}, built from an allow-list: what became of it, what to tell the referrer,
 *       who is coming and when; never the person, whether they are an enrolled participant, the
 *       exclusions or the rules that applied. A source (never a dispatcher) whose referral is about
 *       an enrolled participant also gets a {@code release} ({@link Release}) when, and only while,
 *       a live release of information of that participant names the source (its id): program
 *       status and/or Part 2 information as its scope allows, with the redisclosure notice;</li>
 *   <li>staff whom {@link ReferralAccess} gives full sight (the case managers involved; supervisors,
 *       administrators and OWG members of the site): the referral as stored, the whole decision and
 *       the clock.</li>
 * </ul>
 * Anything else, including an id that does not exist, is {@code 404}, so that ids cannot be probed.
 * Each answer is recorded in the access audit, naming the view given.
 */
@RestController
class ReferralStatusApi {

    private final ReferralStore referrals;
    private final Decisions decisions;
    private final Handoffs handoffs;
    private final ReferralAccess access;
    private final ObjectMapper json;
    private final Consents consents;

    ReferralStatusApi(
            ReferralStore referrals,
            Decisions decisions,
            Handoffs handoffs,
            ReferralAccess access,
            ObjectMapper json,
            Consents consents) {
        this.consents = consents;
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
        Decisions.Recorded decision = decisions.find(referral.id()).orElse(null);
        SourceView view =
                SourceView.of(referral, decision, handoffs.find(referral.id()).orElse(null));
        if (source instanceof SourcePrincipal || level != ReferralAccess.Level.FULL) {
            // Participation and Part 2 information reach the referrer only under a live release
            // naming them; without one, the allow-listed view is all they get.
            Object caller = source != null ? source : user == null ? null : user.getPrincipal();
            Optional<Release> release = caller instanceof SourcePrincipal principal
                            && decision != null
                            && decision.decision().ownCaseManager() != null
                    ? consents.release(decision.decision().ownCaseManager().participantId(), principal.source())
                    : Optional.empty();
            AccessAudit.fields(
                    request,
                    (source instanceof SourcePrincipal ? "source view" : "dispatcher view")
                            + ": outcome, what to tell the referrer, who is coming and when"
                            + release.map(r -> "; released under consent " + r.consentId()
                                            + (r.substanceUse() != null ? " with Part 2 information" : ""))
                                    .orElse(""));
            ObjectNode answer = json.valueToTree(view);
            release.ifPresent(r -> answer.set("release", json.valueToTree(r)));
            return ResponseEntity.ok(answer);
        }
        AccessAudit.fields(request, "full referral: the person, the call, the whole decision, the clock");
        ObjectNode body = json.createObjectNode();
        body.put("id", referral.id().toString());
        body.put("shortRef", referral.shortRef());
        body.put("channel", referral.channel());
        body.put(
                "duplicateOf",
                referral.duplicateOf() == null ? null : referral.duplicateOf().toString());
        body.setAll(referrals.bodyJson(referral.id()).orElseThrow());
        body.set("decision", decision == null ? null : staffDecision(decision));
        body.set("handoff", view.handoff() == null ? null : json.<JsonNode>valueToTree(view.handoff()));
        return ResponseEntity.ok(body);
    }

    /** The whole decision, for staff with full sight: reasons, rules, enrolment, equity and all. */
    private JsonNode staffDecision(Decisions.Recorded recorded) {
        ObjectNode decision = json.valueToTree(recorded.decision());
        decision.put("decidedAt", recorded.decidedAt().toString());
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
