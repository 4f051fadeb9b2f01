package org.doorway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.doorway.triage.TriageProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The rules production mode holds settings to, and how the mode is decided. */
class ProductionSettingsTest {

    private static final String STRONG = "q3ZkVf0bC8yH1nW4tR7uX2sA9eD6gJ5mL0pK3oI8zU4=";

    private static StandardEnvironment settings(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", values));
        ConfigurationPropertySources.attach(environment);
        return environment;
    }

    private static Map<String, Object> good() {
        Map<String, Object> values = new HashMap<>();
        values.put("spring.datasource.url", "jdbc:postgresql://db/doorway");
        values.put("doorway.twilio.account-sid", "AC0123456789abcdef0123456789abcdef");
        values.put("doorway.twilio.auth-token", "0123456789abcdef0123456789abcdef");
        values.put("doorway.calendar.key", STRONG);
        values.put("doorway.triage.match-key", STRONG.replace('q', 'w'));
        values.put("doorway.seal.master-key", "k1:" + org.doorway.testing.TestSecrets.random());
        return values;
    }

    private static List<String> problems(Map<String, Object> values) {
        StandardEnvironment environment = settings(values);
        return ProductionSettings.problems(environment, Binder.get(environment));
    }

    @Test
    void whatOpensslRandPrintsIsStrongAndShortOrRepetitiveKeysAreNot() {
        assertThat(ProductionSettings.strong(STRONG)).isTrue();
        assertThat(ProductionSettings.strong(STRONG.substring(0, 43))).isTrue();
        assertThat(ProductionSettings.strong("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))
                .isTrue();
        // 44 hex digits are only 22 bytes.
        assertThat(ProductionSettings.strong("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b"))
                .isFalse();
        assertThat(ProductionSettings.strong("a-passphrase-of-thirty-characters"))
                .isFalse();
        assertThat(ProductionSettings.strong("a".repeat(64))).isFalse();
        assertThat(ProductionSettings.strong("abababababababababababababababababababababab"))
                .isFalse();
    }

    @Test
    void everyDefaultTheCodeShipsIsAPublishedDefault() {
        assertThat(ProductionSettings.PUBLISHED_DEFAULTS)
                .contains(
                        TriageProperties.DEVELOPMENT_MATCH_KEY,
                        "doorway-dev-calendar-key",
                        "doorway-dev-auth-token",
                        "demo-intake-key",
                        "doorway-metrics-dev-only",
                        "doorway-dev-only");
        assertThat(ProductionSettings.weakness("doorway-dev-calendar-key")).hasValue("is a published default");
        assertThat(ProductionSettings.weakness(" ")).hasValue("not set");
        assertThat(ProductionSettings.weakness(STRONG)).isEmpty();
    }

    @Test
    void theMasterKeyOfEncryptionAtRestMustBeAnIdAndThirtyTwoRandomBytesAndNotTheDevelopmentKey() {
        assertThat(ProductionSettings.PUBLISHED_DEFAULTS)
                .contains(org.doorway.seal.SealProperties.DEVELOPMENT_MASTER_KEY);
        Map<String, Object> values = good();
        values.put("doorway.seal.master-key", org.doorway.seal.SealProperties.DEVELOPMENT_MASTER_KEY);
        assertThat(problems(values))
                .containsExactly("DOORWAY_SEAL_MASTER_KEY (doorway.seal.master-key): is a published default");
        values.put(
                "doorway.seal.master-key", "k2:" + java.util.Base64.getEncoder().encodeToString(new byte[16]));
        assertThat(problems(values))
                .containsExactly(
                        "DOORWAY_SEAL_MASTER_KEY (doorway.seal.master-key): the key is not 32 bytes (openssl rand -base64 32)");
        values.put("doorway.seal.master-key", org.doorway.testing.TestSecrets.random());
        assertThat(problems(values))
                .containsExactly("DOORWAY_SEAL_MASTER_KEY (doorway.seal.master-key): not of the form id:key"
                        + " (id of letters, digits, - or _)");
        values.remove("doorway.seal.master-key");
        assertThat(String.join("\n", problems(values)))
                .contains("DOORWAY_SEAL_MASTER_KEY (doorway.seal.master-key): not set");
        values.put("doorway.seal.master-key", "k2:" + org.doorway.testing.TestSecrets.random());
        values.put("doorway.seal.previous-master-keys", org.doorway.seal.SealProperties.DEVELOPMENT_MASTER_KEY);
        assertThat(problems(values))
                .containsExactly(
                        "DOORWAY_SEAL_PREVIOUS_MASTER_KEYS_0 (doorway.seal.previous-master-keys[0]): is a published default");
    }

    @Test
    void goodSettingsHaveNoProblems() {
        assertThat(problems(good())).isEmpty();
    }

    @Test
    void everyOffendingSettingIsNamedAtOnceAsTheOperatorSetsIt() {
        Map<String, Object> values = good();
        values.remove("spring.datasource.url");
        values.put("doorway.calendar.key", "doorway-dev-calendar-key");
        values.put("doorway.triage.match-key", "too-short");
        values.put("doorway.metrics-token", "doorway-metrics-dev-only");
        values.put("doorway.twilio.auth-token", "doorway-dev-auth-token");

        assertThat(String.join("\n", problems(values)))
                .contains("SPRING_DATASOURCE_URL (spring.datasource.url)")
                .contains("DOORWAY_CALENDAR_KEY (doorway.calendar.key): is a published default")
                .contains("DOORWAY_TRIAGE_MATCH_KEY (doorway.triage.match-key): has less than 32 random bytes")
                .contains("DOORWAY_METRICS_TOKEN (doorway.metrics-token): is a published default")
                .contains("DOORWAY_TWILIO_AUTH_TOKEN (doorway.twilio.auth-token): is a published default")
                .doesNotContain("too-short");
    }

    @Test
    void previousKeysKeptForRotationAreHeldToTheSameRules() {
        Map<String, Object> values = good();
        values.put("doorway.calendar.previous-keys", STRONG.replace('z', 'y') + ",doorway-dev-calendar-key");
        values.put("doorway.triage.previous-match-keys", "short");

        assertThat(problems(values))
                .containsExactlyInAnyOrder(
                        "DOORWAY_CALENDAR_PREVIOUS_KEYS_1 (doorway.calendar.previous-keys[1]): is a published default",
                        "DOORWAY_TRIAGE_PREVIOUS_MATCH_KEYS_0 (doorway.triage.previous-match-keys[0]): has less than 32"
                                + " random bytes (at least 43 characters, 64 in hex, of at least 10 different characters)");
    }

    @Test
    void withoutATwilioAccountTheOutboxMustBeMeantAndItsTokenSecret() {
        Map<String, Object> values = good();
        values.remove("doorway.twilio.account-sid");
        assertThat(String.join("\n", problems(values)))
                .contains("DOORWAY_TWILIO_ACCOUNT_SID (doorway.twilio.account-sid): no Twilio account")
                .contains("DOORWAY_OUTBOX_ENABLED (doorway.outbox.enabled)");

        values.put("doorway.outbox.enabled", "true");
        assertThat(problems(values))
                .containsExactly("DOORWAY_TWILIO_AUTH_TOKEN (doorway.twilio.auth-token): has less than 32 random bytes"
                        + " (at least 43 characters, 64 in hex, of at least 10 different characters)");
    }

    @Test
    void theDemoKeyMattersOnlyWhenTheDemoSiteIsEnabled() {
        Map<String, Object> values = good();
        values.put("doorway.demo.api-key", "demo-intake-key");
        assertThat(problems(values)).isEmpty();

        values.put("doorway.demo.enabled", "true");
        assertThat(problems(values))
                .containsExactly("DOORWAY_DEMO_API_KEY (doorway.demo.api-key): is a published default");
    }

    @Test
    void anEmptyAdminPasswordIsGeneratedButAShortOneIsRefused() {
        Map<String, Object> values = good();
        values.put("doorway.admin-password", "");
        assertThat(problems(values)).isEmpty();

        values.put("doorway.admin-password", "hunter2");
        assertThat(problems(values)).singleElement().asString().startsWith("DOORWAY_ADMIN_PASSWORD");
    }

    @Test
    void productionIsImpliedByAnExternalDatabaseOrATwilioAccountAndAnExplicitModeWins() {
        assertThat(DeploymentMode.resolve(settings(Map.of()))).isEqualTo("development");
        assertThat(DeploymentMode.resolve(settings(Map.of("spring.datasource.url", "jdbc:postgresql://db/d"))))
                .isEqualTo("production");
        assertThat(DeploymentMode.resolve(settings(Map.of("doorway.twilio.account-sid", "AC1"))))
                .isEqualTo("production");
        assertThat(DeploymentMode.resolve(
                        settings(Map.of("doorway.twilio.account-sid", "AC1", "doorway.mode", "development"))))
                .isEqualTo("development");
        assertThat(DeploymentMode.resolve(settings(Map.of("doorway.mode", "Production"))))
                .isEqualTo("production");
        assertThatThrownBy(() -> DeploymentMode.resolve(settings(Map.of("doorway.mode", "prod"))))
                .hasMessageContaining("DOORWAY_MODE (doorway.mode)");
    }

    @Test
    void productionTurnsTheDemoSiteOffAndTrustsNoProxyUnlessTold() {
        StandardEnvironment production = settings(good());
        DeploymentMode.apply(production);
        assertThat(production.getProperty("doorway.mode")).isEqualTo("production");
        assertThat(production.getProperty("doorway.demo.enabled")).isEqualTo("false");
        assertThat(production.getProperty("server.tomcat.remoteip.internal-proxies"))
                .isEmpty();

        Map<String, Object> values = good();
        values.put("doorway.trusted-proxies", "172.30.13.10, 10.1.0.0/16");
        values.put("doorway.demo.enabled", "true");
        values.put("doorway.demo.api-key", STRONG.replace('e', 'f'));
        StandardEnvironment proxied = settings(values);
        DeploymentMode.apply(proxied);
        assertThat(proxied.getProperty("doorway.demo.enabled")).isEqualTo("true");
        assertThat(proxied.getProperty("server.forward-headers-strategy")).isEqualTo("native");
        assertThat(proxied.getProperty("server.tomcat.remoteip.internal-proxies"))
                .isEqualTo("172.30.13.10, 10.1.0.0/16");
    }

    @Test
    void trustedProxiesMayAlsoBeAYamlList() {
        Map<String, Object> values = new HashMap<>();
        values.put("doorway.trusted-proxies[0]", "172.30.13.10");
        values.put("doorway.trusted-proxies[1]", "fd00::/8");
        StandardEnvironment laptop = settings(values);
        DeploymentMode.apply(laptop);
        assertThat(laptop.getProperty("server.tomcat.remoteip.internal-proxies"))
                .isEqualTo("172.30.13.10, fd00::/8");
    }

    @Test
    void developmentChangesNothingForANewcomer() {
        StandardEnvironment laptop = settings(new HashMap<>());
        DeploymentMode.apply(laptop);
        assertThat(laptop.getProperty("doorway.mode")).isEqualTo("development");
        assertThat(laptop.getProperty("doorway.demo.enabled")).isNull();
        assertThat(laptop.getProperty("server.tomcat.remoteip.internal-proxies"))
                .isNull();
    }

    @Test
    void aRefusalListsEverySettingAndNoValue() {
        Map<String, Object> values = good();
        values.put("doorway.calendar.key", "doorway-dev-calendar-key");
        values.put("doorway.triage.match-key", "secret-but-short");
        assertThatThrownBy(() -> DeploymentMode.apply(settings(values)))
                .hasMessageContaining("DOORWAY_CALENDAR_KEY (doorway.calendar.key)")
                .hasMessageContaining("DOORWAY_TRIAGE_MATCH_KEY (doorway.triage.match-key)")
                .hasMessageContaining("openssl rand -base64 32")
                .hasMessageNotContaining("secret-but-short");
    }
}
