package org.doorway.dashboard.report;

import org.doorway.staff.Viewer;

/**
 * Small-count suppression for viewers who see aggregates only: a count from 1 to {@code threshold − 1}
 * is not shown (nor anything computed from it alone, such as a rate or a percentile), so that no one
 * can be picked out of a small group. Zero is shown: it identifies nobody. For everyone else,
 * {@link #NONE} shows every number.
 *
 * @param threshold counts below this are hidden; 0 hides nothing
 */
public record Suppression(int threshold) {

    public static final Suppression NONE = new Suppression(0);

    /** The suppression a viewer gets under the configured threshold. */
    public static Suppression of(Viewer viewer, int threshold) {
        return viewer.suppressed() ? new Suppression(threshold) : NONE;
    }

    /** Whether {@code count} must be hidden. */
    public boolean hides(long count) {
        return count > 0 && count < threshold;
    }

    /** Whether anything is hidden at all. */
    public boolean active() {
        return threshold > 0;
    }
}
