package org.doorway.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.doorway.intake.InvalidReferralException.Problem;
import org.doorway.referral.Referral;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The properties every parser's fuzz test ({@code *FuzzTest}) checks, and what they share.
 *
 * <p>Checks throw {@link AssertionError} with a short message; Jazzer reports any throwable as a
 * finding and keeps the input, and in regression mode the seed's test fails. They are plain
 * conditions rather than AssertJ chains so that fuzzing stays fast.
 *
 * <p>{@link #MARKER} is planted by the seeds wherever a parser might quote a value (text, attribute
 * values, cells, ids, numbers' neighbours). No refusal, unreadable-record reason or warning may
 * contain it, and no referral may contain it unless it sits where the format says text is kept.
 */
public final class FuzzTestSupport {

    /** Planted in seed values; must never be quoted back, nor kept from where a parser drops text. */
    public static final String MARKER = "QQLEAKQQ";

    /** When every test pretends the body was received. */
    public static final Instant RECEIVED = Instant.parse("2026-01-15T12:00:00Z");

    /** The time bound for one input, in seconds (JUnit's @Timeout, Jazzer's -timeout while fuzzing). */
    public static final long SECONDS_PER_INPUT = 10;

    /**
     * The bound for one generated big input (100,001 CSV rows, 5 MB bodies): long enough for a
     * loaded two-core machine, short of the minutes a backtracking pattern or a quadratic loop takes.
     */
    public static final long SECONDS_PER_BIG_INPUT = 60;

    /** Bodies up to this size are mapped twice, to check the answer does not change. */
    public static final int MAP_TWICE_UP_TO = 1024 * 1024;

    /** The earliest instant PostgreSQL's timestamptz holds (4713 BC, proleptic year -4712). */
    public static final Instant PG_MIN = LocalDateTime.of(-4712, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
    /** The latest instant PostgreSQL's timestamptz holds. */
    public static final Instant PG_MAX =
            LocalDateTime.of(294276, 12, 31, 23, 59, 59).toInstant(ZoneOffset.UTC);

    private FuzzTestSupport() {}

    public static void check(boolean holds, String property) {
        if (!holds) {
            throw new AssertionError(property);
        }
    }

    public static boolean hasMarker(String text) {
        return text != null && text.contains(MARKER);
    }

    /**
     * A refusal is clear: a title, at least one problem, each naming where and why; it carries no
     * cause (whose message could quote the input) and nothing in it quotes a value.
     *
     * @param fieldsMayHoldMarker true when the input has the marker in a name a problem's field may
     *                            legitimately name (a JSON member name in a pointer)
     */
    public static void checkRefusal(InvalidReferralException e, String title, boolean fieldsMayHoldMarker) {
        check(title.equals(e.title()), "refusal has an unexpected title: " + e.title());
        check(e.getMessage() != null && !e.getMessage().isBlank(), "refusal has no message");
        check(e.getCause() == null, "refusal carries a cause, whose message may quote the input");
        check(e.problems() != null && !e.problems().isEmpty(), "refusal names no problem");
        for (Problem problem : e.problems()) {
            check(problem.field() != null && !problem.field().isBlank(), "a problem names no field");
            check(problem.reason() != null && !problem.reason().isBlank(), "a problem gives no reason");
            check(!hasMarker(problem.reason()), "a problem's reason quotes the input: " + problem.reason());
            check(
                    fieldsMayHoldMarker || !hasMarker(problem.field()),
                    "a problem's field quotes the input: " + problem.field());
        }
        check(fieldsMayHoldMarker || !hasMarker(e.getMessage()), "the refusal's message quotes the input");
        check(e.problems().size() <= 51, "a refusal lists more than 50 problems and a count");
    }

    /**
     * Records read from a multi-record body are in order, each either a referral or an unreadable
     * record with a reason that quotes nothing; every referral belongs to {@code context}.
     *
     * @param byLine true when positions are lines in a file (CSV), false for list indexes
     */
    public static void checkRecords(List<IntakeRecord> records, MapContext context, boolean byLine) {
        check(records != null, "no list of records");
        int previous = byLine ? 0 : -1;
        for (int i = 0; i < records.size(); i++) {
            IntakeRecord record = records.get(i);
            check(record != null && record.at() != null, "a record has no position");
            if (byLine) {
                check(record.at().index() == null && record.at().line() != null, "a CSV record is not at a line");
                check(record.at().line() > previous, "CSV records are not in increasing line order");
                previous = record.at().line();
            } else {
                check(
                        Integer.valueOf(i).equals(record.at().index())
                                && record.at().line() == null,
                        "records are not numbered 0, 1, 2… in order");
            }
            check(record.decision() == null, "a mapper took a triage decision");
            if (record.referral() == null) {
                check(
                        record.rejection() != null && !record.rejection().isBlank(),
                        "an unreadable record gives no reason");
                check(
                        !hasMarker(record.rejection()),
                        "an unreadable record's reason quotes the input: " + record.rejection());
            } else {
                check(record.rejection() == null, "a read record is also rejected");
                checkReferral(record.referral(), context.site(), context.source());
            }
        }
    }

    /** What every mapper's referral must be, whatever the input. */
    public static void checkReferral(Referral referral, String site, String source) {
        check(site.equals(referral.site()), "the referral is not the context's site");
        check(source.equals(referral.source()), "the referral is not the context's source");
        check(RECEIVED.equals(referral.receivedAt()), "receivedAt is not the context's");
        check(referral.door() != null, "the referral has no door");
        check(referral.sourceId() != null && !referral.sourceId().isBlank(), "the referral has no source id");
        for (String warning : referral.warnings()) {
            check(warning != null && !warning.isBlank(), "a blank warning");
        }
        if (referral.location() != null) {
            Referral.Location location = referral.location();
            check((location.latitude() == null) == (location.longitude() == null), "half a coordinate pair");
            if (location.latitude() != null) {
                check(
                        Math.abs(location.latitude()) <= 90 && Math.abs(location.longitude()) <= 180,
                        "coordinates out of range");
            }
        }
        referral.persons().forEach(Objects::requireNonNull);
        referral.charges().forEach(Objects::requireNonNull);
        referral.notes().forEach(note -> check(note != null && !note.isBlank(), "a blank note"));
    }

    /**
     * At most 50 warnings and a count of the rest, none repeated: what {@code EidoFindings} promises,
     * so that a hostile body cannot make a stored referral grow without bound.
     */
    public static void checkWarningsBounded(Referral referral) {
        check(
                referral.warnings().size() <= 51,
                "more than 50 warnings and a count: " + referral.warnings().size());
        check(
                new java.util.HashSet<>(referral.warnings()).size()
                        == referral.warnings().size(),
                "a warning is repeated");
    }

    /** No warning of the referral quotes the input. */
    public static void checkWarningsQuoteNothing(Referral referral) {
        for (String warning : referral.warnings()) {
            check(!hasMarker(warning), "a warning quotes the input: " + warning);
        }
    }

    /**
     * Storable in PostgreSQL as {@code ReferralStore} writes it: no NUL character in any text (text
     * and jsonb refuse it) and an occurredAt inside timestamptz's range.
     */
    public static void checkStorable(Referral referral) {
        check(
                referral.occurredAt() == null
                        || (!referral.occurredAt().isBefore(PG_MIN)
                                && !referral.occurredAt().isAfter(PG_MAX)),
                "occurredAt is outside what PostgreSQL's timestamptz can store: " + referral.occurredAt());
        check(
                referral.toString().indexOf('\u0000') < 0,
                "the referral holds a NUL character, which PostgreSQL text and jsonb cannot store");
    }

    /**
     * The public samples in {@code ../shared/samples} whose file name {@code accepts}, as named
     * arguments, to be run (and, while fuzzing, seeded) with a fuzz test. None when the folder is
     * absent; the mapper unit tests already say so by skipping.
     */
    public static Stream<Arguments> sharedSamples(Predicate<String> accepts) {
        Path dir =
                Path.of(System.getProperty("doorway.shared.dir", "../shared")).resolve("samples");
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files
                    .filter(Files::isRegularFile)
                    .filter(file -> accepts.test(file.getFileName().toString()))
                    .sorted()
                    .map(file -> Arguments.of(Named.of("shared sample " + file.getFileName(), read(file))))
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code unit} repeated until the result has at least {@code bytes} bytes (ASCII units). */
    public static String repeat(String unit, int bytes) {
        return unit.repeat(Math.max(1, (bytes + unit.length() - 1) / unit.length()));
    }
}
