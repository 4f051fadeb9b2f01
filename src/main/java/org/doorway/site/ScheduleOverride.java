package org.doorway.site;

import java.time.Instant;

/**
 * A temporary change to who is on call in a layer, for a window.
 * <ul>
 *   <li>A <b>cover</b> ({@code replaces} is {@code null}): {@code member} is on call in the layer
 *       for the whole window, whoever the rotation says.</li>
 *   <li>A <b>swap</b>: {@code member} is on call instead of {@code replaces}, but only while
 *       {@code replaces} would be; at other times within the window it changes nothing.</li>
 * </ul>
 * A layer's overrides apply in the order its file lists them, each to the outcome of those before
 * it: where two overlap, the later one wins (a later cover replaces an earlier one; a later swap
 * applies to whoever the earlier ones left on call).
 *
 * @param from     when it begins (inclusive)
 * @param to       when it ends (exclusive); after {@code from}
 * @param member   who is on call instead
 * @param replaces for a swap, the member replaced; {@code null} for a cover
 */
public record ScheduleOverride(Instant from, Instant to, String member, String replaces) {

    public ScheduleOverride {
        if (from == null || to == null || member == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("an override needs a member and a start before its end");
        }
    }

    /** A cover: {@code member} holds the layer from {@code from} to {@code to}. */
    public static ScheduleOverride cover(Instant from, Instant to, String member) {
        return new ScheduleOverride(from, to, member, null);
    }

    /** A swap: {@code member} stands in for {@code replaces} from {@code from} to {@code to}. */
    public static ScheduleOverride swap(Instant from, Instant to, String member, String replaces) {
        return new ScheduleOverride(from, to, member, replaces);
    }

    /** Whether this is a swap rather than a cover. */
    public boolean isSwap() {
        return replaces != null;
    }

    /** Whether {@code at} lies within the window. */
    public boolean covers(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    /** Who is on call at {@code at} once this override is applied to {@code onCall}. */
    String apply(Instant at, String onCall) {
        if (!covers(at)) {
            return onCall;
        }
        return replaces == null || replaces.equals(onCall) ? member : onCall;
    }
}
