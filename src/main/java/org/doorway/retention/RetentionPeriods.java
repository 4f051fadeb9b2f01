package org.doorway.retention;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How long a site keeps each kind of record, as ISO-8601 periods ({@code retention:} in
 * {@code site.yaml}; every key optional, the default below when absent).
 *
 * @param referrals            a referral of someone never enrolled: its personal content is
 *                             de-identified this long after it was received (once nothing about it
 *                             is still open). Default {@code P1Y}
 * @param handoffs             a closed handoff's page and notice texts, its one-tap links and the
 *                             local outbox: this long after the handoff closed. Default {@code P90D}
 * @param participants         a referral of an enrolled participant: kept while the participant is
 *                             active, de-identified this long after they became inactive. Default
 *                             {@code P3Y}
 * @param deadLetters          a body a door refused: deleted this long after it was last seen.
 *                             Default {@code P30D}
 * @param versions             the earlier versions a source sent of a referral (the latest is the
 *                             referral itself): deleted this long after they came. Default
 *                             {@code P90D}
 * @param audit                access audit entries: deleted this long after they were recorded; at
 *                             least six years (HIPAA's documentation rule). Default {@code P6Y}
 */
record RetentionPeriods(
        Period referrals, Period handoffs, Period participants, Period deadLetters, Period versions, Period audit) {

    static final Period AUDIT_MINIMUM = Period.ofYears(6);

    static final RetentionPeriods DEFAULTS = new RetentionPeriods(
            Period.ofYears(1),
            Period.ofDays(90),
            Period.ofYears(3),
            Period.ofDays(30),
            Period.ofDays(90),
            AUDIT_MINIMUM);

    /** The keys of the {@code retention:} block, as written in site.yaml. */
    static final List<String> KEYS =
            List.of("referrals", "handoffs", "participants", "dead-letters", "versions", "audit");

    /** A retention block that cannot be used; the message names the file and each bad key. */
    static final class InvalidRetentionException extends RuntimeException {
        InvalidRetentionException(String message) {
            super(message);
        }
    }

    /**
     * Reads a site's {@code retention:} block ({@code null}: absent, the defaults).
     *
     * @param file where it came from, for messages
     * @throws InvalidRetentionException naming every bad key: an unknown key, a value that is not an
     *     ISO-8601 period of whole days, months or years (e.g. {@code P90D}, {@code P1Y}), not
     *     positive, or an audit period under six years
     */
    static RetentionPeriods read(String file, JsonNode block) {
        if (block == null || block.isNull() || block.isMissingNode()) {
            return DEFAULTS;
        }
        List<String> problems = new ArrayList<>();
        if (!block.isObject()) {
            throw new InvalidRetentionException(
                    file + ": retention: must be a map of periods such as 'referrals: P1Y'");
        }
        for (Iterator<String> names = block.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                problems.add("retention." + name + ": unknown field (known: " + String.join(", ", KEYS) + ")");
            }
        }
        Period referrals = period(block, "referrals", DEFAULTS.referrals(), problems);
        Period handoffs = period(block, "handoffs", DEFAULTS.handoffs(), problems);
        Period participants = period(block, "participants", DEFAULTS.participants(), problems);
        Period deadLetters = period(block, "dead-letters", DEFAULTS.deadLetters(), problems);
        Period versions = period(block, "versions", DEFAULTS.versions(), problems);
        Period audit = period(block, "audit", DEFAULTS.audit(), problems);
        if (audit != null && shorter(audit, AUDIT_MINIMUM)) {
            problems.add("retention.audit: at least P6Y (HIPAA keeps documentation six years)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRetentionException(file + ": " + String.join("; ", problems));
        }
        return new RetentionPeriods(referrals, handoffs, participants, deadLetters, versions, audit);
    }

    /** The instant {@code period} before {@code now} (months and years on the calendar, in UTC). */
    static Instant before(Instant now, Period period) {
        return now.atOffset(ZoneOffset.UTC).minus(period).toInstant();
    }

    /** The defaults as a map, for the documentation and the page. */
    Map<String, Period> asMap() {
        return Map.of(
                "referrals", referrals,
                "handoffs", handoffs,
                "participants", participants,
                "dead-letters", deadLetters,
                "versions", versions,
                "audit", audit);
    }

    private static boolean shorter(Period period, Period than) {
        Instant at = Instant.parse("2000-01-01T00:00:00Z");
        return before(at, period).isAfter(before(at, than));
    }

    private static Period period(JsonNode block, String key, Period fallback, List<String> problems) {
        JsonNode value = block.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        String text = value.asText().strip();
        try {
            Period period = Period.parse(text);
            if (period.isNegative() || period.isZero()) {
                problems.add("retention." + key + ": must be longer than nothing, e.g. P90D or P1Y");
                return null;
            }
            return period;
        } catch (DateTimeParseException e) {
            problems.add("retention." + key + ": not an ISO-8601 period such as P30D, P6M or P1Y");
            return null;
        }
    }
}
