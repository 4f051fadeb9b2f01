package org.doorway.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 *                      ({@code DOORWAY_ADMIN_PASSWORD}); empty means generate one into {@code <data-dir>/admin-password.txt} (mode 0600), never logged
 * @param metricsToken  the bearer token Prometheus scrapes {@code /actuator/prometheus} with; empty
 *                      means only signed-in administrators may read the metrics
 * @param metricsPreviousTokens earlier metrics tokens still accepted while Prometheus is moved to
 *                      the new one ({@code DOORWAY_METRICS_PREVIOUS_TOKENS}); empty outside a rotation
 * @param mode          {@code development} or {@code production} ({@code DOORWAY_MODE}); unset means
 *                      development unless an external database or a Twilio account implies
 *                      production (decided by {@link DeploymentMode}, which also refuses an unsafe
 *                      production start)
 * @param outbox        the local outbox (SMS kept on this machine instead of sent)
 * @param trustedProxies the addresses or CIDR ranges of reverse proxies whose {@code X-Forwarded-*}
 *                      headers are believed; none by default (applied by {@link DeploymentMode})
 */
@ConfigurationProperties("doorway")
public record DoorwayProperties(
        Path dataDir,
        String publicBaseUrl,
        Path sitesDir,
        @DefaultValue Twilio twilio,
        @DefaultValue Demo demo,
        @DefaultValue Intake intake,
        @DefaultValue Paging paging,
        @DefaultValue("") String adminPassword,
        @DefaultValue("") String metricsToken,
        @DefaultValue List<String> metricsPreviousTokens,
        @DefaultValue(DeploymentMode.DEVELOPMENT) String mode,
        @DefaultValue Outbox outbox,
        @DefaultValue List<String> trustedProxies) {

    public DoorwayProperties {
        publicBaseUrl =
                publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /** Whether Doorway runs in production mode. */
    public boolean production() {
        return DeploymentMode.PRODUCTION.equals(mode);
    }

    /**
     * @param enabled whether the local outbox may stand in for Twilio in production mode (in
     *                development it always does when no Twilio account is set); without it, production
     *                mode with no Twilio account refuses to start
     */
    public record Outbox(@DefaultValue("false") boolean enabled) {}

    /**
     * @param accountSid  Twilio account SID; empty means "use the local outbox"
     * @param authToken   Twilio auth token, also what the outbox signs its simulated webhooks with
     * @param secondaryAuthToken Twilio's secondary auth token while one is being rotated in: webhooks
     *                    signed with either token are accepted; empty when not rotating
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
            @DefaultValue("PT10M") Duration validity,
            @DefaultValue("") String secondaryAuthToken) {

        /** True when no Twilio account is configured and SMS goes to the local outbox. */
        public boolean outbox() {
            return accountSid.isBlank();
        }
    }

    /**
     * @param enabled whether the demo site (four fictional case managers in three on-call layers) is
     *                loaded; by default yes in development, no in production
     * @param apiKey  the demo site's intake API key
     * @param history how many days of fictional history (referrals, decisions, handoffs, OWG
     *                decisions) to give the demo site at start, up to today, e.g. {@code P90D}; none
     *                by default; honoured only when the demo site is enabled, and once only (a
     *                database that has it already is left alone, whichever instance starts)
     */
    public record Demo(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("demo-intake-key") String apiKey,
            Duration history) {}

    /**
     * @param maxBodyBytes    the largest HTTP request body or EIDO conveyance document accepted from a
     *                        source (Kafka records are bounded by the broker's own message size)
     * @param kafka           Kafka intake; the Kafka routes start only when brokers are configured
     * @param duplicateWindow how far back a new referral is compared with earlier ones from other
     *                        doors and sources (the same incident or person)
     * @param folder          the folder watched for RMS exports: {@code <site>/nibrs/*.xml} and
     *                        {@code <site>/csv/<mapping>/*.csv} (default {@code <data-dir>/inbox})
     * @param maxFileBytes    the largest export file taken from the folder or SFTP
     * @param sftp            an SFTP server to collect RMS exports from, laid out like the folder
     * @param open311         311 systems to poll
     */
    public record Intake(
            @DefaultValue("1048576") int maxBodyBytes,
            @DefaultValue Kafka kafka,
            @DefaultValue("PT2H") Duration duplicateWindow,
            Path folder,
            @DefaultValue("20971520") long maxFileBytes,
            @DefaultValue Sftp sftp,
            @DefaultValue Open311 open311) {}

    /**
     * @param host      SFTP host; unset means no SFTP collection (the route is not loaded)
     * @param port      port
     * @param username  user
     * @param password  password, if not using a private key
     * @param privateKeyFile a private key file, if not using a password
     * @param knownHostsFile the known_hosts file the server's key must be in
     * @param directory the remote folder laid out like the local inbox
     */
    public record Sftp(
            String host,
            @DefaultValue("22") int port,
            String username,
            String password,
            String privateKeyFile,
            String knownHostsFile,
            @DefaultValue("inbox") String directory) {}

    /**
     * @param feeds     the 311 systems to poll; none by default
     * @param interval  how often each is polled
     * @param pollEvery how often Doorway looks for feeds that are due (a Camel timer period)
     */
    public record Open311(
            @DefaultValue List<Open311Feed> feeds,
            @DefaultValue("PT5M") Duration interval,
            @DefaultValue("30s") String pollEvery) {}

    /**
     * One 311 system Doorway polls with GeoReport v2 {@code GET /requests.json}.
     *
     * @param name         short name, recorded on referrals (channel {@code open311:<name>}) and used
     *                     for its cursor
     * @param url          the requests endpoint, e.g. {@code https://311.example.gov/open311/v2/requests.json}
     *                     (a {@code .xml} endpoint is read as XML)
     * @param site         the site its referrals belong to
     * @param serviceCodes the service codes to ask for (the site's policy still decides)
     * @param apiKey       the city's API key, if it wants one
     * @param overlap      how far before the cursor each poll starts again, for late updates
     * @param pageSize     the most requests the server puts in one answer: an answer this long is
     *                     taken as capped, and the next poll follows at once from its latest time
     */
    public record Open311Feed(
            String name,
            String url,
            String site,
            @DefaultValue List<String> serviceCodes,
            String apiKey,
            @DefaultValue("PT10M") Duration overlap,
            @DefaultValue("1000") int pageSize) {}

    /**
     * @param eidoTopic       the topic CADs publish EIDO documents to
     * @param eidoSite        the site whose referrals that topic carries
     * @param deadLetterTopic where records that cannot be read go, with the reason
     * @param groupId         the consumer group shared by every Doorway instance
     */
    public record Kafka(
            String eidoTopic, @DefaultValue("demo") String eidoSite, String deadLetterTopic, String groupId) {}

    /**
     * @param pollInterval    the longest the engine sleeps before looking for due work that another
     *                        instance may have scheduled
     * @param sendDeadline    how long a claimed page may stay "sending" before it is given up as
     *                        uncertain (never resent: it may have gone out)
     * @param senderThreads   concurrent sends to the SMS provider
     * @param firingThreads   escalation timers fired at once, each handoff in a transaction of its
     *                        own (a burst of new handoffs is paged side by side, not one by one)
     * @param maxSendAttempts attempts for a page that fails temporarily
     * @param linkValidity    how long a page's one-tap link works
     * @param perPhoneGap     the least time between two messages to one phone (carriers filter
     *                        bursts); a message due sooner waits, marked as held
     * @param maxPerSecond    the most messages this instance hands the provider per second
     * @param connectTimeout  how long a sender waits to connect to the provider (nothing has been
     *                        sent yet, so a page that times out here is retried)
     * @param readTimeout     how long a sender waits for the provider's answer once its request has
     *                        left (a page that times out here is uncertain: never resent as a text)
     * @param pageExpiry      how long after it was added a page is still worth sending; one that
     *                        could not be sent by then is dropped with the reason {@code expired}
     * @param noticeThreads   concurrent deliveries of notices to referrers, on threads of their own
     *                        (a slow referrer never holds up a page, nor a slow provider a notice)
     * @param breaker         when a provider channel (SMS, voice) counts as down, and how soon it
     *                        is tried again; while it is down its pages wait
     * @param pace            the windows that keep carriers from filtering Doorway as a spammer: per
     *                        phone (a site may set its own in {@code site.yaml}) and per sender number
     */
    public record Paging(
            @DefaultValue("PT0.2S") Duration pollInterval,
            @DefaultValue("PT30S") Duration sendDeadline,
            @DefaultValue("4") int senderThreads,
            @DefaultValue("2") int firingThreads,
            @DefaultValue("5") int maxSendAttempts,
            @DefaultValue("PT12H") Duration linkValidity,
            @DefaultValue("PT2S") Duration perPhoneGap,
            @DefaultValue("20") int maxPerSecond,
            @DefaultValue("PT5S") Duration connectTimeout,
            @DefaultValue("PT10S") Duration readTimeout,
            @DefaultValue("PT10M") Duration pageExpiry,
            @DefaultValue("2") int noticeThreads,
            @DefaultValue Breaker breaker,
            @DefaultValue PaceWindows pace) {}

    /**
     * The circuit breaker of each provider channel (SMS, voice), per instance.
     *
     * @param failureRate  the share of failed requests (in percent, among the last {@code window})
     *                     that opens the breaker: the provider is taken as down
     * @param window       how many of the latest requests of a channel are looked at
     * @param minimumCalls how many requests a channel needs before its failure rate counts
     * @param openFor      how long an open breaker waits before one page is let through to try the
     *                     provider again
     */
    public record Breaker(
            @DefaultValue("50") int failureRate,
            @DefaultValue("10") int window,
            @DefaultValue("4") int minimumCalls,
            @DefaultValue("PT30S") Duration openFor) {}

    /**
     * The pace of messages, in windows after GoAlert's rules (a contact method gets only a few texts
     * in a window, calls are spaced, the sending number has its own limit). A page that a window
     * does not allow yet waits (held), never dropped; pages to other phones go on meanwhile.
     *
     * @param textsPerPhone most texts (pages, reminders, notices) one phone gets within
     *                      {@code textWindow}; a site may set its own ({@code pace} in site.yaml)
     * @param textWindow    the window {@code textsPerPhone} counts in
     * @param callGap       the least time between two calls to one phone (a site may set its own)
     * @param senderLimit   most requests (texts and calls) the sender number makes within
     *                      {@code senderWindow}, counted over every instance
     * @param senderWindow  the window {@code senderLimit} counts in
     */
    public record PaceWindows(
            @DefaultValue("6") int textsPerPhone,
            @DefaultValue("PT1M") Duration textWindow,
            @DefaultValue("PT1M") Duration callGap,
            @DefaultValue("20") int senderLimit,
            @DefaultValue("PT1S") Duration senderWindow) {}
}
