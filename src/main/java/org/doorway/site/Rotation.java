package org.doorway.site;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;

/**
 * An on-call rotation: each member in turn holds one shift of {@code shiftLength}, the shifts
 * following each other on the wall clock. Shift {@code n} begins at {@code firstShift + n ×
 * shiftLength} local time, for every whole {@code n}, negative ones included: the rotation runs
 * backwards from its first hand-off as well as forwards, so someone is always on call.
 *
 * <p>A hand-over at 09:00 stays at 09:00 across daylight-saving changes. One that falls inside the
 * repeated autumn hour happens at its first occurrence; one that falls inside the skipped spring
 * hour happens when the clocks jump. A shift can therefore be an hour shorter or longer than
 * {@code shiftLength}, and a one-hour shift that lies wholly inside the skipped hour does not
 * happen at all (its member's turn passes).
 *
 * @param firstShift  the local date-time of the first hand-off, to the first member
 * @param shiftLength how long each member holds the shift, on the wall clock; a positive whole
 *                    number of minutes
 * @param members     case manager ids in rotation order; never empty
 */
public record Rotation(LocalDateTime firstShift, Duration shiftLength, List<String> members) {

    /** One week: the length of the shifts of a rotation built without one. */
    public static final Duration WEEK = Duration.ofDays(7);

    public Rotation {
        if (firstShift == null) {
            throw new IllegalArgumentException("a rotation needs its first hand-off");
        }
        if (shiftLength == null
                || shiftLength.toMinutes() < 1
                || !shiftLength.equals(Duration.ofMinutes(shiftLength.toMinutes()))) {
            throw new IllegalArgumentException("a rotation's shifts last a positive whole number of minutes");
        }
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("a rotation needs at least one member");
        }
        members = List.copyOf(members);
    }

    /** A weekly rotation: each member holds one week, from {@code firstShift}'s weekday and time. */
    public Rotation(LocalDateTime firstShift, List<String> members) {
        this(firstShift, WEEK, members);
    }

    /**
     * The number of the shift under way at {@code at}: 0 for the one beginning at
     * {@link #firstShift()}, negative before it.
     */
    public long shiftNumber(Instant at, ZoneId zone) {
        // Estimate on the wall clock, then settle on real instants: the two differ by no more than
        // a daylight-saving change, so this moves a step or two at most.
        long minutes =
                Duration.between(firstShift, LocalDateTime.ofInstant(at, zone)).toMinutes();
        long n = Math.floorDiv(minutes, shiftLength.toMinutes());
        while (at.isBefore(handOver(n, zone))) {
            n--;
        }
        while (!at.isBefore(handOver(n + 1, zone))) {
            n++;
        }
        return n;
    }

    /** The position in {@link #members()} of whoever is on call at {@code at}. */
    public int onCallIndex(Instant at, ZoneId zone) {
        return memberIndex(shiftNumber(at, zone));
    }

    /** The position in {@link #members()} of whoever holds shift {@code n}. */
    public int memberIndex(long n) {
        return (int) Math.floorMod(n, (long) members.size());
    }

    /**
     * The instant shift {@code n} begins (and shift {@code n - 1} ends): its wall-clock time, read
     * as {@link #instant(LocalDateTime, ZoneId)} does.
     */
    public Instant handOver(long n, ZoneId zone) {
        return instant(firstShift.plus(shiftLength.multipliedBy(n)), zone);
    }

    /**
     * Who escalation step {@code step} pages for a handoff requested at {@code requestedAt}: step 0
     * is whoever was on call then, each later step the next member in rotation order, wrapping round.
     */
    public String memberForStep(Instant requestedAt, ZoneId zone, int step) {
        return members.get(Math.floorMod(onCallIndex(requestedAt, zone) + step, members.size()));
    }

    /**
     * The instant a local date-time names in {@code zone}: in an autumn overlap its first
     * occurrence, and in a spring gap the moment the clocks jump (so a hand-over "at 02:30" on the
     * night 02:00 becomes 03:00 happens at 03:00).
     */
    static Instant instant(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return local.atZone(zone).toInstant(); // the earlier offset in an overlap
    }
}
