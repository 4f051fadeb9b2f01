package org.doorway.paging;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.doorway.paging.ProviderBreakers.Channel;
import org.doorway.site.EscalationPolicy;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Provider outages as everyone sees them: a row of {@code provider_outage} per channel while it is
 * down (at most one open row per channel, whichever instance noticed first), shown on the
 * dashboard, and the supervisors told once per outage by whatever channel still works.
 *
 * <p>A site's supervisor is whoever is on call in the layers of the last step of the site's
 * escalation policy (where the policy ends is the person who answers for it). With texts down and
 * calls working they are called; with calls down and texts working they get a text; with both down
 * nobody can be reached through the provider, and the dashboard banner and the Prometheus alert
 * {@code DoorwayProviderDown} remain. The message names the channel and the time, nothing of any
 * referral.
 */
@Component
class ProviderOutages {

    private static final Logger log = LoggerFactory.getLogger(ProviderOutages.class);

    private final JdbcClient db;
    private final ProviderBreakers breakers;
    private final SmsGateway provider;
    private final Sites sites;
    private final Map<Channel, Boolean> known = new EnumMap<>(Channel.class);
    private final ExecutorService tellers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "doorway-outage-notice");
        t.setDaemon(true);
        return t;
    });

    ProviderOutages(JdbcClient db, ProviderBreakers breakers, SmsGateway provider, Sites sites) {
        this.db = db;
        this.breakers = breakers;
        this.provider = provider;
        this.sites = sites;
    }

    /** An open outage, for the dashboard. */
    record Outage(String channel, Instant since) {}

    /** The outages open now, oldest first. */
    List<Outage> open() {
        return db.sql("select channel, opened_at from provider_outage where closed_at is null order by opened_at")
                .query((rs, n) -> new Outage(rs.getString(1), rs.getTimestamp(2).toInstant()))
                .list();
    }

    /**
     * Brings the outage rows in line with this instance's breakers: a channel newly down opens its
     * outage (and, if this instance opened it, its supervisors are told on a thread of its own); a
     * channel working again closes it. Called by the paging engine every round; cheap when nothing
     * changed.
     */
    void reconcile() {
        for (Channel channel : Channel.values()) {
            boolean down = breakers.down(channel);
            if (known.getOrDefault(channel, false) == down) {
                continue;
            }
            if (down) {
                boolean first = db.sql("""
                                insert into provider_outage (channel, opened_at) values (?, doorway_now())
                                on conflict (channel) where closed_at is null do nothing""").param(channel.name()).update() == 1;
                log.warn("Provider channel {} is down: its pages wait until it answers again", channel);
                if (first) {
                    tellers.execute(() -> tellSupervisors(channel));
                }
            } else {
                db.sql("update provider_outage set closed_at = doorway_now() where channel = ? and closed_at is null")
                        .param(channel.name())
                        .update();
                log.warn("Provider channel {} answers again: waiting pages go out, oldest first", channel);
            }
            known.put(channel, down); // only once recorded: a failed write is tried again next round
        }
    }

    private void tellSupervisors(Channel down) {
        Channel other = down == Channel.SMS ? Channel.VOICE : Channel.SMS;
        String told = "none";
        if (!breakers.down(other)) {
            String what = down == Channel.SMS ? "text messages" : "phone calls";
            String message = "Doorway: the provider is not taking " + what + ". Pages wait and go out when it"
                    + " returns. Check the Doorway dashboard.";
            // Who is on call by Doorway's clock (the one escalation steps use).
            Instant now = db.sql("select doorway_now()")
                    .query(java.sql.Timestamp.class)
                    .single()
                    .toInstant();
            Map<String, String> phones = new LinkedHashMap<>();
            for (Site site : sites.all()) {
                supervisor(site, now).ifPresent(m -> phones.putIfAbsent(m.phone(), m.id()));
            }
            for (Map.Entry<String, String> phone : phones.entrySet()) {
                try {
                    if (other == Channel.VOICE) {
                        provider.call(phone.getKey(), message, 0);
                    } else {
                        provider.send(phone.getKey(), message);
                    }
                    told = other.name();
                    log.info("Supervisor {} told of the {} outage by {}", phone.getValue(), down, other);
                } catch (RuntimeException e) {
                    log.warn(
                            "Supervisor {} could not be told of the {} outage: {}",
                            phone.getValue(),
                            down,
                            SafeLog.describe(e));
                }
            }
        } else {
            log.error("Both provider channels are down: supervisors can only be told by the dashboard and alerts");
        }
        try {
            db.sql("update provider_outage set told_by = ? where channel = ? and closed_at is null")
                    .params(told, down.name())
                    .update();
        } catch (RuntimeException e) {
            log.warn("Outage notice not recorded: {}", SafeLog.describe(e));
        }
    }

    /** The case manager on call in the first layer of the last step of the site's policy, if any. */
    static Optional<Site.CaseManager> supervisor(Site site, Instant at) {
        List<EscalationPolicy.Step> steps = site.escalation().steps();
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        for (String layer : steps.get(steps.size() - 1).layers()) {
            Optional<Site.CaseManager> member = site.onCall(layer, at);
            if (member.isPresent()) {
                return member;
            }
        }
        return Optional.empty();
    }
}
