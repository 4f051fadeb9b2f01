package org.doorway.intake.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.InvalidReferralException.Problem;
import org.doorway.intake.MapContext;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.referral.Referral.CallType;
import org.doorway.referral.Referral.Charge;
import org.doorway.referral.Referral.Location;
import org.doorway.referral.Referral.Person;
import org.doorway.referral.Referral.Referrer;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvMapperTest {

    private static final String SAMPLE = "seattle-spd-call-data-sample.csv";
    private static final Instant RECEIVED = Instant.parse("2026-01-15T12:00:00Z");
    private static final String SUSPICIOUS = "SUSPICIOUS CIRCUM. - SUSPICIOUS PERSON";
    /** The site's policy: SPD's suspicious-person calls go to social contact, the rest to the community door. */
    private static final Function<String, Door> POLICY =
            code -> SUSPICIOUS.equals(code) ? Door.SOCIAL_CONTACT : Door.COMMUNITY;

    private static final MapContext CONTEXT = new MapContext("demo", RECEIVED, "seattle-spd", POLICY);
    private static final String SECRET = "SECRET-VALUE-77aa";

    /** The demo site's shipped mapping, loaded as Doorway loads it. */
    private static final CsvMapping SPD =
            new CsvMappings(true, null).find("demo", "seattle-spd").orElseThrow();

    private final CsvMapper mapper = new CsvMapper();

    @TempDir
    Path temp;

    // ---- the Seattle SPD sample, with the shipped seattle-spd mapping --------------------------

    @Test
    void mapsEveryRowOfTheSeattleSampleAtItsLine() {
        List<IntakeRecord> records = mapper.map(SharedSamples.read(SAMPLE), SPD, CONTEXT);

        assertThat(records).hasSize(27).allMatch(IntakeRecord::accepted);
        assertThat(records).extracting(r -> r.at().line()).containsExactlyElementsOf(range(2, 28));
        List<String> firstColumn = sampleLines().stream()
                .skip(1)
                .map(line -> line.substring(0, line.indexOf(',')))
                .toList();
        assertThat(records).extracting(r -> r.referral().sourceId()).containsExactlyElementsOf(firstColumn);
        for (IntakeRecord record : records) {
            Referral referral = record.referral();
            assertThat(referral.source()).isEqualTo("seattle-spd");
            assertThat(referral.site()).isEqualTo("demo");
            assertThat(referral.receivedAt()).isEqualTo(RECEIVED);
            assertThat(referral.occurredAt()).isNotNull();
            assertThat(referral.callType().code()).doesNotStartWith("-").isNotBlank();
            assertThat(referral.door())
                    .isEqualTo(POLICY.apply(referral.callType().code()));
            assertThat(referral.location().zone()).isEqualTo("C3");
            assertThat(referral.location().latitude()).isBetween(47.61, 47.62);
            assertThat(referral.location().longitude()).isBetween(-122.29, -122.28);
            assertThat(referral.referrer()).isEqualTo(new Referrer("SPD", null, null, "dispatcher", null));
            assertThat(referral.warnings()).isEmpty();
        }
    }

    @Test
    void mapsTheSeattleSamplesFirstRowFieldByField() {
        Referral referral =
                mapper.map(SharedSamples.read(SAMPLE), SPD, CONTEXT).get(0).referral();

        assertThat(referral.sourceId()).isEqualTo("2023000319821");
        // 6:08:26 PM on 4 November 2023 is still daylight time in Seattle (UTC-7)
        assertThat(referral.occurredAt()).isEqualTo(Instant.parse("2023-11-05T01:08:26Z"));
        assertThat(referral.callType()).isEqualTo(new CallType(SUSPICIOUS, "BURN - RECKLESS BURNING", null, 2));
        assertThat(referral.door()).isEqualTo(Door.SOCIAL_CONTACT);
        assertThat(referral.location()).isEqualTo(new Location(null, null, 47.6176603, -122.28112, "C3"));
        assertThat(referral.notes())
                .containsExactly(
                        "Event Clearance Description: UNABLE TO LOCATE INCIDENT OR COMPLAINANT",
                        "Call Type: 911",
                        "Arrived Time: 11/04/2023 6:51:06 PM",
                        "Precinct: EAST",
                        "Sector: CHARLIE");
        assertThat(referral.charges()).isEmpty();
        assertThat(referral.persons()).isEmpty();
    }

    @Test
    void convertsSeattleLocalTimesToInstantsAcrossDaylightSavingAndTheClock() {
        List<IntakeRecord> records = mapper.map(SharedSamples.read(SAMPLE), SPD, CONTEXT);

        assertThat(occurredAtOnLine(records, 3)).isEqualTo(Instant.parse("2023-06-04T23:18:15Z")); // 4:18 PM PDT
        assertThat(occurredAtOnLine(records, 5)).isEqualTo(Instant.parse("2019-01-20T15:42:04Z")); // 7:42 AM PST
        assertThat(occurredAtOnLine(records, 11)).isEqualTo(Instant.parse("2018-07-12T18:43:53Z")); // 11:43 AM PDT
        assertThat(occurredAtOnLine(records, 23)).isEqualTo(Instant.parse("2019-02-24T06:17:00Z")); // 10:17 PM PST
        assertThat(occurredAtOnLine(records, 28)).isEqualTo(Instant.parse("2023-12-04T20:43:06Z")); // 12:43 PM PST
    }

    @Test
    void keepsQuotedFieldsWithCommasAndLeavesEmptyColumnsOut() {
        List<IntakeRecord> records = mapper.map(SharedSamples.read(SAMPLE), SPD, CONTEXT);

        Referral premiseCheck = recordOnLine(records, 3).referral();
        assertThat(premiseCheck.callType())
                .isEqualTo(new CallType(
                        "PREMISE CHECKS - REQUEST TO WATCH", "PREMISE CHECK, OFFICER INITIATED ONVIEW ONLY", null, 7));
        assertThat(premiseCheck.notes()).contains("Call Type: ONVIEW");
        Referral notArrived = recordOnLine(records, 6).referral();
        assertThat(notArrived.notes()).noneMatch(note -> note.startsWith("Arrived Time"));
        Referral quotedFinal = recordOnLine(records, 21).referral();
        assertThat(quotedFinal.callType().code()).isEqualTo("BURGLARY - RESIDENTIAL, UNOCCUPIED");
    }

    @Test
    void readsAFileWithAByteOrderMarkAlike() {
        byte[] sample = SharedSamples.read(SAMPLE);
        byte[] withBom = new byte[sample.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(sample, 0, withBom, 3, sample.length);

        assertThat(mapper.map(withBom, SPD, CONTEXT)).isEqualTo(mapper.map(sample, SPD, CONTEXT));
    }

    // ---- a partly bad file ---------------------------------------------------------------------

    @Test
    void keepsTheGoodRowsAndReportsEachBadRowByItsLineAndColumn() throws IOException {
        List<IntakeRecord> records = mapper.map(fixture("spd-some-bad-rows.csv"), SPD, CONTEXT);

        assertThat(records).extracting(r -> r.at().line()).containsExactly(2, 3, 4, 5, 7, 9, 10, 11, 12);
        assertThat(records)
                .extracting(IntakeRecord::rejection)
                .containsExactly(
                        null,
                        "column CAD Event Number: empty; the row cannot be identified",
                        "column Original Time Queued: not a date and time in the pattern MM/dd/yyyy h:mm:ss a",
                        "has 5 field(s); the header has 13",
                        null,
                        "column Original Time Queued: not a date and time in the pattern MM/dd/yyyy h:mm:ss a",
                        null,
                        null,
                        null);
        assertThat(recordOnLine(records, 2).referral().occurredAt()).isEqualTo(Instant.parse("2025-03-15T04:05:00Z"));
        assertThat(recordOnLine(records, 12).referral().occurredAt()).isEqualTo(Instant.parse("2025-03-15T06:59:59Z"));
    }

    @Test
    void readsAQuotedFieldOverTwoLinesAsOneRowAtItsFirstLineWithWarningsForUnusableValues() throws IOException {
        Referral referral = recordOnLine(mapper.map(fixture("spd-some-bad-rows.csv"), SPD, CONTEXT), 7)
                .referral();

        assertThat(referral.sourceId()).isEqualTo("1005");
        assertThat(referral.callType())
                .isEqualTo(new CallType("SERVICE - WELFARE CHECK", "SERVICE - WELFARE CHECK", null, null));
        assertThat(referral.location()).isEqualTo(new Location(null, null, null, null, "D1"));
        assertThat(referral.notes())
                .containsExactly(
                        "Event Clearance Description: CLEARED, NOTE ON TWO\nLINES",
                        "Call Type: 911",
                        "Arrived Time: 03/14/2025 9:30:00 PM",
                        "Precinct: WEST",
                        "Sector: DAVID");
        assertThat(referral.warnings())
                .containsExactly(
                        "column Priority: not a whole number; priority left empty",
                        "column Blurred_Longitude: not a number; ignored",
                        "columns Blurred_Latitude, Blurred_Longitude: only one of the pair is usable; coordinates not kept");
    }

    @Test
    void warnsAboutLocalTimesThatDaylightSavingRepeatsOrSkips() throws IOException {
        List<IntakeRecord> records = mapper.map(fixture("spd-some-bad-rows.csv"), SPD, CONTEXT);

        Referral repeated = recordOnLine(records, 10).referral();
        assertThat(repeated.occurredAt()).isEqualTo(Instant.parse("2025-11-02T08:30:00Z"));
        assertThat(repeated.warnings())
                .containsExactly("column Original Time Queued: falls in the hour repeated when"
                        + " daylight saving time ends; the earlier of the two instants was taken");
        Referral skipped = recordOnLine(records, 11).referral();
        assertThat(skipped.occurredAt()).isEqualTo(Instant.parse("2025-03-09T10:30:00Z"));
        assertThat(skipped.warnings())
                .containsExactly("column Original Time Queued: falls in the hour skipped when"
                        + " daylight saving time starts; moved forward by that hour");
    }

    // ---- files that cannot be read at all -----------------------------------------------------

    @Test
    void refusesAFileMissingAMappedColumnNamingIt() {
        byte[] renamed = new String(SharedSamples.read(SAMPLE), StandardCharsets.UTF_8)
                .replaceFirst(",Beat,", ",Area,")
                .getBytes(StandardCharsets.UTF_8);

        InvalidReferralException e = refusal(renamed, SPD, CONTEXT);

        assertThat(e.problems())
                .containsExactly(new Problem("line 1", "the header has no column Beat (mapping seattle-spd)"));
    }

    @Test
    void refusesAFileSeparatedByAnotherDelimiterWithAHint() {
        String semicolons = "CAD Event Number;Priority;Final Call Type\r\n2023000319821;2;--DISTURBANCE - OTHER\r\n";

        InvalidReferralException e = refusal(semicolons.getBytes(StandardCharsets.UTF_8), SPD, CONTEXT);

        assertThat(e.problems()).hasSize(SPD.columns().size() + 1);
        assertThat(e.problems().get(e.problems().size() - 1).reason())
                .isEqualTo("the header has a single column:"
                        + " is the file separated by something other than the mapping's delimiter ','?");
    }

    @Test
    void refusesAHeaderThatNamesAMappedColumnTwice() {
        String header = sampleLines().get(0) + ",Beat";

        InvalidReferralException e = refusal((header + "\n").getBytes(StandardCharsets.UTF_8), SPD, CONTEXT);

        assertThat(e.problems()).containsExactly(new Problem("line 1", "the header names column Beat more than once"));
    }

    @Test
    void refusesWhatIsNotCsvText() {
        byte[] pdf = {'%', 'P', 'D', 'F', '-', '1', '.', '7', '\n', (byte) 0xE2, (byte) 0xE3, (byte) 0xCF, (byte) 0xD3};
        assertThat(refusal(pdf, SPD, CONTEXT).problems().get(0).reason())
                .isEqualTo("not UTF-8 text (byte 9): is it a CSV file in the mapping's character set?");
        assertThat(refusal("{\"referrals\": []}".getBytes(StandardCharsets.UTF_8), SPD, CONTEXT)
                        .problems()
                        .get(0)
                        .reason())
                .isEqualTo("the header has no column CAD Event Number (mapping seattle-spd)");
        assertThat(refusal(new byte[0], SPD, CONTEXT).problems().get(0).reason())
                .isEqualTo("the file is empty; a header line is required");
        assertThat(refusal("\r\n\r\n".getBytes(StandardCharsets.UTF_8), SPD, CONTEXT)
                        .problems()
                        .get(0)
                        .reason())
                .isEqualTo("no header line");
    }

    @Test
    void refusesAFileThatStopsBeingCsvNamingTheLine() {
        List<String> lines = sampleLines();
        String broken = lines.get(0) + "\r\n" + lines.get(1) + "\r\n" + "2023000000001,\"UNCLOSED " + SECRET
                + ",911\r\n" + lines.get(2) + "\r\n";

        Problem problem = refusal(broken.getBytes(StandardCharsets.UTF_8), SPD, CONTEXT)
                .problems()
                .get(0);

        assertThat(problem)
                .isEqualTo(new Problem(
                        "line 3",
                        "cannot be read as CSV from line 3: a quoted field is not"
                                + " closed, or a closing quote is followed by other characters"));
    }

    @Test
    void acceptsAHeaderWithoutRowsAsNoRecords() {
        assertThat(mapper.map((sampleLines().get(0) + "\r\n").getBytes(StandardCharsets.UTF_8), SPD, CONTEXT))
                .isEmpty();
    }

    @Test
    void refusesMoreRowsThanTheLimit() {
        CsvMapping idOnly = CsvMappings.read(
                "test", "ids.csv.yaml", "source: ids\nsource-id:\n  columns: [id]\n".getBytes(StandardCharsets.UTF_8));
        String file = "id\n" + "1\n".repeat(CsvMapper.MAX_ROWS + 1);

        Problem problem = refusal(
                        file.getBytes(StandardCharsets.UTF_8), idOnly, new MapContext("demo", RECEIVED, "ids", POLICY))
                .problems()
                .get(0);

        assertThat(problem.reason())
                .isEqualTo("more than " + CsvMapper.MAX_ROWS + " rows; send the export in smaller files");
    }

    // ---- other mappings ------------------------------------------------------------------------

    @Test
    void aRowWhoseClosedColumnHoldsAClosingValueClosesItsIncidentAndOthersDoNot() {
        CsvMapping withStatus = CsvMappings.read(
                "test",
                "status.csv.yaml",
                "source: status\nsource-id:\n  columns: [id]\nclosed:\n  column: Status\n  values: [Closed, CANCELLED]\n"
                        .getBytes(StandardCharsets.UTF_8));
        String file = "id,Status\n1,OPEN\n2, closed \n3,cancelled\n4,\n";

        List<IntakeRecord> records = mapper.map(
                file.getBytes(StandardCharsets.UTF_8), withStatus, new MapContext("demo", RECEIVED, "status", POLICY));

        assertThat(records).extracting(r -> r.referral().revision().closed()).containsExactly(false, true, true, false);
        assertThat(records)
                .allSatisfy(r -> assertThat(r.referral().revision().updatedAt()).isNull());
    }

    @Test
    void aClosedColumnWithoutValuesIsRefused() {
        assertThatThrownBy(() -> CsvMappings.read(
                        "test",
                        "status.csv.yaml",
                        "source: status\nsource-id:\n  columns: [id]\nclosed:\n  column: Status\n"
                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("closed.values");
    }

    @Test
    void appliesAMappingWithSkippedLinesAnotherCharsetATwoColumnIdAFixedDoorChargesAndPersons() throws IOException {
        CsvMapping rms = CsvMappings.read("test", "rms-arrests.csv.yaml", fixture("rms-arrests.csv.yaml"));
        MapContext context = new MapContext("demo", RECEIVED, "rms-test", code -> Door.COMMUNITY);

        List<IntakeRecord> records = mapper.map(fixture("rms-arrests.csv"), rms, context);

        assertThat(records).extracting(r -> r.at().line()).containsExactly(4, 5);
        Referral first = records.get(0).referral();
        assertThat(first.source()).isEqualTo("rms-test");
        assertThat(first.sourceId()).isEqualTo("TESTPD/B-1");
        assertThat(first.door()).isEqualTo(Door.ARREST_DIVERSION);
        assertThat(first.occurredAt()).isEqualTo(Instant.parse("2025-03-15T02:05:00Z"));
        assertThat(first.callType()).isEqualTo(new CallType("9A.56.050", "Theft 3", null, null));
        assertThat(first.location()).isEqualTo(new Location("100 Main St, Springfield", null, null, null, "D2"));
        assertThat(first.referrer()).isEqualTo(new Referrer("TESTPD", "4471", null, "officer", null));
        assertThat(first.charges()).containsExactly(new Charge("9A.56.050", "RCW", "Theft 3"));
        assertThat(first.persons())
                .containsExactly(
                        new Person(List.of("Arrestee"), "Ren\u00e9e", "Example", "1984-07-19", "W", null, "F"));
        assertThat(first.notes()).containsExactly("Remarks: cooperative");
        assertThat(first.warnings()).isEmpty();

        Referral second = records.get(1).referral();
        assertThat(second.sourceId()).isEqualTo("TESTPD/B-2");
        assertThat(second.occurredAt()).isEqualTo(Instant.parse("2025-03-14T22:00:00Z"));
        assertThat(second.callType()).isNull();
        assertThat(second.location()).isNull();
        assertThat(second.charges()).isEmpty();
        assertThat(second.warnings()).containsExactly("column DOB: not a date in the pattern MM/dd/yyyy; ignored");
    }

    @Test
    void refusesToMapWithAContextWhoseSourceIsNotTheMappings() {
        IllegalArgumentException e = catchThrowableOfType(
                () -> mapper.map(SharedSamples.read(SAMPLE), SPD, new MapContext("demo", RECEIVED, "csv", POLICY)),
                IllegalArgumentException.class);

        assertThat(e).hasMessageContaining("source");
    }

    // ---- loading mappings ----------------------------------------------------------------------

    @Test
    void loadsTheDemoMappingFromTheClasspathAndOnlyWhenTheDemoIsOn() {
        assertThat(SPD.name()).isEqualTo("seattle-spd");
        assertThat(SPD.source()).isEqualTo("seattle-spd");
        assertThat(SPD.occurredAt().timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(new CsvMappings(true, null).names("demo")).contains("seattle-spd");
        assertThat(new CsvMappings(false, null).find("demo", "seattle-spd")).isEmpty();
    }

    @Test
    void loadsASitesMappingsFromItsFolderUnderTheSiteIdItsSiteYamlGives() throws IOException {
        Path mappings = Files.createDirectories(temp.resolve("folder-name/mappings"));
        Files.writeString(temp.resolve("folder-name/site.yaml"), "id: riverside\nname: Riverside\n");
        Files.write(mappings.resolve("rms-arrests.csv.yaml"), fixture("rms-arrests.csv.yaml"));
        Files.writeString(mappings.resolve("README.txt"), "not a mapping");

        CsvMappings loaded = new CsvMappings(false, temp);

        assertThat(loaded.find("riverside", "rms-arrests"))
                .get()
                .extracting(CsvMapping::source)
                .isEqualTo("rms-test");
        assertThat(loaded.names("riverside")).containsExactly("rms-arrests");
        assertThat(loaded.find("folder-name", "rms-arrests")).isEmpty();
    }

    @Test
    void refusesAnInvalidMappingNamingEveryProblem() {
        String yaml = """
                source: Not Valid
                file:
                  delimiter: "::"
                  charset: no-such-charset
                occurred-at:
                  column: When
                  pattern: MM/dd/yyyy
                  time-zone: Mars/Olympus
                call-type:
                  priority: Priority
                door: JAIL
                """;

        CsvMappings.InvalidMappingException e = catchThrowableOfType(
                () -> CsvMappings.read(
                        "site/mappings/bad.csv.yaml", "bad.csv.yaml", yaml.getBytes(StandardCharsets.UTF_8)),
                CsvMappings.InvalidMappingException.class);

        assertThat(e.getMessage())
                .startsWith("site/mappings/bad.csv.yaml: CSV mapping refused:")
                .contains(
                        "source: lower-case letters",
                        "file.delimiter:",
                        "file.charset:",
                        "source-id.columns: required",
                        "occurred-at.time-zone:",
                        "occurred-at.pattern:",
                        "call-type.code: required",
                        "door: ARREST_DIVERSION, SOCIAL_CONTACT or COMMUNITY");
    }

    @Test
    void refusesAMappingWithAnUnknownFieldNamingIt() {
        CsvMappings.InvalidMappingException e = catchThrowableOfType(
                () -> CsvMappings.read(
                        "m.csv.yaml",
                        "m.csv.yaml",
                        "source: x\nsource-id:\n  colums: [id]\n".getBytes(StandardCharsets.UTF_8)),
                CsvMappings.InvalidMappingException.class);

        assertThat(e.getMessage()).isEqualTo("m.csv.yaml: source-id.colums: unknown field");
    }

    // ---- privacy -------------------------------------------------------------------------------

    @Test
    void noReasonWarningOrProblemQuotesAValue() {
        String header = sampleLines().get(0);
        String rows = header + "\n"
                + SECRET + ",X,911," + SECRET + ",X,--X," + SECRET + ",,EAST,CHARLIE,C3," + SECRET + "," + SECRET + "\n"
                + SECRET + ",X,911,2,X,--X,01/01/2024 1:00:00 PM,,EAST,CHARLIE,C3," + SECRET + ",99\n"
                + SECRET + "," + SECRET + "\n"
                + SECRET.repeat(20) + ",X,911,2,X,--X,01/01/2024 1:00:00 PM,,EAST,CHARLIE,C3,1,1\n";

        List<String> texts = new ArrayList<>();
        for (IntakeRecord record : mapper.map(rows.getBytes(StandardCharsets.UTF_8), SPD, CONTEXT)) {
            texts.add(
                    record.rejection() != null
                            ? record.rejection()
                            : String.join("|", record.referral().warnings()));
        }
        texts.add(refusal((SECRET + "\n").getBytes(StandardCharsets.UTF_8), SPD, CONTEXT)
                .getMessage());
        texts.add(refusal(
                        (header + "\n1,\"" + SECRET + "\"" + SECRET + "\n").getBytes(StandardCharsets.UTF_8),
                        SPD,
                        CONTEXT)
                .getMessage());

        assertThat(texts).hasSize(6).allMatch(text -> !text.isEmpty()).noneMatch(text -> text.contains("SECRET"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private InvalidReferralException refusal(byte[] body, CsvMapping mapping, MapContext context) {
        InvalidReferralException e =
                catchThrowableOfType(() -> mapper.map(body, mapping, context), InvalidReferralException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).doesNotContain(SECRET);
        return e;
    }

    private static IntakeRecord recordOnLine(List<IntakeRecord> records, int line) {
        return records.stream().filter(r -> r.at().line() == line).findFirst().orElseThrow();
    }

    private static Instant occurredAtOnLine(List<IntakeRecord> records, int line) {
        return recordOnLine(records, line).referral().occurredAt();
    }

    private static List<String> sampleLines() {
        return List.of(new String(SharedSamples.read(SAMPLE), StandardCharsets.UTF_8).split("\r\n"));
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = CsvMapperTest.class.getResourceAsStream("/csv/" + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing fixture " + name));
            }
            return in.readAllBytes();
        }
    }

    // ---- exclusion facts -----------------------------------------------------------------------

    @Test
    void screeningColumnsStateTheExclusionFactsAndAnythingElseLeavesThemUnknown() {
        CsvMapping arrests = CsvMappings.read("test", "arrests.csv.yaml", """
                source: rms
                source-id: {columns: [id]}
                door: ARREST_DIVERSION
                screening:
                  violent-offence: Violent
                  weapon: Weapon
                  drug-quantity-grams: Grams
                  protection-order-violation: Order
                  yes: [Y, Oui]
                """.getBytes(StandardCharsets.UTF_8));
        String file = "id,Violent,Weapon,Grams,Order\n" + "1,N,,2.5,oui\n" + "2,N,Y,,N\n" + "3,maybe,,lots,\n";

        List<IntakeRecord> records = mapper.map(
                file.getBytes(StandardCharsets.UTF_8), arrests, new MapContext("demo", RECEIVED, "rms", POLICY));

        Referral.Screening first = records.get(0).referral().screening();
        assertThat(first.violentOffence()).isFalse();
        assertThat(first.drugQuantityGrams()).isEqualTo(2.5);
        assertThat(first.protectionOrderViolation()).isTrue();
        assertThat(records.get(1).referral().screening().violentOffence())
                .as("a weapon used is a violent offence")
                .isTrue();
        Referral third = records.get(2).referral();
        assertThat(third.screening().violentOffence()).isNull();
        assertThat(third.screening().drugQuantityGrams()).isNull();
        assertThat(third.screening().protectionOrderViolation()).isNull();
        assertThat(third.warnings())
                .containsExactly(
                        "column Violent: neither a yes nor a no of the mapping; treated as unknown",
                        "column Grams: not a quantity in grams; treated as unknown");
    }
}
