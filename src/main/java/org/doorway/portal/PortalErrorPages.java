package org.doorway.portal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.DefaultErrorViewResolver;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Errors that happen before the portal's controller runs (a refused CSRF token, a body over the
 * limit) are shown on the portal's own plain-language page, in the visitor's language, never as a
 * stack trace or JSON. Errors of every other path are resolved exactly as Spring Boot's default
 * resolver would ({@code templates/error/<status>.html}), since declaring this resolver replaces
 * that default.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalErrorPages implements ErrorViewResolver {

    private final ErrorViewResolver fallback;
    private final Portals portals;
    private final PortalPages pages;
    private final PortalLocaleResolver locales;

    PortalErrorPages(
            ApplicationContext context,
            WebProperties web,
            Portals portals,
            PortalPages pages,
            PortalLocaleResolver locales) {
        this.fallback = new DefaultErrorViewResolver(context, web.getResources());
        this.portals = portals;
        this.pages = pages;
        this.locales = locales;
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String s ? s : request.getRequestURI();
        if (!(path.equals("/refer") || path.startsWith("/refer/"))) {
            return fallback.resolveErrorView(request, status, model);
        }
        Locale locale = locales.resolveLocale(request);
        String[] parts = path.split("/");
        Optional<PortalSettings> portal = parts.length > 2 ? portals.find(parts[2]) : Optional.empty();
        String heading;
        List<String> paragraphs = new ArrayList<>();
        switch (status) {
            case NOT_FOUND -> {
                heading = "portal.notFound.heading";
                paragraphs.add(pages.text(locale, "portal.notFound.body"));
            }
            case FORBIDDEN -> {
                heading = "portal.expired.heading";
                paragraphs.add(pages.text(locale, "portal.expired.body"));
            }
            case CONTENT_TOO_LARGE -> {
                heading = "portal.tooLarge.heading";
                paragraphs.add(pages.text(locale, "portal.tooLarge.body"));
            }
            default -> {
                if (status.is4xxClientError()) {
                    heading = "portal.badRequest.heading";
                    paragraphs.add(pages.text(locale, "portal.badRequest.body"));
                } else {
                    heading = "portal.failed.heading";
                    paragraphs.add(pages.text(locale, "portal.failed.body"));
                }
            }
        }
        Map<String, Object> page = new LinkedHashMap<>(pages.chrome(
                portal.orElse(null),
                locale,
                portal.map(p -> "/refer/" + p.site()).orElse("/refer"),
                Map.of()));
        page.put("heading", pages.text(locale, heading));
        page.put("paragraphs", paragraphs);
        page.put(
                "formUrl",
                portal.filter(PortalSettings::accepting)
                        .map(p -> UriComponentsBuilder.fromPath("/refer/{site}")
                                .queryParam("lang", locale.getLanguage())
                                .buildAndExpand(p.site())
                                .encode()
                                .toUriString())
                        .orElse(null));
        return new ModelAndView("portal/message", page, status);
    }
}
