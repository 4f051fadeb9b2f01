package org.doorway.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker as its own process, started from the Kafka jars on the test
 * class path ({@code kafka.tools.StorageTool format}, then {@code kafka.Kafka server.properties}),
 * on fixed ports and a fixed log folder, so that it can be killed and started again with its topics,
 * records and committed offsets intact, as a restarted broker would be.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    private final int port = Classpaths.freePort();
    private final int controllerPort = Classpaths.freePort();
    private final Path dir;
    private final Path log = Classpaths.logs().resolve("kafka-broker.log");
    private Process process;

    KafkaBrokerProcess(int partitions) {
        try {
            dir = Files.createTempDirectory("doorway-kafka-");
            Files.writeString(
                    dir.resolve("server.properties"),
                    String.join(
                            "\n",
                            "process.roles=broker,controller",
                            "node.id=1",
                            "controller.quorum.voters=1@localhost:" + controllerPort,
                            "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                            "advertised.listeners=PLAINTEXT://localhost:" + port,
                            "controller.listener.names=CONTROLLER",
                            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                            "log.dirs=" + dir.resolve("logs"),
                            "num.partitions=" + partitions,
                            "auto.create.topics.enable=true",
                            "offsets.topic.replication.factor=1",
                            "offsets.topic.num.partitions=3",
                            "transaction.state.log.replication.factor=1",
                            "transaction.state.log.min.isr=1",
                            "group.initial.rebalance.delay.ms=0",
                            ""));
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                      <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                    </configuration>
                    """);
            run(List.of(
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            org.apache.kafka.common.Uuid.randomUuid().toString(),
                            "-c",
                            dir.resolve("server.properties").toString()))
                    .waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code host:port}, for {@code camel.component.kafka.brokers} and clients. */
    String bootstrap() {
        return "localhost:" + port;
    }

    private Process run(List<String> main) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Classpaths.java(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp",
                Classpaths.broker()));
        command.addAll(main);
        Files.writeString(
                log,
                "==== " + main.get(0) + " at " + Instant.now() + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Process started = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Reaper.register(started);
        return started;
    }

    /** Starts the broker on its folder and waits until its port accepts connections. */
    synchronized KafkaBrokerProcess start() {
        try {
            process =
                    run(List.of("kafka.Kafka", dir.resolve("server.properties").toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant give = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(give)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 500);
                return this;
            } catch (IOException e) {
                DoorwayProcess.sleep(200);
            }
        }
        throw new IllegalStateException("Kafka broker did not open its port within 90 s; see " + log);
    }

    /** SIGKILL, and waits until the process is gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
