package org.doorway.site;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes an iCalendar document (RFC 5545) of plain events: UTF-8, CRLF line endings, content
 * lines folded at 75 octets (never inside a character), text values escaped, times in UTC.
 */
final class ICalendar {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_OCTETS = 75;

    private ICalendar() {}

    /**
     * One event.
     *
     * @param uid         globally unique and stable: the same event keeps it from one download to the next
     * @param start       when it begins
     * @param end         when it ends
     * @param summary     its title
     * @param description a longer text; may be {@code null}
     */
    record Event(String uid, Instant start, Instant end, String summary, String description) {}

    /**
     * A calendar of {@code events}.
     *
     * @param name  the calendar's name, as calendar applications show it
     * @param stamp when this copy was made (every event's DTSTAMP)
     */
    static byte[] write(String name, Instant stamp, List<Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//Doorway//LEAD on-call schedules//EN");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:PUBLISH");
        line(out, "X-WR-CALNAME:" + text(name));
        // Ask subscribing applications to look again every hour (RFC 7986, and its older spelling).
        line(out, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
        line(out, "X-PUBLISHED-TTL:PT1H");
        for (Event event : events) {
            line(out, "BEGIN:VEVENT");
            line(out, "UID:" + text(event.uid()));
            line(out, "DTSTAMP:" + time(stamp));
            line(out, "DTSTART:" + time(event.start()));
            line(out, "DTEND:" + time(event.end()));
            line(out, "SUMMARY:" + text(event.summary()));
            if (event.description() != null) {
                line(out, "DESCRIPTION:" + text(event.description()));
            }
            // Being on call is not being busy: the shift does not block the person's calendar.
            line(out, "TRANSP:TRANSPARENT");
            line(out, "END:VEVENT");
        }
        line(out, "END:VCALENDAR");
        return out.toByteArray();
    }

    private static String time(Instant instant) {
        return UTC.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A TEXT value: backslash, semicolon, comma and line breaks escaped. */
    static String text(String value) {
        return value.replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\r\n", "\\n")
                .replace("\n", "\\n")
                .replace("\r", "\\n");
    }

    /**
     * Writes one content line, folded: at most 75 octets per physical line, each continuation
     * starting with a space, no UTF-8 character split between lines.
     */
    static void line(ByteArrayOutputStream out, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        int room = MAX_OCTETS;
        while (bytes.length - start > room) {
            int cut = start + room;
            while ((bytes[cut] & 0xC0) == 0x80) { // a UTF-8 continuation byte: cut before its character
                cut--;
            }
            out.write(bytes, start, cut - start);
            out.write('\r');
            out.write('\n');
            out.write(' ');
            start = cut;
            room = MAX_OCTETS - 1;
        }
        out.write(bytes, start, bytes.length - start);
        out.write('\r');
        out.write('\n');
    }
}
