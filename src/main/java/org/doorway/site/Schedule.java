package org.doorway.site;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One on-call layer of a site (primary, backup, supervisor…): a {@link Rotation}, or a single
 * member who is always on call, with temporary {@link ScheduleOverride overrides} on top.
 * Immutable; answers for any instant, past or future.
 */
public final class Schedule {

    private final String layer;
    private final ZoneId zone;
    private final Rotation rotation;
    private final String fixedMember;
    private final List<ScheduleOverride> overrides;

    private Schedule(
            String layer, ZoneId zone, Rotation rotation, String fixedMember, List<ScheduleOverride> overrides) {
        if (layer == null || zone == null) {
            throw new IllegalArgumentException("a schedule needs a layer name and a time zone");
        }
        this.layer = layer;
        this.zone = zone;
        this.rotation = rotation;
        this.fixedMember = fixedMember;
        this.overrides = List.copyOf(overrides);
    }

    /**
     * A layer that rotates.
     *
     * @param overrides in file order: where they overlap, the later wins (see {@link ScheduleOverride})
     */
    public static Schedule rotating(String layer, ZoneId zone, Rotation rotation, List<ScheduleOverride> overrides) {
        if (rotation == null) {
            throw new IllegalArgumentException("a rotating layer needs a rotation");
        }
        return new Schedule(layer, zone, rotation, null, overrides);
    }

    /** A layer held by one member all the time, except where {@code overrides} say otherwise. */
    public static Schedule fixed(String layer, ZoneId zone, String member, List<ScheduleOverride> overrides) {
        if (member == null) {
            throw new IllegalArgumentException("a fixed layer needs its member");
        }
        return new Schedule(layer, zone, null, member, overrides);
    }

    /** The layer's name, as escalation steps name it. */
    public String layer() {
        return layer;
    }

    /** The zone the layer's hand-offs and overrides are read in. */
    public ZoneId zone() {
        return zone;
    }

    /** The rotation, or empty for a layer held by one member without hand-overs. */
    public Optional<Rotation> rotation() {
        return Optional.ofNullable(rotation);
    }

    /** The layer's own members, in rotation order (overrides may name others). */
    public List<String> members() {
        return rotation == null ? List.of(fixedMember) : rotation.members();
    }

    /**
     * This layer with {@code more} overrides applied after its own (so winning where they overlap),
     * as the overrides stored in Doorway apply after the file's.
     */
    Schedule withOverrides(List<ScheduleOverride> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<ScheduleOverride> all = new ArrayList<>(overrides);
        all.addAll(more);
        return new Schedule(layer, zone, rotation, fixedMember, all);
    }

    /** The layer's overrides, in the order they apply. */
    public List<ScheduleOverride> overrides() {
        return overrides;
    }

    /**
     * The id of the case manager on call in this layer at {@code at}, overrides applied. Every
     * layer this version reads always has someone on call, so this is empty only for layers that
     * a later version may restrict (to hours of the week, for example).
     */
    public Optional<String> onCall(Instant at) {
        return Optional.of(applyOverrides(at, scheduled(at)));
    }

    /**
     * The shifts in this layer that overlap {@code [from, to)}, in order, overrides applied. Each
     * keeps its real start and end, even outside the window: a shift begins at a hand-over or where
     * an override begins, and ends at the next hand-over or where an override changes who is on
     * call. Consecutive pieces with the same member within one rotation shift are one shift; a
     * hand-over always ends a shift, even to the same member. A layer without hand-overs (one
     * fixed member) has no real ends, so its shifts are cut at the window's edges.
     *
     * @return an empty list when {@code from} is not before {@code to}
     */
    public List<Shift> shifts(Instant from, Instant to) {
        List<Shift> shifts = new ArrayList<>();
        if (!from.isBefore(to)) {
            return shifts;
        }
        if (rotation == null) {
            addPieces(shifts, fixedMember, from, to, from, to);
            return shifts;
        }
        for (long n = rotation.shiftNumber(from, zone); ; n++) {
            Instant start = rotation.handOver(n, zone);
            if (!start.isBefore(to)) {
                break;
            }
            Instant end = rotation.handOver(n + 1, zone);
            if (start.isBefore(end)) { // a shift lost wholly in a spring-forward gap does not happen
                addPieces(shifts, rotation.members().get(rotation.memberIndex(n)), start, end, from, to);
            }
        }
        return shifts;
    }

    /**
     * Splits one rotation shift {@code [start, end)} where overrides begin or end, applies them to
     * each piece, joins neighbouring pieces with the same member, and keeps those overlapping the
     * window.
     */
    private void addPieces(List<Shift> shifts, String member, Instant start, Instant end, Instant from, Instant to) {
        TreeSet<Instant> cuts = new TreeSet<>();
        cuts.add(start);
        cuts.add(end);
        for (ScheduleOverride o : overrides) {
            if (o.from().isAfter(start) && o.from().isBefore(end)) {
                cuts.add(o.from());
            }
            if (o.to().isAfter(start) && o.to().isBefore(end)) {
                cuts.add(o.to());
            }
        }
        List<Shift> pieces = new ArrayList<>();
        Instant pieceStart = null;
        for (Instant cut : cuts) {
            if (pieceStart != null) {
                String holder = applyOverrides(pieceStart, member);
                Shift last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
                if (last != null && last.member().equals(holder)) {
                    pieces.set(pieces.size() - 1, new Shift(holder, last.start(), cut));
                } else {
                    pieces.add(new Shift(holder, pieceStart, cut));
                }
            }
            pieceStart = cut;
        }
        for (Shift piece : pieces) {
            if (piece.end().isAfter(from) && piece.start().isBefore(to)) {
                shifts.add(piece);
            }
        }
    }

    /** Who the rotation (or the fixed member) puts on call at {@code at}, before overrides. */
    private String scheduled(Instant at) {
        return rotation == null ? fixedMember : rotation.members().get(rotation.onCallIndex(at, zone));
    }

    private String applyOverrides(Instant at, String onCall) {
        String holder = onCall;
        for (ScheduleOverride o : overrides) {
            holder = o.apply(at, holder);
        }
        return holder;
    }

    @Override
    public String toString() {
        return "Schedule[" + layer + ", " + zone + ", " + (rotation == null ? "fixed " + fixedMember : rotation) + ", "
                + overrides.size() + " overrides]";
    }
}
