package org.doorway.dashboard.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A half-open span of time {@code [from, to)} the dashboard reports on, and the zone its dates,
 * hours of day and weekdays are read in.
 *
 * <p>Parsed from request parameters: each end is an ISO-8601 instant ({@code 2025-03-03T08:00:00Z}),
 * a date-time with offset, or a date ({@code 2025-03-03}). A date as {@code from} is the start of
 * that day in {@code zone}; a date as {@code to} includes that whole day (the range ends at the
 * start of the next). Without {@code to}, the range ends now; without {@code from}, it starts
 * seven days before its end.
 *
 * @param from the first instant included
 * @param to   the first instant not included
 * @param zone the zone of dates and hours
 */
public record Range(Instant from, Instant to, ZoneId zone) {

    static final Duration DEFAULT_LENGTH = Duration.ofDays(7);

    public Range {
        if (!from.isBefore(to)) {
            throw new InvalidRange("from", "must be before to");
        }
    }

    /** A parameter that cannot be read, or a range that is not allowed; says which and why, never quoting it. */
    public static final class InvalidRange extends RuntimeException {
        public final String field;
        public final String reason;

        InvalidRange(String field, String reason) {
            super(field + ": " + reason);
            this.field = field;
            this.reason = reason;
        }
    }

    /**
     * The range the parameters ask for.
     *
     * @param maxDays the longest range allowed
     * @throws InvalidRange when an end cannot be read, from is not before to, or the range is too long
     */
    public static Range parse(String fromText, String toText, ZoneId zone, Instant now, int maxDays) {
        Instant to = blank(toText) ? now : read("to", toText, zone, true);
        Instant from = blank(fromText) ? to.minus(DEFAULT_LENGTH) : read("from", fromText, zone, false);
        if (!from.isBefore(to)) {
            throw new InvalidRange("from", "must be before to");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(maxDays)) > 0) {
            throw new InvalidRange("to", "the range may span at most " + maxDays + " days");
        }
        return new Range(from, to, zone);
    }

    private static Instant read(String field, String text, ZoneId zone, boolean end) {
        String t = text.trim();
        try {
            if (t.length() == 10) {
                LocalDate day = LocalDate.parse(t);
                return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRange(field, "must be an ISO-8601 date (yyyy-mm-dd) or instant (yyyy-mm-ddThh:mm:ssZ)");
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** The first day of the range, in its zone (for a date form). */
    public LocalDate firstDay() {
        return from.atZone(zone).toLocalDate();
    }

    /** The last day the range touches, in its zone (for a date form). */
    public LocalDate lastDay() {
        return to.minusNanos(1).atZone(zone).toLocalDate();
    }
}
