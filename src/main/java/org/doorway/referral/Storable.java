package org.doorway.referral;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether a referral can be stored as {@link ReferralStore} writes it. PostgreSQL's text and jsonb
 * refuse the NUL character (U+0000), which JSON can carry as {@code \u0000} and CSV as a raw byte;
 * and a time Java can read ({@code +999999999-12-31T23:59:59Z}) may lie beyond what timestamptz
 * holds. A mapper that let either through would turn a source's bad input into a failed commit
 * (HTTP 500, a Kafka record retried for ever) instead of a clear refusal.
 *
 * <p>Times and dates must fall in the years 1 to 9999, the years ISO 8601 writes with four digits.
 *
 * <p>Identifiers and codes ({@link #IDENTIFIERS}: the source's id of the record, call type and
 * charge codes, agency, agent, role, callback, zone) are at most {@value #MAX_IDENTIFIER}
 * characters. A source id is part of a unique index, whose rows PostgreSQL limits to about 2,700
 * bytes: a longer one would fail the commit on every resend instead of being refused once.
 */
public final class Storable {

    private static final Instant EARLIEST =
            LocalDate.of(1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant LATEST =
            LocalDate.of(10000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    /** The longest identifier or code a referral may carry, in characters. */
    public static final int MAX_IDENTIFIER = 200;

    /** The record components, by name, that hold identifiers or codes rather than free text. */
    static final java.util.Set<String> IDENTIFIERS = java.util.Set.of(
            "site",
            "source",
            "sourceId",
            "code",
            "commonCode",
            "codeSystem",
            "agency",
            "agent",
            "role",
            "callback",
            "zone");

    private Storable() {}

    /**
     * What keeps a referral from being stored.
     *
     * @param field  the canonical field, such as {@code persons[0].name}
     * @param reason why, quoting no value
     */
    public record Problem(String field, String reason) {
        @Override
        public String toString() {
            return field + ": " + reason;
        }
    }

    /** What keeps {@code referral} from being stored (the first thing found), or empty when nothing does. */
    public static Optional<Problem> problem(Referral referral) {
        return problem(referral, "");
    }

    private static Optional<Problem> problem(Object value, String path) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            if (text.indexOf('\u0000') >= 0) {
                return Optional.of(new Problem(name(path), "holds a NUL character (U+0000), which cannot be stored"));
            }
            return text.length() > MAX_IDENTIFIER && IDENTIFIERS.contains(last(path))
                    ? Optional.of(new Problem(name(path), "longer than " + MAX_IDENTIFIER + " characters"))
                    : Optional.empty();
        }
        if (value instanceof Instant instant) {
            return instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)
                    ? Optional.of(new Problem(name(path), "outside the years 1 to 9999"))
                    : Optional.empty();
        }
        if (value instanceof LocalDate date) {
            return date.getYear() < 1 || date.getYear() > 9999
                    ? Optional.of(new Problem(name(path), "outside the years 1 to 9999"))
                    : Optional.empty();
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Optional<Problem> found = problem(list.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (value instanceof java.util.Map<?, ?> map) {
            // Entries by number: a key may be the source's own words.
            int i = 0;
            for (var entry : map.entrySet()) {
                String at = path + "{" + i++ + "}";
                Optional<Problem> found = problem(entry.getKey(), at).or(() -> problem(entry.getValue(), at));
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (value.getClass().isRecord()) {
            for (Component component : COMPONENTS.get(value.getClass())) {
                Optional<Problem> found = problem(
                        component.read(value), path.isEmpty() ? component.name() : path + "." + component.name());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The last component name of a path such as {@code charges[0].code}. */
    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String name(String path) {
        return path.isEmpty() ? "referral" : path;
    }

    /** A record component and its accessor, looked up once per record class. */
    private record Component(String name, Method accessor) {
        Object read(Object record) {
            try {
                return accessor.invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + name, e);
            }
        }
    }

    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents())
                    .map(component -> {
                        Method accessor = component.getAccessor();
                        accessor.setAccessible(true);
                        return new Component(component.getName(), accessor);
                    })
                    .toList();
        }
    };
}
