package org.doorway.paging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.doorway.handoff.HandoffMoved;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.site.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Closes the loop: tells whoever waits on a handoff how it moved. When a handoff is acknowledged,
 * dropped, progresses or can be answered by nobody, in the same transaction:
 * <ul>
 *   <li>the source that sent the referral gets a notice on each destination its site
 *       configuration names ({@code sources[].notify}: a signed webhook and/or a Kafka topic),
 *       delivered at least once by {@link NoticeDelivery};</li>
 *   <li>the referring officer, when the site's roster knows the referral's agent id, gets an SMS
 *       saying who is coming and when, or that nobody can come (a page of kind {@code NOTICE},
 *       sent at most once like every page).</li>
 * </ul>
 * A referral's callback number is never texted: it may belong to a 911 or 988 caller, who may be
 * the person in crisis or a bystander, and a text would disclose the referral. Only numbers from
 * the site's own roster are.
 */
@Component
class Notices {

    private static final Logger log = LoggerFactory.getLogger(Notices.class);

    /** How long a notice being delivered is reserved for its instance before another may retry it. */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final JdbcClient db;
    private final Sites sites;
    private final Pages pages;
    private final ObjectMapper json;

    Notices(JdbcClient db, Sites sites, Pages pages, ObjectMapper json) {
        this.db = db;
        this.sites = sites;
        this.pages = pages;
        this.json = json;
    }

    private record Waiting(
            String site,
            String shortRef,
            String source,
            String sourceId,
            String channel,
            String agent,
            String state,
            String responderId,
            Integer etaMinutes,
            Timestamp requestedAt,
            Timestamp acknowledgedAt,
            Timestamp at) {}

    /** Writes the notices for one move, in the transaction that recorded it. */
    @EventListener
    void onMoved(HandoffMoved moved) {
        Waiting waiting = db.sql("""
                        select r.site, r.short_ref, r.source, r.source_id, r.channel, r.body -> 'referrer' ->> 'agent',
                               h.state, h.responder_id, h.eta_minutes, h.requested_at, h.acknowledged_at, e.at
                        from handoff h join referral r on r.id = h.referral_id
                             join handoff_event e on e.id = ?
                        where h.referral_id = ?""")
                .params(moved.eventId(), moved.referralId())
                .query((rs, n) -> new Waiting(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        (Integer) rs.getObject(9),
                        rs.getTimestamp(10),
                        rs.getTimestamp(11),
                        rs.getTimestamp(12)))
                .single();
        Site site = sites.find(waiting.site()).orElse(null);
        if (site == null) {
            return;
        }
        String responder = responderName(site, moved, waiting);
        sourceOf(site, waiting.channel()).map(Source::notifications).ifPresent(notify -> {
            String body = body(moved, waiting, responder);
            if (notify.webhook() != null) {
                add(moved, "WEBHOOK", notify.webhook().toString(), notify.webhookSecretEnv(), body);
            }
            if (notify.kafkaTopic() != null) {
                add(moved, "KAFKA", notify.kafkaTopic(), null, body);
            }
        });
        if ("CANCELLED".equals(moved.kind())
                && waiting.responderId() != null
                && !waiting.responderId().equals(moved.actor())) {
            // The case manager on their way must not go for nothing.
            site.caseManager(waiting.responderId())
                    .ifPresent(cm -> pages.add(
                            moved.referralId(),
                            Math.toIntExact(moved.eventId()),
                            "NOTICE",
                            cm.id(),
                            cm.phone(),
                            (code, id) -> PageText.responderCancelled(waiting.shortRef())));
        }
        String text = new OfficerNotice(
                        waiting.shortRef(),
                        moved.kind(),
                        responder,
                        "ACKNOWLEDGED".equals(moved.kind()) ? waiting.etaMinutes() : null)
                .text();
        if (text != null && waiting.agent() != null) {
            site.officerFor(waiting.agent()).ifPresent(officer -> {
                pages.add(
                        moved.referralId(),
                        Math.toIntExact(moved.eventId()),
                        "NOTICE",
                        "officer:" + officer.id(),
                        officer.phone(),
                        (code, id) -> text);
                log.info(
                        "Handoff {}: telling referring officer {} ({})",
                        waiting.shortRef(),
                        officer.id(),
                        moved.kind());
            });
        }
    }

