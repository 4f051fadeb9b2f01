package org.doorway.portal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.doorway.intake.DirectIntake;
import org.doorway.referral.Referral;
import org.doorway.system.SafeLog;
import org.doorway.triage.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The community referral portal, {@code /refer/<site>}: a form for residents, businesses and
 * partners, reached by QR code, that creates a community referral through the common referral
 * route. Plain HTML that works without JavaScript, in English and Spanish.
 *
 * <ul>
 *   <li>{@code GET /refer/<site>[?partner=CODE][&lang=es]}: the form; a partner code the portal
 *       knows is carried along and recorded as the referrer's agency.</li>
 *   <li>{@code POST /refer/<site>}: counts the submission against the rate limits (over them:
 *       {@code 429}, the form again with the answers kept and "please wait" on top), drops what a robot filled in (the honeypot) behind an ordinary thank-you,
 *       shows the form again with its errors, or submits the referral and redirects to the
 *       confirmation. A form sent twice is one referral (its submission token).</li>
 *   <li>{@code GET /refer/<site>/thanks}: what happens next; first of all "call 911 now" when the
 *       referrer said someone is in danger.</li>
 * </ul>
 *
 * Logs carry the site, partner code, short reference and outcome, never what was typed.
 */
@Controller
class PortalController {

    private static final Logger log = LoggerFactory.getLogger(PortalController.class);

    private final Portals portals;
    private final PortalPages pages;
    private final RateLimiter limiter;
    private final DirectIntake intake;

    PortalController(Portals portals, PortalPages pages, RateLimiter limiter, DirectIntake intake) {
        this.portals = portals;
        this.pages = pages;
        this.limiter = limiter;
        this.intake = intake;
    }

    /** A portal address that names no site with a portal. */
    static final class PortalNotFoundException extends RuntimeException {
        PortalNotFoundException() {
            super("no such portal");
        }
    }

    /**
     * Why a filled-in form is shown again without errors of its own (too many forms, a failure on
     * Doorway's side): a heading and what to do, above the person's answers.
     */
    record Notice(String heading, List<String> paragraphs) {}

    @InitBinder("form")
    void formFields(WebDataBinder binder) {
        binder.setAllowedFields(
                "submission",
                "partner",
                "danger",
                "place",
                "story",
                "often",
                "police",
                "personName",
                "looks",
                "role",
                "yourName",
                "yourPhone",
                "website");
    }

    /** Any other address under {@code /refer}: the portal's own "not found" page. */
    @RequestMapping("/refer/**")
    String elsewhere() {
        throw new PortalNotFoundException();
    }

    @GetMapping("/refer/{site}/")
    ModelAndView trailingSlash(
            @PathVariable String site,
            @RequestParam(required = false) String partner,
            @RequestParam(required = false) String lang) {
        PortalSettings portal = portal(site);
        return redirect(UriComponentsBuilder.fromPath("/refer/{site}")
                .queryParamIfPresent("partner", portal.partner(partner).map(PortalSettings.Partner::code))
                .queryParamIfPresent(
                        "lang",
                        Optional.ofNullable(PortalLocaleResolver.supported(lang))
                                .map(Locale::getLanguage))
                .buildAndExpand(portal.site())
                .encode()
                .toUriString());
    }

    @GetMapping("/refer/{site}")
    String form(@PathVariable String site, @RequestParam(required = false) String partner, Locale locale, Model model) {
        PortalSettings portal = portal(site);
        if (!portal.accepting()) {
            return paused(model, portal, locale);
        }
        Optional<PortalSettings.Partner> known = portal.partner(partner);
        PortalForm form = new PortalForm();
        form.setSubmission(PortalReferrals.newToken());
        form.setPartner(known.map(PortalSettings.Partner::code).orElse(null));
        return formPage(model, portal, known, form, List.of(), null, locale);
    }

