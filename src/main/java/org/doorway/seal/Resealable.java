package org.doorway.seal;

import java.util.List;

/**
 * A stage's sealed columns, as {@link Resealer} goes over them: the stage that owns a table is the
 * only one that writes it, so it re-seals its own rows. Each call seals again, in the caller's
 * transaction, up to {@code batch} values that are stale ({@link Sealer#staleText}: stored before
 * encryption at rest, or under a data key the current master key does not wrap), and changes a row
 * only if its value is still the one it read (a row written meanwhile is left to that write).
 */
public interface Resealable {

    /** What is re-sealed, for the log: a table and column, e.g. {@code page.body}. */
    String what();

    /**
     * Seals again up to {@code batch} stale values.
     *
     * @param currentKeys the data keys the current master key wraps ({@link Sealer#currentKeys()})
     * @return how many stale values were found (0 when none is left)
     */
    int reseal(int batch, List<Long> currentKeys);
}
