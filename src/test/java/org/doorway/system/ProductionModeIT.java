package org.doorway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.doorway.DoorwayApplication;
import org.doorway.site.Sites;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Doorway started in production mode as an operator starts it (settings on the command line, as
 * the environment would give them): every published development secret, and every missing one,
 * makes it refuse to start with a message naming the setting; good secrets get it running, with
 * the demo site and the outbox's loopback pass gone.
 */
class ProductionModeIT {

    /** Settings a county would give, every secret generated as the README says. */
    private static Map<String, String> production() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("camel.component.kafka.brokers", "");
        settings.put(
                "doorway.data-dir",
                Files.createTempDirectory("doorway-production-").toString());
        settings.put("doorway.public-base-url", "https://doorway.example.test");
        settings.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/not-reached");
        settings.put("doorway.twilio.account-sid", FakeTwilio.ACCOUNT_SID);
        settings.put("doorway.twilio.auth-token", FakeTwilio.AUTH_TOKEN);
        settings.put("doorway.twilio.from-number", FakeTwilio.FROM_NUMBER);
        settings.put("doorway.twilio.api-base-url", FakeTwilio.shared().baseUrl());
        settings.put("doorway.calendar.key", TestSecrets.random());
        settings.put("doorway.triage.match-key", TestSecrets.random());
        settings.put("doorway.seal.master-key", "k1:" + TestSecrets.random());
        settings.put("doorway.metrics-token", TestSecrets.random());
        return settings;
    }

    private static ConfigurableApplicationContext start(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(DoorwayApplication.class).run(args.toArray(String[]::new));
    }

    /** The message of the refusal, wherever in the causes Spring put it. */
    private static String refusal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("Doorway refuses to start")) {
                return t.getMessage();
            }
        }
        throw new AssertionError("Doorway did not refuse to start", thrown);
    }

    static Stream<Arguments> publishedOrMissingSecrets() {
        return Stream.of(
                Arguments.of("doorway.calendar.key", "doorway-dev-calendar-key", "DOORWAY_CALENDAR_KEY"),
                Arguments.of("doorway.calendar.key", null, "DOORWAY_CALENDAR_KEY"),
                Arguments.of("doorway.triage.match-key", "doorway-development-match-key", "DOORWAY_TRIAGE_MATCH_KEY"),
                Arguments.of("doorway.triage.match-key", null, "DOORWAY_TRIAGE_MATCH_KEY"),
                Arguments.of("doorway.twilio.auth-token", "doorway-dev-auth-token", "DOORWAY_TWILIO_AUTH_TOKEN"),
                Arguments.of("doorway.twilio.auth-token", null, "DOORWAY_TWILIO_AUTH_TOKEN"),
                Arguments.of("doorway.metrics-token", "doorway-metrics-dev-only", "DOORWAY_METRICS_TOKEN"),
                Arguments.of("doorway.demo.api-key", "demo-intake-key", "DOORWAY_DEMO_API_KEY"),
                Arguments.of("doorway.demo.api-key", null, "DOORWAY_DEMO_API_KEY"),
                Arguments.of("spring.datasource.password", "doorway-dev-only", "SPRING_DATASOURCE_PASSWORD"),
                Arguments.of("spring.datasource.url", null, "SPRING_DATASOURCE_URL"),
                Arguments.of("doorway.twilio.account-sid", null, "DOORWAY_TWILIO_ACCOUNT_SID"),
                Arguments.of(
                        "doorway.calendar.previous-keys",
                        "doorway-dev-calendar-key",
                        "DOORWAY_CALENDAR_PREVIOUS_KEYS_0"),
                Arguments.of("doorway.triage.match-key", "short-but-not-published", "DOORWAY_TRIAGE_MATCH_KEY"),
                Arguments.of(
                        "doorway.seal.master-key",
                        org.doorway.seal.SealProperties.DEVELOPMENT_MASTER_KEY,
                        "DOORWAY_SEAL_MASTER_KEY"),
                Arguments.of("doorway.seal.master-key", null, "DOORWAY_SEAL_MASTER_KEY"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("publishedOrMissingSecrets")
    void refusesToStartNamingTheSetting(String property, String value, String variable) throws Exception {
        Map<String, String> settings = production();
        if (property.startsWith("doorway.demo.")) {
            settings.put("doorway.demo.enabled", "true");
        }
        if (value == null) {
            settings.remove(property);
        } else {
            settings.put(property, value);
        }

        String message = refusal(catchThrowable(() -> start(settings).close()));

        assertThat(message).contains(variable + " (" + property);
        if (value != null) {
            assertThat(message).doesNotContain(value);
        }
    }

    @Test
    void refusesEveryOffendingSettingInOneMessage() throws Exception {
        Map<String, String> settings = production();
        settings.put("doorway.mode", "production");
        settings.remove("doorway.twilio.account-sid");
        settings.put("doorway.calendar.key", "doorway-dev-calendar-key");
        settings.put("doorway.triage.match-key", "doorway-development-match-key");

        String message = refusal(catchThrowable(() -> start(settings).close()));

        assertThat(message)
                .contains("DOORWAY_TWILIO_ACCOUNT_SID (doorway.twilio.account-sid)")
                .contains("DOORWAY_OUTBOX_ENABLED (doorway.outbox.enabled)")
                .contains("DOORWAY_CALENDAR_KEY (doorway.calendar.key)")
                .contains("DOORWAY_TRIAGE_MATCH_KEY (doorway.triage.match-key)");
    }

    @Test
    void withEverySecretGoodItStartsWithoutTheDemoSiteAndItsOutboxIsForAdministratorsOnly() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("doorway-production-db-"))
                .setCleanDataDirectory(true)
                .start()) {
            Map<String, String> settings = production();
            settings.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
            settings.put("spring.datasource.username", "postgres");
            // The Twilio path runs in every DoorwayAppIT; here the outbox, explicitly meant.
            settings.remove("doorway.twilio.account-sid");
            settings.remove("doorway.twilio.api-base-url");
            settings.put("doorway.twilio.auth-token", TestSecrets.random());
            settings.put("doorway.outbox.enabled", "true");
            try (ConfigurableApplicationContext doorway = start(settings)) {
                assertThat(doorway.getEnvironment().getProperty("doorway.mode")).isEqualTo("production");
                assertThat(doorway.getBean(Sites.class).find("demo")).isEmpty();
                assertThat(doorway.containsBean("outboxPage"))
                        .as("the outbox is on")
                        .isTrue();

                String port = doorway.getEnvironment().getProperty("local.server.port");
                HttpResponse<String> outbox = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/outbox"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(outbox.statusCode())
                        .as("no pass for being on this machine: sign in first")
                        .isEqualTo(302);
                assertThat(outbox.headers().firstValue("Location"))
                        .hasValueSatisfying(to -> assertThat(to).endsWith("/login"));
            }
        }
    }
}
