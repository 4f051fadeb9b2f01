package org.doorway.portal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.StaffRole;
import org.doorway.staff.Viewers;
import org.doorway.system.DoorwayProperties;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * QR codes of a site's portal, for administrators to print: the site's own code and one per
 * partner, whose code carries {@code ?partner=CODE} so referrals made through it are attributed.
 * The address encoded is built from {@code doorway.public-base-url}, never from the request's Host.
 *
 * <ul>
 *   <li>{@code GET /admin/sites/<site>/qr}: a page listing every code with its address and downloads.</li>
 *   <li>{@code GET /admin/sites/<site>/qr.png[?partner=CODE]}: a PNG.</li>
 *   <li>{@code GET /admin/sites/<site>/qr.svg[?partner=CODE]}: an SVG.</li>
 * </ul>
 * {@code 403} without the administrator role (of this site, or the global administrator), {@code 404} for a site without a portal or a partner
 * the portal does not have.
 */
@Controller
class QrCodeController {

    private final Portals portals;
    private final Sites sites;
    private final String publicBaseUrl;
    private final Viewers viewers;

    QrCodeController(Portals portals, Sites sites, DoorwayProperties properties, Viewers viewers) {
        this.portals = portals;
        this.sites = sites;
        this.publicBaseUrl = properties.publicBaseUrl();
        this.viewers = viewers;
    }

    @GetMapping("/admin/sites/{site}/qr")
    Object page(@PathVariable String site, Authentication user, Model model) {
        if (!admin(user, site)) {
            return forbidden();
        }
        Optional<PortalSettings> portal = portals.find(site);
        if (portal.isEmpty()) {
            return notFound();
        }
        List<Map<String, String>> codes = new ArrayList<>();
        codes.add(code(portal.get(), null, "Public code (no partner)"));
        portal.get().partners().values().forEach(p -> codes.add(code(portal.get(), p.code(), p.name())));
        model.addAttribute("siteName", sites.find(site).map(Site::name).orElse(site));
        model.addAttribute("site", site);
        model.addAttribute("accepting", portal.get().accepting());
        model.addAttribute("codes", codes);
        return "portal/admin-qr";
    }

    @GetMapping("/admin/sites/{site}/qr.png")
    ResponseEntity<?> png(
            @PathVariable String site, @RequestParam(required = false) String partner, Authentication user) {
        if (!admin(user, site)) {
            return forbidden();
        }
        Optional<String> url = portalUrl(site, partner);
        if (url.isEmpty()) {
            return notFound();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(site, partner, "png"))
                .body(QrCodes.png(url.get()));
    }

    @GetMapping("/admin/sites/{site}/qr.svg")
    ResponseEntity<?> svg(
            @PathVariable String site, @RequestParam(required = false) String partner, Authentication user) {
        if (!admin(user, site)) {
            return forbidden();
        }
        Optional<String> url = portalUrl(site, partner);
        if (url.isEmpty()) {
            return notFound();
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("image", "svg+xml", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(site, partner, "svg"))
                .body(QrCodes.svg(url.get(), "QR code for " + url.get()));
    }

    /**
     * The absolute address of a site's portal, through a partner's code if given; empty when the
     * site has no portal or the portal no such partner.
     */
    Optional<String> portalUrl(String site, String partner) {
        Optional<PortalSettings> portal = portals.find(site);
        if (portal.isEmpty()) {
            return Optional.empty();
        }
        if (partner == null || partner.isEmpty()) {
            return Optional.of(url(portal.get(), null));
        }
        return portal.get().partner(partner).map(p -> url(portal.get(), p.code()));
    }

    private String url(PortalSettings portal, String partner) {
        return publicBaseUrl
                + UriComponentsBuilder.fromPath("/refer/{site}")
                        .queryParamIfPresent("partner", Optional.ofNullable(partner))
                        .buildAndExpand(portal.site())
                        .encode()
                        .toUriString();
    }

    private Map<String, String> code(PortalSettings portal, String partner, String label) {
        Map<String, String> code = new LinkedHashMap<>();
        code.put("label", label);
        code.put("partner", partner);
        code.put("url", url(portal, partner));
        String query = partner == null ? "" : "?partner=" + partner;
        code.put("png", "/admin/sites/" + portal.site() + "/qr.png" + query);
        code.put("svg", "/admin/sites/" + portal.site() + "/qr.svg" + query);
        return code;
    }

    private static String attachment(String site, String partner, String extension) {
        String name =
                "lead-referral-" + site + (partner == null || partner.isEmpty() ? "" : "-" + partner) + "." + extension;
        return ContentDisposition.attachment()
                .filename(name.replaceAll("[^A-Za-z0-9._-]", "_"))
                .build()
                .toString();
    }

    /** Whether {@code user} administers {@code site}: its own administrator, or the global one. */
    private boolean admin(Authentication user, String site) {
        return viewers.of(user)
                .filter(v -> v.role() == StaffRole.ADMIN && v.covers(site))
                .isPresent();
    }

    private static ResponseEntity<String> forbidden() {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .contentType(MediaType.TEXT_PLAIN)
                .body("Only administrators can download QR codes.");
    }

    private static ResponseEntity<String> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .contentType(MediaType.TEXT_PLAIN)
                .body("No such site portal or partner.");
    }
}
