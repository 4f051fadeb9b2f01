package org.doorway.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A dispatch centre's webhook, as the test sites' sources name it
 * ({@code http://localhost:<port>/dispatch/<source>}, see {@link #sitesDir()}): it answers each notice Doorway posts with the
 * status it is told to, and remembers every request. One instance serves the whole test JVM.
 */
public final class FakeDispatch {

    /** The port the test sites' files name; the tests' copy of them names the port this fake got. */
    static final int PORT_IN_SITE_FILES = 47931;
    /** The signing secret the tests give Doorway under {@code FAST_CAD_WEBHOOK_SECRET}. */
    public static final String SECRET = "test-dispatch-secret";

    private static FakeDispatch shared;

    private final WireMockServer server;

    private FakeDispatch() {
        // Any free port: a fixed one would clash with another test run on the same machine.
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        answerWith(200);
    }

    private static Path sitesDir;

    /**
     * The test sites ({@code src/test/resources/sites}), copied once per test JVM with their
     * webhooks pointed at this fake's port.
     */
    public static synchronized Path sitesDir() {
        if (sitesDir == null) {
            String port = String.valueOf(shared().server.port());
            try {
                Path from = Path.of("src/test/resources/sites").toAbsolutePath();
                Path to = Files.createTempDirectory("doorway-test-sites-");
                try (var files = Files.walk(from)) {
                    for (Path file : files.toList()) {
                        Path target = to.resolve(from.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(target);
                        } else if (file.toString().endsWith(".yaml")) {
                            Files.writeString(
                                    target,
                                    Files.readString(file)
                                            .replace(
                                                    "http://localhost:" + PORT_IN_SITE_FILES + "/",
                                                    "http://localhost:" + port + "/"));
                        } else {
                            Files.copy(file, target);
                        }
                    }
                }
                sitesDir = to;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sitesDir;
    }

    /** The one instance, started on first use. */
    public static synchronized FakeDispatch shared() {
        if (shared == null) {
            shared = new FakeDispatch();
        }
        return shared;
    }

    /** Answers every notice from now on with {@code status}. */
    public void answerWith(int status) {
        server.resetMappings();
        server.stubFor(
                post(urlPathMatching("/dispatch/.+")).willReturn(aResponse().withStatus(status)));
    }

    /**
     * One notice as the webhook received it.
     *
     * @param path      where it was posted
     * @param signature its {@code X-Doorway-Signature} header
     * @param eventId   its {@code X-Doorway-Event-Id} header
     * @param body      its raw body
     * @param answered  the status the fake answered with
     */
    public record Notice(String path, String signature, String eventId, String body, int answered) {
        public JsonNode json() {
            return FakeTwilio.json(body);
        }
    }

    /** Every notice received so far, oldest first. */
    public List<Notice> received() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        List<Notice> notices = new ArrayList<>();
        for (ServeEvent event : events) {
            var request = event.getRequest();
            notices.add(new Notice(
                    request.getUrl(),
                    request.getHeader("X-Doorway-Signature"),
                    request.getHeader("X-Doorway-Event-Id"),
                    request.getBodyAsString(),
                    event.getResponse().getStatus()));
        }
        return notices;
    }

    /** Waits (up to 20 s) for a notice that {@code wanted} accepts and was answered 2xx. */
    public Notice awaitNotice(Predicate<Notice> wanted) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> received().stream()
                                .filter(n -> n.answered() / 100 == 2)
                                .filter(wanted)
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }
}
