package org.doorway.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
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
import org.doorway.triage.TriageProperties;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Historical exports read into referrals, through the same intake mappers as live intake, for the
 * command-line tools that replay history ({@code policy replay}, {@code coverage}). Nothing is
 * stored and no database is started.
 *
 * <p>Inputs by file name: {@code .csv} (a CAD/RMS export, read with the site's CSV mapping named by
 * {@code mapping}, or its only one), {@code .xml} (NIBRS, or an Open311 list), {@code .json} (an
 * EIDO document, or an Open311 list). A folder is read file by file, in name order; other files are
 * skipped with a note.
 */
public final class Exports {

    private Exports() {}

    /**
     * A small Spring context with only what reading exports needs: sites, their policies and CSV
     * mappings, and the mappers. No web server, no database. {@code springArgs} are Spring
     * properties ({@code --doorway.sites-dir=…}).
     */
    public static ConfigurableApplicationContext context(List<String> springArgs) {
        List<String> args = new ArrayList<>(springArgs);
        args.add("--logging.level.root=WARN");
        // An offline command on files: no database, no server, no secret; never held to
        // production's rules, whatever the environment it runs in configures for the service.
        args.add("--doorway.mode=development");
        return new SpringApplicationBuilder(Beans.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(args.toArray(String[]::new));
    }

    /**
     * Reads every export in {@code input} (a file or a folder) for the policy's site.
     *
     * @param beans    a context from {@link #context}
     * @param policy   the policy whose routing gives a door to records that do not say theirs
     * @param input    a file, or a folder read file by file in name order
     * @param mapping  the CSV mapping's name, or {@code null} for the site's only one
     * @param command  the command's name, to prefix notes written to {@code err}
     * @param err      where skipped files and unreadable records are noted
     * @throws IllegalArgumentException when a CSV mapping is missing or a file cannot be mapped
     */
    public static List<Referral> read(
            ListableBeanFactory beans, Policy policy, Path input, String mapping, String command, PrintStream err)
            throws IOException {
        List<Referral> referrals = new ArrayList<>();
        for (Path file : files(input)) {
            referrals.addAll(readFile(beans, policy, file, mapping, command, err));
        }
        return referrals;
    }

    private static List<Path> files(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new IllegalArgumentException("no such file or folder: " + input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<Referral> readFile(
            ListableBeanFactory beans, Policy policy, Path file, String mappingName, String command, PrintStream err)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Instant now = Instant.now();
        String site = policy.site();
        ZoneId zone = beans.getBean(Sites.class).get(site).timeZone();
        Function<String, Door> doors = code -> policy.doorFor(code).orElse(null);
        String name = file.getFileName().toString().toLowerCase();
        List<IntakeRecord> records;
        if (name.endsWith(".csv")) {
            CsvMappings mappings = beans.getBean(CsvMappings.class);
            List<String> names = mappings.names(site);
            String chosen = mappingName != null ? mappingName : names.size() == 1 ? names.get(0) : null;
            CsvMapping mapping = (chosen == null ? Optional.<CsvMapping>empty() : mappings.find(site, chosen))
                    .orElseThrow(() -> new IllegalArgumentException("site " + site + " has no CSV mapping "
                            + (mappingName == null ? "(name one with --mapping)" : mappingName)));
            records = beans.getBean(CsvMapper.class)
                    .map(bytes, mapping, new MapContext(site, now, mapping.source(), doors, zone));
        } else if (name.endsWith(".xml")) {
            String head = new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.UTF_8);
            records = head.contains("service_requests") || head.contains("<request>")
                    ? beans.getBean(Open311Mapper.class)
                            .map(bytes, true, new MapContext(site, now, "open311", doors, zone))
                    : beans.getBean(NibrsMapper.class).map(bytes, new MapContext(site, now, "nibrs", doors, zone));
        } else if (name.endsWith(".json")) {
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            if (text.startsWith("[")) {
                records = beans.getBean(Open311Mapper.class)
                        .map(bytes, false, new MapContext(site, now, "open311", doors, zone));
            } else {
                records = new ArrayList<>();
                EidoContext context = new EidoContext(
                        site,
                        now,
                        code -> {
                            Door d = doors.apply(code);
                            return d == null ? Door.COMMUNITY : d;
                        },
                        code -> policy.referrerRoleFor(code).orElse(null));
                for (Referral r : beans.getBean(EidoMapper.class).map(bytes, context)) {
                    records.add(IntakeRecord.read(IntakeRecord.Position.index(records.size()), r));
                }
            }
        } else {
            err.println(command + ": skipped " + file + " (not .csv, .xml or .json)");
            return List.of();
        }
        long unreadable = records.stream().filter(r -> r.referral() == null).count();
        if (unreadable > 0) {
            err.println(command + ": " + file.getFileName() + ": " + unreadable + " record(s) could not be read");
        }
        return records.stream()
                .map(IntakeRecord::referral)
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * Only what reading exports needs. Deliberately not a {@code @Configuration}: component scanning
     * must not find it, or its plain ObjectMapper would replace the application's.
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
