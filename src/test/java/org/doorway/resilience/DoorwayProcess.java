package org.doorway.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Doorway instance as a separate operating-system process ({@code java -cp … DoorwayApplication}
 * on Doorway's runtime class path), on a fixed HTTP port that survives restarts, so clients keep
 * their address. {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()} on Linux): no
 * shutdown hook, no graceful stop, no last commit. Output goes to {@code target/resilience-logs}.
 */
final class DoorwayProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final List<String> settings;
    private final Path log;
    private Process process;
    private int starts;

    /**
     * @param name     for the log file's name
     * @param settings Doorway's settings, {@code --name=value}, without {@code server.port}
     */
    DoorwayProcess(String name, List<String> settings) {
        this.name = name;
        this.port = Classpaths.freePort();
        this.settings = List.copyOf(settings);
        this.log = Classpaths.logs().resolve(name + ".log");
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Starts the process (again, after a kill) and returns at once. */
    synchronized DoorwayProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(
                Classpaths.java(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dfile.encoding=UTF-8",
                "-cp",
                Classpaths.doorway(),
                "org.doorway.DoorwayApplication",
                "--server.port=" + port));
        command.addAll(settings);
        try {
            starts++;
            Files.writeString(
                    log,
                    "==== start " + starts + " of " + name + " at " + Instant.now() + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Reaper.register(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until Doorway answers its readiness probe with 200 (or fails if the process died). */
    DoorwayProcess awaitReady() {
        Instant give = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(give)) {
            Process current;
            synchronized (this) {
                current = process;
            }
            if (!current.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + current.exitValue() + " before it was ready; see " + log);
            }
            try {
                HttpResponse<Void> answer = HTTP.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within 180 s; see " + log);
    }

    /** SIGKILL, and waits until the process is gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        appendLog("==== killed (SIGKILL) at " + Instant.now());
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    private void appendLog(String line) {
        try {
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // only a marker
        }
    }

    @Override
    public void close() {
        kill();
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
