package org.doorway.intake.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.MapContext;
import org.doorway.intake.csv.CsvMapper;
import org.doorway.intake.csv.CsvMapping;
import org.doorway.intake.csv.CsvMappings;
import org.doorway.intake.eido.EidoContext;
import org.doorway.intake.eido.EidoMapper;
import org.doorway.intake.nibrs.NibrsMapper;
import org.doorway.intake.open311.Open311Mapper;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.site.Sites;
import org.doorway.system.DoorwayProperties;
import org.doorway.triage.Policies;
import org.doorway.triage.Policy;
import org.doorway.triage.PolicyReplay;
import org.doorway.triage.TriageProperties;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

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
        springArgs.add("--logging.level.root=WARN");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Beans.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(springArgs.toArray(String[]::new))) {
            Sites sites = context.getBean(Sites.class);
            Policy draft = Policies.readDraft(
                    Path.of(policyFile),
                    sites.find(siteOf(Path.of(policyFile)))
                            .map(s -> s.timeZone())
                            .orElse(null));
            Policy inForce = context.getBean(Policies.class)
                    .inForce(draft.site(), Instant.now())
                    .orElseThrow(() -> new IllegalArgumentException("no policy in force for site " + draft.site()));
            List<Referral> referrals = new ArrayList<>();
            for (Path file : files(Path.of(input))) {
                referrals.addAll(read(context, draft, file, mapping, err));
            }
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

    private static List<Path> files(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<Referral> read(
            ConfigurableApplicationContext context, Policy draft, Path file, String mappingName, PrintStream err)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Instant now = Instant.now();
        String site = draft.site();
        java.time.ZoneId zone = context.getBean(Sites.class).get(site).timeZone();
        java.util.function.Function<String, Door> doors =
                code -> draft.doorFor(code).orElse(null);
        String name = file.getFileName().toString().toLowerCase();
        List<IntakeRecord> records;
        if (name.endsWith(".csv")) {
            CsvMappings mappings = context.getBean(CsvMappings.class);
            List<String> names = mappings.names(site);
            String chosen = mappingName != null ? mappingName : names.size() == 1 ? names.get(0) : null;
            CsvMapping mapping = (chosen == null ? java.util.Optional.<CsvMapping>empty() : mappings.find(site, chosen))
                    .orElseThrow(() -> new IllegalArgumentException("site " + site + " has no CSV mapping "
                            + (mappingName == null ? "(name one with --mapping)" : mappingName)));
            records = context.getBean(CsvMapper.class)
                    .map(bytes, mapping, new MapContext(site, now, mapping.source(), doors, zone));
        } else if (name.endsWith(".xml")) {
            String head = new String(bytes, 0, Math.min(bytes.length, 2048), java.nio.charset.StandardCharsets.UTF_8);
            records = head.contains("service_requests") || head.contains("<request>")
                    ? context.getBean(Open311Mapper.class)
                            .map(bytes, true, new MapContext(site, now, "open311", doors, zone))
                    : context.getBean(NibrsMapper.class).map(bytes, new MapContext(site, now, "nibrs", doors, zone));
        } else if (name.endsWith(".json")) {
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
            if (text.startsWith("[")) {
                records = context.getBean(Open311Mapper.class)
                        .map(bytes, false, new MapContext(site, now, "open311", doors, zone));
            } else {
                records = new ArrayList<>();
                for (Referral r : context.getBean(EidoMapper.class).map(bytes, new EidoContext(site, now, code -> {
                    Door d = doors.apply(code);
                    return d == null ? Door.COMMUNITY : d;
                }))) {
                    records.add(IntakeRecord.read(IntakeRecord.Position.index(records.size()), r));
                }
            }
        } else {
            err.println("policy replay: skipped " + file + " (not .csv, .xml or .json)");
            return List.of();
        }
        long unreadable = records.stream().filter(r -> r.referral() == null).count();
        if (unreadable > 0) {
            err.println("policy replay: " + file.getFileName() + ": " + unreadable + " record(s) could not be read");
        }
        return records.stream()
                .map(IntakeRecord::referral)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /**
     * Only what replay needs: sites, their policies and CSV mappings, and the mappers. Deliberately
     * not a {@code @Configuration}: component scanning must not find it, or its plain ObjectMapper
     * would replace the application's.
     */
    @EnableConfigurationProperties({DoorwayProperties.class, TriageProperties.class})
    @Import({
        Sites.class,
        Policies.class,
        CsvMappings.class,
        EidoMapper.class,
        NibrsMapper.class,
        Open311Mapper.class,
        CsvMapper.class
    })
    static class Beans {
        @Bean
        ObjectMapper objectMapper() {
            return new ObjectMapper().findAndRegisterModules();
        }
    }
}
