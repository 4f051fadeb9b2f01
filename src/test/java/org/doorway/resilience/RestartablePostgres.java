package org.doorway.resilience;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A real PostgreSQL server (zonky's embedded binaries, run by this JVM) on a fixed port and data
 * folder, so it can be stopped and started again with its data, as a restarted database server would
 * be. The tests read it through their own connections, never through Doorway's.
 */
final class RestartablePostgres implements AutoCloseable {

    private final Path dir;
    private final int port = Classpaths.freePort();
    private EmbeddedPostgres server;

    RestartablePostgres() {
        try {
            dir = Files.createTempDirectory("doorway-resilience-db-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server on its folder (creating the cluster the first time). */
    synchronized RestartablePostgres start() {
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    .start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server (pg_ctl stop, fast mode): every open connection is cut. */
    synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** A client on fresh connections of the test's own. */
    JdbcClient db() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(jdbcUrl());
        source.setUser("postgres");
        return JdbcClient.create(source);
    }

    @Override
    public void close() {
        stop();
    }
}
