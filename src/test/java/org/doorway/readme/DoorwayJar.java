package org.doorway.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged jar ({@code doorway.jar}, set by failsafe) run as a newcomer runs it:
 * {@code java -jar doorway.jar --server.port=… --doorway.data-dir=…} from the repository's folder,
 * nothing else set, so the development defaults, the demo site, the embedded PostgreSQL and the
 * local outbox are what is tested. Its output goes to {@code target/readme-logs/doorway.log}.
 *
 * <p>{@link #close()} stops it as Ctrl-C would (SIGTERM, so it stops its embedded PostgreSQL),
 * then kills whatever is left: the process, its descendants, and any PostgreSQL still serving
 * this instance's data folder (PostgreSQL detaches from the JVM that started it).
 */
final class DoorwayJar implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Path root;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private Process process;
    private final Thread reaper = new Thread(this::kill, "doorway-readme-reaper");

    DoorwayJar() {
        this.jar = jar();
        try {
            this.root = Files.createTempDirectory("doorway-readme-");
            this.dataDir = Files.createDirectories(root.resolve("data"));
            this.log = Files.createDirectories(jar.getParent().resolve("readme-logs"))
                    .resolve("doorway.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = freePort();
    }

    /** The jar failsafe packaged; fails, saying so, when it is not there. */
    static Path jar() {
        String property = System.getProperty("doorway.jar");
        if (property == null) {
            throw new IllegalStateException(
                    "doorway.jar is not set: run this test with ./mvnw verify (failsafe sets it)");
        }
        Path jar = Path.of(property).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the packaged jar is not at " + jar + ": run ./mvnw verify");
        }
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    DoorwayJar start(Path workingDir) {
        List<String> command =
                List.of(java(), "-jar", jar.toString(), "--server.port=" + port, "--doorway.data-dir=" + dataDir);
        try {
            process = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(reaper);
        return this;
    }

    /** Waits (at most {@code limit}) until {@code /actuator/health/readiness} says UP. */
    DoorwayJar awaitReady(Duration limit) {
        Instant give = Instant.now().plus(limit);
        while (Instant.now().isBefore(give)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Doorway exited with " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            try {
                HttpResponse<String> answer = HTTP.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(
                "Doorway was not ready within " + limit.toSeconds() + " s; see " + log + "\n" + logTail());
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    Path dataDir() {
        return dataDir;
    }

    /** A folder beside the data folder, on the same file system, to write files before moving them in. */
    Path staging() {
        try {
            return Files.createDirectories(root.resolve("staging"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the process printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String logTail() {
        String out = output();
        return out.substring(Math.max(0, out.length() - 4000));
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down already, or never started
        }
        kill();
        delete(root);
    }

    private synchronized void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        process.destroy(); // SIGTERM: Spring stops the embedded PostgreSQL on the way out
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.addAll(process.descendants().toList());
        // The embedded PostgreSQL detaches; it is ours if it serves this instance's own data folder.
        String postgresData = dataDir.resolve("postgres").toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(line -> line.contains(postgresData))
                        .orElse(false))
                .forEach(descendants::add);
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        descendants.forEach(
                p -> p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join());
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; best effort
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
