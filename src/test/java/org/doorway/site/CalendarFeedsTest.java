package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.doorway.site.SiteYaml.SITE;
import static org.doorway.site.SiteYaml.edit;
import static org.doorway.site.SiteYaml.read;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The iCalendar feeds, read back as a calendar application would: unfolded, split into events,
 * and compared with the schedule's own shifts.
 */
class CalendarFeedsTest {

    /** A long name with characters of several UTF-8 lengths, so that lines must be folded with care. */
    private static final String LONG_NAME =
            "Ciudad de Prueba — Programa LEAD de Desviación Previa a la Reserva, Zoë's pilot; ficticio";

    private static final Site SITE_READ = read(edit(SITE, "name: Test Town LEAD", "name: \"" + LONG_NAME + "\""));
    private static final Instant NOW = Instant.parse("2026-02-04T19:45:12.345Z");
    private static final String BASE = "https://doorway.example.test";

    private final Sites sites = Sites.of(SITE_READ);
    private final CalendarLinks links = new CalendarLinks(sites, BASE, "test-calendar-key");
    private final CalendarFeeds feeds = new CalendarFeeds(sites, links);

    /** One event as read back: its properties by name. */
    private record Event(Map<String, String> properties) {
        String get(String name) {
            return properties.get(name);
        }

        Shift shift(String member) {
            return new Shift(member, time(get("DTSTART")), time(get("DTEND")));
        }

        private static Instant time(String value) {
            assertThat(value).matches("\\d{8}T\\d{6}Z");
            return Instant.parse(value.substring(0, 4) + "-" + value.substring(4, 6) + "-" + value.substring(6, 11)
                    + ":" + value.substring(11, 13) + ":" + value.substring(13, 15) + "Z");
        }
    }

