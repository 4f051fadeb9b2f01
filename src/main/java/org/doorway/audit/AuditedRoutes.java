package org.doorway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.doorway.staff.SourcePrincipal;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Which answers are reads of personal data, and what each change was, by the route that answered
 * (the handler's pattern, e.g. {@code /handoffs/{id}}): the one list to extend when a new page or
 * API shows personal data.
 *
 * <ul>
 *   <li>Reads ({@code GET}): a referral ({@code /api/v1/referrals/{id}} in whichever view the
 *       caller gets, its decisions, the details page {@code /handoffs/{id}}, the clock page and
 *       corrections, the one-tap page {@code /p/{token}}), a participant, the Operations Work
 *       Group's lists and agenda, a participant's releases of information (API and page) and those
 *       expiring soon, CSV exports of the dashboard's tables, the coverage planner (a
 *       replay over the site's stored referrals), the local outbox (the texts sent), an opened dead
 *       letter (a kept body, or a sealed copy sent to be opened, by {@code POST}), and the audit
 *       itself, the participants list and page, caseloads, and a case manager's "my work" page;</li>
 *   <li>changes: every other method on those routes and on the staff API (reviews, overrides,
 *       intake, deadlines, corrections, closing a handoff, one-tap answers, participants, recording and
 *       revoking releases of information, accounts).</li>
 * </ul>
 * Only answers that succeeded are recorded ({@code 2xx}, and a change's redirect): a refused or
 * unknown id showed nothing. Referrals arriving through the doors are not rows here: the referral
 * itself records its source and when it came; the handoff's event log records each page's answer.
 */
@Component
class AuditedRoutes {

    /** The paths under which an answer may be audited; nothing else is looked at (nor buffered). */
    private static final List<String> PREFIXES = List.of(
            "/api/v1/referrals/",
            "/api/v1/participants",
            "/api/v1/handoffs/",
            "/api/v1/owg/",
            "/api/v1/follow-ups",
            "/api/v1/overrides",
            "/api/v1/users",
            "/api/v1/sites/",
            "/api/v1/audit",
            "/api/v1/consents",
            "/api/v1/dead-letters/",
            "/participants",
            "/my-work",
            "/consents/",
            "/handoffs/",
            "/dashboard/",
            "/dev/outbox",
            "/p/",
            "/admin/");

    /** A kind of read: what record it shows and how its site is found. */
    private enum Target {
        REFERRAL,
        PARTICIPANT,
        LIST,
        EXPORT,
        OUTBOX,
        AUDIT,
        DEAD_LETTER,
        /** A site's configuration ({@code site.yaml}): staff names and phone numbers. */
        SITE_FILE
    }

    private record Read(Target target, String purpose) {}

    private static final Map<String, Read> READS = new LinkedHashMap<>();

    static {
        READS.put("/api/v1/referrals/{id}", new Read(Target.REFERRAL, "referral"));
        READS.put(
                "/api/v1/referrals/{id}/decisions",
                new Read(Target.REFERRAL, "triage decisions: reasons, rules, exclusions, overrides, reviews"));
        READS.put(
                "/handoffs/{id}",
                new Read(
                        Target.REFERRAL,
                        "handoff details page: the person's descriptors, call type, notes, place,"
                                + " the officer's contact, the clock and its events"));
        READS.put(
                "/dashboard/handoffs/{id}",
                new Read(Target.REFERRAL, "handoff clock page: the clock, corrections and event log"));
        READS.put("/api/v1/handoffs/{id}/corrections", new Read(Target.REFERRAL, "clock corrections"));
        READS.put(
                "/p/{token}",
                new Read(Target.REFERRAL, "one-tap page: short reference, door, street address, the clock"));
        READS.put(
                "/api/v1/participants/{id}",
                new Read(Target.PARTICIPANT, "participant: site, case manager, status, match rules"));
        READS.put(
                "/participants/{id}",
                new Read(Target.PARTICIPANT, "participant page: case manager, status and why, referrals, history"));
        READS.put(
                "/api/v1/participants",
                new Read(Target.LIST, "participants: case managers and status, searched by short reference"));
        READS.put("/participants", new Read(Target.LIST, "participants page: case managers, status, caseloads"));
        READS.put(
                "/api/v1/participants/caseloads",
                new Read(Target.LIST, "caseloads: active participants per case manager"));
        READS.put(
                "/my-work",
                new Read(
                        Target.LIST,
                        "my work: the case manager's open handoffs (short reference, door, street address, the clock)"
                                + " and their participants"));
        READS.put(
                "/api/v1/participants/{id}/consents",
                new Read(Target.PARTICIPANT, "releases of information: parties, scope, dates, revocation"));
        READS.put(
                "/participants/{id}/consents",
                new Read(Target.PARTICIPANT, "consent page: releases of information, parties, scope, dates"));
        READS.put(
                "/api/v1/participants/{id}/export",
                new Read(Target.PARTICIPANT, "export of everything stored about the participant"));
        READS.put(
                "/api/v1/referrals/{id}/export",
                new Read(Target.REFERRAL, "export of everything stored about the person of this referral"));
        READS.put(
                "/participants/{id}/records",
                new Read(Target.PARTICIPANT, "records page: the participant's referrals held"));
        READS.put("/handoffs/{id}/records", new Read(Target.REFERRAL, "records page: the referral held"));
        READS.put("/api/v1/consents/expiring", new Read(Target.LIST, "releases of information expiring soon"));
        READS.put("/consents/expiring", new Read(Target.LIST, "releases of information expiring soon"));
        READS.put("/api/v1/owg/pending", new Read(Target.LIST, "the Operations Work Group's queue"));
        READS.put("/api/v1/follow-ups", new Read(Target.LIST, "open field follow-ups"));
        READS.put("/api/v1/overrides", new Read(Target.LIST, "overrides of exclusions"));
        READS.put("/dashboard/owg", new Read(Target.LIST, "the Operations Work Group's agenda"));
        READS.put(
                "/dashboard/owg/meeting",
                new Read(Target.LIST, "the Operations Work Group's meeting: referrals to decide, intake deadlines"));
        READS.put("/dashboard/owg/minutes", new Read(Target.LIST, "the Operations Work Group's minutes"));
        READS.put("/dashboard/owg/minutes.csv", new Read(Target.EXPORT, "the Operations Work Group's minutes as CSV"));
        READS.put("/dashboard/overrides", new Read(Target.LIST, "arrest diversions refused for an exclusion"));
        READS.put("/dashboard/overrides/report", new Read(Target.LIST, "the PCG's report of overrides"));
        READS.put(
                "/dashboard/oncall/{site}/site.yaml",
                new Read(Target.SITE_FILE, "the site's configuration as site.yaml: staff names and phone numbers"));
        READS.put(
                "/api/v1/sites/{site}/site.yaml",
                new Read(Target.SITE_FILE, "the site's configuration as site.yaml: staff names and phone numbers"));
        READS.put("/dashboard/overrides/report.csv", new Read(Target.EXPORT, "the PCG's report of overrides as CSV"));
        READS.put(
                "/dashboard/planner",
                new Read(Target.LIST, "coverage planner: a replay over the site's stored referrals"));
        READS.put("/dashboard/tables/{id}.csv", new Read(Target.EXPORT, "CSV export"));
        READS.put("/dev/outbox", new Read(Target.OUTBOX, "local outbox: the texts and calls sent"));
        READS.put(
                "/api/v1/dead-letters/{id}/body",
                new Read(Target.DEAD_LETTER, "a refused body kept in a door's dead letter, opened"));
        READS.put(
                "/api/v1/dead-letters/open",
                new Read(Target.DEAD_LETTER, "a sealed dead letter or export file, opened"));
        READS.put("/api/v1/audit", new Read(Target.AUDIT, "the access audit"));
        READS.put("/admin/audit", new Read(Target.AUDIT, "the access audit"));
        READS.put("/admin/audit.csv", new Read(Target.AUDIT, "the access audit as CSV"));
    }

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** Routes that answer a {@code POST} with personal data and change nothing: reads. */
    private static final Set<String> READ_BY_POST = Set.of("/api/v1/dead-letters/open");

    /** Query parameters of an export worth recording: filters, never personal values. */
    private static final List<String> EXPORT_FILTERS = List.of("from", "to", "site", "measure", "meeting");

    private final JdbcClient db;
    private final Viewers viewers;
    private final ObjectMapper json;

    AuditedRoutes(JdbcClient db, Viewers viewers, ObjectMapper json) {
        this.db = db;
        this.viewers = viewers;
        this.json = json;
    }

    /** Whether an answer to {@code path} may need a row (so is held until it is written). */
    static boolean mayAudit(String path) {
        return PREFIXES.stream().anyMatch(path::startsWith);
    }

    /**
     * The row this answered request needs, if any.
     *
     * @param status the answer's status
     * @param body   the answer's body, read for the id of a record a change created
     */
    Optional<AuditEntry> entry(HttpServletRequest request, Authentication user, int status, byte[] body) {
        if (!(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern)
                || !mayAudit(pattern)) {
            return Optional.empty();
        }
        boolean read = SAFE_METHODS.contains(request.getMethod()) || READ_BY_POST.contains(pattern);
        if (read ? status < 200 || status >= 300 : status < 200 || status >= 400) {
            return Optional.empty();
        }
        Map<String, String> variables = variables(request);
        Actor actor = actor(request, user);
        String route = request.getMethod() + " " + pattern;
        String fields = request.getAttribute(AccessAudit.FIELDS) instanceof String f ? f : null;
        AccessAudit.Link link = request.getAttribute(AccessAudit.LINK) instanceof AccessAudit.Link l ? l : null;
        if (read) {
            Read what = READS.get(pattern);
            if (what == null) {
                return Optional.empty();
            }
            String purpose = fields != null ? fields : what.purpose();
            return Optional.of(
                    switch (what.target()) {
                        case REFERRAL -> {
                            UUID referral = link != null ? link.referralId() : uuid(variables.get("id"));
                            yield entry(
                                    referralSite(referral),
                                    actor,
                                    "READ",
                                    "referral",
                                    referral == null ? null : referral.toString(),
                                    referral,
                                    route,
                                    purpose,
                                    request);
                        }
                        case PARTICIPANT ->
                            entry(
                                    participantSite(uuid(variables.get("id"))),
                                    actor,
                                    "READ",
                                    "participant",
                                    variables.get("id"),
                                    null,
                                    route,
                                    purpose,
                                    request);
                        case LIST ->
                            entry(
                                    askedSite(request, actor),
                                    actor,
                                    "READ",
                                    "list",
                                    null,
                                    null,
                                    route,
                                    purpose,
                                    request);
                        case EXPORT ->
                            entry(
                                    askedSite(request, actor),
                                    actor,
                                    "EXPORT",
                                    "export",
                                    variables.get("id"),
                                    null,
                                    route,
                                    purpose + " of table " + variables.get("id") + filters(request),
                                    request);
                        case OUTBOX -> entry(null, actor, "READ", "outbox", null, null, route, purpose, request);
                        case SITE_FILE ->
                            entry(
                                    variables.get("site"),
                                    actor,
                                    "EXPORT",
                                    "site",
                                    variables.get("site"),
                                    null,
                                    route,
                                    purpose,
                                    request);
                        case DEAD_LETTER ->
                            entry(
                                    actor.site(),
                                    actor,
                                    "READ",
                                    "dead-letter",
                                    variables.get("id"),
                                    null,
                                    route,
                                    purpose,
                                    request);
                        case AUDIT ->
                            entry(
                                    askedSite(request, actor),
                                    actor,
                                    "READ",
                                    "audit",
                                    null,
                                    null,
                                    route,
                                    purpose + auditFilters(request),
                                    request);
                    });
        }
        String purpose = fields != null ? fields : "change: " + route;
        if (link != null) {
            return Optional.of(entry(
                    referralSite(link.referralId()),
                    actor,
                    "CHANGE",
                    "referral",
                    link.referralId().toString(),
                    link.referralId(),
                    route,
                    purpose,
                    request));
        }
        if (pattern.contains("/referrals/{id}") || pattern.contains("/handoffs/{id}")) {
            UUID referral = uuid(variables.get("id"));
            return Optional.of(entry(
                    referralSite(referral),
                    actor,
                    "CHANGE",
                    "referral",
                    variables.get("id"),
                    referral,
                    route,
                    purpose,
                    request));
        }
        if (pattern.startsWith("/api/v1/participants") || pattern.startsWith("/participants")) {
            String id = variables.containsKey("id") ? variables.get("id") : created(body, "id");
            return Optional.of(entry(
                    participantSite(uuid(id)), actor, "CHANGE", "participant", id, null, route, purpose, request));
        }
        if (pattern.startsWith("/api/v1/users")) {
            String username = variables.containsKey("username") ? variables.get("username") : created(body, "username");
            return Optional.of(
                    entry(accountSite(username), actor, "CHANGE", "account", username, null, route, purpose, request));
        }
        return Optional.of(entry(actor.site(), actor, "CHANGE", "other", null, null, route, purpose, request));
    }

    /** Who asked: a source's key, a page's link, a signed-in account, or nobody in particular. */
    record Actor(String kind, String name, String site) {}

    private Actor actor(HttpServletRequest request, Authentication user) {
        if (request.getAttribute(AccessAudit.LINK) instanceof AccessAudit.Link link) {
            return new Actor("LINK", "page " + link.pageId(), null);
        }
        Object source = request.getAttribute(SourcePrincipal.REQUEST_ATTRIBUTE);
        if (source == null && user != null && user.getPrincipal() instanceof SourcePrincipal principal) {
            source = principal;
        }
        if (source instanceof SourcePrincipal s) {
            return new Actor("SOURCE", s.site() + "/" + s.source(), s.site());
        }
        if (user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken)) {
            Optional<Viewer> viewer = viewers.of(user);
            return new Actor(
                    "STAFF",
                    viewer.map(Viewer::name).orElse(user.getName()),
                    viewer.map(Viewer::site).orElse(null));
        }
        return new Actor("ANONYMOUS", "anonymous", null);
    }

    private static AuditEntry entry(
            String site,
            Actor actor,
            String action,
            String recordKind,
            String recordId,
            UUID referralId,
            String route,
            String purpose,
            HttpServletRequest request) {
        return new AuditEntry(
                null,
                null,
                site,
                actor.kind(),
                actor.name(),
                action,
                recordKind,
                recordId,
                referralId,
                route,
                purpose,
                request.getRemoteAddr());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> variables(HttpServletRequest request) {
        Object vars = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return vars instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }

    private static UUID uuid(String text) {
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String referralSite(UUID referral) {
        return referral == null
                ? null
                : db.sql("select site from referral where id = ?")
                        .param(referral)
                        .query(String.class)
                        .optional()
                        .orElse(null);
    }

    private String participantSite(UUID participant) {
        return participant == null
                ? null
                : db.sql("select site from participant where id = ?")
                        .param(participant)
                        .query(String.class)
                        .optional()
                        .orElse(null);
    }

    private String accountSite(String username) {
        return username == null
                ? null
                : db.sql("select site from app_user where username = ?")
                        .param(username)
                        .query(String.class)
                        .optional()
                        .orElse(null);
    }

    /** The site a list or export was asked for, or the asker's own. */
    private static String askedSite(HttpServletRequest request, Actor actor) {
        String asked = request.getParameter("site");
        return asked != null && !asked.isBlank() ? asked.trim() : actor.site();
    }

    private static String filters(HttpServletRequest request) {
        StringBuilder out = new StringBuilder();
        for (String name : EXPORT_FILTERS) {
            String value = request.getParameter(name);
            if (value != null && !value.isBlank()) {
                out.append(out.isEmpty() ? " (" : ", ").append(name).append('=').append(value.strip());
            }
        }
        return out.isEmpty() ? "" : out.append(')').toString();
    }

    private static String auditFilters(HttpServletRequest request) {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("referral", "actor", "site")) {
            String value = request.getParameter(name);
            if (value != null && !value.isBlank()) {
                out.append(out.isEmpty() ? " (" : ", ").append(name).append('=').append(value.strip());
            }
        }
        return out.isEmpty() ? "" : out.append(')').toString();
    }

    /** A field of the JSON object a change answered with (the id of what it created). */
    private String created(byte[] body, String field) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode answer = json.readTree(body);
            JsonNode value = answer.path(field);
            return value.isValueNode() ? value.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
