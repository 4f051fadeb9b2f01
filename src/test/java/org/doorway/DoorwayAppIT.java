package org.doorway;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.doorway.testing.FakeDispatch;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.TestSecrets;
import org.doorway.testing.TwilioPhone;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole of Doorway, as it runs in production but on local parts: a real PostgreSQL (the
 * zonky server, started here in a fresh folder and given to Doorway as its external database), a
 * real Kafka broker in this JVM (KRaft), and the real Twilio SDK talking to {@link FakeTwilio}.
 * Doorway runs in production mode, with its secrets generated for each run as an operator would
 * ({@link TestSecrets}) and the demo site explicitly enabled, so the tests take the same code
 * paths as a deployment. Doorway believes it is reachable at {@link #PUBLIC_BASE_URL}
 * (as behind a proxy), so webhook signatures are checked against that, not the local address.
 *
 * <p>Every test class extending this shares one running application (Spring's context cache), so
 * tests use fresh incident ids and find their own messages by the referral's short reference.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {"doorway.eido", "doorway.eido.dead-letter", "doorway.handoff-status"},
        bootstrapServersProperty = "camel.component.kafka.brokers")
public abstract class DoorwayAppIT {

    public static final String PUBLIC_BASE_URL = "https://doorway.example.test";
    /** The demo site's intake key: generated for each run (production refuses the published one). */
    public static final String DEMO_KEY = TestSecrets.random();

    public static final String FAST_KEY = "fast-intake-key";

    /** The master key of encryption at rest: generated for each run, as an operator would. */
    public static final String MASTER_KEY = "it:" + TestSecrets.random();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    protected final FakeTwilio twilio = FakeTwilio.shared();

    @DynamicPropertySource
    static void doorway(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("doorway-test-");
        registry.add("doorway.data-dir", data::toString);
        // Production mode, as a county runs it: an external database and strong secrets.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("external-postgres"))
                .setCleanDataDirectory(true)
                .start();
        String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        registry.add("spring.datasource.url", () -> jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("doorway.mode", () -> "production");
        registry.add("doorway.demo.enabled", () -> "true");
        String calendarKey = TestSecrets.random();
        String matchKey = TestSecrets.random();
        registry.add("doorway.calendar.key", () -> calendarKey);
        registry.add("doorway.triage.match-key", () -> matchKey);
        registry.add("doorway.seal.master-key", () -> MASTER_KEY);
        registry.add("doorway.public-base-url", () -> PUBLIC_BASE_URL);
        // The test sites, with the fast site's dispatch webhook on FakeDispatch's port.
        registry.add("doorway.sites-dir", () -> FakeDispatch.sitesDir().toString());
        registry.add("doorway.twilio.account-sid", () -> FakeTwilio.ACCOUNT_SID);
        registry.add("doorway.twilio.auth-token", () -> FakeTwilio.AUTH_TOKEN);
        registry.add("doorway.twilio.from-number", () -> FakeTwilio.FROM_NUMBER);
        registry.add("doorway.twilio.api-base-url", () -> FakeTwilio.shared().baseUrl());
        registry.add("doorway.demo.api-key", () -> DEMO_KEY);
        registry.add("doorway.admin-password", () -> "test-admin-password");
        // Every test class pages and calls the same few test phones, many times a minute: the default
        // pace windows (6 texts a minute per phone, calls a minute apart) would hold one test's pages
        // behind another's. PaceIT's site sets windows of its own and proves
        // they hold.
        registry.add("doorway.paging.pace.texts-per-phone", () -> "100000");
        // Tests that move Doorway's clock make every open handoff of the shared app escalate at
        // once, often to the same on-call phone: at the production gap of 2 s, a test's one page
        // could wait half a minute behind that burst. A short gap keeps the burst to seconds.
        registry.add("doorway.paging.per-phone-gap", () -> "PT0.2S");
        registry.add("doorway.paging.pace.call-gap", () -> "PT0S");
        // The test JVM closes every cached application at its exit, one after another; the
        // production grace periods (Camel 15 s for in-flight exchanges, Spring 20 s a phase) made
        // that exit outlast the 30 s surefire allows. Nothing is measured after the last test.
        registry.add("camel.main.shutdown-timeout", () -> "3");
        registry.add("spring.lifecycle.timeout-per-shutdown-phase", () -> "5s");
        // The secret the fast site's dispatch notices are signed with.
        registry.add("FAST_CAD_WEBHOOK_SECRET", () -> FakeDispatch.SECRET);
    }

    /** A phone in GoAlert's manner: expect its SMS and calls, reply, read the answers. */
    protected org.doorway.testing.PhoneDevice device(String number) {
        return new org.doorway.testing.PhoneDevice(number, twilio, phone());
    }

    /** Twilio's side of the conversation, aimed at this application. */
    protected TwilioPhone phone() {
        return new TwilioPhone(base(), PUBLIC_BASE_URL, FakeTwilio.AUTH_TOKEN);
    }

    protected String base() {
        return "http://localhost:" + port;
    }

    /** A response: status, content type and body. */
    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            return FakeTwilio.json(body);
        }
    }

    /** POSTs an EIDO document with an API key (none if null). */
    protected Response postEido(String apiKey, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/intake/eido"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return send(request);
    }

    /** GETs a path with an API key (none if null). */
    protected Response get(String path, String apiKey) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base() + path)).GET();
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return send(request);
    }

    protected Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final java.util.regex.Pattern CSRF =
            java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    /** A browser signed in through the login form as the administrator. */
    protected HttpClient admin() {
        return signedIn("admin", "test-admin-password");
    }

    /** A browser signed in through the login form (whether it worked: see the login's redirect). */
    protected HttpClient signedIn(String username, String password) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .build();
        try {
            String page = browser.send(
                            HttpRequest.newBuilder(URI.create(base() + "/login"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            java.util.regex.Matcher token = CSRF.matcher(page);
            if (!token.find()) {
                throw new AssertionError("the login form has no CSRF token");
            }
            String form = "username=" + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8)
                    + "&password=" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
                    + "&_csrf=" + java.net.URLEncoder.encode(token.group(1), java.nio.charset.StandardCharsets.UTF_8);
            browser.send(
                    HttpRequest.newBuilder(URI.create(base() + "/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return browser;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls a JSON API as {@code client} (e.g. a signed-in browser); {@code json} may be null. */
    protected Response call(HttpClient client, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        request = json == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The referral as its source sees it. */
    protected JsonNode referral(String id, String apiKey) {
        Response response = get("/api/v1/referrals/" + id, apiKey);
        if (response.status() != 200) {
            throw new AssertionError("GET referral " + id + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    /**
     * The referral as the administrator sees it: the whole record and decision (a source is given
     * only its allow-listed view, {@link #referral}).
     */
    protected JsonNode referralAsStaff(String id) {
        Response response = call(admin(), "GET", "/api/v1/referrals/" + id, null);
        if (response.status() != 200) {
            throw new AssertionError(
                    "GET referral " + id + " as staff answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }
}
