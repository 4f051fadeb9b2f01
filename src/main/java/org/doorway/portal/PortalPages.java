package org.doorway.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What every portal page shows around its content: the site's name, the language link, and whom to
 * call (emergency, crisis line, the site's other services), in the page's language.
 */
@Component
class PortalPages {

    /** Used when a page cannot tell which site it belongs to (an unknown site's address). */
    static final String DEFAULT_EMERGENCY = "911";

    static final String DEFAULT_CRISIS = "988";

    private final Sites sites;
    private final MessageSource messages;

    PortalPages(Sites sites, MessageSource messages) {
        this.sites = sites;
        this.messages = messages;
    }

    /**
     * A service to show.
     *
     * @param phone what to dial
     * @param text  whether it takes text messages too
     * @param label what it is for
     */
    record Service(String phone, boolean text, String label) {}

    /**
     * The model every portal page needs.
     *
     * @param portal the site's portal, or {@code null} when the page is about an unknown site
     * @param locale the page's language
     * @param path   the page's own path, for the language link
     * @param query  the query parameters the language link keeps (nulls are left out)
     */
    Map<String, Object> chrome(PortalSettings portal, Locale locale, String path, Map<String, String> query) {
        Map<String, Object> model = new LinkedHashMap<>();
        String emergency = portal == null ? DEFAULT_EMERGENCY : portal.emergencyNumber();
        String crisis = portal == null ? DEFAULT_CRISIS : portal.crisisNumber();
        model.put("portal", portal);
        model.put(
                "siteName",
                portal == null
                        ? null
                        : sites.find(portal.site()).map(Site::name).orElse(portal.site()));
        model.put("lang", locale.getLanguage());
        model.put("emergency", emergency);
        model.put("crisis", crisis);
        List<Service> services = new ArrayList<>();
        services.add(new Service(emergency, false, text(locale, "portal.resource.emergency")));
        services.add(new Service(crisis, true, text(locale, "portal.resource.crisis")));
        if (portal != null) {
            portal.resources().forEach(r -> services.add(new Service(r.phone(), r.text(), r.label(locale))));
        }
        model.put("services", services);
        Locale other = PortalLocaleResolver.SUPPORTED.stream()
                .filter(l -> !l.getLanguage().equals(locale.getLanguage()))
                .findFirst()
                .orElse(Locale.ENGLISH);
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(path);
        query.forEach((name, value) -> {
            if (value != null && !"lang".equals(name)) {
                link.queryParam(name, value);
            }
        });
        link.queryParam("lang", other.getLanguage());
        model.put("otherLang", other.getLanguage());
        model.put("otherLangName", text(other, "portal.language.name"));
        model.put("otherLangUrl", link.encode().build().toUriString());
        return model;
    }

    /** A message in {@code locale}. */
    String text(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
