package org.doorway.intake.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.doorway.referral.Door;
import org.doorway.system.DoorwayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The CSV mappings of every site: {@code <site>/mappings/<name>.csv.yaml}, for the demo site from
 * the classpath ({@code sites/demo/mappings/}, unless {@code doorway.demo.enabled=false}) and for
 * every other site from its folder under {@code doorway.sites-dir} (the site id is the {@code id}
 * of the folder's {@code site.yaml}, as {@link org.doorway.site.Sites} reads it).
 *
 * <p>Read once at start. A mapping that is malformed or incomplete stops the start with every
 * problem named by file and field, rather than refuse rows later. See the demo site's
 * {@code seattle-spd.csv.yaml} for a commented example of every field.
 *
 * <p>Why one class of some 560 lines: it is the whole grammar of a mapping file, one method per
 * section, each next to the messages that name its fields.
 */
@Component
public final class CsvMappings {

    private static final Logger log = LoggerFactory.getLogger(CsvMappings.class);

    static final String SUFFIX = ".csv.yaml";
    private static final String NAME = "[a-z0-9][a-z0-9-]{0,63}";
    private static final String SOURCE = "[a-z0-9][a-z0-9._-]{0,63}";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

    /** Site id → mapping name → mapping. */
    private final Map<String, Map<String, CsvMapping>> bySite = new LinkedHashMap<>();

    @Autowired
    CsvMappings(DoorwayProperties properties) {
        this(properties.demo().enabled(), properties.sitesDir());
    }

    /**
     * @param demo     whether to load the demo site's mappings from the classpath
     * @param sitesDir the folder of real sites, or {@code null}
     * @throws InvalidMappingException naming every problem of the first invalid mapping file
     */
    CsvMappings(boolean demo, Path sitesDir) {
        if (demo) {
            loadDemo();
        }
        if (sitesDir != null) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sitesDir)) {
                List<Path> sorted = new ArrayList<>();
                dirs.forEach(sorted::add);
                Collections.sort(sorted);
                for (Path dir : sorted) {
                    if (Files.isRegularFile(dir.resolve("site.yaml")) && Files.isDirectory(dir.resolve("mappings"))) {
                        loadSite(dir);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("doorway.sites-dir cannot be listed", e);
            }
        }
    }

    /** The mapping {@code name} of {@code site}, if there is one. */
    public Optional<CsvMapping> find(String site, String name) {
        return Optional.ofNullable(bySite.getOrDefault(site, Map.of()).get(name));
    }

    /** The names of a site's mappings, sorted. */
    public List<String> names(String site) {
        return List.copyOf(new TreeMap<>(bySite.getOrDefault(site, Map.of())).keySet());
    }

    private void loadDemo() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        try {
            String site = siteId(
                    "classpath:sites/demo/site.yaml",
                    resolver.getResource("classpath:sites/demo/site.yaml").getInputStream());
            Resource[] files = resolver.getResources("classpath*:sites/demo/mappings/*" + SUFFIX);
            for (Resource file : files) {
                try (InputStream in = file.getInputStream()) {
                    add(
                            site,
                            read(
                                    "classpath:sites/demo/mappings/" + file.getFilename(),
                                    file.getFilename(),
                                    in.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the demo site's CSV mappings cannot be read", e);
        }
    }

    private void loadSite(Path dir) throws IOException {
        String site = siteId(dir.resolve("site.yaml").toString(), Files.newInputStream(dir.resolve("site.yaml")));
        if (site == null) {
            return; // Sites refuses a site without an id, with the reason
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve("mappings"), "*" + SUFFIX)) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            Collections.sort(sorted);
            for (Path file : sorted) {
                add(site, read(file.toString(), file.getFileName().toString(), Files.readAllBytes(file)));
            }
        }
    }

    private void add(String site, CsvMapping mapping) {
        bySite.computeIfAbsent(site, s -> new LinkedHashMap<>()).put(mapping.name(), mapping);
        log.info("CSV mapping {} loaded for site {}: source {}", mapping.name(), site, mapping.source());
    }

    private static String siteId(String file, InputStream in) {
        try (in) {
            JsonNode id = YAML.readTree(in).path("id");
            return id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        } catch (IOException e) {
            throw new InvalidMappingException(file + ": cannot be read");
        }
    }

    /** A mapping's configuration could not be used; the message names file and field. */
    static final class InvalidMappingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidMappingException(String message) {
            super(message);
        }
    }

    // ---- the file -------------------------------------------------------------------------------

    record MappingFile(
            String source,
            FileSection file,
            SourceIdSection sourceId,
            OccurredAtSection occurredAt,
            CallTypeSection callType,
            LocationSection location,
            String door,
            ClosedSection closed,
            ReferrerSection referrer,
            ChargeSection charge,
            PersonSection person,
            ScreeningSection screening,
            List<String> notes) {}

    record FileSection(String delimiter, String quote, String charset, Integer skipLines) {}

    record SourceIdSection(List<String> columns, String separator) {}

    record OccurredAtSection(String column, String pattern, String timeZone) {}

    record ClosedSection(String column, List<String> values) {}

    record CallTypeSection(List<String> code, String stripPrefix, List<String> text, String priority) {}

    record LocationSection(List<String> address, String latitude, String longitude, String zone) {}

    record ReferrerSection(String agency, String agent, String role) {}

    record ChargeSection(String code, String codeSystem, String description) {}

    record PersonSection(
            String role,
            String givenName,
            String familyName,
            String birthDate,
            String birthDatePattern,
            String race,
            String ethnicity,
            String gender) {}

    record ScreeningSection(
            List<String> yes,
            List<String> no,
            String violentOffence,
            String weapon,
            String drugQuantityGrams,
            String saleAboveSubsistence,
            String exploitsMinors,
            String protectionOrderViolation,
            String unableToConsent) {}

    /**
     * Reads and checks one mapping file.
     *
     * @param file     where it came from, for messages
     * @param fileName its file name, {@code <name>.csv.yaml}
     * @param yaml     its contents
     * @throws InvalidMappingException naming every problem found
     */
    static CsvMapping read(String file, String fileName, byte[] yaml) {
        MappingFile m = parse(file, yaml);
        Problems problems = new Problems(file);
        String name = fileName.endsWith(SUFFIX) ? fileName.substring(0, fileName.length() - SUFFIX.length()) : fileName;
        if (!name.matches(NAME)) {
            problems.add("file name", "must be <name>" + SUFFIX + " with a name of lower-case letters, digits and '-'");
        }
        if (problems.require("source", m.source()) && !m.source().matches(SOURCE)) {
            problems.add("source", "lower-case letters, digits, '.', '_' and '-', at most 64");
        }

        FileSection f = m.file() == null ? new FileSection(null, null, null, null) : m.file();
        char delimiter = delimiter(problems, f.delimiter());
        Character quote = quote(problems, f.quote(), delimiter);
        Charset charset = charset(problems, f.charset());
        int skipLines = f.skipLines() == null ? 0 : f.skipLines();
        if (skipLines < 0 || skipLines > 100) {
            problems.add("file.skip-lines", "between 0 and 100");
        }

        List<String> idColumns = m.sourceId() == null
                ? List.of()
                : columns(problems, "source-id.columns", m.sourceId().columns());
        if (idColumns.isEmpty()) {
            problems.add("source-id.columns", "required: the column(s) that identify a row");
        }

        CsvMapping.OccurredAt occurredAt = occurredAt(problems, m.occurredAt());

        CsvMapping.ClosedColumn closed = null;
        if (m.closed() != null) {
            String column = column(problems, "closed.column", m.closed().column());
            List<String> values = m.closed().values() == null
                    ? List.of()
                    : m.closed().values().stream()
                            .filter(v -> v != null && !v.isBlank())
                            .toList();
            if (column == null) {
                problems.add("closed.column", "required: the column that says an incident is closed");
            }
            if (values.isEmpty()) {
                problems.add("closed.values", "required: the values of that column that mean closed or cancelled");
            }
            closed =
                    column == null || values.isEmpty() ? null : new CsvMapping.ClosedColumn(column, Set.copyOf(values));
        }

        CsvMapping.CallTypeColumns callType = null;
        if (m.callType() != null) {
            CallTypeSection c = m.callType();
            List<String> code = columns(problems, "call-type.code", c.code());
            if (code.isEmpty()) {
                problems.add("call-type.code", "required: the column(s) of the call type code");
            }
            callType = new CsvMapping.CallTypeColumns(
                    code,
                    blankToNull(c.stripPrefix()),
                    columns(problems, "call-type.text", c.text()),
                    column(problems, "call-type.priority", c.priority()));
        }

        CsvMapping.LocationColumns location = null;
        if (m.location() != null) {
            LocationSection l = m.location();
            location = new CsvMapping.LocationColumns(
                    columns(problems, "location.address", l.address()),
                    column(problems, "location.latitude", l.latitude()),
                    column(problems, "location.longitude", l.longitude()),
                    column(problems, "location.zone", l.zone()));
            if ((location.latitude() == null) != (location.longitude() == null)) {
                problems.add("location", "latitude and longitude go together");
            }
        }

        Door door = null;
        if (m.door() != null && !m.door().isBlank()) {
            try {
                door = Door.valueOf(m.door().strip());
            } catch (IllegalArgumentException e) {
                problems.add("door", "ARREST_DIVERSION, SOCIAL_CONTACT or COMMUNITY (or leave it out)");
            }
        }

        CsvMapping.ReferrerFields referrer = m.referrer() == null
                ? null
                : new CsvMapping.ReferrerFields(
                        blankToNull(m.referrer().agency()),
                        column(problems, "referrer.agent", m.referrer().agent()),
                        blankToNull(m.referrer().role()));

        CsvMapping.ChargeColumns charge = null;
        if (m.charge() != null) {
            ChargeSection c = m.charge();
            String code = column(problems, "charge.code", c.code());
            if (code == null) {
                problems.add("charge.code", "required: the charge code column");
            }
            if (blankToNull(c.codeSystem()) == null) {
                problems.add("charge.code-system", "required: the code list, e.g. RCW or UCR");
            }
            charge = new CsvMapping.ChargeColumns(
                    code, blankToNull(c.codeSystem()), column(problems, "charge.description", c.description()));
        }

        CsvMapping.PersonColumns person = null;
        if (m.person() != null) {
            PersonSection p = m.person();
            String birthDate = column(problems, "person.birth-date", p.birthDate());
            String birthPattern = blankToNull(p.birthDatePattern());
            if (birthDate != null) {
                if (birthPattern == null) {
                    problems.add("person.birth-date-pattern", "required with person.birth-date");
                } else {
                    checkDatePattern(problems, "person.birth-date-pattern", birthPattern);
                }
            }
            person = new CsvMapping.PersonColumns(
                    blankToNull(p.role()) == null ? "Subject" : p.role().strip(),
                    column(problems, "person.given-name", p.givenName()),
                    column(problems, "person.family-name", p.familyName()),
                    birthDate,
                    birthPattern,
                    column(problems, "person.race", p.race()),
                    column(problems, "person.ethnicity", p.ethnicity()),
                    column(problems, "person.gender", p.gender()));
        }

        CsvMapping.ScreeningColumns screening = screening(problems, m.screening());
        List<String> notes = columns(problems, "notes", m.notes());
        problems.throwIfAny();
        CsvMapping mapping = new CsvMapping(
                name,
                m.source(),
                delimiter,
                quote,
                charset,
                skipLines,
                idColumns,
                m.sourceId().separator(),
                occurredAt,
                callType,
                location,
                door,
                closed,
                referrer,
                charge,
                person,
                screening,
                notes);
        if (mapping.columns().size() > CsvMapper.MAX_COLUMNS) {
            throw new InvalidMappingException(file + ": names more than " + CsvMapper.MAX_COLUMNS + " columns");
        }
        return mapping;
    }

    private static MappingFile parse(String file, byte[] yaml) {
        try {
            MappingFile m = YAML.readValue(yaml, MappingFile.class);
            if (m == null) {
                throw new InvalidMappingException(file + ": empty");
            }
            return m;
        } catch (UnrecognizedPropertyException e) {
            // Jackson reports a record's unknown field when the record ends, so name its path, not a line
            StringBuilder path = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference reference : e.getPath()) {
                if (reference.getFieldName() != null
                        && !reference.getFieldName().equals(e.getPropertyName())) {
                    path.append(reference.getFieldName()).append('.');
                }
            }
            throw new InvalidMappingException(file + ": " + path + e.getPropertyName() + ": unknown field");
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new InvalidMappingException(file + ": " + where + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidMappingException(file + ": cannot be read");
        }
    }

    private static char delimiter(Problems problems, String value) {
        if (value == null) {
            return ',';
        }
        String d = value.equalsIgnoreCase("tab") ? "\t" : value;
        if (d.length() != 1 || d.equals("\r") || d.equals("\n") || d.equals("\"")) {
            problems.add("file.delimiter", "one character (or 'tab'), not a quote or a line break");
            return ',';
        }
        return d.charAt(0);
    }

    private static Character quote(Problems problems, String value, char delimiter) {
        if (value == null) {
            return '"';
        }
        if (value.isEmpty() || value.equalsIgnoreCase("none")) {
            return null;
        }
        if (value.length() != 1 || value.charAt(0) == delimiter || value.equals("\r") || value.equals("\n")) {
            problems.add("file.quote", "one character other than the delimiter, or 'none'");
            return '"';
        }
        return value.charAt(0);
    }

    private static Charset charset(Problems problems, String value) {
        if (value == null) {
            return java.nio.charset.StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(value.strip());
        } catch (IllegalArgumentException e) {
            problems.add("file.charset", "not a character set Java knows, such as UTF-8 or windows-1252");
            return java.nio.charset.StandardCharsets.UTF_8;
        }
    }

    private static CsvMapping.OccurredAt occurredAt(Problems problems, OccurredAtSection o) {
        if (o == null) {
            return null;
        }
        String column = column(problems, "occurred-at.column", o.column());
        if (column == null) {
            problems.add("occurred-at.column", "required");
        }
        ZoneId zone = null;
        if (problems.require("occurred-at.time-zone", o.timeZone())) {
            try {
                zone = ZoneId.of(o.timeZone().strip());
            } catch (DateTimeException e) {
                problems.add("occurred-at.time-zone", "not a time zone id such as America/Los_Angeles");
            }
        }
        if (problems.require("occurred-at.pattern", o.pattern())) {
            try {
                DateTimeFormatter formatter = CsvMapping.formatter(o.pattern());
                String sample = formatter
                        .withZone(ZoneOffset.UTC)
                        .format(LocalDateTime.of(2024, 11, 3, 13, 4, 5).atZone(ZoneOffset.UTC));
                TemporalAccessor back = formatter.parseBest(
                        sample, java.time.ZonedDateTime::from, java.time.OffsetDateTime::from, LocalDateTime::from);
                if (back == null) {
                    problems.add("occurred-at.pattern", "must give a date and a time of day");
                }
            } catch (IllegalArgumentException | DateTimeException e) {
                problems.add(
                        "occurred-at.pattern",
                        "must be a java.time pattern giving a date and a time of day," + " e.g. MM/dd/yyyy h:mm:ss a");
            }
        }
        return column == null || zone == null ? null : new CsvMapping.OccurredAt(column, o.pattern(), zone);
    }

    private static void checkDatePattern(Problems problems, String field, String pattern) {
        try {
            DateTimeFormatter formatter = CsvMapping.formatter(pattern);
            LocalDate.parse(formatter.format(LocalDate.of(1984, 7, 19)), formatter);
        } catch (IllegalArgumentException | DateTimeException e) {
            problems.add(field, "must be a java.time pattern giving a date, e.g. MM/dd/yyyy");
        }
    }

    private static String column(Problems problems, String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            problems.add(field, "a column name, not blank");
            return null;
        }
        return value.strip();
    }

    private static List<String> columns(Problems problems, String field, List<String> values) {
        List<String> columns = new ArrayList<>();
        if (values == null) {
            return columns;
        }
        for (int i = 0; i < values.size(); i++) {
            String column = column(problems, field + "[" + i + "]", values.get(i));
            if (column != null) {
                columns.add(column);
            } else if (values.get(i) == null) {
                problems.add(field + "[" + i + "]", "empty entry");
            }
        }
        return columns;
    }

    /** The screening columns, with yes/no values (default Y, YES, TRUE, 1 and N, NO, FALSE, 0). */
    private static CsvMapping.ScreeningColumns screening(Problems problems, ScreeningSection s) {
        if (s == null) {
            return null;
        }
        Set<String> yes = words(s.yes(), List.of("Y", "YES", "TRUE", "1"));
        Set<String> no = words(s.no(), List.of("N", "NO", "FALSE", "0"));
        if (yes.isEmpty() || no.isEmpty() || yes.stream().anyMatch(no::contains)) {
            problems.add("screening.yes", "yes and no need at least one value each, and none in both");
        }
        return new CsvMapping.ScreeningColumns(
                yes,
                no,
                column(problems, "screening.violent-offence", s.violentOffence()),
                column(problems, "screening.weapon", s.weapon()),
                column(problems, "screening.drug-quantity-grams", s.drugQuantityGrams()),
                column(problems, "screening.sale-above-subsistence", s.saleAboveSubsistence()),
                column(problems, "screening.exploits-minors", s.exploitsMinors()),
                column(problems, "screening.protection-order-violation", s.protectionOrderViolation()),
                column(problems, "screening.unable-to-consent", s.unableToConsent()));
    }

    private static Set<String> words(List<String> given, List<String> fallback) {
        Set<String> words = new java.util.HashSet<>();
        for (String word : given == null ? fallback : given) {
            if (word != null && !word.isBlank()) {
                words.add(word.strip().toUpperCase(java.util.Locale.ROOT));
            }
        }
        return words;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Problems of one file, thrown together. */
    private static final class Problems {
        private final String file;
        private final List<String> found = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(String field, String reason) {
            found.add(field + ": " + reason);
        }

        boolean require(String field, String value) {
            if (value == null || value.isBlank()) {
                add(field, "required");
                return false;
            }
            return true;
        }

        void throwIfAny() {
            if (!found.isEmpty()) {
                throw new InvalidMappingException(file + ": CSV mapping refused:\n  " + String.join("\n  ", found));
            }
        }
    }
}
