package org.doorway.feeds;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.doorway.paging.SmsGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The texts to a site's administrator about its feeds: an outbox of rows ({@code feed_alert}),
 * written in the transaction that found a feed silent or flowing again, and sent at most once:
 * a row is claimed ({@code SENDING}, {@code FOR UPDATE SKIP LOCKED}) and committed before the
 * provider is asked, so a second instance never sends it too, and one whose sender died is never
 * resent. A text the provider refuses is {@code FAILED} with the error's kind; the dashboard still
 * shows the feed's state. Texts go out through the paging route {@code page-send}, the provider's
 * one SMS door; while that door's provider is down ({@link SmsGateway#textsDown}) they wait, unspent.
 * They name the site, the channel and times, nothing about any referral.
 */
@Component
class FeedAlerts {

    private static final Logger log = LoggerFactory.getLogger(FeedAlerts.class);

    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final ProducerTemplate camel;
    private final SmsGateway sms;

    FeedAlerts(JdbcClient db, TransactionTemplate transaction, ProducerTemplate camel, SmsGateway sms) {
        this.db = db;
        this.transaction = transaction;
        this.camel = camel;
        this.sms = sms;
    }

    /** What a feed alert says. */
    enum Kind {
        SILENT,
        RECOVERED
    }

    /** Adds a text to {@code to}, in the caller's transaction. */
    void add(String site, String channel, Kind kind, String to, String body) {
        db.sql("insert into feed_alert (site, channel, kind, to_number, body) values (?, ?, ?, ?, ?)")
                .params(site, channel, kind.name(), to, body)
                .update();
    }

    private record Claimed(long id, String to, String body) {}

    /**
     * Sends the texts waiting to go, each at most once; returns how many were sent. While the
     * provider's SMS channel is down none is claimed: they wait, and go when it answers again.
     */
    int sendDue() {
        if (sms.textsDown()) {
            return 0;
        }
        List<Claimed> claimed = transaction.execute(status -> db.sql("""
                        update feed_alert set state = 'SENDING'
                        where id in (select id from feed_alert where state = 'PENDING'
                                     order by id limit 20 for update skip locked)
                        returning id, to_number, body""")
                .query((rs, n) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list());
        int sent = 0;
        for (Claimed alert : claimed == null ? List.<Claimed>of() : claimed) {
            Exchange result = camel.send("direct:page-send", exchange -> {
                exchange.getMessage().setHeader(SmsGateway.TO, alert.to());
                exchange.getMessage().setBody(alert.body());
            });
            Exception failure = result.getException();
            if (failure == null) {
                db.sql("update feed_alert set state = 'SENT', sent_at = doorway_now() where id = ?")
                        .param(alert.id())
                        .update();
                sent++;
            } else {
                log.warn(
                        "Feed alert {} not sent: {}",
                        alert.id(),
                        failure.getClass().getSimpleName());
                db.sql("update feed_alert set state = 'FAILED', error = ? where id = ?")
                        .params(failure.getClass().getSimpleName(), alert.id())
                        .update();
            }
        }
        return sent;
    }
}
