package org.doorway.paging;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.doorway.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers one claimed notice through its route: {@code notice-webhook} (a JSON POST signed with
 * HMAC-SHA256 under the source's secret, header {@code X-Doorway-Signature: sha256=<hex>}) or
 * {@code notice-kafka} (a record keyed by referral id). Temporary failures (network, 5xx, 408, 429)
 * are retried with a growing delay for about a quarter of an hour; anything else, or a webhook
 * whose secret is not set, fails the notice at once, loudly. Delivery is at least once: a receiver
 * de-duplicates by {@code eventId} (also in header {@code X-Doorway-Event-Id}).
 */
@Component
class NoticeDelivery {

    private static final Logger log = LoggerFactory.getLogger(NoticeDelivery.class);

    /** Header naming the webhook URL the route posts to. */
    static final String URL = "DoorwayNoticeUrl";
    /** Header naming the Kafka topic the route publishes to. */
    static final String TOPIC = "DoorwayNoticeTopic";
    /** Header carrying the body's signature. */
    static final String SIGNATURE = "DoorwayNoticeSignature";
    /** Header carrying the event id. */
    static final String EVENT = "DoorwayNoticeEvent";
    /** Header carrying the referral id (the Kafka key). */
    static final String REFERRAL = "DoorwayNoticeReferral";

    static final int MAX_ATTEMPTS = 20;

    private final ProducerTemplate camel;
    private final Notices notices;
    private final TransactionTemplate transaction;
    private final Environment environment;
    private final org.doorway.system.Metrics metrics;

    NoticeDelivery(
            ProducerTemplate camel,
            Notices notices,
            TransactionTemplate transaction,
            Environment environment,
            org.doorway.system.Metrics metrics) {
        this.camel = camel;
        this.notices = notices;
        this.transaction = transaction;
        this.environment = environment;
        this.metrics = metrics;
    }

    /** Delivers a notice and records the outcome; never throws. */
    void deliver(Notices.Claimed notice) {
        try {
            String failure = send(notice);
            if (failure == null) {
                transaction.executeWithoutResult(status -> notices.delivered(notice.id()));
                metrics.page("notice-" + notice.channel().toLowerCase(), "sent", 1);
            }
        } catch (RuntimeException e) {
            log.error("Notice {} outcome not recorded: {}", notice.id(), SafeLog.describe(e));
        }
    }

    /** Sends it; returns {@code null} when delivered, else the error (already recorded). */
    private String send(Notices.Claimed notice) {
        String route = "WEBHOOK".equals(notice.channel()) ? "notice-webhook" : "notice-kafka";
        if (camel.getCamelContext().getRoute(route) == null) {
            return fail(
                    notice,
                    route + " is not running (is "
                            + ("WEBHOOK".equals(notice.channel())
                                    ? "the webhook route"
                                    : "Kafka (camel.component.kafka.brokers)")
                            + " configured?)");
        }
        String signature = null;
        if ("WEBHOOK".equals(notice.channel())) {
            String secret = notice.secretEnv() == null ? null : environment.getProperty(notice.secretEnv());
            // (the same lookup as Source.Notify#webhookSecret: the variable, or a setting of that name)
            if (secret == null || secret.isBlank()) {
                return fail(
                        notice,
                        "webhook secret " + notice.secretEnv() + " is not set; notices are never sent unsigned");
            }
            signature = "sha256=" + hmac(secret, notice.body());
        }
        String signed = signature;
        Exchange result = camel.send("direct:" + route, exchange -> {
            exchange.getMessage().setHeader(URL, notice.target());
            exchange.getMessage().setHeader(TOPIC, notice.target());
            exchange.getMessage().setHeader(SIGNATURE, signed);
            exchange.getMessage().setHeader(EVENT, Long.toString(notice.eventId()));
            exchange.getMessage().setHeader(REFERRAL, notice.referralId().toString());
            exchange.getMessage().setBody(notice.body());
        });
        Exception error = result.getException();
        if (error == null) {
            return null;
        }
        String code = describe(error);
        if (temporary(error) && notice.attempts() < MAX_ATTEMPTS) {
            Duration delay = Duration.ofSeconds(Math.min(60, 1L << Math.min(6, notice.attempts())));
            log.warn(
                    "Notice {} attempt {} failed ({}); retrying in {} s",
                    notice.id(),
                    notice.attempts(),
                    code,
                    delay.toSeconds());
            transaction.executeWithoutResult(status -> notices.retryLater(notice.id(), delay, code));
            metrics.page("notice-" + notice.channel().toLowerCase(), "retried", 1);
            return code;
        }
        return fail(notice, code);
    }

    private String fail(Notices.Claimed notice, String error) {
        log.error(
                "Notice {} for event {} could not be delivered to its {}: {}",
                notice.id(),
                notice.eventId(),
                notice.channel().toLowerCase(),
                error);
        transaction.executeWithoutResult(status -> notices.failed(notice.id(), error));
        metrics.page("notice-" + notice.channel().toLowerCase(), "failed", 1);
        return error;
    }

    private static boolean temporary(Exception error) {
        if (error instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            return status >= 500 || status == 408 || status == 429;
        }
        return true;
    }

    private static String describe(Exception error) {
        return error instanceof HttpOperationFailedException http
                ? "HTTP " + http.getStatusCode()
                : SafeLog.describe(error);
    }

    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
