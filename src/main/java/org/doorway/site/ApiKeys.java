package org.doorway.site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.doorway.staff.SourceKeys;
import org.doorway.staff.SourcePrincipal;
import org.doorway.system.DoorwayProperties;
import org.springframework.stereotype.Component;

/**
 * Which source an API key belongs to. Keys are held only as SHA-256 hashes: the sites' configured
 * hashes, and the demo site's key (from {@code doorway.demo.api-key}) hashed at start.
 */
@Component
class ApiKeys implements SourceKeys {

    /** The name under which the demo site's HTTP source records its referrals. */
    static final String DEMO_SOURCE = "demo-cad";

    private final Map<String, SourcePrincipal> byHash = new HashMap<>();

    ApiKeys(Sites sites, DoorwayProperties properties) {
        for (Site site : sites.all()) {
            for (Site.ApiKey key : site.apiKeys()) {
                byHash.put(key.sha256(), new SourcePrincipal(site.id(), key.source()));
            }
        }
        if (properties.demo().enabled() && !properties.demo().apiKey().isBlank()) {
            byHash.put(sha256(properties.demo().apiKey()), new SourcePrincipal("demo", DEMO_SOURCE));
        }
    }

    @Override
    public Optional<SourcePrincipal> find(String key) {
        return key == null || key.isBlank() ? Optional.empty() : Optional.ofNullable(byHash.get(sha256(key)));
    }

    static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