    @PostMapping("/refer/{site}")
    ModelAndView submit(
            @PathVariable String site,
            @ModelAttribute("form") PortalForm form,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model) {
        PortalSettings portal = portal(site);
        Optional<PortalSettings.Partner> partner = portal.partner(form.getPartner());
        String code = partner.map(PortalSettings.Partner::code).orElse(RateLimiter.PUBLIC);

        RateLimiter.Verdict verdict;
        try {
            verdict = limiter.admit(portal.site(), request.getRemoteAddr(), code, portal.rateLimits());
        } catch (RuntimeException e) {
            // The counters live in the database; if they cannot be reached, neither can intake,
            // which then keeps what the person typed and asks them to try again.
            log.warn("Portal rate limits of site {} could not be counted: {}", portal.site(), SafeLog.describe(e));
            verdict = new RateLimiter.Verdict(true, null, Duration.ZERO);
        }
        if (!verdict.allowed()) {
            log.info(
                    "Portal submission to site {} through {} refused: over the {} rate limit",
                    portal.site(),
                    code,
                    verdict.limitedBy());
            long minutes = Math.max(1, (verdict.retryAfter().toSeconds() + 59) / 60);
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(
                    "Retry-After",
                    Long.toString(Math.max(1, verdict.retryAfter().toSeconds())));
            if (!PortalReferrals.validToken(form.getSubmission())) {
                form.setSubmission(PortalReferrals.newToken());
            }
            return new ModelAndView(formPage(
                    model,
                    portal,
                    partner,
                    form,
                    List.of(),
                    new Notice(
                            pages.text(locale, "portal.limit.heading"),
                            List.of(
                                    pages.text(locale, "portal.limit.body", minutes),
                                    pages.text(locale, "portal.kept"),
                                    pages.text(
                                            locale,
                                            "portal.danger.now",
                                            portal.emergencyNumber(),
                                            portal.crisisNumber()))),
                    locale));
        }
        if (PortalReferrals.isRobot(form)) {
            // Told exactly what a person is told, so that a robot learns nothing.
            log.info(
                    "Portal submission to site {} through {} dropped: the hidden field was filled in",
                    portal.site(),
                    code);
            return redirect(thanksUrl(portal, partner, "received", false, locale));
        }
        if (!portal.accepting()) {
            return new ModelAndView(paused(model, portal, locale));
        }
        List<PortalReferrals.FieldProblem> problems = PortalReferrals.check(form, portal);
        if (!PortalReferrals.validToken(form.getSubmission())) {
            form.setSubmission(PortalReferrals.newToken());
        }
        if (!problems.isEmpty()) {
            return new ModelAndView(formPage(model, portal, partner, form, problems, null, locale));
        }
        Referral referral = PortalReferrals.referral(form, portal, form.getSubmission(), partner, Instant.now());
        DirectIntake.Submitted submitted;
        try {
            submitted = intake.submit(
                            portal.site(), "portal:" + (partner.isPresent() ? code : "public"), List.of(referral))
                    .get(0);
        } catch (RuntimeException e) {
            log.warn(
                    "Portal referral for site {} through {} could not be stored: {}",
                    portal.site(),
                    code,
                    SafeLog.describe(e));
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader("Retry-After", "60");
            return new ModelAndView(formPage(
                    model,
                    portal,
                    partner,
                    form,
                    List.of(),
                    new Notice(
                            pages.text(locale, "portal.error.saveFailed.heading"),
                            List.of(
                                    pages.text(locale, "portal.error.saveFailed.body"),
                                    pages.text(
                                            locale,
                                            "portal.danger.now",
                                            portal.emergencyNumber(),
                                            portal.crisisNumber()))),
                    locale));
        }
        boolean danger =
                Boolean.TRUE.equals(referral.screening().imminentDanger()) || submitted.outcome() == Outcome.REDIRECT;
        String result;
        if (submitted.rejection() != null) {
            log.info("Portal referral for site {} through {} not taken by policy", portal.site(), code);
            result = "not-taken";
        } else {
            log.info(
                    "Portal referral {} for site {} through {}: {}{}",
                    submitted.shortRef(),
                    portal.site(),
                    code,
                    submitted.outcome(),
                    submitted.duplicate() ? " (sent again; already stored)" : "");
            result = submitted.outcome() == Outcome.NOT_ELIGIBLE ? "not-eligible" : "received";
        }
        return redirect(thanksUrl(portal, partner, result, danger, locale));
    }

    @GetMapping("/refer/{site}/thanks")
    String thanks(
            @PathVariable String site,
            @RequestParam(required = false) String result,
            @RequestParam(required = false) String danger,
            @RequestParam(required = false) String partner,
            Locale locale,
            Model model) {
        PortalSettings portal = portal(site);
        Optional<PortalSettings.Partner> known = portal.partner(partner);
        String shown = "not-taken".equals(result) || "not-eligible".equals(result) ? result : "received";
        boolean inDanger = "1".equals(danger);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("result", shown);
        query.put("danger", inDanger ? "1" : null);
        query.put("partner", known.map(PortalSettings.Partner::code).orElse(null));
        model.addAllAttributes(pages.chrome(portal, locale, "/refer/" + portal.site() + "/thanks", query));
        model.addAttribute("result", shown);
        model.addAttribute("danger", inDanger);
        model.addAttribute("formUrl", formUrl(portal, known, locale));
        return "portal/thanks";
    }

