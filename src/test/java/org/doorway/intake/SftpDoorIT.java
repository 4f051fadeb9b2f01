package org.doorway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.doorway.DoorwayAppIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SFTP door against a real SFTP server in this JVM (Apache MINA SSHD), its host key checked
 * against a known_hosts file as in production (issue 11 item 7): a CSV still being uploaded is not
 * taken until it has stopped changing (the read lock, {@code doorway.intake.sftp.min-age}), every
 * row arrives, and the file is taken once and moved to {@code done/}; two consumers polling the
 * same server take each file once (the claim in {@code intake_file_claim}); a file that cannot be
 * read goes to {@code failed/}, is the feed's last error, and the next file still goes through.
 */
class SftpDoorIT extends DoorwayAppIT {

    private static final Server SFTP = new Server();

    @DynamicPropertySource
    static void sftp(DynamicPropertyRegistry registry) {
        registry.add("doorway.intake.sftp.host", () -> "127.0.0.1");
        registry.add("doorway.intake.sftp.port", () -> String.valueOf(SFTP.port()));
        registry.add("doorway.intake.sftp.username", () -> "rms");
        registry.add("doorway.intake.sftp.password", () -> Server.PASSWORD);
        registry.add(
                "doorway.intake.sftp.known-hosts-file", () -> SFTP.knownHosts().toString());
        registry.add("doorway.intake.sftp.directory", () -> "inbox");
        registry.add("doorway.intake.sftp.poll-every", () -> "500");
    }

    @Autowired
    JdbcClient db;

    @Autowired
    org.apache.camel.CamelContext camel;

    @Autowired
    org.doorway.system.Background background;

