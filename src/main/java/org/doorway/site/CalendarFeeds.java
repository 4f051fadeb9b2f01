package org.doorway.site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /calendar/{token}.ics}: an iCalendar feed of on-call shifts, from two weeks ago to
 * eight weeks ahead, overrides applied. A case manager's feed has their shifts in every layer
 * ("LEAD on call — primary"); a layer's feed has everyone's shifts in it ("LEAD on call —
 * primary: Ana Okafor"). The token (see {@link CalendarLinks}) is the only credential, so the feed
 * carries names and times only, never phone numbers. An unknown token is a bare {@code 404}.
 */
@RestController
class CalendarFeeds {

    /** How far back a feed reaches. */
    static final Duration PAST = Duration.ofDays(14);
    /** How far ahead a feed reaches. */
    static final Duration AHEAD = Duration.ofDays(56);

    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);

    private final Sites sites;
    private final CalendarLinks links;

    CalendarFeeds(Sites sites, CalendarLinks links) {
        this.sites = sites;
        this.links = links;
    }

    @GetMapping("/calendar/{token}.ics")
    ResponseEntity<byte[]> feed(@PathVariable String token) {
        Optional<byte[]> calendar = render(token, Instant.now());
        if (calendar.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        return ResponseEntity.ok()
                .contentType(TEXT_CALENDAR)
                .cacheControl(CacheControl.noStore())
                .body(calendar.get());
    }

    /** The feed a token opens, as it stands at {@code now}; empty for an unknown token. */
    Optional<byte[]> render(String token, Instant now) {
        Optional<CalendarLinks.Resolved> resolved = links.resolve(token);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        Optional<Site> site = sites.find(resolved.get().site());
        if (site.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(render(site.get(), resolved.get().feed(), now));
    }

    static byte[] render(Site site, CalendarLinks.Feed feed, Instant now) {
        Instant from = now.minus(PAST);
        Instant to = now.plus(AHEAD);
        List<ICalendar.Event> events = new ArrayList<>();
        String name;
        if (feed.kind() == CalendarLinks.Kind.PERSON) {
            name = "LEAD on call: "
                    + site.caseManager(feed.id()).map(Site.CaseManager::name).orElse(feed.id()) + " (" + site.name()
                    + ")";
            for (Map.Entry<String, Schedule> layer : site.schedules().entrySet()) {
                for (Shift shift : layer.getValue().shifts(from, to)) {
                    if (shift.member().equals(feed.id())) {
                        events.add(event(site, feed, layer.getKey(), shift, "LEAD on call — " + layer.getKey()));
                    }
                }
            }
        } else {
            name = "LEAD on call — " + feed.id() + " (" + site.name() + ")";
            Schedule schedule = site.schedules().get(feed.id());
            for (Shift shift : schedule == null ? List.<Shift>of() : schedule.shifts(from, to)) {
                String who = site.caseManager(shift.member())
                        .map(Site.CaseManager::name)
                        .orElse(shift.member());
                events.add(event(site, feed, feed.id(), shift, "LEAD on call — " + feed.id() + ": " + who));
            }
        }
        events.sort(Comparator.comparing(ICalendar.Event::start));
        return ICalendar.write(name, now, events);
    }

    private static ICalendar.Event event(
            Site site, CalendarLinks.Feed feed, String layer, Shift shift, String summary) {
        String description = site.name() + ": " + layer + " on-call shift. Doorway pages by SMS and voice;"
                + " reply to a page to take it.";
        return new ICalendar.Event(
                uid(site.id(), feed, layer, shift), shift.start(), shift.end(), summary, description);
    }

    /** Stable for the same shift in the same feed, and revealing nothing about either. */
    private static String uid(String site, CalendarLinks.Feed feed, String layer, Shift shift) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = String.join(
                    "\n",
                    site,
                    feed.kind().name(),
                    feed.id(),
                    layer,
                    shift.member(),
                    Long.toString(shift.start().getEpochSecond()));
            byte[] digest = sha.digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + "@doorway";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
