package org.doorway.intake.csv;

import java.nio.charset.Charset;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.doorway.referral.Door;

/**
 * How one CAD/RMS CSV export maps to referrals: which column feeds which part of a
 * {@link org.doorway.referral.Referral}, and how the file is written. Read from a site's
 * {@code mappings/<name>.csv.yaml} by {@link CsvMappings}, which checks everything below before a
 * mapping can be used; {@link CsvMapper} applies it. Column names are matched against the header
 * ignoring case and surrounding spaces.
 *
 * @param name              the mapping's name (its file name without {@code .csv.yaml})
 * @param source            the {@code source} recorded on each referral, e.g. {@code seattle-spd}
 * @param delimiter         the field separator
 * @param quote             the quote character, or {@code null} when fields are never quoted
 * @param charset           the file's character set
 * @param skipLines         lines before the header row (titles some exports write)
 * @param sourceIdColumns   the columns whose values, joined, identify a row; all required
 * @param sourceIdSeparator what joins them
 * @param occurredAt        the time column, or {@code null} when the export has none
 * @param callType          the call type columns, or {@code null}
 * @param location          the location columns, or {@code null}
 * @param door              the door of every row when the export itself says it (an RMS arrest
 *                          export is {@link Door#ARREST_DIVERSION}); {@code null} to let the site's
 *                          policy decide by call type code
 * @param closed            the column saying a row's incident is closed or cancelled, or {@code null}
 * @param referrer          who referred, or {@code null}
 * @param charge            the charge columns, or {@code null}
 * @param person            the person columns, or {@code null}
 * @param screening         the columns that state exclusion facts, or {@code null}
 * @param notes             columns copied into notes as {@code Column: value}
 */
