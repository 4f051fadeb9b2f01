package org.doorway.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorway.intake.Exports;
import org.doorway.referral.Referral;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.system.InvalidYamlException;
import org.doorway.triage.Policies;
import org.doorway.triage.Policy;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar doorway.jar coverage --site ID_OR_FOLDER --input FILE_OR_DIR [--mapping NAME]
 * --scenario A.yaml [--scenario B.yaml …] [--seed N] [--json]}: replays historical exports (read
 * as {@code policy replay} reads them, {@link Exports}) through the site's policy in force and each
 * scenario's staffing ({@link CoverageSimulation}), and prints how many warm handoffs each would
 * reach within the target. Nothing is stored, nobody is paged, no server or database is started.
 *
 * <p>{@code --site demo} is the built-in demo site; a folder (holding {@code site.yaml}) is that
 * site alone. {@code --seed} defaults to {@value #DEFAULT_SEED}. With {@code --json} it prints
 * {@code {"scenarios":[{"name","referrals","warmHandoffs","withinTarget","p50Minutes","p90Minutes",
 * "outsideHours"}]}} (see {@link CoverageResult}); with {@code --details} as well, each scenario
 * also carries the handoffs escalated past the primary, the peak of simultaneous handoffs and the
 * breakdowns by zone, hour and weekday; without {@code --json}, a table (with the escalated and
 * peak columns) and the assumptions it used.
 * Exit code 0 when done, 2 with a message on stderr on wrong usage or input (an unknown site, a
 * missing file, a scenario file with a mistake, naming file, line and field).
 */
public final class CoverageCommand {

    /** The seed when none is given. */
    public static final long DEFAULT_SEED = 1;

    private static final String USAGE = "usage: java -jar doorway.jar coverage --site ID_OR_FOLDER --input FILE_OR_DIR"
            + " [--mapping NAME] --scenario FILE [--scenario FILE ...] [--seed N] [--json [--details]]";

    private CoverageCommand() {}

    /** Wrong usage or input: exit code 2, the message on stderr. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Runs the command ({@code args[0]} is {@code coverage}); returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return runChecked(args, out, err);
        } catch (UsageException e) {
            err.println("coverage: " + e.getMessage());
            if (e.getMessage().startsWith("usage")) {
                err.println(USAGE);
            }
            return 2;
        } catch (InvalidYamlException e) {
            err.println("coverage: invalid scenario: " + String.join("\n  ", e.problems()));
            return 2;
        } catch (RuntimeException | IOException e) {
            err.println("coverage: " + e.getMessage());
            return 2;
        }
    }

    private static int runChecked(String[] args, PrintStream out, PrintStream err) throws IOException {
        String siteArg = null;
        String input = null;
        String mapping = null;
        long seed = DEFAULT_SEED;
        boolean json = false;
        boolean details = false;
        List<Path> scenarioFiles = new ArrayList<>();
        List<String> springArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--site" -> siteArg = value(args, ++i, arg);
                case "--input" -> input = value(args, ++i, arg);
                case "--mapping" -> mapping = value(args, ++i, arg);
                case "--scenario" -> scenarioFiles.add(Path.of(value(args, ++i, arg)));
                case "--json" -> json = true;
                case "--details" -> details = true;
                case "--seed" -> {
                    String text = value(args, ++i, arg);
                    try {
                        seed = Long.parseLong(text);
                    } catch (NumberFormatException e) {
                        throw new UsageException("usage: --seed must be a whole number, not " + text);
                    }
                }
                default -> {
                    if (arg.startsWith("--") && arg.contains("=")) {
                        springArgs.add(arg); // a Spring property, as for policy replay
                    } else {
                        throw new UsageException("usage: unknown argument " + arg);
                    }
                }
            }
        }
        if (siteArg == null || input == null || scenarioFiles.isEmpty()) {
            throw new UsageException("usage: --site, --input and at least one --scenario are required");
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : scenarioFiles) {
            scenarios.add(Scenario.read(file));
        }
        Path inputPath = Path.of(input);
        if (!Files.exists(inputPath)) {
            throw new UsageException("input not found: " + inputPath);
        }
        Path siteFolder = Path.of(siteArg);
        boolean folder = Files.isDirectory(siteFolder);
        if (folder) {
            if (!Files.isRegularFile(siteFolder.resolve("site.yaml"))) {
                throw new UsageException("site folder " + siteFolder + " has no site.yaml");
            }
            Path parent = siteFolder.toAbsolutePath().normalize().getParent();
            springArgs.add("--doorway.sites-dir=" + parent);
            springArgs.add("--doorway.demo.enabled=false");
        }
        try (ConfigurableApplicationContext context = Exports.context(springArgs)) {
            Sites sites = context.getBean(Sites.class);
            Site site = folder ? siteIn(sites, siteFolder) : sites.find(siteArg).orElse(null);
            if (site == null) {
                throw new UsageException("unknown site " + siteArg + " (known: "
                        + String.join(", ", sites.all().stream().map(Site::id).toList())
                        + "; or give a site folder)");
            }
            Policy policy = policy(context.getBean(Policies.class), site.id());
            List<Referral> referrals = Exports.read(context, policy, inputPath, mapping, "coverage", err);
            Arrivals arrivals = Arrivals.of(referrals, policy);
            Duration target = target(context, site.id());
            List<CoverageResult> results = new ArrayList<>();
            for (Scenario scenario : scenarios) {
                results.add(CoverageSimulation.run(arrivals, scenario, target, seed));
            }
            if (json) {
                out.println(json(results, details));
            } else {
                out.print(CoverageTable.render(site.id(), policy.version(), target, seed, scenarios, results));
            }
            return 0;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException("usage: " + option + " needs a value");
        }
        return args[i];
    }

    private static Site siteIn(Sites sites, Path folder) {
        Path wanted = folder.toAbsolutePath().normalize();
        for (Site site : sites.all()) {
            Path origin = sites.origin(site.id()).folder();
            if (origin != null && origin.toAbsolutePath().normalize().equals(wanted)) {
                return site;
            }
        }
        return null;
    }

    /** The version in force now; else the newest. */
    private static Policy policy(Policies policies, String site) {
        Optional<Policy> inForce = policies.inForce(site, Instant.now());
        return inForce.or(() -> policies.versions(site).stream().max(Comparator.comparing(Policy::effectiveFrom)))
                .orElseThrow(() -> new UsageException("site " + site + " has no policy"));
    }

    /** The site's warm-handoff target as the dashboard has it. */
    private static Duration target(ConfigurableApplicationContext context, String site) {
        var env = context.getEnvironment();
        Duration fallback = env.getProperty("doorway.dashboard.target", Duration.class, Duration.ofMinutes(30));
        return env.getProperty("doorway.dashboard.site-targets." + site, Duration.class, fallback);
    }

    static String json(List<CoverageResult> results) throws JsonProcessingException {
        return json(results, false);
    }

    static String json(List<CoverageResult> results, boolean details) throws JsonProcessingException {
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (CoverageResult result : results) {
            scenarios.add(result.json(details));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenarios", scenarios);
        return new ObjectMapper().writeValueAsString(json);
    }
}
