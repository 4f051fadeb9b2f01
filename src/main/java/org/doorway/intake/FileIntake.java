package org.doorway.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 * out by site and format, {@code <site>/nibrs/<file>.xml} and {@code <site>/csv/<mapping>/<file>.csv};
 * the consumer moves a file into {@code done/} or {@code failed/} beside it only after the route
 * has finished, to where these steps say ({@link #MOVE_TO}).
 */
final class FileIntake {

    /**
     * Exchange property naming where the file moves, relative to the watched folder:
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
     * goes beside it in {@code done/}, and the file follows it there.
     */
    @Component("fileDone")
    static final class Done implements Processor {
        private final ObjectMapper json;

        Done(ObjectMapper json) {
            this.json = json;
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
            log.info(
                    "Export {} taken in: {} referrals, {} records rejected",
                    exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class),
                    result.referrals().size(),
                    result.rejected().size());
        }
    }

    /**
     * {@code fileFailed}: the file cannot be read at all (or was in the wrong place); the reason goes
     * beside it in {@code failed/}, and the file follows it there.
     */
    @Component("fileFailed")
    static final class Failed implements Processor {
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
            log.warn(
                    "Export {} refused: {}",
                    exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class),
                    cause instanceof RequestRefusedException r ? r.title() : "unreadable");
        }
    }

    /** Sets where the consumer moves the file once the route is done: into {@code to} beside it. */
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
        if (exchange.getFromEndpoint() != null
                && exchange.getFromEndpoint().getEndpointUri().startsWith("sftp")) {
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
     * The {@code intakeFileClaims} repository of the folder's and SFTP door's idempotent read lock
     * ({@code intake_file_claim}): an instance takes a file only by adding its row, which the
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