    @ExceptionHandler(PortalNotFoundException.class)
    String notFound(HttpServletResponse response, Locale locale, Model model) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return message(
                model,
                null,
                locale,
                "/refer",
                "portal.notFound.heading",
                List.of(pages.text(locale, "portal.notFound.body")),
                true);
    }

    @ExceptionHandler(Exception.class)
    String failed(Exception e, HttpServletRequest request, HttpServletResponse response, Locale locale, Model model) {
        log.warn(
                "Portal page {} failed: {}",
                request.getRequestURI().replaceAll("[^A-Za-z0-9/_-]", "?"),
                SafeLog.describe(e));
        response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
        return message(
                model,
                null,
                locale,
                "/refer",
                "portal.failed.heading",
                List.of(pages.text(locale, "portal.failed.body")),
                true);
    }

    private PortalSettings portal(String site) {
        return portals.find(site).orElseThrow(PortalNotFoundException::new);
    }

    private String formPage(
            Model model,
            PortalSettings portal,
            Optional<PortalSettings.Partner> partner,
            PortalForm form,
            List<PortalReferrals.FieldProblem> problems,
            Notice notice,
            Locale locale) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("partner", partner.map(PortalSettings.Partner::code).orElse(null));
        model.addAllAttributes(pages.chrome(portal, locale, "/refer/" + portal.site(), query));
        List<Map<String, String>> summary = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (PortalReferrals.FieldProblem problem : problems) {
            String text = pages.text(locale, problem.code(), problem.args());
            summary.add(Map.of("anchor", problem.anchor(), "text", text));
            errors.putIfAbsent(problem.field(), text);
        }
        model.addAttribute("form", form);
        model.addAttribute("partner", partner.orElse(null));
        model.addAttribute("questions", portal.questions());
        model.addAttribute("summary", summary);
        model.addAttribute("errors", errors);
        model.addAttribute("notice", notice);
        model.addAttribute("phoneExample", PhoneNumbers.example(portal.phoneRegion()));
        model.addAttribute(
                "action",
                UriComponentsBuilder.fromPath("/refer/{site}")
                        .queryParam("lang", locale.getLanguage())
                        .buildAndExpand(portal.site())
                        .encode()
                        .toUriString());
        return "portal/form";
    }

    private String paused(Model model, PortalSettings portal, Locale locale) {
        return message(
                model,
                portal,
                locale,
                "/refer/" + portal.site(),
                "portal.paused.heading",
                List.of(pages.text(locale, "portal.paused.body")),
                false);
    }

    private String message(
            Model model,
            PortalSettings portal,
            Locale locale,
            String path,
            String headingKey,
            List<String> paragraphs,
            boolean offerForm) {
        model.addAllAttributes(pages.chrome(portal, locale, path, Map.of()));
        model.addAttribute("heading", pages.text(locale, headingKey));
        model.addAttribute("paragraphs", paragraphs);
        model.addAttribute(
                "formUrl",
                offerForm && portal != null && portal.accepting() ? formUrl(portal, Optional.empty(), locale) : null);
        return "portal/message";
    }

    /**
     * A {@code 303 See Other} to a path of this application, with a relative {@code Location}: never
     * an address built from the request's Host header.
     */
    private static ModelAndView redirect(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setHttp10Compatible(false);
        view.setExposeModelAttributes(false);
        return new ModelAndView(view);
    }

    private static String formUrl(PortalSettings portal, Optional<PortalSettings.Partner> partner, Locale locale) {
        return UriComponentsBuilder.fromPath("/refer/{site}")
                .queryParamIfPresent("partner", partner.map(PortalSettings.Partner::code))
                .queryParam("lang", locale.getLanguage())
                .buildAndExpand(portal.site())
                .encode()
                .toUriString();
    }

    private static String thanksUrl(
            PortalSettings portal,
            Optional<PortalSettings.Partner> partner,
            String result,
            boolean danger,
            Locale locale) {
        UriComponentsBuilder url =
                UriComponentsBuilder.fromPath("/refer/{site}/thanks").queryParam("result", result);
        if (danger) {
            url.queryParam("danger", "1");
        }
        url.queryParamIfPresent("partner", partner.map(PortalSettings.Partner::code));
        return url.queryParam("lang", locale.getLanguage())
                .buildAndExpand(portal.site())
                .encode()
                .toUriString();
    }
}