    /** Checks the physical format, then unfolds and parses the calendar's events. */
    private static List<Event> parse(byte[] calendar) {
        String text = new String(calendar, StandardCharsets.UTF_8);
        assertThat(text).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(text.replace("\r\n", ""))
                .as("no line break other than CRLF")
                .doesNotContain("\n")
                .doesNotContain("\r");
        for (byte[] line : physicalLines(calendar)) {
            assertThat(line.length).as("octets in a line").isLessThanOrEqualTo(75);
            assertThat(strictUtf8(line))
                    .as("every line is whole UTF-8 characters")
                    .isTrue();
        }
        String unfolded = text.replace("\r\n ", "");
        List<Event> events = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : unfolded.split("\r\n")) {
            if (line.equals("BEGIN:VEVENT")) {
                current = new LinkedHashMap<>();
            } else if (line.equals("END:VEVENT")) {
                events.add(new Event(current));
                current = null;
            } else if (current != null) {
                int colon = line.indexOf(':');
                current.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return events;
    }

    private static List<byte[]> physicalLines(byte[] calendar) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + 1 < calendar.length; i++) {
            if (calendar[i] == '\r' && calendar[i + 1] == '\n') {
                lines.add(Arrays.copyOfRange(calendar, start, i));
                start = i + 2;
            }
        }
        return lines;
    }

    private static boolean strictUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private byte[] feed(CalendarLinks.Feed feed) {
        return feeds.render(links.token(SITE_READ.id(), feed), NOW).orElseThrow();
    }

    @Test
    void aLayersFeedHasExactlyItsShiftsFromTwoWeeksAgoToEightWeeksAhead() {
        List<Event> events = parse(feed(CalendarLinks.Feed.layer("primary")));

        List<Shift> shifts = SITE_READ
                .schedules()
                .get("primary")
                .shifts(NOW.minus(CalendarFeeds.PAST), NOW.plus(CalendarFeeds.AHEAD));
        assertThat(shifts).hasSizeGreaterThan(10); // weekly, with a cover cut in
        assertThat(events).hasSameSizeAs(shifts);
        for (int i = 0; i < shifts.size(); i++) {
            Shift shift = shifts.get(i);
            String name = SITE_READ.caseManager(shift.member()).orElseThrow().name();
            assertThat(events.get(i).shift(shift.member())).isEqualTo(shift);
            assertThat(events.get(i).get("SUMMARY")).isEqualTo("LEAD on call — primary: " + name);
        }
    }

    @Test
    void aPersonsFeedHasTheirShiftsInEveryLayerAndNobodyElses() {
        List<Event> events = parse(feed(CalendarLinks.Feed.person("ben")));

        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, Schedule> layer : SITE_READ.schedules().entrySet()) {
            for (Shift shift : layer.getValue().shifts(NOW.minus(CalendarFeeds.PAST), NOW.plus(CalendarFeeds.AHEAD))) {
                if (shift.member().equals("ben")) {
                    expected.add(layer.getKey() + " " + shift.start() + " " + shift.end());
                }
            }
        }
        assertThat(expected).anyMatch(e -> e.startsWith("primary")).anyMatch(e -> e.startsWith("backup"));
        List<String> actual = events.stream()
                .map(e -> e.get("SUMMARY").replace("LEAD on call — ", "") + " "
                        + e.shift("ben").start() + " " + e.shift("ben").end())
                .toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(events).map(e -> e.shift("ben").start()).isSorted();
    }

    @Test
    void everyEventHasAUniqueUidAndTheTimeTheFeedWasMade() {
        List<Event> events = parse(feed(CalendarLinks.Feed.person("ana")));

        assertThat(events).isNotEmpty();
        assertThat(events).map(e -> e.get("DTSTAMP")).containsOnly("20260204T194512Z");
        Set<String> uids = events.stream().map(e -> e.get("UID")).collect(Collectors.toSet());
        assertThat(uids).hasSameSizeAs(events).allMatch(uid -> uid.endsWith("@doorway"));
        assertThat(parse(feed(CalendarLinks.Feed.person("ana"))))
                .map(e -> e.get("UID"))
                .as("the same shifts keep their UIDs")
                .containsExactlyElementsOf(
                        events.stream().map(e -> e.get("UID")).toList());
    }

    @Test
    void foldsLongLinesAndEscapesTheCalendarsName() {
        byte[] calendar = feed(CalendarLinks.Feed.layer("supervisor"));
        String text = new String(calendar, StandardCharsets.UTF_8);

        assertThat(text).contains("\r\n ");
        String name = Arrays.stream(text.replace("\r\n ", "").split("\r\n"))
                .filter(l -> l.startsWith("X-WR-CALNAME:"))
                .findFirst()
                .orElseThrow();
        assertThat(name)
                .isEqualTo("X-WR-CALNAME:LEAD on call — supervisor ("
                        + LONG_NAME.replace(",", "\\,").replace(";", "\\;") + ")");
    }

    @Test
    void aFeedCarriesNoPhoneNumber() {
        for (CalendarLinks.Feed feed : List.of(
                CalendarLinks.Feed.person("ana"),
                CalendarLinks.Feed.layer("primary"),
                CalendarLinks.Feed.layer("backup"))) {
            String text =
                    new String(feeds.render(links.token("test", feed), NOW).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(text).doesNotContain("+1206").doesNotContain("2065550");
        }
    }

    @Test
    void foldsAtSeventyFiveOctetsWithoutSplittingACharacter() {
        for (int shift = 0; shift < 4; shift++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ICalendar.line(out, "SUMMARY:" + "x".repeat(shift) + "é—€😀".repeat(40));
            byte[] bytes = out.toByteArray();
            for (byte[] line : physicalLines(bytes)) {
                assertThat(line.length).isLessThanOrEqualTo(75);
                assertThat(strictUtf8(line)).isTrue();
            }
            assertThat(new String(bytes, StandardCharsets.UTF_8).replace("\r\n ", ""))
                    .isEqualTo("SUMMARY:" + "x".repeat(shift) + "é—€😀".repeat(40) + "\r\n");
        }
    }

    @Test
    void escapesTextValues() {
        assertThat(ICalendar.text("a,b;c\\d\ne")).isEqualTo("a\\,b\\;c\\\\d\\ne");
    }

    @Test
    void opensNothingForAnUnknownOrAlteredToken() {
        String token = links.token("test", CalendarLinks.Feed.person("ana"));
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(feeds.render(token, NOW)).isPresent();
        assertThat(feeds.render(altered, NOW)).isEmpty();
        assertThat(feeds.render(token.substring(1), NOW)).isEmpty();
        assertThat(feeds.render("not base64 at all!", NOW)).isEmpty();
        assertThat(feeds.render(links.token("test", CalendarLinks.Feed.person("zoe")), NOW))
                .as("nobody of that id")
                .isEmpty();
        assertThat(feeds.render(links.token("elsewhere", CalendarLinks.Feed.person("ana")), NOW))
                .as("no such site")
                .isEmpty();
    }

    @Test
    void tokensAreStableUnderOneKeyAndChangeWithIt() {
        CalendarLinks again = new CalendarLinks(sites, BASE, "test-calendar-key");
        CalendarLinks rekeyed = new CalendarLinks(sites, BASE, "another-key");
        String token = links.token("test", CalendarLinks.Feed.person("ana"));

        assertThat(again.token("test", CalendarLinks.Feed.person("ana"))).isEqualTo(token);
        assertThat(again.resolve(token)).contains(new CalendarLinks.Resolved("test", CalendarLinks.Feed.person("ana")));
        assertThat(rekeyed.token("test", CalendarLinks.Feed.person("ana"))).isNotEqualTo(token);
        assertThat(rekeyed.resolve(token)).as("a new key revokes every feed").isEmpty();
    }

    @Test
    void duringARotationAddressesUnderTheOldKeyStillOpenTheirFeedAndNewOnesUseTheNewKey() {
        String old = links.token("test", CalendarLinks.Feed.person("ana"));
        CalendarLinks rotating = new CalendarLinks(sites, BASE, "the-new-key", List.of("test-calendar-key"));
        CalendarLinks rotated = new CalendarLinks(sites, BASE, "the-new-key");
        String fresh = rotating.token("test", CalendarLinks.Feed.person("ana"));

        assertThat(fresh).isNotEqualTo(old);
        assertThat(rotating.resolve(old))
                .contains(new CalendarLinks.Resolved("test", CalendarLinks.Feed.person("ana")));
        assertThat(rotating.resolve(fresh))
                .contains(new CalendarLinks.Resolved("test", CalendarLinks.Feed.person("ana")));
        assertThat(rotated.resolve(old)).as("the window closed").isEmpty();
        assertThat(rotated.resolve(fresh)).isPresent();
    }

    @Test
    void everyFeedHasItsOwnToken() {
        List<String> tokens = List.of(
                links.token("test", CalendarLinks.Feed.person("ana")),
                links.token("test", CalendarLinks.Feed.person("ben")),
                links.token("test", CalendarLinks.Feed.layer("primary")),
                links.token("test", CalendarLinks.Feed.person("primary")),
                links.token("other", CalendarLinks.Feed.person("ana")),
                links.token("tes", CalendarLinks.Feed.person("tana")));

        assertThat(Set.copyOf(tokens)).hasSameSizeAs(tokens);
        assertThat(tokens).allMatch(t -> t.matches("[A-Za-z0-9_-]{32}"));
    }

    @Test
    void givesTheFeedsAddressUnderThePublicBaseUrl() {
        URI url = links.url("test", CalendarLinks.Feed.layer("backup"));

        assertThat(url.toString())
                .isEqualTo(BASE + "/calendar/" + links.token("test", CalendarLinks.Feed.layer("backup")) + ".ics");
        assertThat(links.resolve(url.getPath().replace("/calendar/", "").replace(".ics", "")))
                .contains(new CalendarLinks.Resolved("test", CalendarLinks.Feed.layer("backup")));
    }

    @Test
    void refusesAnAddressForSomeoneOrSomethingTheSiteDoesNotHave() {
        assertThatThrownBy(() -> links.url("test", CalendarLinks.Feed.person("zoe")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> links.url("test", CalendarLinks.Feed.layer("night")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> links.url("elsewhere", CalendarLinks.Feed.person("ana")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
