package org.doorway.site;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.system.Background;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The versions of each site in force ({@code site_revision}), the only code that writes them.
 * A revision is a whole {@code site.yaml}, checked by {@link SiteFiles} before it is stored, from
 * one of two sources: the file on disk (read again whenever it changes) or an edit made in the
 * browser. <b>The newest revision wins</b>, whatever its source: an edit in the browser is in
 * force over the file it started from, and a file changed on disk afterwards is in force over
 * that edit (the schedule page shows which, who and when). A file that does not change is never
 * stored again, so a restart keeps the browser's edits.
 *
 * <p>Lookups never wait on the database: a thread of its own reads each site's newest revision
 * every second (parsing it only when it changed), and this instance reads again at once after its
 * own change. The same thread looks at each site's {@code site.yaml} every
 * {@code doorway.sites.reload-every}; a file that cannot be used keeps the last good version in
 * force and its problems are shown on the schedule page and logged by field, never by value.
 */
@Component
class SiteRevisions {

    private static final Logger log = LoggerFactory.getLogger(SiteRevisions.class);

    /** Where a revision came from. */
    enum Source {
        FILE,
        BROWSER
    }

    /**
     * A site's version in force.
     *
     * @param seq     its order among all revisions
     * @param source  the file on disk or the browser
     * @param madeBy  {@code site.yaml} for the file, or the user name of who edited in the browser
     * @param madeAt  when it was stored
     * @param summary what changed, in field names
     * @param yaml    the whole {@code site.yaml} it amounts to
     * @param site    that file, read
     */
    record Revision(long seq, Source source, String madeBy, Instant madeAt, String summary, String yaml, Site site) {}

    /** A problem with a site's file on disk, kept until the file is fixed. */
    record FileProblem(Instant seenAt, List<String> problems) {}

    private static final long REFRESH_MILLIS = 1000;
    private static final Pattern PROBLEM = Pattern.compile("^.*?site\\.yaml: (?:line \\d+: )?(\\S+): (.*)$");

    private final Sites sites;
    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final long reloadMillis;

    private volatile Map<String, Revision> newest = Map.of();
    private final Map<String, String> fileSeen = new ConcurrentHashMap<>();
    private final Map<String, FileProblem> fileProblems = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile long lastFileCheck;
    private final Background background;
    private volatile Background.Task refresher;

    SiteRevisions(
            @Lazy Sites sites,
            JdbcClient db,
            TransactionTemplate transaction,
            Background background,
            @Value("${doorway.sites.reload-every:PT2S}") Duration reloadEvery) {
        this.background = background;
        this.sites = sites;
        this.db = db;
        this.transaction = transaction;
        this.reloadMillis = reloadEvery.toMillis();
    }

    /**
     * The newest stored revision of {@code site}, as read at most a second ago; empty when none is
     * stored yet (the file read at start is then in force). Never waits on the database.
     */
    Optional<Revision> newest(String site) {
        start();
        return Optional.ofNullable(newest.get(site));
    }

    /** The problems of the site's file on disk since it last changed, if it cannot be used. */
    Optional<FileProblem> fileProblem(String site) {
        return Optional.ofNullable(fileProblems.get(site));
    }

    private void start() {
        if (started.compareAndSet(false, true)) {
            refreshQuietly();
            refresher =
                    background.every("site-revisions", Duration.ZERO, Duration.ofMillis(REFRESH_MILLIS), this::tick);
        }
    }

