package org.doorway.site;

import java.time.Instant;

/**
 * A stretch of time one case manager is on call in one layer, overrides applied.
 *
 * @param member the case manager's id
 * @param start  when it begins (inclusive)
 * @param end    when it ends (exclusive); always after {@code start}
 */
public record Shift(String member, Instant start, Instant end) {

    public Shift {
        if (member == null || start == null || end == null || !start.isBefore(end)) {
            throw new IllegalArgumentException("a shift needs a member and a start before its end");
        }
    }

    /** Whether {@code at} lies within this shift. */
    public boolean contains(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }
}
