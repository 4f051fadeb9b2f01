package org.doorway.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Each site's retention periods, read once at start from the {@code retention:} block of its
 * {@code site.yaml} (the site itself is read by the site package, which accepts the block and
 * leaves it to this class). A bad block stops Doorway starting, as any bad {@code site.yaml} does,
 * with the file and each bad key named. Sites that are not configured (rows of a site since
 * removed) get the defaults.
 */
@Component
class RetentionSettings {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, RetentionPeriods> bySite = new LinkedHashMap<>();

    @Autowired
    RetentionSettings(Sites sites) {
        for (Site site : sites.all()) {
            Sites.Origin origin = sites.origin(site.id());
            if (origin == null) {
                continue;
            }
            String file;
            JsonNode tree;
            try {
                if (origin.folder() != null) {
                    file = origin.folder().resolve("site.yaml").toString();
                    try (InputStream in = Files.newInputStream(origin.folder().resolve("site.yaml"))) {
                        tree = YAML.readTree(in);
                    }
                } else if (origin.classpathFolder() != null) {
                    file = "classpath:" + origin.classpathFolder() + "/site.yaml";
                    try (InputStream in = RetentionSettings.class
                            .getClassLoader()
                            .getResourceAsStream(origin.classpathFolder() + "/site.yaml")) {
                        tree = in == null ? null : YAML.readTree(in);
                    }
                } else {
                    continue;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("site " + site.id() + ": site.yaml cannot be read again", e);
            }
            bySite.put(site.id(), RetentionPeriods.read(file, tree == null ? null : tree.get("retention")));
        }
    }

    /** Settings of these sites, for tests. */
    RetentionSettings(Map<String, RetentionPeriods> bySite) {
        this.bySite.putAll(bySite);
    }

    /** The periods of {@code site}: its own, or the defaults. */
    RetentionPeriods of(String site) {
        return bySite.getOrDefault(site, RetentionPeriods.DEFAULTS);
    }

    /** Every configured site's periods. */
    Map<String, RetentionPeriods> configured() {
        return Map.copyOf(bySite);
    }
}
