package org.doorway.intake.csv;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.MapContext;
import org.doorway.referral.Referral;
import org.doorway.referral.Referral.CallType;
import org.doorway.referral.Referral.Charge;
import org.doorway.referral.Referral.Location;
import org.doorway.referral.Referral.Person;
import org.doorway.referral.Referral.Referrer;

/**
 * Maps a CAD/RMS CSV export to one {@link IntakeRecord} per data row, by the site's
 * {@link CsvMapping} for that export.
 *
 * <p>The file is decoded strictly in the mapping's character set (a UTF-8 byte order mark is
 * skipped), the mapping's {@code skip-lines} are skipped, and the next row is the header, which is
 * required: every column the mapping names must be in it (ignoring case and surrounding spaces),
 * once. Empty lines are ignored. Each data row is a record at {@code Position.line(n)}, {@code n}
 * being the physical line where the row starts (the header being line 1 when nothing is skipped; a
 * quoted field spanning lines belongs to its row's first line).
 *
 * <h2>What goes where</h2>
 * <ul>
 *   <li>{@code source}: the {@link MapContext}'s, which callers take from {@link CsvMapping#source()}.
 *   <li>{@code sourceId}: the {@code source-id} columns' values joined by the separator. Required.
 *   <li>{@code occurredAt}: the {@code occurred-at} column in its pattern, a local time read in the
 *       mapping's zone (an hour repeated or skipped by daylight saving time is warned). Required when
 *       the mapping names the column.
 *   <li>{@code callType}: code = the first non-empty {@code call-type.code} column with
 *       {@code strip-prefix} removed; text = the first non-empty {@code call-type.text} column;
 *       priority = {@code call-type.priority} as a whole number.
 *   <li>{@code door}: the mapping's {@code door} if it names one, else the site policy's door for
 *       the call type code.
 *   <li>{@code revision}: no update time (a row sent again with other content is a newer version,
 *       by arrival); closed when the mapping's {@code closed.column} holds one of
 *       {@code closed.values}.
 *   <li>{@code location}: text = the {@code address} columns joined by {@code ", "}; latitude and
 *       longitude as a pair, in range; zone = the {@code zone} column.
 *   <li>{@code referrer}: agency and role from the mapping, agent from its column.
 *   <li>{@code charges}: one charge from the {@code charge} columns when its code is not empty.
 *   <li>{@code persons}: one person from the {@code person} columns when any of them is not empty.
 *   <li>{@code notes}: each {@code notes} column that is not empty, as {@code Column: value}.
 *   <li>{@code screening}: the exclusion facts from the {@code screening} columns ({@link CsvScreening}).
 *   <li>Every other column is not kept.
 * </ul>
 *
 * <h2>Errors</h2>
 * <p>The whole file is refused ({@link InvalidReferralException}) when it is empty, is not text in
 * the mapping's character set, lacks a header or a column the mapping names (the reason hints at a
 * wrong delimiter when the header has a single column), names a mapped column twice, has more than
 * {@value #MAX_COLUMNS} columns or {@value #MAX_ROWS} rows, or stops being CSV (an unclosed quote,
 * a character after a closing quote): from there on no row can be found, so nothing is taken. A
 * row with the wrong number of fields, an empty identifier or an unreadable required time is an
 * unreadable record whose reason names the column; other unusable values are warnings on the
 * referral. Nothing quotes a value.
 *
 * <p>Why one class of some 500 lines: it applies one mapping to one file, reading each row into the
 * canonical record field by field in the order above; the mapping's own checks live in
 * {@link CsvMappings} and the line splitting in {@link CsvLines}.
 */
@org.springframework.stereotype.Component
public final class CsvMapper {

    static final String TITLE = "Invalid CSV file";

    /** The most data rows read from one file. */
    static final int MAX_ROWS = 100_000;

    /** The most columns a header may have. */
    static final int MAX_COLUMNS = 1_000;

    /** The longest source id kept. */
    static final int MAX_ID_LENGTH = 200;

