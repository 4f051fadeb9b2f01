package org.doorway.intake.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.doorway.intake.Exports;
import org.doorway.referral.Referral;
import org.doorway.site.Sites;
import org.doorway.triage.Policies;
import org.doorway.triage.Policy;
import org.doorway.triage.PolicyReplay;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar doorway.jar policy replay --policy FILE --input FILE_OR_DIR [--mapping NAME]}:
 * runs a draft policy over historical exports, through the same intake mappers as live intake, and
 * prints what it would decide (by outcome, door, hour and zone) and what changes against the policy
 * in force for the draft's site. Nothing is stored and nobody is paged: no database is started.
 *
 * <p>Inputs by file name: {@code .csv} (a CAD/RMS export, read with the site's CSV mapping named
 * by {@code --mapping}, or its only one), {@code .xml} (NIBRS, or an Open311 list), {@code .json}
 * (an EIDO document, or an Open311 list). Other Spring properties ({@code --doorway.sites-dir=…})
 * may follow.
 */
public final class ReplayCommand {

    private ReplayCommand() {}

    /** Runs the command; returns the process exit code (0 done, 2 wrong usage or input). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String policyFile = null;
        String input = null;
        String mapping = null;
        List<String> springArgs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--policy" -> policyFile = i + 1 < args.length ? args[++i] : null;
                case "--input" -> input = i + 1 < args.length ? args[++i] : null;
                case "--mapping" -> mapping = i + 1 < args.length ? args[++i] : null;
                default -> springArgs.add(args[i]);
            }
        }
        if (args.length < 2 || !"replay".equals(args[1]) || policyFile == null || input == null) {
            err.println(
                    "usage: java -jar doorway.jar policy replay --policy FILE --input FILE_OR_DIR [--mapping NAME]");
            return 2;
        }
        try (ConfigurableApplicationContext context = Exports.context(springArgs)) {
            Sites sites = context.getBean(Sites.class);
            Policy draft = Policies.readDraft(
                    Path.of(policyFile),
                    sites.find(siteOf(Path.of(policyFile)))
                            .map(s -> s.timeZone())
                            .orElse(null));
            Policy inForce = context.getBean(Policies.class)
                    .inForce(draft.site(), Instant.now())
                    .orElseThrow(() -> new IllegalArgumentException("no policy in force for site " + draft.site()));
            List<Referral> referrals = Exports.read(context, draft, Path.of(input), mapping, "policy replay", err);
            out.print(PolicyReplay.run(referrals, draft, inForce, true).render());
            return 0;
        } catch (RuntimeException | IOException e) {
            err.println("policy replay: " + e.getMessage());
            return 2;
        }
    }

    private static String siteOf(Path policyFile) {
        try {
            String text = Files.readString(policyFile);
            for (String line : text.lines().toList()) {
                if (line.startsWith("site:")) {
                    return line.substring(5)
                            .replaceAll("#.*", "")
                            .replace("\"", "")
                            .strip();
                }
            }
        } catch (IOException e) {
            // PolicyFiles.read reports it
        }
        return "";
    }
}
