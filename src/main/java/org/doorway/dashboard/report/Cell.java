package org.doorway.dashboard.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One cell of a dashboard {@link Table}: the text a page shows, the value its CSV export writes
 * (plain numbers, seconds for durations, ISO-8601 for instants), and optionally a link and a style.
 *
 * @param text  what the page shows
 * @param csv   what the CSV export writes
 * @param href  a link for the page, or {@code null}
 * @param style a CSS class for the page ({@code num}, {@code bad}, {@code muted}…), or {@code null}
 * @param since for a time still running (a live board's elapsed time): the instant it counts from,
 *              as epoch milliseconds, which the page's script counts on from; else {@code null}
 */
public record Cell(String text, String csv, String href, String style, Long since) {

    public static final Cell EMPTY = new Cell("", "", null, null, null);

    public Cell(String text, String csv, String href, String style) {
        this(text, csv, href, style, null);
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

    /** Plain text, the same on the page and in the CSV. */
    public static Cell text(String text) {
        return text == null ? EMPTY : new Cell(text, text, null, null);
    }

    /** A count. */
    public static Cell count(long count) {
        return new Cell(Long.toString(count), Long.toString(count), null, "num");
    }

    /** A count hidden because it is small: the page and CSV say "&lt;threshold", never the number. */
    public static Cell suppressed(int threshold) {
        return new Cell("<" + threshold, "<" + threshold, null, "num muted");
    }

    /** A count, or its suppression for viewers who see aggregates only. */
    public static Cell count(long count, Suppression suppression) {
        return suppression.hides(count) ? suppressed(suppression.threshold()) : count(count);
    }

    /** A share, 0..1, shown as a percentage with one decimal; {@code null} is blank. */
    public static Cell percent(Double share) {
        if (share == null) {
            return new Cell("", "", null, "num");
        }
        return new Cell(
                String.format(Locale.ROOT, "%.1f %%", share * 100),
                String.format(Locale.ROOT, "%.4f", share),
                null,
                "num");
    }

    /** A duration in seconds, shown in minutes and seconds; {@code null} is a dash, blank in the CSV. */
    public static Cell seconds(Double seconds) {
        if (seconds == null) {
            return new Cell("–", "", null, "num muted");
        }
        return new Cell(duration(seconds), String.format(Locale.ROOT, "%.1f", seconds), null, "num");
    }

    /** An instant, shown in {@code zone}; ISO-8601 in the CSV. */
    public static Cell time(Instant at, ZoneId zone) {
        if (at == null) {
            return new Cell("–", "", null, "muted");
        }
        return new Cell(LOCAL.format(at.atZone(zone)), at.toString(), null, null);
    }

    /** The time from {@code start} to {@code now}, which the page keeps counting on. */
    public static Cell elapsed(Instant start, Instant now) {
        double seconds = java.time.Duration.between(start, now).toMillis() / 1000.0;
        return new Cell(
                duration(seconds),
                String.format(Locale.ROOT, "%.0f", seconds),
                null,
                "num elapsed",
                start.toEpochMilli());
    }

    /** The same cell with a link on the page. */
    public Cell link(String target) {
        return new Cell(text, csv, target, style, since);
    }

    /** The same cell with another style. */
    public Cell styled(String css) {
        return new Cell(text, csv, href, css, since);
    }

    /** A duration as people read it: {@code 45 s}, {@code 12 min 05 s}, {@code 2 h 03 min}. */
    public static String duration(double seconds) {
        long s = Math.round(Math.abs(seconds));
        String sign = seconds < 0 ? "−" : "";
        if (s < 60) {
            return sign + s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%s%d min %02d s", sign, s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%s%d h %02d min", sign, s / 3600, (s % 3600) / 60);
    }
}
