package org.doorway.paging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.system.DoorwayProperties;
import org.springframework.stereotype.Component;

/**
 * The pace windows in force, as the claim of due pages applies them: Doorway's defaults
 * ({@code doorway.paging.pace.*} and {@code doorway.paging.per-phone-gap}) and, for each site that
 * sets its own in {@code site.yaml}, that site's. A page is paced by its handoff's site; a page of
 * a site Doorway no longer knows, by the defaults.
 *
 * <p>The rules, after GoAlert's: a phone gets at most {@code textsPerPhone} texts within
 * {@code textWindow}, two calls to one phone are at least {@code callGap} apart, two messages of
 * any kind to one phone at least the per-phone gap apart, and the sender number makes at most
 * {@code senderLimit} requests within {@code senderWindow}, counted over every instance. A page a
 * window does not allow yet is held until it does; it is never dropped for it (only for the
 * page's own expiry), and pages to other phones are claimed meanwhile.
 */
@Component
class PaceRules {

    private final DoorwayProperties.Paging settings;
    private final Sites sites;

    PaceRules(DoorwayProperties properties, Sites sites) {
        this.settings = properties.paging();
        this.sites = sites;
    }

    /**
     * One site's windows, every part resolved (its own, else the default).
     *
     * @param site          the site's id; the empty string for the defaults
     * @param textsPerPhone most texts to one phone within {@code textWindow}
     * @param textWindow    the window texts are counted in
     * @param callGap       the least time between two calls to one phone
     */
    record Window(String site, int textsPerPhone, Duration textWindow, Duration callGap) {}

    /**
     * The windows as the claim query takes them.
     *
     * @param windows      the defaults first (site {@code ""}), then each site's own
     * @param phoneGap     the least time between any two messages to one phone
     * @param senderLimit  most requests the sender number makes within {@code senderWindow}
     * @param senderWindow the window the sender's requests are counted in
     */
    record Current(List<Window> windows, Duration phoneGap, int senderLimit, Duration senderWindow) {

        String[] sites() {
            return windows.stream().map(Window::site).toArray(String[]::new);
        }

        Integer[] textsPerPhone() {
            return windows.stream().map(Window::textsPerPhone).toArray(Integer[]::new);
        }

        Double[] textWindowSeconds() {
            return windows.stream().map(w -> seconds(w.textWindow())).toArray(Double[]::new);
        }

        Double[] callGapSeconds() {
            return windows.stream().map(w -> seconds(w.callGap())).toArray(Double[]::new);
        }

        static double seconds(Duration duration) {
            return duration.toMillis() / 1000.0;
        }
    }

    /** The windows in force now (sites may have been reloaded since the last claim). */
    Current current() {
        return resolve(settings, sites.all());
    }

    /** The defaults of {@code settings}, and each of {@code sites} that sets a part of its own. */
    static Current resolve(DoorwayProperties.Paging settings, Collection<Site> sites) {
        DoorwayProperties.PaceWindows pace = settings.pace();
        List<Window> windows = new ArrayList<>();
        windows.add(new Window("", pace.textsPerPhone(), pace.textWindow(), pace.callGap()));
        for (Site site : sites) {
            Site.Pace own = site.pace();
            if (own.equals(Site.Pace.DEFAULTS)) {
                continue;
            }
            windows.add(new Window(
                    site.id(),
                    own.textsPerPhone() != null ? own.textsPerPhone() : pace.textsPerPhone(),
                    own.textWindow() != null ? own.textWindow() : pace.textWindow(),
                    own.callGap() != null ? own.callGap() : pace.callGap()));
        }
        return new Current(List.copyOf(windows), settings.perPhoneGap(), pace.senderLimit(), pace.senderWindow());
    }
}
