package org.doorway.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used over a stretch of the benchmark: by this JVM (Doorway in-process, its Twilio fake,
 * the clients and the Kafka broker), and by PostgreSQL (every process named {@code postgres}: the
 * embedded server's, on a machine that runs nothing else during the benchmark).
 */
final class CpuUse {

    /**
     * @param jvmMs      this JVM's CPU time over the stretch, ms
     * @param postgresMs PostgreSQL's CPU time over the stretch, ms ({@code NaN} off Linux)
     */
    record Used(double jvmMs, double postgresMs) {
        /** This stretch's use spread over {@code n} items (ms each). */
        Used per(int n) {
            return new Used(jvmMs / n, postgresMs / n);
        }

        /** Both together, ms. */
        double totalMs() {
            return jvmMs + postgresMs;
        }
    }

    private final double jvmAtStart = jvmMs();
    private final double postgresAtStart = postgresMs();

    /** The CPU time used since this was made. */
    Used since() {
        return new Used(jvmMs() - jvmAtStart, postgresMs() - postgresAtStart);
    }

    private static double jvmMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e6;
    }

    /** User + system time of every {@code postgres} process now running ({@code /proc}, 100 ticks a second). */
    private static double postgresMs() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return Double.NaN;
        }
        double total = 0;
        try (var entries = Files.list(proc)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!entry.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
                } catch (java.io.IOException | RuntimeException e) {
                    // The process ended meanwhile.
                }
            }
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
        return total;
    }
}
