package org.doorway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorway.staff.StaffRole;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.doorway.system.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * A site's access audit, for its administrators only: {@code GET /api/v1/audit} (JSON),
 * {@code GET /admin/audit} (a page that works without JavaScript) and {@code GET /admin/audit.csv},
 * each filtered by {@code referral} (id or short reference) and {@code actor} (as recorded), newest
 * first, at most {@value AuditLog#LIMIT} rows. An administrator of one site sees that site's rows
 * only (asking for another site is {@code 403}); the global administrator every site's, or the one
 * named by {@code site}. Anyone else is {@code 403}. Reading the audit is itself recorded.
 */
@Controller
class AuditApi {

    private final AuditLog audit;
    private final Viewers viewers;
    private final ObjectMapper json;

    AuditApi(AuditLog audit, Viewers viewers, ObjectMapper json) {
        this.audit = audit;
        this.viewers = viewers;
        this.json = json;
    }

    /** An administrator's search: the site it covers ({@code null}: every site) and its filters. */
    private record Search(Viewer viewer, String site, String referral, String actor) {}

    @GetMapping("/api/v1/audit")
    @ResponseBody
    JsonNode api(
            @RequestParam(required = false) String referral,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String site,
            Authentication user) {
        Search search = search(user, referral, actor, site);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("site", search.site());
        answer.put("referral", search.referral());
        answer.put("actor", search.actor());
        answer.put(
                "entries",
                audit.search(search.site(), search.referral(), search.actor()).stream()
                        .map(AuditApi::json)
                        .toList());
        return json.valueToTree(answer);
    }

    @GetMapping("/admin/audit")
    String page(
            @RequestParam(required = false) String referral,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String site,
            Authentication user,
            Model model) {
        Search search = search(user, referral, actor, site);
        model.addAttribute("viewer", search.viewer());
        model.addAttribute("tab", "audit");
        model.addAttribute("site", search.site());
        model.addAttribute("referral", search.referral() == null ? "" : search.referral());
        model.addAttribute("actor", search.actor() == null ? "" : search.actor());
        model.addAttribute("entries", audit.search(search.site(), search.referral(), search.actor()));
        model.addAttribute("limit", AuditLog.LIMIT);
        model.addAttribute("csv", "/admin/audit.csv" + query(search));
        return "audit/audit";
    }

    @GetMapping("/admin/audit.csv")
    ResponseEntity<String> csv(
            @RequestParam(required = false) String referral,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String site,
            Authentication user) {
        Search search = search(user, referral, actor, site);
        StringBuilder out = new StringBuilder();
        line(
                out,
                List.of(
                        "id",
                        "at",
                        "site",
                        "actorKind",
                        "actor",
                        "action",
                        "recordKind",
                        "recordId",
                        "referral",
                        "request",
                        "purpose",
                        "remoteAddress"));
        for (AuditEntry e : audit.search(search.site(), search.referral(), search.actor())) {
            line(
                    out,
                    java.util.Arrays.asList(
                            String.valueOf(e.id()),
                            e.at().toString(),
                            e.site(),
                            e.actorKind(),
                            e.actor(),
                            e.action(),
                            e.recordKind(),
                            e.recordId(),
                            e.referralId() == null ? null : e.referralId().toString(),
                            e.request(),
                            e.purpose(),
                            e.remoteAddress()));
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"doorway-audit" + (search.site() == null ? "" : "-" + search.site())
                                + ".csv\"")
                .body(out.toString());
    }

    private Search search(Authentication user, String referral, String actor, String site) {
        Viewer viewer = viewers.of(user)
                .filter(v -> v.role() == StaffRole.ADMIN)
                .orElseThrow(() -> Problems.exception(
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        "Not allowed",
                        "Only a site's administrators read its access audit.",
                        List.of()));
        String covered;
        try {
            covered = viewer.siteFilter(site);
        } catch (SecurityException e) {
            throw forbiddenSite();
        }
        return new Search(viewer, covered, blankToNull(referral), blankToNull(actor));
    }

    private static ErrorResponseException forbiddenSite() {
        return Problems.exception(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Not allowed",
                "An administrator of one site reads that site's access audit only.",
                List.of());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String query(Search search) {
        StringBuilder q = new StringBuilder();
        append(q, "referral", search.referral());
        append(q, "actor", search.actor());
        if (search.viewer().site() == null) {
            append(q, "site", search.site());
        }
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append(q.isEmpty() ? '?' : '&')
                    .append(name)
                    .append('=')
                    .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static Map<String, Object> json(AuditEntry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", e.id());
        row.put("at", e.at().toString());
        row.put("site", e.site());
        row.put("actorKind", e.actorKind());
        row.put("actor", e.actor());
        row.put("action", e.action());
        row.put("recordKind", e.recordKind());
        row.put("recordId", e.recordId());
        row.put("referral", e.referralId() == null ? null : e.referralId().toString());
        row.put("request", e.request());
        row.put("purpose", e.purpose());
        row.put("remoteAddress", e.remoteAddress());
        return row;
    }

    /** RFC 4180 CSV, with texts a spreadsheet would run as a formula prefixed by an apostrophe. */
    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String v = fields.get(i) == null ? "" : fields.get(i);
            if (!v.isEmpty() && "=+@-\t\r".indexOf(v.charAt(0)) >= 0) {
                v = "'" + v;
            }
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                v = '"' + v.replace("\"", "\"\"") + '"';
            }
            out.append(v);
        }
        out.append("\r\n");
    }
}
