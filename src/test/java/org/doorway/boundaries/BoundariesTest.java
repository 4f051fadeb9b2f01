package org.doorway.boundaries;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.doorway.system.OwnsTables;
import org.junit.jupiter.api.Test;

/**
 * The house rules a newcomer relies on to find their way: the stages (the packages under
 * {@code org.doorway}) depend on each other without cycles, none reaches into another's
 * sub-packages (its internals), and each table is written by the one stage that owns it
 * ({@link OwnsTables} on the stage's {@code package-info.java}).
 */
class BoundariesTest {

    private static final Path MAIN = Path.of("src/main/java/org/doorway");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.doorway");

    @Test
    void stagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.doorway.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noStageReachesIntoAnotherStagesInternals() {
        for (String stage : stages()) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage("org.doorway." + stage + "..")
                    // the application's entry point starts the CLI commands a stage keeps inside
                    .and()
                    .resideOutsideOfPackage("org.doorway")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.doorway." + stage + ".*..")
                    .because(stage + "'s sub-packages are its own; other stages use its top-level package")
                    .check(CLASSES);
        }
    }

    @Test
    void theSharedSystemTheSealAndTheCanonicalReferralDependOnNoStage() {
        noClasses()
                .that()
                .resideInAPackage("org.doorway.system..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages(
                        "org.doorway.system..",
                        "java..",
                        "javax..",
                        "jakarta..",
                        "org.springframework..",
                        "org.apache..",
                        "com..",
                        "io..",
                        "org.slf4j..",
                        "org.postgresql..",
                        "org.flywaydb..",
                        "org.yaml..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage("org.doorway.referral..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(stages().stream()
                        .filter(s -> !s.equals("referral") && !s.equals("system") && !s.equals("seal"))
                        .map(s -> "org.doorway." + s + "..")
                        .toArray(String[]::new))
                .check(CLASSES);
        // Encryption at rest sits under the referral: it knows no stage, stages implement its Resealable.
        noClasses()
                .that()
                .resideInAPackage("org.doorway.seal..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(stages().stream()
                        .filter(s -> !s.equals("seal") && !s.equals("system"))
                        .map(s -> "org.doorway." + s + "..")
                        .toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void everyTableHasExactlyOneOwningStage() {
        Map<String, List<String>> owners = owners();
        Set<String> owned = new TreeSet<>();
        owners.forEach((stage, tables) -> tables.forEach(table -> assertThat(owned.add(table))
                .as("%s is owned by more than one stage", table)
                .isTrue()));
        assertThat(owned)
                .as("tables created by the migrations and tables owned by a stage")
                .containsExactlyInAnyOrderElementsOf(migratedTables());
    }

    @Test
    void onlyTheOwningStageWritesATable() throws IOException {
        Map<String, String> ownerOf = new TreeMap<>();
        owners().forEach((stage, tables) -> tables.forEach(table -> ownerOf.put(table, stage)));
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Path relative = MAIN.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String stage = relative.getName(0).toString();
                for (String table : TableWrites.in(Files.readString(file))) {
                    String owner = ownerOf.get(table);
                    if (!stage.equals(owner)) {
                        violations.add(relative + " writes " + table + ", owned by " + owner);
                    }
                }
            }
        }
        assertThat(violations).as("writes to a table outside its owning stage").isEmpty();
    }

    @Test
    void noPackageHoldsMoreThanTwentyFiveClasses() throws IOException {
        Map<Path, Long> crowded = new TreeMap<>();
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    long classes = files.filter(p -> p.toString().endsWith(".java"))
                            .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                            .count();
                    if (classes > 25) {
                        crowded.put(MAIN.relativize(dir), classes);
                    }
                }
            }
        }
        assertThat(crowded).as("packages a newcomer cannot take in at a glance").isEmpty();
    }

    @Test
    void aMainClassOverFiveHundredLinesSaysWhyInItsJavadoc() throws IOException {
        List<String> unexplained = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() > 500 && lines.stream().noneMatch(l -> l.contains("<p>Why one "))) {
                    unexplained.add(MAIN.relativize(file) + " (" + lines.size() + " lines)");
                }
            }
        }
        assertThat(unexplained)
                .as("classes over 500 lines whose Javadoc does not say why (\"<p>Why one ...\")")
                .isEmpty();
    }

    @Test
    void theTableScannerSeesWritesInTextBlocksAndIgnoresComments() {
        String source = """
                /** Nobody may update handoff set anything from here. */
                class Example {
                    void move() {
                        db.sql(\"""
                                update handoff set escalate_at = now()
                                 where referral_id = ?\""").update();
                        db.sql("insert into page (id) values (?)").update();
                        db.sql("DELETE FROM notice where id = ?").update();
                        db.sql("insert into referral (id) values (?) on conflict (id) do update set body = excluded.body");
                        db.sql("select * from handoff_event").query();
                    }
                }
                """;
        assertThat(TableWrites.in(source)).containsExactly("handoff", "page", "notice", "referral");
    }

    private static List<String> stages() {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, List<String>> owners() {
        Map<String, List<String>> owners = new TreeMap<>();
        for (String stage : stages()) {
            OwnsTables declared;
            try {
                declared =
                        Class.forName("org.doorway." + stage + ".package-info").getAnnotation(OwnsTables.class);
            } catch (ClassNotFoundException e) {
                declared = null;
            }
            assertThat(declared)
                    .as("org.doorway.%s's package-info.java declares @OwnsTables", stage)
                    .isNotNull();
            owners.put(stage, List.of(declared.value()));
        }
        return owners;
    }

    private static Set<String> migratedTables() {
        Pattern create = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
        Pattern drop = Pattern.compile("(?i)drop\\s+table\\s+(?:if\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.sorted(BoundariesTest::byVersion).toList()) {
                String sql = Files.readString(file);
                Matcher m = create.matcher(sql);
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase());
                }
                Matcher d = drop.matcher(sql);
                while (d.find()) {
                    tables.remove(d.group(1).toLowerCase());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    private static int byVersion(Path a, Path b) {
        return Integer.compare(version(a), version(b));
    }

    private static int version(Path migration) {
        Matcher m =
                Pattern.compile("^V(\\d+)__").matcher(migration.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }
}
