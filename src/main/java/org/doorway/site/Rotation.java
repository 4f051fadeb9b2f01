package org.doorway.site;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * A weekly on-call rotation: each member in turn holds one week, handing over on the same weekday
 * and local time. Computed in the site's local time, so a hand-off at 09:00 stays at 09:00 across
 * daylight-saving changes.
 *
 * @param firstShift when the first member's first week began, in site local time
 * @param members    case manager ids in rotation order; never empty
 */
public record Rotation(LocalDateTime firstShift, List<String> members) {

    public Rotation {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("a rotation needs at least one member");
        }
        members = List.copyOf(members);
    }

    /** A rotation handing over weekly on {@code day} at {@code time}, starting the week of {@code from}. */
    static Rotation weekly(java.time.LocalDate from, DayOfWeek day, LocalTime time, List<String> members) {
        return new Rotation(from.with(TemporalAdjusters.nextOrSame(day)).atTime(time), members);
    }

    /** The position in {@link #members()} of whoever is on call at {@code at}. */
    public int onCallIndex(Instant at, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        long weeks = ChronoUnit.WEEKS.between(firstShift, local); // whole weeks, truncated towards zero
        if (local.isBefore(firstShift.plusWeeks(weeks))) {
            weeks--; // before the first shift: round down, not towards zero
        }
        return (int) Math.floorMod(weeks, (long) members.size());
    }

    /**
     * Who escalation step {@code step} pages for a handoff requested at {@code requestedAt}: step 0
     * is whoever was on call then, each later step the next member in rotation order, wrapping round.
     */
    public String memberForStep(Instant requestedAt, ZoneId zone, int step) {
        return members.get(Math.floorMod(onCallIndex(requestedAt, zone) + step, members.size()));
    }
}