    /**
     * Maps a file to its records.
     *
     * @param body    the CSV file, as received
     * @param mapping the site's mapping for this export
     * @param context site, receipt time, door policy; its {@code source} must be the mapping's
     * @return one record per data row, in file order, each read or unreadable
     * @throws InvalidReferralException when the file as a whole cannot be read with this mapping
     * @throws IllegalArgumentException if the context's source is not the mapping's (a caller's bug)
     */
    public List<IntakeRecord> map(byte[] body, CsvMapping mapping, MapContext context) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(context, "context");
        if (!context.source().equals(mapping.source())) {
            throw new IllegalArgumentException("the context's source is not the CSV mapping's source");
        }
        if (body.length == 0) {
            throw refused("/", "the file is empty; a header line is required");
        }
        String text = decode(body, mapping);
        CsvLines lines = new CsvLines(text);
        int start = lines.start(mapping.skipLines() + 1);
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(mapping.delimiter())
                .setQuote(mapping.quote())
                .setIgnoreEmptyLines(true)
                .get();
        List<IntakeRecord> records = new ArrayList<>();
        long linesRead = 0;
        try (CSVParser parser = CSVParser.builder()
                .setReader(new StringReader(text.substring(start)))
                .setFormat(format)
                .get()) {
            Iterator<CSVRecord> rows = parser.iterator();
            if (!rows.hasNext()) {
                throw refused("/", "no header line" + (mapping.skipLines() > 0 ? " after the skipped lines" : ""));
            }
            CSVRecord headerRow = rows.next();
            linesRead = parser.getCurrentLineNumber();
            Header header = header(headerRow, mapping, lines.lineOfContentAt(start));
            Row rowMapper = new Row(mapping, header, context);
            while (rows.hasNext()) {
                CSVRecord row = rows.next();
                linesRead = parser.getCurrentLineNumber();
                if (records.size() == MAX_ROWS) {
                    throw refused("/", "more than " + MAX_ROWS + " rows; send the export in smaller files");
                }
                int line = lines.lineOfContentAt(start + (int) row.getCharacterPosition());
                records.add(rowMapper.map(row, IntakeRecord.Position.line(line)));
            }
        } catch (UncheckedIOException | IOException e) {
            long from = mapping.skipLines() + linesRead + 1;
            throw refused(
                    "line " + from,
                    "cannot be read as CSV from line " + from
                            + ": a quoted field is not closed, or a closing quote is followed by other characters");
        }
        return records;
    }

    private static String decode(byte[] body, CsvMapping mapping) {
        CharsetDecoder decoder = mapping.charset()
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate((int) Math.min(
                Integer.MAX_VALUE - 16L, (long) Math.ceil(body.length * (double) decoder.maxCharsPerByte()) + 1));
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw refused(
                    "/",
                    "not " + mapping.charset().name() + " text (byte " + in.position()
                            + "): is it a CSV file in the mapping's character set?");
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The header's columns, by name ignoring case. */
    private record Header(int size, Map<String, Integer> index) {
        int of(String column) {
            return index.get(key(column));
        }
    }

    private static Header header(CSVRecord row, CsvMapping mapping, int line) {
        if (row.size() > MAX_COLUMNS) {
            throw refused("line " + line, "the header has more than " + MAX_COLUMNS + " columns");
        }
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < row.size(); i++) {
            String key = key(row.get(i));
            index.putIfAbsent(key, i);
            counts.merge(key, 1, Integer::sum);
        }
        List<InvalidReferralException.Problem> problems = new ArrayList<>();
        for (String column : mapping.columns()) {
            Integer count = counts.get(key(column));
            if (count == null) {
                problems.add(new InvalidReferralException.Problem(
                        "line " + line, "the header has no column " + column + " (mapping " + mapping.name() + ")"));
            } else if (count > 1) {
                problems.add(new InvalidReferralException.Problem(
                        "line " + line, "the header names column " + column + " more than once"));
            }
        }
        if (!problems.isEmpty()) {
            if (row.size() == 1) {
                problems.add(new InvalidReferralException.Problem(
                        "line " + line,
                        "the header has a single column:"
                                + " is the file separated by something other than the mapping's delimiter "
                                + describe(mapping.delimiter()) + "?"));
            }
            throw new InvalidReferralException(TITLE, problems);
        }
        return new Header(row.size(), index);
    }

    private static String key(String column) {
        return column.strip().toLowerCase(Locale.ROOT);
    }

    private static String describe(char delimiter) {
        return delimiter == '\t' ? "(tab)" : "'" + delimiter + "'";
    }

    private static InvalidReferralException refused(String where, String reason) {
        return new InvalidReferralException(TITLE, where, reason);
    }

    /** Maps data rows with one mapping and header. */
    private static final class Row {
        private final CsvMapping mapping;
        private final Header header;
        private final MapContext context;
        private final DateTimeFormatter timeFormat;
        private final DateTimeFormatter birthDateFormat;

        Row(CsvMapping mapping, Header header, MapContext context) {
            this.mapping = mapping;
            this.header = header;
            this.context = context;
            this.timeFormat =
                    mapping.occurredAt() == null ? null : mapping.occurredAt().formatter();
            this.birthDateFormat = mapping.person() == null || mapping.person().birthDatePattern() == null
                    ? null
                    : CsvMapping.formatter(mapping.person().birthDatePattern());
        }

        public IntakeRecord map(CSVRecord row, IntakeRecord.Position at) {
            if (row.size() != header.size()) {
                return IntakeRecord.unreadable(at, "has " + row.size() + " field(s); the header has " + header.size());
            }
            List<String> warnings = new ArrayList<>();
            List<String> idParts = new ArrayList<>();
            for (String column : mapping.sourceIdColumns()) {
                String part = value(row, column);
                if (part == null) {
                    return IntakeRecord.unreadable(at, "column " + column + ": empty; the row cannot be identified");
                }
                idParts.add(part);
            }
            String sourceId = String.join(mapping.sourceIdSeparator(), idParts);
            if (sourceId.length() > MAX_ID_LENGTH) {
                return IntakeRecord.unreadable(
                        at,
                        "column(s) " + String.join(", ", mapping.sourceIdColumns()) + ": the identifier is longer than "
                                + MAX_ID_LENGTH + " characters");
            }
            Instant occurredAt = null;
            if (mapping.occurredAt() != null) {
                String column = mapping.occurredAt().column();
                String time = value(row, column);
                if (time == null) {
                    return IntakeRecord.unreadable(at, "column " + column + ": empty; the time is required");
                }
                occurredAt = instant(time, column, warnings);
                if (occurredAt == null) {
                    return IntakeRecord.unreadable(
                            at,
                            "column " + column + ": not a date and time in the pattern "
                                    + mapping.occurredAt().pattern());
                }
            }
            CallType callType = callType(row, warnings);
            return IntakeRecord.read(
                    at,
                    new Referral(
                            context.site(),
                            mapping.door() != null
                                    ? mapping.door()
                                    : context.doorFor(callType == null ? null : callType.code()),
                            context.source(),
                            sourceId,
                            occurredAt,
                            context.receivedAt(),
                            location(row, warnings),
                            callType,
                            charges(row),
                            referrer(row),
                            persons(row, warnings),
                            notes(row),
                            warnings,
                            CsvScreening.of(mapping.screening(), column -> value(row, column), warnings),
                            new Referral.Revision(
                                    null,
                                    mapping.closed() != null
                                            && mapping.closed()
                                                    .closes(value(
                                                            row,
                                                            mapping.closed().column())))));
        }

        /** A column's value, trimmed; null when empty. */
        private String value(CSVRecord row, String column) {
            String value = row.get(header.of(column)).strip();
            return value.isEmpty() ? null : value;
        }

        private Instant instant(String time, String column, List<String> warnings) {
            TemporalAccessor parsed;
            try {
                parsed = timeFormat.parseBest(time, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from);
            } catch (DateTimeException e) {
                return null;
            }
            if (parsed instanceof ZonedDateTime zoned) {
                return zoned.toInstant();
            }
            if (parsed instanceof OffsetDateTime offset) {
                return offset.toInstant();
            }
            LocalDateTime local = (LocalDateTime) parsed;
            List<ZoneOffset> offsets =
                    mapping.occurredAt().timeZone().getRules().getValidOffsets(local);
            if (offsets.size() > 1) {
                warnings.add("column " + column + ": falls in the hour repeated when daylight saving time ends;"
                        + " the earlier of the two instants was taken");
            } else if (offsets.isEmpty()) {
                warnings.add("column " + column + ": falls in the hour skipped when daylight saving time starts;"
                        + " moved forward by that hour");
            }
            return ZonedDateTime.ofLocal(local, mapping.occurredAt().timeZone(), null)
                    .toInstant();
        }

        private CallType callType(CSVRecord row, List<String> warnings) {
            CsvMapping.CallTypeColumns columns = mapping.callType();
            if (columns == null) {
                return null;
            }
            String code = null;
            for (int i = 0; code == null && i < columns.code().size(); i++) {
                code = stripPrefix(value(row, columns.code().get(i)), columns.stripPrefix());
            }
            String text = null;
            for (int i = 0; text == null && i < columns.text().size(); i++) {
                text = value(row, columns.text().get(i));
            }
            Integer priority = null;
            if (columns.priority() != null) {
                String value = value(row, columns.priority());
                if (value != null) {
                    try {
                        priority = Integer.valueOf(value);
                    } catch (NumberFormatException e) {
                        warnings.add("column " + columns.priority() + ": not a whole number; priority left empty");
                    }
                }
            }
            return code == null && text == null && priority == null ? null : new CallType(code, text, null, priority);
        }

        private static String stripPrefix(String value, String prefix) {
            if (value == null || prefix == null || !value.startsWith(prefix)) {
                return value;
            }
            String stripped = value.substring(prefix.length()).strip();
            return stripped.isEmpty() ? null : stripped;
        }

        private Location location(CSVRecord row, List<String> warnings) {
            CsvMapping.LocationColumns columns = mapping.location();
            if (columns == null) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            for (String column : columns.address()) {
                String part = value(row, column);
                if (part != null) {
                    parts.add(part);
                }
            }
            String text = parts.isEmpty() ? null : String.join(", ", parts);
            Double latitude = coordinate(row, columns.latitude(), 90, warnings);
            Double longitude = coordinate(row, columns.longitude(), 180, warnings);
            if ((latitude == null) != (longitude == null)) {
                warnings.add("columns " + columns.latitude() + ", " + columns.longitude()
                        + ": only one of the pair is usable; coordinates not kept");
                latitude = null;
                longitude = null;
            }
            String zone = columns.zone() == null ? null : value(row, columns.zone());
            return text == null && latitude == null && zone == null
                    ? null
                    : new Location(text, null, latitude, longitude, zone);
        }

        private Double coordinate(CSVRecord row, String column, double bound, List<String> warnings) {
            if (column == null) {
                return null;
            }
            String value = value(row, column);
            if (value == null) {
                return null;
            }
            try {
                double number = Double.parseDouble(value);
                if (Math.abs(number) <= bound) {
                    return number;
                }
                warnings.add("column " + column + ": outside -" + (int) bound + ".." + (int) bound + "; ignored");
            } catch (NumberFormatException e) {
                warnings.add("column " + column + ": not a number; ignored");
            }
            return null;
        }

        private List<Charge> charges(CSVRecord row) {
            CsvMapping.ChargeColumns columns = mapping.charge();
            if (columns == null) {
                return List.of();
            }
            String code = value(row, columns.code());
            if (code == null) {
                return List.of();
            }
            String description = columns.descriptionColumn() == null ? null : value(row, columns.descriptionColumn());
            return List.of(new Charge(code, columns.codeSystem(), description));
        }

        private Referrer referrer(CSVRecord row) {
            CsvMapping.ReferrerFields fields = mapping.referrer();
            if (fields == null) {
                return null;
            }
            String agent = fields.agentColumn() == null ? null : value(row, fields.agentColumn());
            if (fields.agency() == null && agent == null && fields.role() == null) {
                return null;
            }
            return new Referrer(fields.agency(), agent, null, fields.role(), null);
        }

        private List<Person> persons(CSVRecord row, List<String> warnings) {
            CsvMapping.PersonColumns columns = mapping.person();
            if (columns == null) {
                return List.of();
            }
            String given = optional(row, columns.givenName());
            String family = optional(row, columns.familyName());
            String birth = optional(row, columns.birthDate());
            String race = optional(row, columns.race());
            String ethnicity = optional(row, columns.ethnicity());
            String gender = optional(row, columns.gender());
            if (given == null
                    && family == null
                    && birth == null
                    && race == null
                    && ethnicity == null
                    && gender == null) {
                return List.of();
            }
            String birthDate = null;
            if (birth != null) {
                try {
                    birthDate = LocalDate.parse(birth, birthDateFormat).toString();
                } catch (DateTimeException e) {
                    warnings.add("column " + columns.birthDate() + ": not a date in the pattern "
                            + columns.birthDatePattern() + "; ignored");
                }
            }
            return List.of(new Person(List.of(columns.role()), given, family, birthDate, race, ethnicity, gender));
        }

        private String optional(CSVRecord row, String column) {
            return column == null ? null : value(row, column);
        }

        private List<String> notes(CSVRecord row) {
            List<String> notes = new ArrayList<>();
            for (String column : mapping.notes()) {
                String value = value(row, column);
                if (value != null) {
                    notes.add(column + ": " + value);
                }
            }
            return notes;
        }
    }
}