    /** The source a referral came from, by the name its channel records ({@code http:<name>} or a channel). */
    static Optional<Source> sourceOf(Site site, String channel) {
        if (channel == null) {
            return Optional.empty();
        }
        return site.source(channel.startsWith("http:") ? channel.substring("http:".length()) : channel);
    }

    private static String responderName(Site site, HandoffMoved moved, Waiting waiting) {
        String id = waiting.responderId() != null ? waiting.responderId() : moved.actor();
        if (id == null) {
            return null;
        }
        return site.caseManager(id).map(Site.CaseManager::name).orElse(id);
    }

    private String body(HandoffMoved moved, Waiting waiting, String responder) {
        boolean someoneComing =
                List.of("ACKNOWLEDGED", "EN_ROUTE", "ON_SCENE", "HANDED_OFF").contains(waiting.state());
        SourceNotice notice = new SourceNotice(
                moved.eventId(),
                moved.kind(),
                instant(waiting.at()),
                new SourceNotice.Ref(
                        moved.referralId(), waiting.shortRef(), waiting.site(), waiting.source(), waiting.sourceId()),
                new SourceNotice.Clock(
                        waiting.state(),
                        someoneComing ? responder : null,
                        someoneComing ? waiting.etaMinutes() : null,
                        instant(waiting.requestedAt()),
                        someoneComing ? instant(waiting.acknowledgedAt()) : null));
        try {
            return json.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notice could not be written as JSON", e);
        }
    }

    private static String instant(Timestamp at) {
        return at == null ? null : at.toInstant().toString();
    }

    private void add(HandoffMoved moved, String channel, String target, String secretEnv, String body) {
        db.sql("""
                        insert into notice (referral_id, event_id, channel, target, secret_env, body, due_at)
                        values (?, ?, ?, ?, ?, ?, doorway_now())
                        on conflict (event_id, channel, target) do nothing""")
                .params(moved.referralId(), moved.eventId(), channel, target, secretEnv, body)
                .update();
    }

    /** A notice claimed for delivery. */
    record Claimed(
            long id,
            UUID referralId,
            long eventId,
            String channel,
            String target,
            String secretEnv,
            String body,
            int attempts) {}

    /**
     * Claims due notices for delivery in the caller's transaction, leasing each for {@link #LEASE}:
     * pending ones whose time has come, and any whose deliverer stopped mid-delivery.
     */
    List<Claimed> claimDue(int limit) {
        return db.sql("""
                        update notice set state = 'SENDING', attempts = attempts + 1,
                                          lease_until = doorway_now() + make_interval(secs => ?)
                        where id in (select id from notice
                                     where (state = 'PENDING' and due_at <= doorway_now())
                                        or (state = 'SENDING' and lease_until < doorway_now())
                                     order by due_at limit ? for update skip locked)
                        returning id, referral_id, event_id, channel, target, secret_env, body, attempts""")
                .params(LEASE.toSeconds(), limit)
                .query((rs, n) -> new Claimed(
                        rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getInt(8)))
                .list();
    }

    void delivered(long id) {
        db.sql(
                        "update notice set state = 'SENT', sent_at = doorway_now(), lease_until = null, error = null where id = ?")
                .param(id)
                .update();
    }

    void retryLater(long id, Duration delay, String error) {
        db.sql("""
                        update notice set state = 'PENDING', due_at = doorway_now() + make_interval(secs => ?),
                                          lease_until = null, error = ?
                        where id = ? and state = 'SENDING'""").params(delay.toMillis() / 1000.0, error, id).update();
    }

    void failed(long id, String error) {
        db.sql("update notice set state = 'FAILED', lease_until = null, error = ? where id = ?")
                .params(error, id)
                .update();
    }
}
