package org.doorway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Doorway processes on one PostgreSQL, as compose runs them behind a round-robin proxy: a
 * browser's requests alternate between them, and each replica honours the session and the CSRF
 * token the other handed out (sessions are rows in PostgreSQL, not in a process's memory). The
 * browser's cookies go to both, as they would to the proxy's one address.
 */
class SharedSessionsIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION = Pattern.compile("name=\"submission\"[^>]*value=\"([^\"]+)\"");

    private static RestartablePostgres postgres;
    private static DoorwayProcess one;
    private static DoorwayProcess two;

    private final HttpClient browser =
            HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    /**
     * One replica's settings: the shared database, its own data folder, the demo site (its community
     * form), the local outbox. No Kafka: the sign-in path does not need it. Explicitly development
     * mode, as in {@link Rig}: an external database would otherwise imply production, and these
     * replicas run on the demo site and the outbox.
     */
    private static List<String> replica() throws IOException {
        return List.of(
                "--doorway.mode=development",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--doorway.data-dir=" + Files.createTempDirectory("doorway-process-"),
                "--doorway.public-base-url=https://doorway.example.test",
                "--doorway.admin-password=test-admin-password");
    }

    @BeforeAll
    static void twoReplicasOnOneDatabase() throws IOException {
        postgres = new RestartablePostgres().start();
        one = new DoorwayProcess("sessions-1", replica());
        two = new DoorwayProcess("sessions-2", replica());
        // The first creates the schema; the second starts once it is there.
        one.start().awaitReady();
        two.start().awaitReady();
    }

    @AfterAll
    static void stop() {
        Rig.stopAll(one, two, postgres);
    }

    @Test
    void aSignInAndItsFormsWorkWhicheverReplicaEachRequestLandsOn() {
        // The login form from one replica, sent to the other.
        String loginToken = match(CSRF, get(one, "/login").body());
        HttpResponse<String> signIn = post(
                two, "/login", Map.of("username", "admin", "password", "test-admin-password", "_csrf", loginToken));
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("/login");

        // Signed in on both.
        assertThat(get(one, "/api/v1/users").statusCode()).isEqualTo(200);
        assertThat(get(two, "/api/v1/users").statusCode()).isEqualTo(200);

        // The community form, opened on one and sent to the other, both ways.
        for (DoorwayProcess[] pair : new DoorwayProcess[][] {{two, one}, {one, two}}) {
            String form = get(pair[0], "/refer/demo").body();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("_csrf", match(CSRF, form));
            fields.put("submission", match(SUBMISSION, form));
            fields.put("danger", "no");
            fields.put("place", "Bench outside the library on 4th Avenue");
            fields.put("story", "Sleeps here most nights; the store calls the police about him every week.");
            fields.put("often", "yes");
            fields.put("police", "yes");
            fields.put("role", "partner");
            fields.put("website", "");
            HttpResponse<String> sent = post(pair[1], "/refer/demo", fields);
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
            assertThat(sent.headers().firstValue("Location").orElse("")).startsWith("/refer/demo/thanks");
        }

        // Signing out on one signs out on both.
        String token = match(CSRF, get(one, "/refer/demo").body());
        HttpResponse<String> signOut = post(two, "/logout", Map.of("_csrf", token));
        assertThat(signOut.statusCode()).isEqualTo(302);
        assertThat(signOut.headers().firstValue("Location").orElse("")).contains("/login?logout");
        assertThat(get(one, "/api/v1/users").statusCode()).isEqualTo(401);
    }

    private static String match(Pattern pattern, String page) {
        Matcher m = pattern.matcher(page);
        assertThat(m.find()).as("%s in the page", pattern).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(DoorwayProcess replica, String path) {
        return send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + path))
                .header("Accept", path.startsWith("/api/") ? "application/json" : "text/html")
                .GET());
    }

    private HttpResponse<String> post(DoorwayProcess replica, String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
