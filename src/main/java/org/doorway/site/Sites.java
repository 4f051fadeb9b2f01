package org.doorway.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.doorway.system.DoorwayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The sites this Doorway serves: the demo site (unless {@code doorway.demo.enabled=false}) and
 * every site folder under {@code doorway.sites-dir}. Read once at start; a site whose files are
 * invalid stops the start with the reasons, rather than running on half a configuration.
 */
@Component
public class Sites {

    private static final Logger log = LoggerFactory.getLogger(Sites.class);

    private final Map<String, Site> byId = new LinkedHashMap<>();

    Sites(DoorwayProperties properties) {
        if (properties.demo().enabled()) {
            add(SiteFiles.read("classpath:sites/demo", classpath("sites/demo/site.yaml"),
                    classpath("sites/demo/policy.yaml")));
        }
        if (properties.sitesDir() != null) {
            try (Stream<Path> dirs = Files.list(properties.sitesDir())) {
                dirs.filter(d -> Files.isRegularFile(d.resolve("site.yaml"))).sorted().forEach(d -> {
                    try {
                        add(SiteFiles.read(d.toString(), Files.newInputStream(d.resolve("site.yaml")),
                                Files.newInputStream(d.resolve("policy.yaml"))));
                    } catch (IOException e) {
                        throw new SiteFiles.InvalidSiteException(d + ": cannot be read: " + e.getMessage());
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("doorway.sites-dir cannot be listed", e);
            }
        }
    }

    private void add(Site site) {
        if (byId.putIfAbsent(site.id(), site) != null) {
            throw new SiteFiles.InvalidSiteException("two sites have the id " + site.id());
        }
        log.info("Site {} loaded: policy {}, {} case managers", site.id(), site.policy().version(),
                site.caseManagers().size());
    }

    private static InputStream classpath(String path) {
        try {
            return new ClassPathResource(path).getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(path + " missing from the jar", e);
        }
    }

    /** The site with this id, if configured. */
    public Optional<Site> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The site with this id; for ids that were valid when stored. */
    public Site get(String id) {
        return find(id).orElseThrow(() -> new IllegalStateException("site " + id + " is no longer configured"));
    }

    /** Every configured site. */
    public Collection<Site> all() {
        return byId.values();
    }
}
