package org.doorway.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.doorway.site.Sites;
import org.doorway.system.DoorwayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The community referral portals this Doorway offers: the demo site's (from the classpath, unless
 * the demo is off) and one for every folder under {@code doorway.sites-dir} that has a
 * {@code portal.yaml} beside its {@code site.yaml}. A site without that file has no portal. Read
 * once at start; an invalid file stops the start with its reasons, like the site files do.
 */
@Component
class Portals {

    private static final Logger log = LoggerFactory.getLogger(Portals.class);

    private final Map<String, PortalSettings> bySite = new LinkedHashMap<>();

    Portals(DoorwayProperties properties, Sites sites) {
        if (properties.demo().enabled()) {
            ClassPathResource demo = new ClassPathResource("sites/demo/portal.yaml");
            if (demo.exists()) {
                try {
                    add(PortalFiles.read("classpath:sites/demo/portal.yaml", demo.getInputStream()), sites);
                } catch (IOException e) {
                    throw new UncheckedIOException("sites/demo/portal.yaml cannot be read", e);
                }
            }
        }
        if (properties.sitesDir() != null) {
            try (Stream<Path> dirs = Files.list(properties.sitesDir())) {
                dirs.filter(d -> Files.isRegularFile(d.resolve("site.yaml"))
                                && Files.isRegularFile(d.resolve("portal.yaml")))
                        .sorted()
                        .forEach(d -> {
                            Path file = d.resolve("portal.yaml");
                            try {
                                add(PortalFiles.read(file.toString(), Files.newInputStream(file)), sites);
                            } catch (IOException e) {
                                throw new PortalFiles.InvalidPortalException(
                                        file + ": cannot be read: " + e.getMessage());
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException("doorway.sites-dir cannot be listed", e);
            }
        }
    }

    private void add(PortalSettings portal, Sites sites) {
        if (sites.find(portal.site()).isEmpty()) {
            throw new PortalFiles.InvalidPortalException(
                    "portal.yaml names site " + portal.site() + ", which is not configured");
        }
        if (bySite.putIfAbsent(portal.site(), portal) != null) {
            throw new PortalFiles.InvalidPortalException("two portal.yaml files name site " + portal.site());
        }
        log.info(
                "Portal for site {} loaded: {} partners, {}",
                portal.site(),
                portal.partners().size(),
                portal.accepting() ? "accepting referrals" : "paused");
    }

    /** The portal of this site, if it has one. */
    Optional<PortalSettings> find(String site) {
        return site == null ? Optional.empty() : Optional.ofNullable(bySite.get(site));
    }

    /** Every portal. */
    Collection<PortalSettings> all() {
        return bySite.values();
    }
}
