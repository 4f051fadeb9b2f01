package org.doorway.feeds;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.site.Source;
import org.doorway.staff.StaffRole;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /dashboard/feeds}: each feed of the sites a supervisor or administrator covers, with its
 * rhythm, last record, last error and state: {@code flowing}, {@code silent}, {@code outside hours}
 * (watched, but not now), {@code not watched} (no rhythm). Feeds that delivered but are not in
 * {@code site.yaml} are listed as not watched. Times are the site's. Server-rendered, no script.
 */
@Controller
class FeedsPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private final Sites sites;
    private final Viewers viewers;
    private final FeedWatch watch;
    private final JdbcClient db;

    FeedsPage(Sites sites, Viewers viewers, FeedWatch watch, JdbcClient db) {
        this.sites = sites;
        this.viewers = viewers;
        this.watch = watch;
        this.db = db;
    }

    /** One line of the page. */
    record Feed(
            String site,
            String channel,
            String rhythm,
            String lastRecord,
            String lastError,
            String lastErrorAt,
            String state,
            String since) {

        /** The CSS class of its state. */
        public String style() {
            return switch (state) {
                case "silent" -> "bad";
                case "flowing" -> "ok";
                default -> "muted";
            };
        }
    }

    private record Heartbeat(Instant lastRecord, Instant lastErrorAt, String lastError) {}

    private record Watched(String state, Instant silentAt) {}

    @GetMapping("/dashboard/feeds")
    String feeds(Authentication user, Model model) {
        Viewer viewer = viewers.of(user)
                .filter(v -> v.role() == StaffRole.ADMIN || v.role() == StaffRole.SUPERVISOR)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Map<List<String>, Heartbeat> heartbeats = new HashMap<>();
        db.sql("select site, channel, last_record_at, last_error_at, last_error from feed_heartbeat")
                .query((rs, n) -> heartbeats.put(
                        List.of(rs.getString(1), rs.getString(2)),
                        new Heartbeat(
                                instant(rs.getObject(3, OffsetDateTime.class)),
                                instant(rs.getObject(4, OffsetDateTime.class)),
                                rs.getString(5))))
                .list();
        Map<List<String>, Watched> watched = new HashMap<>();
        db.sql("select site, channel, state, silent_at from feed_watch")
                .query((rs, n) -> watched.put(
                        List.of(rs.getString(1), rs.getString(2)),
                        new Watched(rs.getString(3), instant(rs.getObject(4, OffsetDateTime.class)))))
                .list();
        Instant now = watch.now();
        List<Feed> feeds = new ArrayList<>();
        Set<List<String>> listed = new HashSet<>();
        for (Site site : sites.all()) {
            if (!viewer.covers(site.id())) {
                continue;
            }
            ZoneId zone = site.timeZone();
            for (Source source : site.sources()) {
                List<String> key = List.of(site.id(), source.channel());
                listed.add(key);
                Heartbeat beat = heartbeats.get(key);
                Watched state = watched.get(key);
                String shown;
                String since = "";
                Rhythm rhythm = watch.rhythm(site, source, now).orElse(null);
                if (rhythm == null) {
                    shown = "not watched";
                } else if (state != null && "SILENT".equals(state.state())) {
                    shown = "silent";
                    since = time(state.silentAt(), zone);
                } else if (!rhythm.watchedAt(now)) {
                    shown = "outside hours";
                } else {
                    shown = "flowing";
                }
                feeds.add(feed(site.id(), source.channel(), source, beat, shown, since, zone));
            }
        }
        heartbeats.forEach((key, beat) -> {
            if (!listed.contains(key) && viewer.covers(key.get(0))) {
                ZoneId zone = sites.find(key.get(0)).map(Site::timeZone).orElse(ZoneId.of("UTC"));
                feeds.add(feed(key.get(0), key.get(1), null, beat, "not watched", "", zone));
            }
        });
        feeds.sort(java.util.Comparator.comparing(Feed::site).thenComparing(Feed::channel));
        model.addAttribute("feeds", feeds);
        model.addAttribute("viewer", viewer);
        model.addAttribute("tab", "feeds");
        model.addAttribute("mayEquity", viewer.may(Viewer.Section.EQUITY));
        model.addAttribute("mayOwg", viewer.may(Viewer.Section.OWG));
        model.addAttribute("mayPlanner", viewer.may(Viewer.Section.PLANNER));
        return "dashboard/feeds";
    }

    private static Feed feed(
            String site, String channel, Source source, Heartbeat beat, String state, String since, ZoneId zone) {
        return new Feed(
                site,
                channel,
                source == null || source.expectEvery() == null ? "" : FeedWatch.words(source.expectEvery()),
                beat == null ? "never" : time(beat.lastRecord(), zone),
                beat == null || beat.lastError() == null ? "" : beat.lastError(),
                beat == null ? "" : time(beat.lastErrorAt(), zone),
                state,
                since);
    }

    private static String time(Instant at, ZoneId zone) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
