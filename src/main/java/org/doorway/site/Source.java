package org.doorway.site;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A system that sends this site referrals, and where Doorway tells it how its handoffs go.
 *
 * @param name          the name recorded on its referrals: an HTTP source's own name (its API key
 *                      authenticates it under that name), or a channel such as
 *                      {@code kafka:doorway.eido}
 * @param apiKeySha256  the lower-case hex SHA-256 of its API key, or {@code null} when it has no key
 *                      in this file (a channel, or the demo source whose key is a setting)
 * @param notifications where handoff status goes ({@code notify} in the file); {@link Notify#NONE}
 *                      when nowhere
 * @param previousApiKeySha256 while its key is being rotated, the hash of the key it is moving away
 *                      from ({@code previous-api-key-sha256}), accepted too; {@code null} otherwise
 * @param expectEvery   its rhythm ({@code expect-every}): silence longer than this, counted during
 *                      the site's operating hours, alerts the site's administrator; {@code null}
 *                      when the source is not watched
 */
public record Source(
        String name, String apiKeySha256, Notify notifications, String previousApiKeySha256, Duration expectEvery) {

    /** A source with one key (or none). */
    public Source(String name, String apiKeySha256, Notify notifications) {
        this(name, apiKeySha256, notifications, null, null);
    }

    /** A source that is not watched for silence. */
    public Source(String name, String apiKeySha256, Notify notifications, String previousApiKeySha256) {
        this(name, apiKeySha256, notifications, previousApiKeySha256, null);
    }

    /**
     * The channel its referrals are recorded under: {@code http:<name>} for a source that sends
     * with a key, else its name (a channel such as {@code kafka:doorway.eido}).
     */
    public String channel() {
        return name.contains(":") ? name : "http:" + name;
    }

    /** Its rhythm, if it is watched for silence. */
    public Optional<Duration> rhythm() {
        return Optional.ofNullable(expectEvery);
    }

    public Source {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a source needs a name");
        }
        notifications = notifications == null ? Notify.NONE : notifications;
    }

    /** The hash of its API key, if it has one here. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKeySha256);
    }

    /**
     * Where Doorway sends a source the status of the handoffs it asked for. Each part is
     * {@code null} when unused.
     *
     * @param webhook          the URL Doorway POSTs status to
     * @param webhookSecretEnv the name of the environment variable holding the secret the webhook
     *                         bodies are signed with (HMAC); the secret itself is never in a file.
     *                         Set whenever {@code webhook} is.
     * @param kafkaTopic       the Kafka topic status goes to
     */
    public record Notify(URI webhook, String webhookSecretEnv, String kafkaTopic) {

        /** Nowhere. */
        public static final Notify NONE = new Notify(null, null, null);

        /**
         * The webhook's signing secret, looked up by name in {@code settings} (Doorway passes its
         * environment: the environment variable, or a setting of that name); empty if it is unset
         * or blank.
         */
        public Optional<String> webhookSecret(java.util.function.UnaryOperator<String> settings) {
            return Optional.ofNullable(webhookSecretEnv).map(settings).filter(s -> !s.isBlank());
        }
    }
}
