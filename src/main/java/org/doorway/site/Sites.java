package org.doorway.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.doorway.system.DoorwayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The sites this Doorway serves: the demo site (unless {@code doorway.demo.enabled=false}) and
 * every site folder under {@code doorway.sites-dir}. Read at start; a site whose files are
 * invalid stops the start with the reasons, rather than running on half a configuration. Once
 * running, a site is its newest revision ({@link SiteRevisions}): its {@code site.yaml} read again
 * when it changes on disk, or an edit made in the browser, whichever is newer. A site
 * looked up by id ({@link #find}, {@link #get}) carries the on-call overrides stored in Doorway
 * (made in the browser or through the API) on top of its file's, as last read (at most a second
 * ago), so that a new override is in force at once on every instance. Other
 * features find their own files in a site's folder through {@link #origin} (triage reads the
 * site's policy there, and watches it for changes).
 */
@Component
public class Sites {

    private static final Logger log = LoggerFactory.getLogger(Sites.class);

    private final Map<String, Site> byId = new LinkedHashMap<>();
    private final Map<String, Origin> origins = new LinkedHashMap<>();
    private final org.springframework.core.env.Environment environment;
    private final ObjectProvider<StoredOverrides> stored;
    private final ObjectProvider<SiteRevisions> revisions;
    // Resolved once they exist: a provider looks the bean up by type on every call, and sites are
    // looked up several times for every referral and every claim of pages.
    private volatile StoredOverrides storedBean;
    private volatile SiteRevisions revisionsBean;

    /**
     * Where a site's files are, so that other features can read their own files beside
     * {@code site.yaml} (triage reads the site's policy there).
     *
     * @param folder          the site's folder on disk, or {@code null} for a site on the classpath
     * @param classpathFolder the site's folder on the classpath (the demo site: {@code sites/demo}),
     *                        or {@code null} for a site on disk
     */
    public record Origin(Path folder, String classpathFolder) {}

    @Autowired
    Sites(
            DoorwayProperties properties,
            org.springframework.core.env.Environment environment,
            ObjectProvider<StoredOverrides> stored,
            ObjectProvider<SiteRevisions> revisions) {
        this.environment = environment;
        this.stored = stored;
        this.revisions = revisions;
        if (properties.demo().enabled()) {
            add(
                    SiteFiles.read("classpath:sites/demo", classpath("sites/demo/site.yaml")),
                    new Origin(null, "sites/demo"));
        }
        if (properties.sitesDir() != null) {
            try (Stream<Path> dirs = Files.list(properties.sitesDir())) {
                dirs.filter(d -> Files.isRegularFile(d.resolve("site.yaml")))
                        .sorted()
                        .forEach(d -> {
                            try {
                                add(
                                        SiteFiles.read(d.toString(), Files.newInputStream(d.resolve("site.yaml"))),
                                        new Origin(d.toAbsolutePath(), null));
                            } catch (IOException e) {
                                throw new SiteFiles.InvalidSiteException(d + ": cannot be read: " + e.getMessage());
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException("doorway.sites-dir cannot be listed", e);
            }
        }
    }

    /** Sites already read, for tests of features that look sites up. */
    static Sites of(Site... sites) {
        return new Sites(sites);
    }

    private Sites(Site... sites) {
        this.environment = null;
        this.stored = null;
        this.revisions = null;
        for (Site site : sites) {
            add(site, new Origin(null, null));
        }
    }

    private void add(Site site, Origin origin) {
        if (byId.putIfAbsent(site.id(), site) != null) {
            throw new SiteFiles.InvalidSiteException("two sites have the id " + site.id());
        }
        origins.put(site.id(), origin);
        log.info(
                "Site {} loaded: {} case managers, layers {}, {} officers, {} sources",
                site.id(),
                site.caseManagers().size(),
                site.schedules().keySet(),
                site.officers().size(),
                site.sources().size());
        for (Source source : site.sources()) {
            String variable = source.notifications().webhookSecretEnv();
            if (variable != null
                    && environment != null
                    && source.notifications()
                            .webhookSecret(environment::getProperty)
                            .isEmpty()) {
                // The variable's name only: its value is the secret.
                log.warn(
                        "Site {} source {}: environment variable {} is not set; its webhook cannot be signed",
                        site.id(),
                        source.name(),
                        variable);
            }
        }
    }

    private static InputStream classpath(String path) {
        try {
            return new ClassPathResource(path).getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(path + " missing from the jar", e);
        }
    }

    /** The site with this id, if configured, with the overrides stored in Doorway in force now. */
    public Optional<Site> find(String id) {
        return fromFile(id).map(this::withStoredOverrides);
    }

    /**
     * The site with this id as its newest revision describes it (its site.yaml, or the browser's
     * edit of it), without the overrides stored in Doorway.
     */
    Optional<Site> fromFile(String id) {
        Site file = byId.get(id);
        if (file == null) {
            return Optional.empty();
        }
        SiteRevisions store = revisions();
        return Optional.of(
                store == null
                        ? file
                        : store.newest(id).map(SiteRevisions.Revision::site).orElse(file));
    }

    private SiteRevisions revisions() {
        SiteRevisions bean = revisionsBean;
        if (bean == null && revisions != null) {
            bean = revisions.getIfAvailable();
            revisionsBean = bean;
        }
        return bean;
    }

    private StoredOverrides stored() {
        StoredOverrides bean = storedBean;
        if (bean == null && stored != null) {
            bean = stored.getIfAvailable();
            storedBean = bean;
        }
        return bean;
    }

    /** Every site as its files were read at start, for watching those files. */
    Collection<Site> filesAtStart() {
        return byId.values();
    }

    private Site withStoredOverrides(Site site) {
        StoredOverrides store = stored();
        if (store == null) {
            return site;
        }
        List<StoredOverrides.Stored> inForce;
        try {
            inForce = store.inForce(site.id());
        } catch (DataAccessException e) {
            // Without the database nothing is paged anyway; those who only read the site (a source's
            // key, a command run offline) still get it as its file says.
            log.warn(
                    "Site {}: stored on-call overrides cannot be read ({}); using site.yaml's only",
                    site.id(),
                    e.getClass().getSimpleName());
            return site;
        }
        Map<String, List<ScheduleOverride>> byLayer = new LinkedHashMap<>();
        for (StoredOverrides.Stored o : inForce) {
            // A case manager since taken out of site.yaml would leave the layer with nobody: the
            // rotation holds instead. (A layer since taken out is ignored by withOverrides.)
            if (site.caseManager(o.caseManager())
                    .filter(Site.CaseManager::active)
                    .isPresent()) {
                byLayer.computeIfAbsent(o.layer(), layer -> new ArrayList<>()).add(o.asOverride());
            }
        }
        return site.withOverrides(byLayer);
    }

    /** The site with this id; for ids that were valid when stored. */
    public Site get(String id) {
        return find(id).orElseThrow(() -> new IllegalStateException("site " + id + " is no longer configured"));
    }

    /** Where the files of the site with this id are; for ids of configured sites. */
    public Origin origin(String id) {
        Origin origin = origins.get(id);
        if (origin == null) {
            throw new IllegalStateException("site " + id + " is not configured");
        }
        return origin;
    }

    /**
     * Every configured site, as its newest revision describes it: look a site up with {@link #find}
     * for who is on call, overrides stored in Doorway included.
     */
    public Collection<Site> all() {
        return byId.keySet().stream().map(id -> fromFile(id).orElseThrow()).toList();
    }
}
