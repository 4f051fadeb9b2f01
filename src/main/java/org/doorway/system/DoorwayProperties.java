package org.doorway.system;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Doorway's own settings ({@code doorway.*}). Everything has a default that runs on a laptop with
 * nothing installed; production overrides them. Settings that routes also read (as
 * {@code {{doorway.…}}} placeholders) have their defaults in {@code application.yaml}, where Camel
 * sees them too; the others have them here.
 *
 * @param dataDir       where the embedded database and local files live
 * @param publicBaseUrl the address the outside world (Twilio, browsers) uses to reach Doorway; used
 *                      for webhook signatures and links, never the request's Host header
 * @param sitesDir      an optional folder of site configurations ({@code <site>/site.yaml} and
 *                      {@code <site>/policy.yaml}) beside the built-in demo site
 * @param twilio        SMS provider settings
 * @param demo          the built-in demo site
 * @param intake        intake limits and sources
 * @param paging        the paging engine's timing
 * @param adminPassword the password of the {@code admin} account created at first start
 *                      ({@code DOORWAY_ADMIN_PASSWORD}); empty means generate one and print it once
 */
@ConfigurationProperties("doorway")
public record DoorwayProperties(
        @DefaultValue("./data") Path dataDir,
        String publicBaseUrl,
        Path sitesDir,
        @DefaultValue Twilio twilio,
        @DefaultValue Demo demo,
        @DefaultValue Intake intake,
        @DefaultValue Paging paging,
        @DefaultValue("") String adminPassword) {

    public DoorwayProperties {
        publicBaseUrl = publicBaseUrl.endsWith("/")
                ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /**
     * @param accountSid  Twilio account SID; empty means "use the local outbox"
     * @param authToken   Twilio auth token, also what the outbox signs its simulated webhooks with
     * @param fromNumber  the number pages are sent from
     * @param apiBaseUrl  where the Twilio SDK's requests go instead of api.twilio.com (a proxy or a
     *                    test fake); empty for Twilio itself
     * @param validity    how long Twilio may keep trying to deliver a page before dropping it
     */
    public record Twilio(
            @DefaultValue("") String accountSid,
            @DefaultValue("doorway-dev-auth-token") String authToken,
            String fromNumber,
            @DefaultValue("") String apiBaseUrl,
            @DefaultValue("PT10M") Duration validity) {

        /** True when no Twilio account is configured and SMS goes to the local outbox. */
        public boolean outbox() {
            return accountSid.isBlank();
        }
    }

    /**
     * @param enabled whether the demo site (three fictional case managers) is loaded
     * @param apiKey  the demo site's intake API key
     */
    public record Demo(@DefaultValue("true") boolean enabled, @DefaultValue("demo-intake-key") String apiKey) {}

    /**
     * @param maxBodyBytes    the largest request body or message accepted from a source
     * @param kafka           Kafka intake; the Kafka routes start only when brokers are configured
     * @param duplicateWindow how far back a new referral is compared with earlier ones from other
     *                        doors and sources (the same incident or person)
     */
    public record Intake(@DefaultValue("1048576") int maxBodyBytes, @DefaultValue Kafka kafka,
                         @DefaultValue("PT2H") Duration duplicateWindow) {}

    /**
     * @param eidoTopic       the topic CADs publish EIDO documents to
     * @param eidoSite        the site whose referrals that topic carries
     * @param deadLetterTopic where records that cannot be read go, with the reason
     * @param groupId         the consumer group shared by every Doorway instance
     */
    public record Kafka(
            String eidoTopic,
            @DefaultValue("demo") String eidoSite,
            String deadLetterTopic,
            String groupId) {}

    /**
     * @param pollInterval    the longest the engine sleeps before looking for due work that another
     *                        instance may have scheduled
     * @param sendDeadline    how long a claimed page may stay "sending" before it is given up as
     *                        uncertain (never resent: it may have gone out)
     * @param senderThreads   concurrent sends to the SMS provider
     * @param maxSendAttempts attempts for a page that fails temporarily
     * @param enRouteTimeout  how long after acknowledging a case manager has to report "en route"
     *                        before being reminded, and after a second such wait, before the handoff
     *                        is paged to the next person again
     * @param linkKey         the key that signs pages' one-tap links; set a secret of your own in
     *                        production (the default is for development only)
     * @param linkValidity    how long a page's one-tap link works
     */
    public record Paging(
            @DefaultValue("PT0.2S") Duration pollInterval,
            @DefaultValue("PT30S") Duration sendDeadline,
            @DefaultValue("4") int senderThreads,
            @DefaultValue("5") int maxSendAttempts,
            @DefaultValue("PT10M") Duration enRouteTimeout,
            @DefaultValue("doorway-dev-link-key") String linkKey,
            @DefaultValue("PT12H") Duration linkValidity) {}
}
