package org.doorway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Part 6: Doorway as the README runs it ({@code java -jar target/doorway-0.1.0-SNAPSHOT.jar}, no
 * JVM options, embedded PostgreSQL, no Kafka, SMS to the local outbox), as a process of its own in
 * a fresh working directory. Time to ready: from just before the process is started to the first
 * {@code 200} from {@code GET /actuator/health/readiness} (polled every 50 ms), on a first start
 * (the embedded PostgreSQL runs initdb, Flyway creates the schema). Idle resident memory: the
 * JVM's {@code VmRSS} from {@code /proc/<pid>/status}, after it has been ready with nothing to do
 * for a while; the
 * embedded PostgreSQL's processes are reported beside it (their RSS summed, which counts shared
 * memory more than once).
 */
final class Footprint {

    /**
     * @param readyMs       start to ready, ms
     * @param cpuToReadyS   CPU time the JVM had used (user + system) when it was ready, s: what
     *                      starting costs whatever else the machine is doing
     * @param jvmRssMb      the JVM's idle resident memory, MB
     * @param postgresRssMb the embedded PostgreSQL processes' resident memory summed, MB
     */
    record Result(long readyMs, double cpuToReadyS, double jvmRssMb, double postgresRssMb) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path jar;

    Footprint(Path jar) {
        this.jar = jar.toAbsolutePath();
    }

    Result run(Duration idle) throws Exception {
        Path work = Files.createTempDirectory("doorway-bench-process-");
        Process doorway = start(work);
        try {
            long ready = awaitReady(doorway);
            double cpu = cpuSeconds(doorway.pid());
            Thread.sleep(idle.toMillis());
            double jvm = rssMb(doorway.pid());
            double postgres = postgresRssMb(work, doorway.pid());
            return new Result(ready, cpu, jvm, postgres);
        } finally {
            stop(doorway);
            delete(work);
        }
    }

    private int port;
    private long startedAt;

    private Process start(Path work) throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-jar",
                        jar.toString(),
                        "--server.port=" + port,
                        "--doorway.data-dir=" + work.resolve("data"),
                        // Set so that no generated password is printed; it changes nothing else.
                        "--doorway.admin-password=bench-only-password"))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("doorway.log").toFile()));
        startedAt = System.nanoTime();
        return builder.start();
    }

    private long awaitReady(Process process) throws Exception {
        HttpRequest readiness = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = startedAt + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (HTTP.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - startedAt) / 1_000_000;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Doorway did not become ready within 180 s (see its doorway.log)");
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended meanwhile
        }
        return 0;
    }

    /**
     * The resident memory of the embedded PostgreSQL: the processes whose command line names the
     * working folder (pg_ctl starts the server detached, so it is not the JVM's child), and theirs.
     */
    private static double postgresRssMb(Path work, long jvm) {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != jvm
                        && p.info()
                                .commandLine()
                                .map(c -> c.contains(work.toString()))
                                .orElse(false))
                .forEach(p -> {
                    pids.add(p.pid());
                    p.descendants().forEach(d -> pids.add(d.pid()));
                });
        return pids.stream().mapToDouble(Footprint::rssMb).sum();
    }

    /** User + system CPU time of a process so far ({@code /proc/<pid>/stat}, 100 ticks a second). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Removes the working folder (its embedded database is some 50 MB), as far as it can. */
    static void delete(Path folder) {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException e) {
            Benchmark.say(
                    "could not remove %s entirely: %s", folder, e.getClass().getSimpleName());
        }
    }

    /** Stops Doorway as an orchestrator would (SIGTERM, graceful), forcibly after 40 s. */
    static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    }
}