public record CsvMapping(
        String name,
        String source,
        char delimiter,
        Character quote,
        Charset charset,
        int skipLines,
        List<String> sourceIdColumns,
        String sourceIdSeparator,
        OccurredAt occurredAt,
        CallTypeColumns callType,
        LocationColumns location,
        Door door,
        ClosedColumn closed,
        ReferrerFields referrer,
        ChargeColumns charge,
        PersonColumns person,
        ScreeningColumns screening,
        List<String> notes) {

    public CsvMapping {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(charset, "charset");
        sourceIdColumns = List.copyOf(sourceIdColumns);
        if (sourceIdColumns.isEmpty()) {
            throw new IllegalArgumentException("a mapping needs at least one source-id column");
        }
        sourceIdSeparator = sourceIdSeparator == null ? ":" : sourceIdSeparator;
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * The time a row's incident happened.
     *
     * @param column   the column
     * @param pattern  a {@link DateTimeFormatter} pattern, e.g. {@code MM/dd/yyyy h:mm:ss a}
     * @param timeZone the zone local times are in (a pattern with an offset or zone uses its own)
     */
    record OccurredAt(String column, String pattern, ZoneId timeZone) {
        /** The strict, case-insensitive formatter for {@link #pattern}. */
        DateTimeFormatter formatter() {
            return CsvMapping.formatter(pattern);
        }
    }

    /**
     * @param code        columns tried in order for the call type code (the first non-empty wins)
     * @param stripPrefix a prefix removed from the code, e.g. SPD's {@code --}; {@code null} for none
     * @param text        columns tried in order for the call type text
     * @param priority    the priority column (a whole number), or {@code null}
     */
    record CallTypeColumns(List<String> code, String stripPrefix, List<String> text, String priority) {
        CallTypeColumns {
            code = code == null ? List.of() : List.copyOf(code);
            text = text == null ? List.of() : List.copyOf(text);
        }
    }

    /**
     * @param address   columns joined with {@code ", "} into the location's one-line text
     * @param latitude  WGS 84 latitude column, or {@code null}
     * @param longitude WGS 84 longitude column, or {@code null}
     * @param zone      the beat, sector or precinct column, or {@code null}
     */
    record LocationColumns(List<String> address, String latitude, String longitude, String zone) {
        LocationColumns {
            address = address == null ? List.of() : List.copyOf(address);
        }
    }

    /**
     * @param agency      the referring agency's identifier, the same for every row, or {@code null}
     * @param agentColumn the column of the officer's or dispatcher's identifier, or {@code null}
     * @param role        the referrer's role as triage names it ({@code dispatcher}, {@code officer}…)
     */
    record ReferrerFields(String agency, String agentColumn, String role) {}

    /**
     * @param code              the charge code column
     * @param codeSystem        the code list the codes come from, e.g. {@code RCW}
     * @param descriptionColumn the charge description column, or {@code null}
     */
    record ChargeColumns(String code, String codeSystem, String descriptionColumn) {}

    /**
     * The person a row describes; each column may be {@code null}.
     *
     * @param role             the person's role, e.g. {@code Subject}
     * @param birthDatePattern the pattern of {@code birthDate}, e.g. {@code MM/dd/yyyy}
     */
    record PersonColumns(
            String role,
            String givenName,
            String familyName,
            String birthDate,
            String birthDatePattern,
            String race,
            String ethnicity,
            String gender) {}

    /**
     * The columns that state the facts the arrest-diversion exclusions weigh; each may be
     * {@code null}. A yes/no column's value is compared with {@code yes} and {@code no} ignoring case;
     * anything else (or an empty cell) leaves the fact unknown.
     *
     * @param yes                      the values that mean yes
     * @param no                       the values that mean no
     * @param violentOffence           yes/no: probable cause of a violent offence
     * @param weapon                   yes/no: a weapon was used; yes counts as a violent offence
     * @param drugQuantityGrams        a number of grams
     * @param saleAboveSubsistence     yes/no
     * @param exploitsMinors           yes/no
     * @param protectionOrderViolation yes/no
     * @param unableToConsent          yes/no
     */
    record ScreeningColumns(
            Set<String> yes,
            Set<String> no,
            String violentOffence,
            String weapon,
            String drugQuantityGrams,
            String saleAboveSubsistence,
            String exploitsMinors,
            String protectionOrderViolation,
            String unableToConsent) {
        ScreeningColumns {
            yes = Set.copyOf(yes);
            no = Set.copyOf(no);
        }

        List<String> columns() {
            List<String> columns = new ArrayList<>();
            for (String column : new String[] {
                violentOffence,
                weapon,
                drugQuantityGrams,
                saleAboveSubsistence,
                exploitsMinors,
                protectionOrderViolation,
                unableToConsent
            }) {
                if (column != null) {
                    columns.add(column);
                }
            }
            return columns;
        }
    }

    /** Every column the mapping names, once each, in the order above. */
    /**
     * The column that says a row's incident is closed: a row whose value is one of {@code values}
     * (ignoring case and surrounding spaces) closes the referral of its id.
     *
     * @param column the column
     * @param values the values that mean closed or cancelled, upper case
     */
    record ClosedColumn(String column, Set<String> values) {
        ClosedColumn {
            values = values.stream()
                    .map(v -> v.strip().toUpperCase(Locale.ROOT))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }

        boolean closes(String value) {
            return value != null && values.contains(value.strip().toUpperCase(Locale.ROOT));
        }
    }

    List<String> columns() {
        Set<String> columns = new LinkedHashSet<>(sourceIdColumns);
        if (closed != null) {
            columns.add(closed.column());
        }
        if (occurredAt != null) {
            columns.add(occurredAt.column());
        }
        if (callType != null) {
            columns.addAll(callType.code());
            columns.addAll(callType.text());
            add(columns, callType.priority());
        }
        if (location != null) {
            columns.addAll(location.address());
            add(columns, location.latitude());
            add(columns, location.longitude());
            add(columns, location.zone());
        }
        if (referrer != null) {
            add(columns, referrer.agentColumn());
        }
        if (charge != null) {
            add(columns, charge.code());
            add(columns, charge.descriptionColumn());
        }
        if (person != null) {
            for (String column : new String[] {
                person.givenName(),
                person.familyName(),
                person.birthDate(),
                person.race(),
                person.ethnicity(),
                person.gender()
            }) {
                add(columns, column);
            }
        }
        if (screening != null) {
            columns.addAll(screening.columns());
        }
        columns.addAll(notes);
        return new ArrayList<>(columns);
    }

    private static void add(Set<String> columns, String column) {
        if (column != null) {
            columns.add(column);
        }
    }

    /**
     * A strict, case-insensitive formatter for a pattern. {@code y} (year of era) is read as
     * {@code u} (proleptic year) unless the pattern has an era, so that strict resolving refuses
     * impossible dates such as 02/30 instead of moving them.
     *
     * @throws IllegalArgumentException if the pattern is invalid
     */
    static DateTimeFormatter formatter(String pattern) {
        String strict = pattern;
        if (!unquoted(pattern).contains("G")) {
            StringBuilder b = new StringBuilder();
            boolean quoted = false;
            for (char c : pattern.toCharArray()) {
                if (c == '\'') {
                    quoted = !quoted;
                }
                b.append(!quoted && c == 'y' ? 'u' : c);
            }
            strict = b.toString();
        }
        return new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern(strict)
                .toFormatter(Locale.US)
                .withResolverStyle(ResolverStyle.STRICT);
    }

    private static String unquoted(String pattern) {
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
