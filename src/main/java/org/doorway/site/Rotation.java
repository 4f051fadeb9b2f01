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
 * and local time. A hand-off at 09:00 stays at 09:00 across daylight-saving changes; one inside
 * the repeated autumn hour happens at its first occurrence, and one inside the skipped spring hour
 * when the clocks jump.
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
        // Estimate in local time, then settle on real instants: each hand-over is the configured
        // wall-clock time of its week, which in an autumn overlap means its first occurrence.
        long weeks = ChronoUnit.WEEKS.between(firstShift, LocalDateTime.ofInstant(at, zone));
        while (at.isBefore(handOver(weeks, zone))) {
            weeks--;
        }
        while (!at.isBefore(handOver(weeks + 1, zone))) {
            weeks++;
        }
        return (int) Math.floorMod(weeks, (long) members.size());
    }

    /**
     * The instant of a week's hand-over: its wall-clock time, or, when that time is skipped by a
     * spring-forward gap, the moment the clocks jump.
     */
    private Instant handOver(long week, ZoneId zone) {
        LocalDateTime local = firstShift.plusWeeks(week);
        java.time.zone.ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return local.atZone(zone).toInstant();
    }

    /**
     * Who escalation step {@code step} pages for a handoff requested at {@code requestedAt}: step 0
     * is whoever was on call then, each later step the next member in rotation order, wrapping round.
     */
    public String memberForStep(Instant requestedAt, ZoneId zone, int step) {
        return members.get(Math.floorMod(onCallIndex(requestedAt, zone) + step, members.size()));
    }
}
