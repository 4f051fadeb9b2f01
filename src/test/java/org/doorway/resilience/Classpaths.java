package org.doorway.resilience;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The class paths the resilience tests start other JVMs with. The {@code resilience} Maven profile
 * writes them to files ({@code dependency:build-classpath}); run from an IDE without that profile,
 * they fall back to this JVM's own class path.
 */
final class Classpaths {

    private Classpaths() {}

    /** Doorway as it ships: its own classes and its runtime dependencies, no test classes. */
    static String doorway() {
        String classes = System.getProperty(
                "doorway.resilience.classes",
                Path.of("target/classes").toAbsolutePath().toString());
        String file = System.getProperty("doorway.resilience.runtime-classpath-file");
        if (file != null && Files.exists(Path.of(file))) {
            return classes + File.pathSeparator + read(file);
        }
        return Arrays.stream(own().split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.contains("surefire"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Everything the tests see, which includes a Kafka broker (kafka_2.13 and its Scala runtime). */
    static String broker() {
        String file = System.getProperty("doorway.resilience.test-classpath-file");
        if (file != null && Files.exists(Path.of(file))) {
            return read(file);
        }
        return own();
    }

    private static String own() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java executable of this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A free local TCP port, chosen once and then kept across restarts. */
    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the started processes' output goes: {@code target/resilience-logs}. */
    static Path logs() {
        try {
            return Files.createDirectories(Path.of("target", "resilience-logs").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
