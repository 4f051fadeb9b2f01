package org.doorway.intake.csv;

import static org.doorway.intake.FuzzTestSupport.MARKER;
import static org.doorway.intake.FuzzTestSupport.check;
import static org.doorway.intake.FuzzTestSupport.hasMarker;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.doorway.intake.FuzzTestSupport;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.MapContext;
import org.doorway.intake.eido.EidoMapperFuzzTest;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link CsvMapper}, the CAD/RMS file door, with two mappings: the demo site's
 * {@code seattle-spd} (UTF-8, ',', no lines skipped) and the test fixture {@code rms-arrests}
 * (windows-1252, ';', two lines before the header, a fixed door, charges and a person). Whatever the
 * file, it returns one record per data row at its line, each a referral or unreadable with a reason,
 * or refuses the file with {@link InvalidReferralException}. Nothing quotes a cell; no referral
 * holds a cell of a column the mapping does not name.
 */
class CsvMapperFuzzTest {

    private static final CsvMapping SPD =
            new CsvMappings(true, null).find("demo", "seattle-spd").orElseThrow();
    private static final CsvMapping RMS =
            CsvMappings.read("test", "rms-arrests.csv.yaml", fixture("rms-arrests.csv.yaml"));

    private final CsvMapper mapper = new CsvMapper();

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DictionaryEntries({
        "CAD Event Number",
        "Original Time Queued",
        "Final Call Type",
        "Initial Call Type",
        "Priority",
        "Blurred_Latitude",
        "Blurred_Longitude",
        "Beat",
        "Precinct",
        "Sector",
        "Call Type",
        "Arrived Time",
        "Event Clearance Description",
        "11/04/2023 6:08:26 PM",
        "03/12/2023 2:30:00 AM",
        "--",
        "\"\"",
        "\r\n"
    })
    @MethodSource("sharedSamples")
    @FuzzTest(maxDuration = "5m")
    void mapsSeattleExportsOrRefusesCleanly(byte[] file) {
        mapsOrRefusesCleanly(file, SPD);
    }

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DictionaryEntries({
        "Agency",
        "Booking No",
        "Arrested At",
        "Offense Code",
        "Offense",
        "Street",
        "City",
        "District",
        "Officer",
        "First",
        "Last",
        "DOB",
        "Race",
        "Sex",
        "Remarks",
        "2025-03-14T21:05:00-05:00",
        "+999999999-12-31T23:59:59Z",
        "07/19/1984",
        "02/30/1984"
    })
    @FuzzTest(maxDuration = "5m")
    void mapsRmsExportsOrRefusesCleanly(byte[] file) {
        mapsOrRefusesCleanly(file, RMS);
    }

    /** Every referral can be stored (see {@link EidoMapperFuzzTest#mapsOnlyToStorableReferrals}). */
    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest(maxDuration = "5m")
    void mapsOnlyToStorableReferrals(byte[] file) {
        for (CsvMapping mapping : List.of(SPD, RMS)) {
            MapContext context =
                    new MapContext("demo", FuzzTestSupport.RECEIVED, mapping.source(), code -> Door.COMMUNITY);
            if (map(file, mapping, context) instanceof List<?> records) {
                records.stream()
                        .map(r -> ((IntakeRecord) r).referral())
                        .filter(java.util.Objects::nonNull)
                        .forEach(FuzzTestSupport::checkStorable);
            }
        }
    }