    @PreDestroy
    void stop() {
        Background.Task task = refresher;
        if (task != null) {
            task.cancel();
        }
    }

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            if (now - lastFileCheck >= reloadMillis) {
                lastFileCheck = now;
                checkFiles();
            }
            refresh();
        } catch (DataAccessException e) {
            log.debug("Site revisions not read again: {}", e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // Logged, never thrown: a task that throws is never run again.
            log.warn("Site revisions not read again: {}", e.getClass().getSimpleName());
        }
    }

    /** One read at a time, so a read begun before a change never lands after the read that follows it. */
    synchronized void refresh() {
        Map<String, Revision> read = new HashMap<>();
        List<Row> rows = db.sql("""
                        select distinct on (site) seq, site, source, made_by, made_at, summary, yaml
                        from site_revision order by site, seq desc""")
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        Source.valueOf(rs.getString(3)),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6),
                        rs.getString(7)))
                .list();
        for (Row row : rows) {
            Revision known = newest.get(row.site());
            if (known != null && known.seq() == row.seq()) {
                read.put(row.site(), known);
                continue;
            }
            try {
                Site site = SiteFiles.read(row.site(), row.yaml().getBytes(StandardCharsets.UTF_8));
                read.put(
                        row.site(),
                        new Revision(
                                row.seq(), row.source(), row.madeBy(), row.madeAt(), row.summary(), row.yaml(), site));
            } catch (SiteFiles.InvalidSiteException e) {
                // Checked when stored; refused now only by a newer Doorway's rules. The last good stands.
                log.warn("Site {}: revision {} cannot be used by this version of Doorway", row.site(), row.seq());
                if (known != null) {
                    read.put(row.site(), known);
                }
            }
        }
        newest = Map.copyOf(read);
    }

    private record Row(
            long seq, String site, Source source, String madeBy, Instant madeAt, String summary, String yaml) {}

    /**
     * Stores an edit made in the browser, already checked, in force at once on this instance.
     *
     * @param yaml the whole site.yaml the edit amounts to
     */
    void storeEdit(String site, String yaml, String by, String summary) {
        db.sql("insert into site_revision (site, source, yaml, made_by, summary) values (?, 'BROWSER', ?, ?, ?)")
                .params(site, yaml, by, summary)
                .update();
        refreshQuietly();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (DataAccessException e) {
            log.debug("Site revisions not read again: {}", e.getClass().getSimpleName());
        }
    }

    /** Looks at every site's file; a changed one that can be used becomes the newest revision. */
    void checkFiles() {
        for (Site site : sites.filesAtStart()) {
            Sites.Origin origin = sites.origin(site.id());
            byte[] bytes;
            try {
                bytes = read(origin);
            } catch (IOException e) {
                log.warn(
                        "Site {}: site.yaml cannot be read ({})",
                        site.id(),
                        e.getClass().getSimpleName());
                continue;
            }
            if (bytes == null) {
                continue;
            }
            String sha = sha256(bytes);
            if (sha.equals(fileSeen.get(site.id()))) {
                continue;
            }
            try {
                Site read = SiteFiles.read(site.id(), bytes);
                if (!read.id().equals(site.id())) {
                    throw new SiteFiles.InvalidSiteException(
                            site.id() + "/site.yaml: id: cannot change while Doorway runs (restart to rename a site)");
                }
            } catch (SiteFiles.InvalidSiteException e) {
                List<String> problems = List.of(e.getMessage().split("\n")).stream()
                        .map(String::strip)
                        .filter(p -> !p.isEmpty() && !p.startsWith("site configuration refused"))
                        .toList();
                fileProblems.put(site.id(), new FileProblem(Instant.now(), problems));
                fileSeen.put(site.id(), sha);
                // The fields only: the messages may quote what the file says.
                log.warn(
                        "Site {}: changed site.yaml refused, the last good version stays in force; fields: {}",
                        site.id(),
                        fields(problems));
                continue;
            }
            boolean stored = Boolean.TRUE.equals(transaction.execute(status -> {
                db.sql("select pg_advisory_xact_lock(hashtext('site_revision:' || ?))")
                        .param(site.id())
                        .query((rs, n) -> 1)
                        .list();
                String last = db.sql("select file_sha256 from site_revision where site = ? and source = 'FILE'"
                                + " order by seq desc limit 1")
                        .param(site.id())
                        .query(String.class)
                        .optional()
                        .orElse(null);
                if (sha.equals(last)) {
                    return false;
                }
                boolean first = last == null;
                db.sql("insert into site_revision (site, source, yaml, file_sha256, made_by, summary)"
                                + " values (?, 'FILE', ?, ?, 'site.yaml', ?)")
                        .params(
                                site.id(),
                                new String(bytes, StandardCharsets.UTF_8),
                                sha,
                                first ? "site.yaml as Doorway first read it" : "site.yaml changed on disk")
                        .update();
                return true;
            }));
            fileSeen.put(site.id(), sha);
            fileProblems.remove(site.id());
            if (stored) {
                log.info("Site {}: site.yaml read again and in force", site.id());
            }
        }
    }

    private static byte[] read(Sites.Origin origin) throws IOException {
        if (origin.folder() != null) {
            return Files.readAllBytes(origin.folder().resolve("site.yaml"));
        }
        if (origin.classpathFolder() != null) {
            try (InputStream in = new ClassPathResource(origin.classpathFolder() + "/site.yaml").getInputStream()) {
                return in.readAllBytes();
            }
        }
        return null;
    }

    /**
     * The field and reason of each problem {@link SiteFiles} reports, as {@code {field, reason}};
     * a problem not about one field (a file that is not YAML) is named {@code site.yaml}.
     */
    static List<Map<String, String>> errors(SiteFiles.InvalidSiteException e) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (String line : e.getMessage().split("\n")) {
            String problem = line.strip();
            if (problem.isEmpty() || problem.startsWith("site configuration refused")) {
                continue;
            }
            Matcher m = PROBLEM.matcher(problem);
            errors.add(
                    m.matches()
                            ? Map.of("field", m.group(1), "reason", m.group(2))
                            : Map.of("field", "site.yaml", "reason", problem.replaceFirst("^.*?site\\.yaml: ", "")));
        }
        return errors;
    }

    private static List<String> fields(List<String> problems) {
        return problems.stream()
                .map(p -> {
                    Matcher m = PROBLEM.matcher(p);
                    return m.matches() ? m.group(1) : "site.yaml";
                })
                .toList();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Doorway's clock, for the record of when an edit was made. */
    Instant now() {
        return db.sql("select doorway_now()").query(Timestamp.class).single().toInstant();
    }
}
