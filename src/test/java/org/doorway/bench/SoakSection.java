package org.doorway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The soak's own part of {@code BENCHMARKS.md} (between two markers) and of
 * {@code benchmarks/results.json} (its {@code soak} entry). The soak rewrites only these; the
 * benchmark, which rewrites both files whole, carries them over unchanged ({@link #keptSection},
 * {@link #keptJson}), so each run keeps the other's latest figures.
 */
final class SoakSection {

    static final Path PAGE = Path.of("BENCHMARKS.md");
    static final Path JSON = Path.of("benchmarks/results.json");
    private static final String BEGIN = "<!-- soak: written by the soak run, kept by the benchmark -->";
    private static final String END = "<!-- /soak -->";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SoakSection() {}

    /** Writes the soak's figures into both files, keeping everything else in them. */
    static void write(Report report, Instant began, Duration duration, Duration window) throws IOException {
        String date = DateTimeFormatter.ISO_INSTANT.format(began.truncatedTo(ChronoUnit.SECONDS));
        String command = Soak.COMMAND.replace("PT1H", duration.toString());
        String section = BEGIN + "\n"
                + """
                ## Soak of %s

                ```sh
                %s    # this run; the hour is -Dbench.soak=PT1H
                ```

                The packaged jar as its own process, as part 6 runs it (its own embedded PostgreSQL), given the
                benchmark's Kafka broker and the Twilio fake, fed %s at 10 referrals a second: every other one
                published to the Kafka topic (the `bench` site), the others posted to the HTTP door (10 sites, each
                with its own intake key); 1 in 20 of each asks for a warm handoff (call type `LEAD`) and is paged.
                A stand-in phone answers every first page through Twilio's signed SMS webhook as a case manager
                would, 2 s apart: take it (`a`), en route (`r`), on scene (`s`), handed off (`h`). Paging settings
                as in parts 3-5 (below). Errors are any answer but 2xx from either door or the webhook, any
                exception and any failed Kafka send. Memory: the JVM's `VmRSS` and its heap used (Doorway's own
                `/actuator/prometheus`, `jvm_memory_used_bytes` of the heap areas), sampled every 10 s, averaged over
                the first and the last %d s of the load: the goal is flat (the growth rows, ≤ 1.1). This section is
                written by the soak only (`-Dbench.soak`); the benchmark keeps it as it is.

                %s
                Conditions:

                %s""".formatted(
                                date.substring(0, 10),
                                command,
                                duration,
                                window.toSeconds(),
                                report.table(),
                                report.conditionList())
                + END + "\n";
        String page = Files.exists(PAGE) ? Files.readString(PAGE) : "# Benchmarks\n";
        int from = page.indexOf(BEGIN);
        int to = page.indexOf(END);
        if (from >= 0 && to > from) {
            page = page.substring(0, from)
                    + section
                    + page.substring(to + END.length()).replaceFirst("^\n", "");
        } else {
            page = page.stripTrailing() + "\n\n" + section;
        }
        Files.writeString(PAGE, page);

        ObjectNode json = Files.exists(JSON) ? (ObjectNode) MAPPER.readTree(JSON.toFile()) : MAPPER.createObjectNode();
        Path scratch = Files.createTempFile("soak-", ".json");
        report.writeJson(scratch, date, command);
        json.set("soak", MAPPER.readTree(scratch.toFile()));
        Files.delete(scratch);
        Files.createDirectories(JSON.getParent());
        MAPPER.writeValue(JSON.toFile(), json);
    }

    /** The soak's section of the page as it stands, or a note on how to run it if it never ran. */
    static String keptSection() throws IOException {
        String page = Files.exists(PAGE) ? Files.readString(PAGE) : "";
        int from = page.indexOf(BEGIN);
        int to = page.indexOf(END);
        if (from >= 0 && to > from) {
            return page.substring(from, to + END.length()) + "\n";
        }
        return BEGIN + "\n## Soak\n\nNot run yet: `" + Soak.COMMAND + "` (an hour; `-Dbench.soak=PT3M` to try it)."
                + "\n" + END + "\n";
    }

    /** The soak's entry of the JSON file as it stands, or null. */
    static JsonNode keptJson() throws IOException {
        return Files.exists(JSON) ? MAPPER.readTree(JSON.toFile()).get("soak") : null;
    }

    /** Puts a kept soak entry back into a JSON file the benchmark has just written. */
    static void restore(JsonNode soak) throws IOException {
        if (soak == null) {
            return;
        }
        ObjectNode json = (ObjectNode) MAPPER.readTree(JSON.toFile());
        json.set("soak", soak);
        MAPPER.writeValue(JSON.toFile(), json);
    }
}
