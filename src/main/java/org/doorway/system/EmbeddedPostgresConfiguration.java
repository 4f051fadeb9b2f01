package org.doorway.system;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Without {@code spring.datasource.url}, Doorway runs its own PostgreSQL: the real server (from
 * the zonky binaries), started under {@code doorway.data-dir}/postgres and kept there between runs.
 * Durability settings are PostgreSQL's own defaults (synchronous commit on), not the test-friendly
 * ones the library prefers: a referral acknowledged to a source must survive a power cut here too.
 * A build without the binaries ({@code -Dproduction}, the container image) refuses to start here,
 * naming the settings to give instead.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDatasourceUrl.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DoorwayProperties properties) throws IOException {
        if (!binariesPresent(EmbeddedPostgresConfiguration.class.getClassLoader())) {
            throw new IllegalStateException(WITHOUT_BINARIES);
        }
        Path dir = properties.dataDir().resolve("postgres").toAbsolutePath().normalize();
        Files.createDirectories(dir);
        stopOrphanedServer(dir);
        long started = System.nanoTime();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // Spring stops it, after everything that uses it; the library's own JVM hook would
                // race Spring's and pull the database from under the paging engine.
                .setRegisterShutdownHook(false)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        log.info(
                "Embedded PostgreSQL ready on port {} with data in {} ({} ms)",
                postgres.getPort(),
                dir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return postgres;
    }

    static final String WITHOUT_BINARIES = "This build of Doorway carries no embedded PostgreSQL (it was built with"
            + " -Dproduction, as the container image is): set spring.datasource.url (SPRING_DATASOURCE_URL),"
            + " .username and .password to a PostgreSQL server";

    /** Whether the zonky server binaries (one {@code postgres-<os>-<arch>.txz} per platform) are here. */
    static boolean binariesPresent(ClassLoader classLoader) {
        for (String platform :
                List.of("linux-x86_64", "linux-arm_64", "darwin-x86_64", "darwin-arm_64", "windows-x86_64")) {
            if (classLoader.getResource("postgres-" + platform + ".txz") != null) {
                return true;
            }
        }
        return false;
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("doorway-embedded");
        dataSource.setMaximumPoolSize(10);
        // Two kept open when idle, as many as a laptop's quiet day needs: each is a PostgreSQL process.
        dataSource.setMinimumIdle(2);
        return dataSource;
    }

    /**
     * A JVM killed without shutdown leaves its PostgreSQL running, holding the data folder. Stop
     * it (gracefully: SIGTERM is PostgreSQL's "smart" shutdown) so this start can take the folder.
     */
    private static void stopOrphanedServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> orphan;
        try {
            orphan = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return;
        }
        orphan.filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                .ifPresent(p -> {
                    log.warn("Stopping a PostgreSQL left running by an earlier Doorway (pid {})", p.pid());
                    p.destroy();
                    try {
                        p.onExit().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                    }
                });
    }

    /** Matches when no external database is configured. */
    static class NoDatasourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
