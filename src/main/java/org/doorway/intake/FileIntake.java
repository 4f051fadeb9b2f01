package org.doorway.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.site.Sites;
import org.doorway.system.DoorwayProperties;
import org.doorway.system.RequestRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The route steps of RMS exports that arrive as files (a watched folder, or SFTP). Files are laid
 * out by site and format, {@code <site>/nibrs/<file>.xml} and {@code <site>/csv/<mapping>/<file>.csv}.
 * Once the route has finished with a file, a sealed copy of it goes into {@code done/} (unless
 * {@code doorway.intake.keep-done} is {@code false}) or {@code failed/} beside it, under the same
 * name: its bytes sealed with the data key of the file's site ({@link IntakeDeadLetters#sealCopy};
 * of {@link DeadLetterRecord#NO_SITE} for a file in a place no site owns), so that a copy of the
 * folder reveals nothing personal. The sealed copy is written first; the consumer deletes the
 * original only after the route has finished without an outage (its {@code delete} option), so a
 * crash in between leaves the original to be taken again. {@link #MOVE_TO} says where the copy
 * went. An administrator gets the original back with {@code POST /api/v1/dead-letters/open}.
 */
final class FileIntake {

    /**
     * Exchange property naming where the file's sealed copy goes, relative to the watched folder:
     * {@code <its folder>/done/<name>} or {@code <its folder>/failed/<name>}.
     */
    static final String MOVE_TO = "doorwayFileMoveTo";
    /** Exchange property: {@code nibrs} or {@code csv}. */
    static final String FORMAT = "doorwayFileFormat";

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    private FileIntake() {}

    /**
     * {@code identifyFileSource}: reads site, format and (for CSV) mapping from the file's place in
     * the folder, and keeps the file's bytes. A file in the wrong place, or too large, is refused.
     */
    @Component("identifyFileSource")
    static final class Identify implements Processor {
        private final Sites sites;
        private final long maxBytes;

        Identify(Sites sites, DoorwayProperties properties) {
            this.sites = sites;
            this.maxBytes = properties.intake().maxFileBytes();
        }

        @Override
        public void process(Exchange exchange) {
            String relative = exchange.getMessage()
                    .getHeader(Exchange.FILE_NAME, String.class)
                    .replace('\\', '/');
            moveTo(exchange, "failed"); // until it is known to be otherwise
            String[] parts = relative.split("/");
            boolean nibrs = parts.length == 3 && parts[1].equals("nibrs");
            boolean csv = parts.length == 4 && parts[1].equals("csv");
            if ((!nibrs && !csv) || sites.find(parts[0]).isEmpty()) {
                throw new InvalidReferralException(
                        "Export in the wrong place",
                        "file",
                        "expected <site>/nibrs/<file>.xml or <site>/csv/<mapping>/<file>.csv with a configured site");
            }
            Long length = exchange.getMessage().getHeader(Exchange.FILE_LENGTH, Long.class);
            if (length != null && length > maxBytes) {
                throw new InvalidReferralException(
                        "Export too large",
                        "file",
                        "larger than doorway.intake.max-file-bytes (" + maxBytes + " bytes)");
            }
            exchange.setProperty(
                    IntakeSource.PROPERTY,
                    new IntakeSource(
                            parts[0], "file:" + String.join("/", java.util.Arrays.copyOf(parts, parts.length - 1))));
            exchange.setProperty(FORMAT, nibrs ? "nibrs" : "csv");
            if (csv) {
                exchange.getMessage().setHeader("mapping", parts[2]);
            }
            byte[] body = exchange.getMessage().getBody(byte[].class);
            exchange.setProperty(IntakeSource.ORIGINAL, body);
            exchange.getMessage().setBody(body);
        }
    }

    /**
     * {@code fileDone}: the file's referrals are committed; a report of what became of each record
     * (referral ids and rejected records' reasons, nothing personal) goes into {@code done/}, and,
     * unless {@code doorway.intake.keep-done} is {@code false}, a sealed copy of the file beside it.
     */
    @Component("fileDone")
    static final class Done implements Processor {
        private final ObjectMapper json;
        private final IntakeDeadLetters copies;
        private final boolean keep;

        Done(
                ObjectMapper json,
                IntakeDeadLetters copies,
                @org.springframework.beans.factory.annotation.Value("${doorway.intake.keep-done:true}") boolean keep) {
            this.json = json;
            this.copies = copies;
            this.keep = keep;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            IntakeResult result = exchange.getMessage().getMandatoryBody(IntakeResult.class);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("file", exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
            report.put(
                    "referrals",
                    result.referrals().stream().map(ReferralAccepted::id).toList());
            report.put("rejected", result.rejected());
            write(
                    exchange,
                    "done",
                    ".report.json",
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            moveTo(exchange, "done");
            if (keep) {
                keepSealed(exchange, copies, "done");
            }
            SftpClaims.release(exchange);
            log.info(
                    "Export {} taken in: {} referrals, {} records rejected",
                    exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class),
                    result.referrals().size(),
                    result.rejected().size());
        }
    }

    /**
     * {@code fileFailed}: the file cannot be read at all (or was in the wrong place); the reason goes
     * beside it in {@code failed/}, and the file follows it there. The reason (its title and the
     * fields at fault, never values) is also the feed's last error, for the feeds page.
     */
    @Component("fileFailed")
    static final class Failed implements Processor {
        private final FeedHeartbeats heartbeats;
        private final IntakeDeadLetters copies;

        Failed(FeedHeartbeats heartbeats, IntakeDeadLetters copies) {
            this.heartbeats = heartbeats;
            this.copies = copies;
        }

        @Override
        public void process(Exchange exchange) {
            Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            StringBuilder reason = new StringBuilder();
            if (cause instanceof RequestRefusedException refused) {
                reason.append(refused.title())
                        .append(": ")
                        .append(refused.getMessage())
                        .append('\n');
                for (Map<String, String> error : refused.errors()) {
                    reason.append("  ")
                            .append(error.get("field"))
                            .append(": ")
                            .append(error.get("reason"))
                            .append('\n');
                }
            } else if (cause != null) {
                // Tried and failed otherwise than by an outage: the same file would fail again.
                reason.append("could not be stored: ")
                        .append(cause.getClass().getSimpleName())
                        .append('\n');
            } else {
                reason.append("could not be read\n");
            }
            write(exchange, "failed", ".reason.txt", reason.toString());
            moveTo(exchange, "failed");
            keepSealed(exchange, copies, "failed");
            SftpClaims.release(exchange);
            IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
            if (source != null) {
                try {
                    heartbeats.failed(
                            source.site(),
                            source.channel(),
                            "file refused: " + reason.toString().strip().replace('\n', ' '));
                } catch (RuntimeException e) {
                    // The file still moves: its feed's last error is a nicety, the move is not.
                    log.warn(
                            "Feed error of {} not noted: {}",
                            source.channel(),
                            e.getClass().getSimpleName());
                }
            }
            log.warn(
                    "Export {} refused: {}",
                    exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class),
                    cause instanceof RequestRefusedException r ? r.title() : "unreadable");
        }
    }

    /** Whether the exchange's file was listed on a remote server (SFTP), not in a local folder. */
    private static boolean remote(Exchange exchange) {
        return exchange.getProperty(org.apache.camel.component.file.FileComponent.FILE_EXCHANGE_FILE)
                instanceof org.apache.camel.component.file.remote.RemoteFile<?>;
    }

    /**
     * Writes the file's sealed copy to {@link #MOVE_TO}: in the local folder, through a temporary
     * name renamed into place (a copy is whole or absent); over SFTP, uploaded to the same server.
     * Written before the consumer deletes the original, so the file is never in neither place.
     */
    private static void keepSealed(Exchange exchange, IntakeDeadLetters copies, String to) {
        byte[] original = exchange.getProperty(IntakeSource.ORIGINAL, byte[].class);
        if (original == null) {
            // Refused before it was read (a wrong place, too large): read it now.
            Object file = exchange.getProperty(org.apache.camel.component.file.FileComponent.FILE_EXCHANGE_FILE);
            original = file instanceof org.apache.camel.component.file.GenericFile<?> generic
                            && generic.getFile() instanceof java.io.File local
                    ? readAll(local.toPath())
                    : exchange.getMessage().getBody(byte[].class);
        }
        IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
        byte[] sealed = copies.sealCopy(source == null ? DeadLetterRecord.NO_SITE : source.site(), original);
        String target = exchange.getProperty(MOVE_TO, String.class);
        if (remote(exchange)) {
            org.apache.camel.ProducerTemplate producer = exchange.getContext().createProducerTemplate();
            org.apache.camel.Exchange sent;
            try {
                // A fresh exchange to the consumer's endpoint: the same server, login and folder.
                sent = producer.send(remoteEndpoint(exchange), upload -> {
                    upload.getMessage().setHeader(Exchange.FILE_NAME, target);
                    upload.getMessage().setBody(sealed);
                });
            } finally {
                producer.stop();
            }
            if (sent.getException() != null) {
                throw new IllegalStateException(
                        "sealed copy not uploaded: "
                                + sent.getException().getClass().getSimpleName(),
                        sent.getException());
            }
            return;
        }
        String parent = exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path folder = Path.of(parent).resolve(to);
        try {
            Files.createDirectories(folder);
            Path partial = folder.resolve("." + name + ".sealing");
            Files.write(partial, sealed);
            Files.move(
                    partial,
                    folder.resolve(name),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The SFTP endpoint the exchange's file was listed by (the Kamelet's, behind the route's own
     * {@code kamelet:} endpoint): the one whose host and folder are the file's.
     */
    private static org.apache.camel.Endpoint remoteEndpoint(Exchange exchange) {
        if (exchange.getFromEndpoint() instanceof org.apache.camel.component.file.remote.RemoteFileEndpoint<?> own) {
            return own;
        }
        var file = (org.apache.camel.component.file.remote.RemoteFile<?>)
                exchange.getProperty(org.apache.camel.component.file.FileComponent.FILE_EXCHANGE_FILE);
        List<org.apache.camel.component.file.remote.RemoteFileEndpoint<?>> servers = new ArrayList<>();
        for (org.apache.camel.Endpoint endpoint : exchange.getContext().getEndpoints()) {
            if (endpoint instanceof org.apache.camel.component.file.remote.RemoteFileEndpoint<?> remote
                    && java.util.Objects.equals(remote.getConfiguration().getHost(), file.getHostname())) {
                servers.add(remote);
            }
        }
        return servers.stream()
                .filter(remote ->
                        java.util.Objects.equals(remote.getConfiguration().getDirectory(), file.getEndpointPath()))
                .findFirst()
                .or(() -> servers.stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("no SFTP endpoint for the file's server"));
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets where the file's sealed copy goes once the route is done: into {@code to} beside it. */
    private static void moveTo(Exchange exchange, String to) {
        String relative = exchange.getMessage()
                .getHeader(Exchange.FILE_NAME, String.class)
                .replace('\\', '/');
        int slash = relative.lastIndexOf('/');
        exchange.setProperty(
                MOVE_TO,
                (slash < 0 ? "" : relative.substring(0, slash + 1)) + to + "/" + relative.substring(slash + 1));
    }

    /**
     * Writes {@code text} beside where the file is going: {@code <its folder>/<to>/<name><suffix>}.
     * Files collected over SFTP get no report file (their folder is remote); the log has it.
     */
    private static void write(Exchange exchange, String to, String suffix, String text) {
        if (remote(exchange)) {
            return;
        }
        String parent = exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        try {
            Path folder = Path.of(parent).resolve(to);
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(name + suffix), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code sftpFileClaims}: the SFTP door's shared claims ({@code sftp_file_claim}), as the
     * consumer's file filter. Camel's SFTP consumer has no shared read lock (its {@code idempotent*}
     * read locks exist for local files only), so an instance lists a file as its own only once it
     * holds the file's row: added, renewed at each listing by the same instance, or taken over when
     * not renewed for {@link #STALE} (its holder died). The row goes {@link #RELEASE_AFTER} after the
     * file has been handled, by when the consumer has moved it: another instance that listed the file
     * earlier finds it claimed, and lists it no more once it has moved.
     */
    @Component("sftpFileClaims")
    static final class SftpClaims implements org.apache.camel.component.file.GenericFileFilter<Object> {
        static final java.time.Duration STALE = java.time.Duration.ofMinutes(5);
        static final java.time.Duration RELEASE_AFTER = java.time.Duration.ofSeconds(10);
        /** The claims (of this instance's consumers) each path listed here is held by. */
        private static final java.util.Map<String, SftpClaims> HELD = new java.util.concurrent.ConcurrentHashMap<>();

        private final org.springframework.jdbc.core.simple.JdbcClient db;
        private final String holder = java.util.UUID.randomUUID().toString();
        private final org.doorway.system.Background background;
        private volatile boolean stopped;

        SftpClaims(org.springframework.jdbc.core.simple.JdbcClient db, org.doorway.system.Background background) {
            this.db = db;
            this.background = background;
        }

        @Override
        public boolean accept(org.apache.camel.component.file.GenericFile<Object> file) {
            if (file.isDirectory()) {
                return true;
            }
            String relative = file.getRelativeFilePath().replace('\\', '/');
            String[] parts = relative.split("/");
            boolean export = (parts.length == 3 && parts[1].equals("nibrs") && relative.endsWith(".xml"))
                    || (parts.length == 4 && parts[1].equals("csv") && relative.endsWith(".csv"));
            if (!export) {
                return true; // not an export the door takes (done/, failed/, markers): the patterns decide
            }
            String path = file.getAbsoluteFilePath();
            boolean held = db.sql("""
                            insert into sftp_file_claim (path, holder) values (?, ?)
                            on conflict (path) do update set holder = excluded.holder, claimed_at = now()
                            where sftp_file_claim.holder = excluded.holder
                               or sftp_file_claim.claimed_at < now() - make_interval(secs => ?)
                            returning holder""")
                    .params(path, holder, (double) STALE.toSeconds())
                    .query(String.class)
                    .optional()
                    .isPresent();
            if (held) {
                HELD.put(path, this);
            }
            return held;
        }

        /**
         * Lets the claim on the exchange's file go {@link #RELEASE_AFTER} from now, if the file was
         * listed by an SFTP consumer filtered by claims (the claims of that consumer's instance).
         */
        static void release(Exchange exchange) {
            if (exchange.getProperty(org.apache.camel.component.file.FileComponent.FILE_EXCHANGE_FILE)
                    instanceof org.apache.camel.component.file.GenericFile<?> file) {
                SftpClaims claims = HELD.remove(file.getAbsoluteFilePath());
                if (claims != null) {
                    claims.releaseLater(exchange, file.getAbsoluteFilePath());
                }
            }
        }

        private void releaseLater(Exchange exchange, String path) {
            if (stopped) {
                return; // left to go stale, as when this instance dies
            }
            background.once("sftp-claim-release", RELEASE_AFTER, () -> {
                try {
                    db.sql("delete from sftp_file_claim where path = ? and holder = ?")
                            .params(path, holder)
                            .update();
                } catch (RuntimeException e) {
                    // Left to go stale: another instance may take the path over later.
                    log.warn("SFTP claim not released: {}", e.getClass().getSimpleName());
                }
            });
        }

        @jakarta.annotation.PreDestroy
        void stop() {
            stopped = true;
        }
    }

    /**
     * The {@code intakeFileClaims} repository of the watched folder's idempotent read lock
     * ({@code intake_file_claim}; SFTP has {@link SftpClaims}): an instance takes a file only by
     * adding its row, which the
     * primary key lets one instance add; the row goes once the file is moved. The holder renews it
     * while reading, so a row older than {@code lockMaxAge} was left by an instance that died and
     * another may take the file over (camel-sql's orphan-aware repository).
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Claims {
        @org.springframework.context.annotation.Bean("intakeFileClaims")
        org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository intakeFileClaims(
                javax.sql.DataSource dataSource, org.apache.camel.CamelContext camel) {
            var claims = new org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository(
                    dataSource, "doorway-intake-files", camel);
            claims.setTableName("intake_file_claim");
            claims.setCreateTableIfNotExists(false);
            claims.setLockMaxAgeMillis(300_000);
            claims.setLockKeepAliveIntervalMillis(30_000);
            return claims;
        }
    }
}