    @Timeout(
            value = FuzzTestSupport.SECONDS_PER_BIG_INPUT,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigInputs")
    void mapsOrRefusesBigInputsCleanly(String name, boolean rms, byte[] file) {
        mapsOrRefusesCleanly(file, rms ? RMS : SPD);
    }

    static Stream<Arguments> sharedSamples() {
        return FuzzTestSupport.sharedSamples(name -> name.endsWith(".csv"));
    }

    static Stream<Arguments> bigInputs() {
        int fiveMb = 5 * 1024 * 1024;
        int oneMb = 1024 * 1024;
        String header =
                "CAD Event Number,Event Clearance Description,Call Type,Priority,Initial Call Type,Final Call Type,"
                        + "Original Time Queued,Arrived Time,Precinct,Sector,Beat,Blurred_Longitude,Blurred_Latitude,Secret\r\n";
        String row = "%d,CLEARED,911,2,SUSPICIOUS,--SUSPICIOUS,11/04/2023 6:08:26 PM,,EAST,CHARLIE,C3,-122.28,47.61,"
                + MARKER + "\r\n";
        StringBuilder rows = new StringBuilder(header);
        for (int i = 0; rows.length() < oneMb; i++) {
            rows.append(String.format(row, i));
        }
        StringBuilder tooMany = new StringBuilder(header);
        for (int i = 0; i <= CsvMapper.MAX_ROWS; i++) {
            tooMany.append(i)
                    .append(",,,,,,11/04/2023 6:08:26 PM,,,,,,,")
                    .append(FuzzTestSupport.MARKER)
                    .append("\n");
        }
        StringBuilder wide = new StringBuilder(header.strip());
        for (int i = 0; i < 1_001; i++) {
            wide.append(",c").append(i);
        }
        return Stream.of(
                Arguments.of("1 MB of rows", false, rows.toString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of("100,001 rows, 5 MB", false, tooMany.toString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "a header of 1,015 columns",
                        false,
                        wide.append("\r\n").toString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "a 1 MB quoted cell left open",
                        false,
                        (header + "1,\"" + FuzzTestSupport.repeat(MARKER + " ", oneMb))
                                .getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "a 1 MB cell in a column not mapped",
                        false,
                        (header + "1,,,,,,11/04/2023 6:08:26 PM,,,,,,," + FuzzTestSupport.repeat(MARKER, oneMb)
                                        + "\r\n")
                                .getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "1 MB of empty lines",
                        true,
                        FuzzTestSupport.repeat("\r\n", oneMb).getBytes(StandardCharsets.UTF_8)),
                Arguments.of(
                        "1 MB of a single line",
                        true,
                        FuzzTestSupport.repeat(";", oneMb).getBytes(StandardCharsets.UTF_8)));
    }

    // ---- the property ------------------------------------------------------------------------

    private void mapsOrRefusesCleanly(byte[] file, CsvMapping mapping) {
        MapContext context = new MapContext(
                "demo",
                FuzzTestSupport.RECEIVED,
                mapping.source(),
                code -> "SUSPICIOUS".equals(code) ? Door.SOCIAL_CONTACT : Door.COMMUNITY);
        byte[] copy = file.clone();
        Object first = map(file, mapping, context);
        check(Arrays.equals(copy, file), "the mapper changed its input");
        if (first instanceof InvalidReferralException e) {
            FuzzTestSupport.checkRefusal(e, CsvMapper.TITLE, false);
        } else {
            @SuppressWarnings("unchecked")
            List<IntakeRecord> records = (List<IntakeRecord>) first;
            check(records.size() <= CsvMapper.MAX_ROWS, "more rows than the limit were read");
            FuzzTestSupport.checkRecords(records, context, true);
            List<String> kept = null;
            for (IntakeRecord record : records) {
                Referral referral = record.referral();
                if (referral == null) {
                    continue;
                }
                checkRow(referral, mapping);
                FuzzTestSupport.checkWarningsBounded(referral);
                if (hasMarker(referral.toString())) {
                    kept = kept != null ? kept : mappedCells(file, mapping);
                    check(
                            hasMarker(String.join("\n", kept)),
                            "the referral holds a cell of a column the mapping does not name");
                }
            }
        }
        if (file.length <= FuzzTestSupport.MAP_TWICE_UP_TO) {
            check(
                    sameOutcome(first, map(file, mapping, context)),
                    "mapping the same file twice gave different answers");
        }
    }

    private Object map(byte[] file, CsvMapping mapping, MapContext context) {
        try {
            return mapper.map(file, mapping, context);
        } catch (InvalidReferralException e) {
            return e;
        }
    }

    private static void checkRow(Referral referral, CsvMapping mapping) {
        check(referral.sourceId().length() <= CsvMapper.MAX_ID_LENGTH, "a source id longer than the limit");
        check(mapping.door() == null || referral.door() == mapping.door(), "the mapping's door was not used");
        check(
                mapping.referrer() == null
                        || (referral.referrer() != null
                                && java.util.Objects.equals(
                                        mapping.referrer().agency(),
                                        referral.referrer().agency())
                                && java.util.Objects.equals(
                                        mapping.referrer().role(),
                                        referral.referrer().role())),
                "the referrer is not the mapping's");
        check(
                referral.charges().stream()
                        .allMatch(c -> mapping.charge() != null
                                && mapping.charge().codeSystem().equals(c.codeSystem())),
                "a charge not in the mapping's code system");
        check(
                referral.persons().stream()
                        .allMatch(p -> mapping.person() != null
                                && p.roles().equals(List.of(mapping.person().role()))),
                "a person not in the mapping's role");
        check(
                referral.notes().stream()
                        .allMatch(note -> mapping.notes().stream().anyMatch(c -> note.startsWith(c + ": "))),
                "a note that is not 'Column: value' of a notes column");
        FuzzTestSupport.checkWarningsQuoteNothing(referral);
    }

    private static boolean sameOutcome(Object first, Object second) {
        if (first instanceof InvalidReferralException a) {
            return second instanceof InvalidReferralException b && a.problems().equals(b.problems());
        }
        return first.equals(second);
    }

    /** Every cell, in any row, of a column whose header names a column of the mapping. */
    private static List<String> mappedCells(byte[] file, CsvMapping mapping) {
        String text = new String(file, mapping.charset());
        text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        CsvLines lines = new CsvLines(text);
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(mapping.delimiter())
                .setQuote(mapping.quote())
                .setIgnoreEmptyLines(true)
                .get();
        Set<String> mapped = new HashSet<>();
        mapping.columns().forEach(c -> mapped.add(c.strip().toLowerCase(Locale.ROOT)));
        List<String> kept = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder()
                .setReader(new StringReader(text.substring(lines.start(mapping.skipLines() + 1))))
                .setFormat(format)
                .get()) {
            List<Integer> columns = new ArrayList<>();
            boolean header = true;
            for (CSVRecord row : parser) {
                if (header) {
                    for (int i = 0; i < row.size(); i++) {
                        if (mapped.contains(row.get(i).strip().toLowerCase(Locale.ROOT))) {
                            columns.add(i);
                        }
                    }
                    header = false;
                } else {
                    columns.stream().filter(i -> i < row.size()).forEach(i -> kept.add(row.get(i)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kept;
    }

    private static byte[] fixture(String name) {
        try (InputStream in = CsvMapperFuzzTest.class.getResourceAsStream("/csv/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture /csv/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
