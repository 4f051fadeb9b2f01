package org.doorway.triage.participants;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.StaffRoles;
import org.doorway.staff.StaffSites;
import org.doorway.triage.Caseloads;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The participants screens, which work without JavaScript and at phone size, for the same people
 * and under the same rules as the API ({@link ParticipantDesk}):
 *
 * <ul>
 *   <li>{@code /participants?site=&q=&caseManager=&status=}: the list, searched by a referral's short
 *       reference (or the start of a participant's id), case manager and status; each case manager's
 *       caseload against the site's limit (over it is flagged, never refused); a form to enrol the
 *       person a referral is about ({@code POST /participants}), filled in by {@code ?referral=}
 *       (the link on a handoff's details page);</li>
 *   <li>{@code /participants/{id}}: one participant: case manager (and their caseload), status and
 *       why, the referrals they came through, their history (who enrolled, assigned, changed status,
 *       when, why), forms to reassign ({@code POST /participants/{id}/case-manager}) and to make them
 *       active or inactive ({@code POST /participants/{id}/status}), and their releases of
 *       information.</li>
 * </ul>
 * No screen shows a participant's name: none is stored. A form with a mistake comes back (400)
 * naming each field, and stores nothing; another site's participant is 404.
 */
@Controller
class ParticipantsPage {

    private final ParticipantDesk desk;
    private final Participants participants;
    private final Sites sites;
    private final StaffSites staffSites;
    private final Caseloads caseloads;

    ParticipantsPage(
            ParticipantDesk desk, Participants participants, Sites sites, StaffSites staffSites, Caseloads caseloads) {
        this.desk = desk;
        this.participants = participants;
        this.sites = sites;
        this.staffSites = staffSites;
        this.caseloads = caseloads;
    }

    /** A participant's line in the list. */
    public record Row(
            UUID id,
            String site,
            String caseManagerId,
            String caseManager,
            String status,
            String statusReason,
            java.time.Instant enrolled,
            java.time.Instant updatedAt,
            String updatedBy) {}

    @GetMapping("/participants")
    String list(
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String caseManager,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String referral,
            Authentication user,
            Model model,
            HttpServletResponse response) {
        // ?referral= fills in the enrolment form (the link on a handoff's details page).
        return showList(site, q, caseManager, status, user, model, List.of(), referral, null);
    }

    @PostMapping("/participants")
    String enrol(
            @RequestParam(required = false) String referral,
            @RequestParam(required = false) String caseManagerId,
            Authentication user,
            Model model,
            HttpServletResponse response) {
        Participants.Enrolled enrolled;
        try {
            enrolled = desk.enrolFromReferral(referral, caseManagerId, user);
        } catch (ErrorResponseException e) {
            if (e.getStatusCode().value() == 401 || e.getStatusCode().value() == 403) {
                throw e;
            }
            response.setStatus(e.getStatusCode().value());
            return showList(null, null, null, null, user, model, errors(e), referral, caseManagerId);
        }
        return "redirect:/participants/" + enrolled.participant().id() + "?enrolled";
    }

    private String showList(
            String site,
            String q,
            String caseManager,
            String status,
            Authentication user,
            Model model,
            List<String> errors,
            String referral,
            String caseManagerId) {
        StaffRoles.require(user, StaffRoles.STAFF);
        String scoped = staffSites.scope(user, site);
        List<Participants.Listed> found = desk.search(user, scoped, caseManager, status, q);
        boolean assigns = ParticipantDesk.assigns(user);
        List<Site> choices = sites.all().stream()
                .filter(s -> staffSites.allows(user, s.id()))
                .filter(s -> scoped == null || s.id().equals(scoped))
                .sorted(java.util.Comparator.comparing(Site::id))
                .toList();
        model.addAttribute("site", scoped);
        model.addAttribute("sites", choices);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("caseManager", caseManager == null ? "" : caseManager);
        model.addAttribute("status", status == null ? "" : status.toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("assigns", assigns);
        model.addAttribute("mine", desk.ownRosterId(user));
        model.addAttribute("errors", errors);
        model.addAttribute("referral", referral == null ? "" : referral);
        model.addAttribute("chosenCaseManager", caseManagerId == null ? "" : caseManagerId);
        model.addAttribute(
                "rows",
                found.stream()
                        .map(l -> new Row(
                                l.participant().id(),
                                l.participant().site(),
                                l.participant().caseManagerId(),
                                desk.caseManagerName(
                                        l.participant().site(), l.participant().caseManagerId()),
                                l.participant().status().name().toLowerCase(java.util.Locale.ROOT),
                                l.statusReason(),
                                l.participant().createdAt(),
                                l.participant().updatedAt(),
                                l.participant().updatedBy()))
                        .toList());
        model.addAttribute("limit", ParticipantDesk.LIST_LIMIT);
        model.addAttribute("fmt", TIMES);
        // Caseloads per case manager: the team's business (admins, supervisors, OWG), per site.
        Map<String, List<ParticipantDesk.CaseloadRow>> loads = new java.util.LinkedHashMap<>();
        if (assigns) {
            for (Site s : choices) {
                loads.put(s.id(), desk.caseloads(s.id()));
            }
        }
        model.addAttribute("caseloads", loads);
        model.addAttribute(
                "limits",
                choices.stream()
                        .collect(java.util.stream.Collectors.toMap(
                                Site::id, s -> caseloads.limits(s.id()), (a, b) -> a, java.util.LinkedHashMap::new)));
        return "participants/list";
    }

    @GetMapping("/participants/{id}")
    String participant(@PathVariable String id, Authentication user, Model model) {
        return show(desk.find(id, user), user, model, List.of());
    }

    @PostMapping("/participants/{id}/case-manager")
    String assign(
            @PathVariable String id,
            @RequestParam(required = false) String caseManagerId,
            Authentication user,
            Model model,
            HttpServletResponse response) {
        Participants.Participant participant = desk.find(id, user);
        try {
            desk.assign(id, caseManagerId, user);
        } catch (ErrorResponseException e) {
            if (e.getStatusCode().value() != HttpStatus.BAD_REQUEST.value()) {
                throw e;
            }
            response.setStatus(e.getStatusCode().value());
            return show(participant, user, model, errors(e));
        }
        return "redirect:/participants/" + participant.id() + "?saved";
    }

    @PostMapping("/participants/{id}/status")
    String status(
            @PathVariable String id,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String reason,
            Authentication user,
            Model model,
            HttpServletResponse response) {
        Participants.Participant participant = desk.find(id, user);
        try {
            desk.status(id, status, reason, user);
        } catch (ErrorResponseException e) {
            if (e.getStatusCode().value() != HttpStatus.BAD_REQUEST.value()) {
                throw e;
            }
            response.setStatus(e.getStatusCode().value());
            return show(participant, user, model, errors(e));
        }
        return "redirect:/participants/" + participant.id() + "?saved";
    }

    private String show(Participants.Participant p, Authentication user, Model model, List<String> errors) {
        Caseloads.Caseload load = caseloads.of(p.site(), p.caseManagerId());
        model.addAttribute("p", p);
        model.addAttribute("status", p.status().name().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("statusReason", participants.statusReason(p.id()));
        model.addAttribute("caseManager", desk.caseManagerName(p.site(), p.caseManagerId()));
        model.addAttribute("caseload", load);
        model.addAttribute("assigns", ParticipantDesk.assigns(user));
        model.addAttribute(
                "team",
                sites.find(p.site())
                        .map(s -> s.caseManagers().values().stream()
                                .map(cm -> new ParticipantDesk.CaseloadRow(
                                        cm.id(), cm.name(), caseloads.of(p.site(), cm.id())))
                                .toList())
                        .orElse(List.of()));
        model.addAttribute("referrals", participants.referrals(p.id()));
        model.addAttribute("history", participants.history(p.id()));
        model.addAttribute("errors", errors);
        model.addAttribute("fmt", TIMES);
        return "participants/participant";
    }

    /** Times as the screens show them: UTC, to the minute (the site's zone is not the viewer's). */
    public static final class Times {
        private static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter.ofPattern(
                        "yyyy-MM-dd HH:mm 'UTC'")
                .withZone(java.time.ZoneOffset.UTC);

        /** To the minute. */
        public String at(java.time.Instant at) {
            return at == null ? "" : MINUTE.format(at);
        }

        /** The day. */
        public String day(java.time.Instant at) {
            return at == null
                    ? ""
                    : at.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        }
    }

    static final Times TIMES = new Times();

    @SuppressWarnings("unchecked")
    static List<String> errors(ErrorResponseException e) {
        Object listed = e.getBody().getProperties() == null
                ? null
                : e.getBody().getProperties().get("errors");
        if (listed instanceof List<?> list && !list.isEmpty()) {
            return list.stream()
                    .map(item -> item instanceof Map<?, ?> m ? m.get("field") + ": " + m.get("reason") : "")
                    .toList();
        }
        return List.of(
                e.getBody().getDetail() == null
                        ? HttpStatus.valueOf(e.getStatusCode().value()).getReasonPhrase()
                        : e.getBody().getDetail());
    }
}
