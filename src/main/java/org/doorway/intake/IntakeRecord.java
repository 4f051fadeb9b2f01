package org.doorway.intake;

import org.doorway.referral.Referral;
import org.doorway.referral.Storable;
import org.doorway.triage.Decision;

/**
 * One record of a source's body on its way through intake: where it sits in the body, the referral
 * read from it, triage's decision, and, if it will not be stored, why. A rejected record may still
 * carry its referral (in memory only) so that what a feed sends but no site routes can be counted
 * by type without keeping anything about the person.
 *
 * @param at        where the record sits in its body
 * @param referral  the referral read, or {@code null} when the record could not be read
 * @param decision  triage's decision, once taken
 * @param rejection why the record is not stored, or {@code null}
 */
public record IntakeRecord(Position at, Referral referral, Decision decision, String rejection) {

    /**
     * A record read into a referral; or, when the referral could not be stored (a NUL character,
     * a year past 9999: see {@link Storable}), a record that could not be read, saying why.
     */
    public static IntakeRecord read(Position at, Referral referral) {
        return Storable.problem(referral)
                .map(problem -> unreadable(at, problem.toString()))
                .orElseGet(() -> new IntakeRecord(at, referral, null, null));
    }

    /** A record that could not be read as a referral. */
    public static IntakeRecord unreadable(Position at, String reason) {
        return new IntakeRecord(at, null, null, reason);
    }

    IntakeRecord decided(Decision decision) {
        return new IntakeRecord(at, referral, decision, null);
    }

    IntakeRecord rejected(String reason) {
        return new IntakeRecord(at, referral, decision, reason);
    }

    public boolean accepted() {
        return rejection == null;
    }

    /**
     * Where a record sits in its body: its index in a list (from 0), or its line in a file (from 1).
     *
     * @param index the position in a list, or {@code null}
     * @param line  the line in a text file, or {@code null}
     */
    public record Position(Integer index, Integer line) {
        public static Position index(int index) {
            return new Position(index, null);
        }

        public static Position line(int line) {
            return new Position(null, line);
        }
    }
}