    @Test
    void takesAnUploadOnlyOnceCompleteWithEveryRowAndMovesItToDoneOnce() throws IOException {
        Path folder = SFTP.root().resolve("inbox/demo/csv/seattle-spd");
        Files.createDirectories(folder);
        String name = "calls-" + System.nanoTime() + ".csv";
        Path file = folder.resolve(name);
        List<String> ids = new ArrayList<>();
        StringBuilder csv =
                new StringBuilder("CAD Event Number,Event Clearance Description,Call Type,Priority,Initial Call Type,"
                        + "Final Call Type,Original Time Queued,Arrived Time,Precinct,Sector,Beat,"
                        + "Blurred_Longitude,Blurred_Latitude\n");
        for (int i = 0; i < 30; i++) {
            String id = "77" + System.nanoTime() % 100_000_000_000L + i;
            ids.add(id);
            csv.append(id)
                    .append(",ASSISTANCE RENDERED,911,3,TRESPASS,--TRESPASS,11/04/2023 6:08:26 PM,")
                    .append("11/04/2023 6:51:06 PM,EAST,CHARLIE,C3,-122.28112,47.6176603\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        int[] cuts = {0, bytes.length / 4 + 7, bytes.length / 2 + 3, bytes.length * 3 / 4 + 11, bytes.length};

        // An upload in four parts, each cut mid-row. Between two parts Doorway looks at the folder
        // and sees the partial file; the next part is written as soon as it has looked.
        SFTP.watch(file);
        for (int part = 0; part < cuts.length - 1; part++) {
            if (part > 0) {
                int seen = SFTP.listingsShowing(file);
                await().atMost(Duration.ofSeconds(60)).until(() -> SFTP.listingsShowing(file) > seen);
            }
            Files.write(
                    file,
                    java.util.Arrays.copyOfRange(bytes, cuts[part], cuts[part + 1]),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        SFTP.uploadComplete();

        Path done = folder.resolve("done").resolve(name);
        // The sealed copy is uploaded first, the original deleted after.
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(done) && !Files.exists(file));

        assertThat(SFTP.readBeforeComplete())
                .as("the partial file was never opened for reading")
                .isFalse();
        assertThat(SealedCopies.sealed(Files.readAllBytes(done)))
                .as("done/ holds a sealed copy")
                .isTrue();
        assertThat(SealedCopies.opened(admin(), base(), Files.readAllBytes(done)))
                .isEqualTo(bytes);
        assertThat(Files.exists(file)).isFalse();
        assertThat(SFTP.opensForReading()).as("taken once").isEqualTo(1);
        assertThat(db.sql("select count(*) from referral where source_id in ("
                                + String.join(",", Collections.nCopies(ids.size(), "?")) + ")")
                        .params(ids.toArray())
                        .query(Long.class)
                        .single())
                .as("every row arrived")
                .isEqualTo(ids.size());
        await().atMost(Duration.ofSeconds(60))
                .alias("the claim goes once the file has moved")
                .until(
                        () -> db.sql("select count(*) from sftp_file_claim where path like ?")
                                .param("%" + name)
                                .query(Long.class)
                                .single(),
                        claims -> claims == 0);
    }

    @Test
    void twoConsumersOfOneServerTakeEachFileOnce() throws Exception {
        // A second instance's consumer: the same Kamelet, settings and claims, its own poller.
        String second = "rms-sftp-second-instance";
        // Its own claims, as another instance has: another holder in the same table.
        camel.getRegistry().bind("secondInstanceClaims", new FileIntake.SftpClaims(db, background));
        camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                // The Kamelet's endpoint spelled out, so that removing this route removes its consumer.
                from("sftp:127.0.0.1:" + SFTP.port() + "/inbox?username=RAW(rms)&password=RAW(" + Server.PASSWORD
                                + ")&knownHostsFile=RAW(" + SFTP.knownHosts() + ")&strictHostKeyChecking=yes"
                                + "&recursive=true&antInclude=*/nibrs/*.xml,*/csv/*/*.csv"
                                + "&antExclude=**/done/**,**/failed/**&delete=true"
                                + "&readLock=changed&readLockMinAge=5000&readLockCheckInterval=1000"
                                + "&readLockTimeout=30000&filter=#secondInstanceClaims&idempotent=false"
                                + "&delay=300&maxMessagesPerPoll=10")
                        .routeId(second)
                        .routeConfigurationId("file-errors")
                        .to("direct:rms-file");
            }
        });
        try {
            Path folder = SFTP.root().resolve("inbox/demo/csv/seattle-spd");
            Files.createDirectories(folder);
            List<String> names = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int f = 0; f < 4; f++) {
                String name = "both-" + System.nanoTime() + ".csv";
                List<String> rows = freshIds(3);
                ids.addAll(rows);
                names.add(name);
                Path part = folder.resolve(name + ".part");
                Files.write(part, seattleCsv(rows));
                Files.move(part, folder.resolve(name)); // whole at once: both consumers race for it
            }

            for (String name : names) {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> Files.exists(folder.resolve("done").resolve(name)));
            }
            for (String name : names) {
                assertThat(SFTP.opens(folder.resolve(name)))
                        .as("%s read by one consumer only", name)
                        .isEqualTo(1);
            }
            assertThat(stored(ids)).as("every row arrived").isEqualTo(ids.size());
        } finally {
            camel.getRouteController().stopRoute(second);
            camel.removeRoute(second);
            camel.getRegistry().unbind("secondInstanceClaims");
        }
    }

    @Test
    void aFileThatCannotBeReadGoesToFailedAndIsTheFeedsLastErrorWhileTheNextOneGoesThrough() throws Exception {
        Path folder = SFTP.root().resolve("inbox/demo/csv/seattle-spd");
        Files.createDirectories(folder);
        String broken = "broken-" + System.nanoTime() + ".csv";
        Path part = folder.resolve(broken + ".part");
        Files.writeString(part, "this is not\"the export, \"at all\n");
        Files.move(part, folder.resolve(broken));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(folder.resolve("failed").resolve(broken))
                        && !Files.exists(folder.resolve(broken)));
        byte[] failed = Files.readAllBytes(folder.resolve("failed").resolve(broken));
        assertThat(new String(failed, StandardCharsets.ISO_8859_1)).doesNotContain("the export");
        assertThat(new String(SealedCopies.opened(admin(), base(), failed), StandardCharsets.UTF_8))
                .isEqualTo("this is not\"the export, \"at all\n");
        assertThat(db.sql("select last_error from feed_heartbeat where site = 'demo' and channel = ?")
                        .param("file:demo/csv/seattle-spd")
                        .query(String.class)
                        .optional())
                .as("the feeds page shows why")
                .hasValueSatisfying(error -> assertThat(error).isNotBlank().doesNotContain("the export"));

        String good = "after-" + System.nanoTime() + ".csv";
        List<String> ids = freshIds(2);
        part = folder.resolve(good + ".part");
        Files.write(part, seattleCsv(ids));
        Files.move(part, folder.resolve(good));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(folder.resolve("done").resolve(good)));
        assertThat(stored(ids)).isEqualTo(ids.size());
    }

    private static List<String> freshIds(int count) {
        List<String> ids = new ArrayList<>();
        String run = Long.toString(System.nanoTime() % 100_000_000_000L);
        for (int i = 0; i < count; i++) {
            ids.add("78" + run + i);
        }
        return ids;
    }

    /** A Seattle CAD export (the {@code seattle-spd} mapping) of one row per id. */
    private static byte[] seattleCsv(List<String> ids) {
        StringBuilder csv =
                new StringBuilder("CAD Event Number,Event Clearance Description,Call Type,Priority,Initial Call Type,"
                        + "Final Call Type,Original Time Queued,Arrived Time,Precinct,Sector,Beat,"
                        + "Blurred_Longitude,Blurred_Latitude\n");
        for (String id : ids) {
            csv.append(id)
                    .append(",ASSISTANCE RENDERED,911,3,TRESPASS,--TRESPASS,11/04/2023 6:08:26 PM,")
                    .append("11/04/2023 6:51:06 PM,EAST,CHARLIE,C3,-122.28112,47.6176603\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long stored(List<String> ids) {
        return db.sql("select count(*) from referral where source_id in ("
                        + String.join(",", Collections.nCopies(ids.size(), "?")) + ")")
                .params(ids.toArray())
                .query(Long.class)
                .single();
    }

    /** An SFTP server on a free local port, one password user, its files in a temporary folder. */
    static final class Server {
        static final String PASSWORD = "rms-upload-" + System.nanoTime();

        private final SshServer sshd = SshServer.setUpDefaultServer();
        private final Path root;
        private final Path knownHosts;
        private volatile Path watched;
        private final AtomicInteger listings = new AtomicInteger();
        private final AtomicInteger opens = new AtomicInteger();
        private final Map<String, AtomicInteger> opensByFile = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicBoolean complete = new AtomicBoolean();
        private final AtomicBoolean readEarly = new AtomicBoolean();

        Server() {
            try {
                root = Files.createTempDirectory("doorway-sftp-");
                Path keys = Files.createTempDirectory("doorway-sftp-keys-");
                SimpleGeneratorHostKeyProvider hostKey = new SimpleGeneratorHostKeyProvider(keys.resolve("host.ser"));
                hostKey.setAlgorithm("RSA");
                sshd.setHost("127.0.0.1");
                sshd.setPort(0);
                sshd.setKeyPairProvider(hostKey);
                sshd.setPasswordAuthenticator(
                        (user, password, session) -> "rms".equals(user) && PASSWORD.equals(password));
                sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
                SftpSubsystemFactory sftp = new SftpSubsystemFactory();
                sftp.addSftpEventListener(new SftpEventListener() {
                    @Override
                    public void readEntries(
                            ServerSession session, String handle, DirectoryHandle dir, Map<String, Path> entries) {
                        Path file = watched;
                        if (file != null
                                && entries.containsKey(file.getFileName().toString())) {
                            listings.incrementAndGet();
                        }
                    }

                    @Override
                    public void open(ServerSession session, String handle, Handle opened) {
                        // Only reads count: the sealed copy Doorway uploads to done/ or failed/
                        // under the same name is a write.
                        if (opened instanceof FileHandle written
                                && written.getOpenOptions().contains(java.nio.file.StandardOpenOption.WRITE)) {
                            return;
                        }
                        if (opened instanceof FileHandle any) {
                            opensByFile
                                    .computeIfAbsent(any.getFile().getFileName().toString(), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                        Path file = watched;
                        if (opened instanceof FileHandle f
                                && file != null
                                && f.getFile()
                                        .getFileName()
                                        .toString()
                                        .equals(file.getFileName().toString())) {
                            opens.incrementAndGet();
                            if (!complete.get()) {
                                readEarly.set(true);
                            }
                        }
                    }
                });
                sshd.setSubsystemFactories(List.of(sftp));
                sshd.start();
                KeyPair pair = hostKey.loadKeys(null).iterator().next();
                knownHosts = keys.resolve("known_hosts");
                Files.writeString(
                        knownHosts,
                        "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(pair.getPublic()) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int port() {
            return sshd.getPort();
        }

        Path root() {
            return root;
        }

        Path knownHosts() {
            return knownHosts;
        }

        void watch(Path file) {
            watched = file;
        }

        /** How often Doorway has listed the watched file's folder while the file was there. */
        int listingsShowing(Path file) {
            return listings.get();
        }

        void uploadComplete() {
            complete.set(true);
        }

        boolean readBeforeComplete() {
            return readEarly.get();
        }

        int opensForReading() {
            return opens.get();
        }

        /** How often the file at {@code file} (a path under {@link #root()}) was opened. */
        int opens(Path file) {
            AtomicInteger count = opensByFile.get(file.getFileName().toString());
            return count == null ? 0 : count.get();
        }
    }
}
