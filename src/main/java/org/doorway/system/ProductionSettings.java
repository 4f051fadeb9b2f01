package org.doorway.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * What production mode requires of the settings ({@link DeploymentMode}). Every problem is named
 * by the environment variable an operator sets and the property it stands for, e.g.
 * {@code DOORWAY_CALENDAR_KEY (doorway.calendar.key)}, never with its value.
 *
 * <p>The rules:
 * <ul>
 *   <li><b>Generated secrets</b> (calendar key, match key, the demo intake key when the demo site
 *       is enabled, the metrics token when set, the Twilio auth token when the outbox signs with
 *       it, and every previous key kept for rotation) must be present, must not be one of the
 *       {@linkplain #PUBLISHED_DEFAULTS published defaults}, and must carry at least 32 random
 *       bytes: at least 43 characters (what {@code openssl rand -base64 32} prints, 44 with its
 *       padding), or 64 when written in hexadecimal digits only, and at least 10 different
 *       characters (so that no run of one letter passes).</li>
 *   <li><b>Provider-issued secrets</b> (the Twilio auth token and its secondary): present and not
 *       a published default; Twilio decides their form.</li>
 *   <li><b>Passwords</b>: the first-start {@code admin} password may be empty (one is generated)
 *       but otherwise has at least 16 characters; no password may be a published default.</li>
 *   <li><b>Master keys of encryption at rest</b> ({@code doorway.seal.master-key} and the previous
 *       ones): {@code id:key}, the key 32 bytes in base64 and not the published development key.</li>
 *   <li>An external database, and either a Twilio account or the outbox explicitly enabled.</li>
 * </ul>
 */
final class ProductionSettings {

    /**
     * Every default key, token and password Doorway or its compose file has ever shipped, and those
     * the README shows as examples: anyone can read them, so none is a secret.
     */
    static final Set<String> PUBLISHED_DEFAULTS = Set.of(
            "doorway-dev-auth-token",
            "doorway-dev-link-key",
            "doorway-dev-calendar-key",
            "doorway-development-match-key",
            "doorway-metrics-dev-only",
            "doorway-dev-only",
            "demo-intake-key",
            "dev:ZG9vcndheS1kZXZlbG9wbWVudC1tYXN0ZXIta2V5ISE=",
            "ZG9vcndheS1kZXZlbG9wbWVudC1tYXN0ZXIta2V5ISE=",
            "changeme",
            "change-me",
            "password",
            "secret");

    static final int MIN_RANDOM_CHARS = 43;
    static final int MIN_HEX_CHARS = 64;
    static final int MIN_DISTINCT_CHARS = 10;
    static final int MIN_PASSWORD_CHARS = 16;

    private ProductionSettings() {}

    /** What is wrong with the settings for production; empty when nothing is. */
    static List<String> problems(ConfigurableEnvironment environment) {
        return problems(environment, Binder.get(environment));
    }

    static List<String> problems(PropertyResolver settings, Binder binder) {
        List<String> problems = new ArrayList<>();
        if (!StringUtils.hasText(settings.getProperty("spring.datasource.url"))) {
            problems.add(name("spring.datasource.url")
                    + ": not set; production runs on an external PostgreSQL, never the embedded one");
        }
        password(settings, "spring.datasource.password", false, problems);
        boolean twilioAccount = StringUtils.hasText(settings.getProperty("doorway.twilio.account-sid"));
        boolean outbox = settings.getProperty("doorway.outbox.enabled", Boolean.class, false);
        if (twilioAccount) {
            provided(settings, "doorway.twilio.auth-token", problems);
            String secondary = settings.getProperty("doorway.twilio.secondary-auth-token", "");
            if (!secondary.isBlank() && PUBLISHED_DEFAULTS.contains(secondary.trim())) {
                problems.add(name("doorway.twilio.secondary-auth-token") + ": is a published default");
            }
        } else if (outbox) {
            // The outbox signs its simulated webhooks with the token: nobody else may know it.
            generated(settings.getProperty("doorway.twilio.auth-token"), "doorway.twilio.auth-token", problems);
        } else {
            problems.add(name("doorway.twilio.account-sid") + ": no Twilio account, so no page would leave this"
                    + " machine; set the account (and " + name("doorway.twilio.auth-token") + "), or set "
                    + name("doorway.outbox.enabled") + " to true to mean the local outbox");
        }
        generated(settings.getProperty("doorway.calendar.key"), "doorway.calendar.key", problems);
        list(binder, "doorway.calendar.previous-keys", problems);
        generated(settings.getProperty("doorway.triage.match-key"), "doorway.triage.match-key", problems);
        list(binder, "doorway.triage.previous-match-keys", problems);
        String metrics = settings.getProperty("doorway.metrics-token", "");
        if (!metrics.isEmpty()) {
            generated(metrics, "doorway.metrics-token", problems);
        }
        list(binder, "doorway.metrics-previous-tokens", problems);
        if (settings.getProperty("doorway.demo.enabled", Boolean.class, false)) {
            generated(settings.getProperty("doorway.demo.api-key"), "doorway.demo.api-key", problems);
        }
        masterKey(settings.getProperty("doorway.seal.master-key"), "doorway.seal.master-key", problems);
        List<String> previousMasters = binder.bind("doorway.seal.previous-master-keys", Bindable.listOf(String.class))
                .orElse(List.of());
        for (int i = 0; i < previousMasters.size(); i++) {
            masterKey(previousMasters.get(i), "doorway.seal.previous-master-keys[" + i + "]", problems);
        }
        password(settings, "doorway.admin-password", true, problems);
        return problems;
    }

    /**
     * A master key of encryption at rest: {@code id:key}, the key 32 random bytes in base64, neither
     * published (the development key) nor weak.
     */
    private static void masterKey(String value, String property, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(name(property) + ": not set; give id:key, the key from openssl rand -base64 32");
            return;
        }
        String entry = value.trim();
        int colon = entry.indexOf(':');
        if (PUBLISHED_DEFAULTS.contains(entry)
                || (colon >= 0 && PUBLISHED_DEFAULTS.contains(entry.substring(colon + 1)))) {
            problems.add(name(property) + ": is a published default");
            return;
        }
        if (colon < 1 || !entry.substring(0, colon).matches("[A-Za-z0-9_-]{1,40}")) {
            problems.add(name(property) + ": not of the form id:key (id of letters, digits, - or _)");
            return;
        }
        String key = entry.substring(colon + 1);
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            problems.add(name(property) + ": the key is not base64 (openssl rand -base64 32)");
            return;
        }
        if (bytes.length != 32) {
            problems.add(name(property) + ": the key is not 32 bytes (openssl rand -base64 32)");
            return;
        }
        weakness(key).ifPresent(reason -> problems.add(name(property) + ": " + reason));
    }

    private static void list(Binder binder, String property, List<String> problems) {
        List<String> keys = binder.bind(property, Bindable.listOf(String.class)).orElse(List.of());
        for (int i = 0; i < keys.size(); i++) {
            generated(keys.get(i), property + "[" + i + "]", problems);
        }
    }

    private static void generated(String value, String property, List<String> problems) {
        weakness(value).ifPresent(reason -> problems.add(name(property) + ": " + reason));
    }

    private static void provided(PropertyResolver settings, String property, List<String> problems) {
        String value = settings.getProperty(property, "");
        if (value.isBlank()) {
            problems.add(name(property) + ": not set");
        } else if (PUBLISHED_DEFAULTS.contains(value.trim())) {
            problems.add(name(property) + ": is a published default");
        }
    }

    private static void password(
            PropertyResolver settings, String property, boolean checkLength, List<String> problems) {
        String value = settings.getProperty(property, "");
        if (value.isEmpty()) {
            return;
        }
        if (PUBLISHED_DEFAULTS.contains(value.trim())) {
            problems.add(name(property) + ": is a published default");
        } else if (checkLength && value.length() < MIN_PASSWORD_CHARS) {
            problems.add(name(property) + ": shorter than " + MIN_PASSWORD_CHARS
                    + " characters (leave it empty to have one generated)");
        }
    }

    /** Why a generated secret is not good enough for production, or empty when it is. */
    static java.util.Optional<String> weakness(String value) {
        if (value == null || value.isBlank()) {
            return java.util.Optional.of("not set");
        }
        String secret = value.trim();
        if (PUBLISHED_DEFAULTS.contains(secret)) {
            return java.util.Optional.of("is a published default");
        }
        if (!strong(secret)) {
            return java.util.Optional.of("has less than 32 random bytes (at least " + MIN_RANDOM_CHARS
                    + " characters, " + MIN_HEX_CHARS + " in hex, of at least " + MIN_DISTINCT_CHARS
                    + " different characters)");
        }
        return java.util.Optional.empty();
    }

    /** Whether a secret is long and varied enough to hold 32 random bytes. */
    static boolean strong(String secret) {
        boolean hex = secret.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        int needed = hex ? MIN_HEX_CHARS : MIN_RANDOM_CHARS;
        return secret.length() >= needed && secret.chars().distinct().count() >= MIN_DISTINCT_CHARS;
    }

    /** A setting as an operator sets it: {@code DOORWAY_CALENDAR_KEY (doorway.calendar.key)}. */
    static String name(String property) {
        String variable = property.replace("[", "_")
                .replace("]", "")
                .replace('.', '_')
                .replace('-', '_')
                .toUpperCase(Locale.ROOT);
        return variable + " (" + property + ")";
    }
}
