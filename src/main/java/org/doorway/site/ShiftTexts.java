package org.doorway.site;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.doorway.paging.SmsGateway;
import org.doorway.system.Background;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Texts to the case managers who asked for them ({@code shift-texts: true}): one when a shift of
 * theirs starts (at the hand-off, or where an override puts them on call), and one when an
 * override or an edit changes their shifts of the next two weeks. Each is a row of
 * {@code shift_text}, unique per person, kind and shift start, so a restart or a second instance
 * never sends one twice; rows are claimed ({@code SENDING}) and committed before the provider is
 * asked, and go out through the paging route {@code page-send}, the one SMS door. A text names the
 * site, the layer and times, nothing about any referral or participant.
 *
 * <p>Every {@code doorway.sites.shift-texts-every} it looks at each site by Doorway's clock: a
 * shift that began less than {@link #LATE} ago is texted (a shift whose start this instance
 * missed by more, while it was down, is not: it is no longer news); and each person's shifts are
 * compared with those of the site as last looked at, over the same window.
 */
@Component
class ShiftTexts implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShiftTexts.class);

    /** How late a shift's start may still be texted. */
    static final Duration LATE = Duration.ofMinutes(15);
    /** How far ahead a change of someone's shifts is told. */
    static final Duration AHEAD = Duration.ofDays(14);

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm");

    private final Sites sites;
    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final ProducerTemplate camel;
    private final Duration every;
    private final Map<String, Site> lastSeen = new HashMap<>();
    private final Background background;
    private Background.Task timer;

    ShiftTexts(
            Sites sites,
            JdbcClient db,
            TransactionTemplate transaction,
            ProducerTemplate camel,
            Background background,
            @Value("${doorway.sites.shift-texts-every:PT10S}") Duration every) {
        this.background = background;
        this.sites = sites;
        this.db = db;
        this.transaction = transaction;
        this.camel = camel;
        this.every = every;
    }

    /** Looks at every site once and sends what is due; returns how many texts were sent. */
    synchronized int run() {
        Instant now =
                db.sql("select doorway_now()").query(Timestamp.class).single().toInstant();
        for (Site file : sites.all()) {
            Site site = sites.find(file.id()).orElse(null);
            if (site == null) {
                continue;
            }
            starts(site, now);
            Site before = lastSeen.put(site.id(), site);
            if (before != null) {
                changes(before, site, now);
            }
        }
        return sendDue();
    }

    private void starts(Site site, Instant now) {
        for (Map.Entry<String, Schedule> layer : site.schedules().entrySet()) {
            for (Shift shift : layer.getValue().shifts(now.minus(LATE), now.plusSeconds(1))) {
                if (shift.start().isAfter(now.minus(LATE)) && !shift.start().isAfter(now)) {
                    site.caseManager(shift.member())
                            .filter(cm -> cm.shiftTexts() && cm.active())
                            .ifPresent(cm -> add(
                                    site,
                                    cm,
                                    "STARTS",
                                    shift.start(),
                                    layer.getKey(),
                                    "Doorway: your on-call shift starts now: " + layer.getKey() + " at " + site.id()
                                            + ", until " + local(shift.end(), site.timeZone()) + "."));
                }
            }
        }
    }

    private void changes(Site before, Site after, Instant now) {
        Instant until = now.plus(AHEAD);
        for (Site.CaseManager cm : after.caseManagers().values()) {
            if (!cm.shiftTexts() || !cm.active()) {
                continue;
            }
            List<String> was = shiftsOf(before, cm.id(), now, until);
            List<Shift> nowShifts = new ArrayList<>();
            List<String> is = new ArrayList<>();
            for (Map.Entry<String, Schedule> layer : after.schedules().entrySet()) {
                for (Shift s : layer.getValue().shifts(now, until)) {
                    if (s.member().equals(cm.id())) {
                        nowShifts.add(s);
                        is.add(layer.getKey() + "@" + s.start() + "/" + s.end());
                    }
                }
            }
            if (Objects.equals(was, is)) {
                continue;
            }
            Shift next = nowShifts.stream()
                    .filter(s -> s.start().isAfter(now))
                    .min((a, b) -> a.start().compareTo(b.start()))
                    .orElse(null);
            String nextLayer = next == null ? "" : layerOf(after, cm.id(), next);
            add(
                    after,
                    cm,
                    "CHANGED",
                    next == null ? now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES) : next.start(),
                    next == null ? "" : nextLayer,
                    "Doorway: your on-call shifts at " + after.id() + " changed. "
                            + (next == null
                                    ? "You have no shift in the next two weeks."
                                    : "Next: " + nextLayer + " from " + local(next.start(), after.timeZone()) + " to "
                                            + local(next.end(), after.timeZone()) + ".")
                            + " See the schedule page.");
        }
    }

    private static String layerOf(Site site, String member, Shift shift) {
        for (Map.Entry<String, Schedule> layer : site.schedules().entrySet()) {
            if (layer.getValue().shifts(shift.start(), shift.end()).contains(shift)) {
                return layer.getKey();
            }
        }
        return "";
    }

    private static List<String> shiftsOf(Site site, String member, Instant from, Instant to) {
        List<String> shifts = new ArrayList<>();
        for (Map.Entry<String, Schedule> layer : site.schedules().entrySet()) {
            for (Shift s : layer.getValue().shifts(from, to)) {
                if (s.member().equals(member)) {
                    shifts.add(layer.getKey() + "@" + s.start() + "/" + s.end());
                }
            }
        }
        return shifts;
    }

    private void add(Site site, Site.CaseManager cm, String kind, Instant start, String layer, String body) {
        int added = db.sql("""
                        insert into shift_text (site, case_manager, kind, shift_start, layer, to_number, body)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (site, case_manager, kind, shift_start) do nothing""")
                .params(site.id(), cm.id(), kind, Timestamp.from(start), layer, cm.phone(), body)
                .update();
        if (added == 1) {
            log.info("Shift text {} for case manager {} of site {} queued", kind, cm.id(), site.id());
        }
    }

    private record Claimed(long id, String to, String body) {}

    /** Sends the texts waiting to go, each at most once; returns how many were sent. */
    int sendDue() {
        List<Claimed> claimed = transaction.execute(status -> db.sql("""
                        update shift_text set state = 'SENDING'
                        where id in (select id from shift_text where state = 'PENDING'
                                     order by id limit 20 for update skip locked)
                        returning id, to_number, body""")
                .query((rs, n) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list());
        int sent = 0;
        for (Claimed text : claimed == null ? List.<Claimed>of() : claimed) {
            Exchange result = camel.send("direct:page-send", exchange -> {
                exchange.getMessage().setHeader(SmsGateway.TO, text.to());
                exchange.getMessage().setBody(text.body());
            });
            Exception failure = result.getException();
            if (failure == null) {
                db.sql("update shift_text set state = 'SENT', sent_at = doorway_now() where id = ?")
                        .param(text.id())
                        .update();
                sent++;
            } else {
                log.warn(
                        "Shift text {} not sent: {}",
                        text.id(),
                        failure.getClass().getSimpleName());
                db.sql("update shift_text set state = 'FAILED', error = ? where id = ?")
                        .params(failure.getClass().getSimpleName(), text.id())
                        .update();
            }
        }
        return sent;
    }

    private static String local(Instant at, ZoneId zone) {
        return at.atZone(zone).format(WHEN);
    }

    @Override
    public synchronized void start() {
        Duration round = Duration.ofMillis(Math.max(1000, every.toMillis()));
        timer = background.every("shift-texts", round, round, this::run);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
