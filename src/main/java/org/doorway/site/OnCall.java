package org.doorway.site;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Who is on call in each layer of a site at a given instant, overrides applied: those of
 * {@code site.yaml}, then those stored in Doorway (read at each call, see {@link Sites#find}).
 */
@Component
public class OnCall {

    private final Sites sites;

    public OnCall(Sites sites) {
        this.sites = sites;
    }

    /**
     * The case manager on call in each layer of {@code site} at {@code at}, by layer name in the
     * order the site's file lists them; a layer with nobody on call is left out.
     *
     * @throws IllegalArgumentException if no site has this id
     */
    public Map<String, Site.CaseManager> onCall(String site, Instant at) {
        Site s = sites.find(site).orElseThrow(() -> new IllegalArgumentException("no site " + site));
        Map<String, Site.CaseManager> onCall = new LinkedHashMap<>();
        for (String layer : s.schedules().keySet()) {
            s.onCall(layer, at).ifPresent(cm -> onCall.put(layer, cm));
        }
        return Collections.unmodifiableMap(onCall);
    }
}
