package org.doorway.triage;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.system.Background;
import org.doorway.system.SafeLog;
import org.doorway.triage.internal.PolicyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Every version of every site's triage policy. A site folder holds {@code policy.yaml}, or several
 * versions as {@code policies/*.yaml} (or both); polygon files sit beside them, e.g. in
 * {@code zones/}. The version in force at an instant is the newest whose {@code effective} day (site
 * time) has begun.
 *
 * <p>All files are checked at start, and an invalid policy stops the start. Afterwards the folders
 * of sites on disk are looked at every {@code doorway.triage.policy-poll-interval}: when a site's
 * policy files change they are read again; if they are valid the new versions take over at once,
 * if not they are refused with every problem logged (file, line, field; policy files hold no
 * personal data) and the versions already in force stay in force.
 */
@Component
public class Policies {

    private static final Logger log = LoggerFactory.getLogger(Policies.class);

    /**
     * Where one site's policy files are.
     *
     * @param site            the site's id
     * @param timeZone        the site's time zone
     * @param folder          the site folder on disk, or {@code null}
     * @param classpathFolder the site folder on the classpath, or {@code null}
     */
    record Source(String site, ZoneId timeZone, Path folder, String classpathFolder) {}

    private record Loaded(List<Policy> versions, String fingerprint) {}

    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Background.Task watcher;

    @Autowired
    Policies(Sites sites, TriageProperties properties, ObjectProvider<Background> background) {
        this(
                sites.all().stream()
                        .map(site -> source(site, sites.origin(site.id())))
                        .toList(),
                properties.policyPollInterval(),
                // The one-shot commands (policy replay, coverage) read the files once: no watching there.
                background.getIfAvailable());
    }

    /**
     * Loads every source's policies, and watches those on disk every {@code poll} ({@code null}:
     * never; call {@link #reload()} instead), on {@code background} ({@code null}: never either).
     *
     * @throws InvalidPolicyException when any site's policy is invalid
     */
    Policies(List<Source> sources, Duration poll, Background background) {
        List<String> problems = new ArrayList<>();
        for (Source source : sources) {
            this.sources.put(source.site(), source);
            try {
                Loaded versions = load(source);
                loaded.put(source.site(), versions);
                logLoaded(source.site(), versions.versions(), "loaded");
            } catch (InvalidPolicyException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        boolean onDisk = sources.stream().anyMatch(s -> s.folder() != null);
        if (poll != null && onDisk && background != null) {
            watcher = background.every("policy-watch", poll, poll, this::reload);
        } else {
            watcher = null;
        }
    }

    private static Source source(Site site, Sites.Origin origin) {
        return new Source(site.id(), site.timeZone(), origin.folder(), origin.classpathFolder());
    }

    @PreDestroy
    void stop() {
        if (watcher != null) {
            watcher.cancel();
        }
    }

    /**
     * Reads a draft policy file that is not (yet) in force, checked exactly as the sites' own files
     * are: for the what-if replay.
     *
     * @param siteZone the site's time zone, or {@code null} when the file must give its own
     * @throws InvalidPolicyException naming every problem found
     */
    public static Policy readDraft(Path file, ZoneId siteZone) {
        return PolicyFiles.read(file, siteZone);
    }

    /** The version of a site's policy in force at {@code at}, if any has begun by then. */
    public Optional<Policy> inForce(String site, Instant at) {
        Loaded versions = loaded.get(site);
        if (versions == null) {
            return Optional.empty();
        }
        Policy inForce = null;
        for (Policy policy : versions.versions()) {
            if (!policy.effectiveFrom().isAfter(at)) {
                inForce = policy;
            }
        }
        return Optional.ofNullable(inForce);
    }

    /** Every version of a site's policy, oldest first. */
    public List<Policy> versions(String site) {
        Loaded versions = loaded.get(site);
        return versions == null ? List.of() : versions.versions();
    }

    /** One version of a site's policy, if it is still loaded. */
    public Optional<Policy> version(String site, String version) {
        return versions(site).stream().filter(p -> p.version().equals(version)).findFirst();
    }

    /**
     * Reads again the policy files of every site on disk whose files changed since they were last
     * read. Valid changes take over; invalid ones are logged and the previous versions stay.
     */
    void reload() {
        for (Source source : sources.values()) {
            if (source.folder() == null) {
                continue;
            }
            try {
                String fingerprint = fingerprint(source.folder());
                Loaded current = loaded.get(source.site());
                if (current != null && current.fingerprint().equals(fingerprint)
                        || fingerprint.equals(refused.get(source.site()))) {
                    continue;
                }
                try {
                    Loaded versions = load(source);
                    loaded.put(source.site(), versions);
                    refused.remove(source.site());
                    logLoaded(source.site(), versions.versions(), "reloaded");
                } catch (InvalidPolicyException e) {
                    refused.put(source.site(), fingerprint);
                    log.warn(
                            "Site {}: changed policy files refused; the versions in force stay ({}):\n  {}",
                            source.site(),
                            current == null
                                    ? "none"
                                    : String.join(
                                            ", ",
                                            current.versions().stream()
                                                    .map(Policy::version)
                                                    .toList()),
                            String.join("\n  ", e.problems()));
                }
            } catch (IOException | RuntimeException e) {
                log.warn(
                        "Site {}: policy files could not be checked for changes: {}",
                        source.site(),
                        SafeLog.describe(e));
            }
        }
    }

    private static void logLoaded(String site, List<Policy> versions, String what) {
        log.info(
                "Site {} policy {}: {}",
                site,
                what,
                String.join(
                        ", ",
                        versions.stream()
                                .map(p -> p.version() + " (effective " + p.effective() + ")")
                                .toList()));
    }

    // ------------------------------------------------------------------ reading

    private record PolicyFile(String name, byte[] yaml) {}

    private static Loaded load(Source source) {
        List<PolicyFile> files;
        String fingerprint;
        PolicyFiles.Resources resources;
        String where;
        try {
            if (source.folder() != null) {
                where = source.folder().toString();
                files = folderFiles(source.folder());
                fingerprint = fingerprint(source.folder());
                resources = PolicyFiles.folder(source.folder());
            } else {
                where = "classpath:" + source.classpathFolder();
                files = classpathFiles(source.classpathFolder());
                fingerprint = "classpath";
                resources = relative -> {
                    try (InputStream in =
                            new ClassPathResource(source.classpathFolder() + "/" + relative).getInputStream()) {
                        return in.readAllBytes();
                    }
                };
            }
        } catch (IOException e) {
            throw new InvalidPolicyException(List.of("site " + source.site() + ": policy files cannot be read: "
                    + e.getClass().getSimpleName()));
        }
        if (files.isEmpty()) {
            throw new InvalidPolicyException(List.of(where + ": no policy.yaml and no policies/*.yaml"));
        }
        java.util.Set<String> problems = new java.util.LinkedHashSet<>();
        List<Policy> versions = new ArrayList<>();
        Map<String, Policy> byVersion = new LinkedHashMap<>();
        Map<java.time.LocalDate, Policy> byDay = new LinkedHashMap<>();
        for (PolicyFile file : files) {
            Policy policy;
            try {
                policy = PolicyFiles.parse(file.name(), file.yaml(), source.timeZone(), resources);
            } catch (InvalidPolicyException e) {
                problems.addAll(e.problems());
                continue;
            }
            if (!policy.site().equals(source.site())) {
                problems.add(at(file, "site") + "names another site than site.yaml's id (" + source.site() + ")");
            }
            Policy sameVersion = byVersion.putIfAbsent(policy.version(), policy);
            if (sameVersion != null) {
                problems.add(at(file, "version") + "the same version as " + sameVersion.file()
                        + "; every version needs its own name");
            }
            Policy sameDay = byDay.putIfAbsent(policy.effective(), policy);
            if (sameDay != null) {
                problems.add(at(file, "effective") + "the same day as " + sameDay.file()
                        + "; two versions cannot take effect on one day");
            }
            versions.add(policy);
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(List.copyOf(problems));
        }
        versions.sort(Comparator.comparing(Policy::effective));
        return new Loaded(List.copyOf(versions), fingerprint);
    }

    /** {@code file: line N: field: } for a top-level field of a policy file. */
    private static String at(PolicyFile file, String field) {
        Pattern key = Pattern.compile("^" + Pattern.quote(field) + "\\s*:");
        String[] lines = new String(file.yaml(), StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (key.matcher(lines[i]).find()) {
                return file.name() + ": line " + (i + 1) + ": " + field + ": ";
            }
        }
        return file.name() + ": " + field + ": ";
    }

    private static List<PolicyFile> folderFiles(Path folder) throws IOException {
        List<PolicyFile> files = new ArrayList<>();
        Path single = folder.resolve("policy.yaml");
        if (Files.isRegularFile(single)) {
            files.add(new PolicyFile(single.toString(), Files.readAllBytes(single)));
        }
        Path versions = folder.resolve("policies");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> list = Files.list(versions)) {
                for (Path file : list.filter(f -> f.getFileName().toString().endsWith(".yaml")
                                || f.getFileName().toString().endsWith(".yml"))
                        .sorted()
                        .toList()) {
                    files.add(new PolicyFile(file.toString(), Files.readAllBytes(file)));
                }
            }
        }
        return files;
    }

    private static List<PolicyFile> classpathFiles(String folder) throws IOException {
        List<PolicyFile> files = new ArrayList<>();
        ClassPathResource single = new ClassPathResource(folder + "/policy.yaml");
        if (single.exists()) {
            try (InputStream in = single.getInputStream()) {
                files.add(new PolicyFile("classpath:" + folder + "/policy.yaml", in.readAllBytes()));
            }
        }
        Resource[] versions =
                new PathMatchingResourcePatternResolver().getResources("classpath*:" + folder + "/policies/*.yaml");
        List<Resource> sorted = new ArrayList<>(List.of(versions));
        sorted.sort(Comparator.comparing(r -> String.valueOf(r.getFilename())));
        for (Resource resource : sorted) {
            try (InputStream in = resource.getInputStream()) {
                files.add(new PolicyFile(
                        "classpath:" + folder + "/policies/" + resource.getFilename(), in.readAllBytes()));
            }
        }
        return files;
    }

    /** A digest of everything a site's policy reads: its policy files and its zones folder. */
    private static String fingerprint(Path folder) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("policy.yaml", "policies", "zones")) {
            Path path = folder.resolve(sub);
            if (Files.isRegularFile(path)) {
                files.add(path);
            } else if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        files.sort(Comparator.naturalOrder());
        for (Path file : files) {
            digest.update(folder.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(Files.readAllBytes(file));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
