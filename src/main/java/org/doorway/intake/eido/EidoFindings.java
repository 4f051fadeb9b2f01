package org.doorway.intake.eido;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.doorway.intake.InvalidReferralException.Problem;

/**
 * The problems (which make an EIDO document unacceptable) and warnings (which do not) found while
 * mapping one document.
 *
 * <p>Both name a JSON pointer and give a reason; callers must never put an input value in either.
 * The document root is reported as {@code /}. A warning is kept once, in the order first given.
 *
 * <p>At most {@value #LIMIT} of each are kept, so that a hostile document cannot make the error
 * response or the stored referral grow without bound; the rest are counted in a last entry.
 */
public final class EidoFindings {

    /** How many problems, and how many warnings, are listed at most. */
    static final int LIMIT = 50;

    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> warnings = new LinkedHashSet<>();
    private int unlistedProblems;
    private int unlistedWarnings;

    /** Records a problem at a JSON pointer ({@code ""} for the root). */
    void problem(String pointer, String reason) {
        if (problems.size() < LIMIT) {
            problems.add(new Problem(shown(pointer), reason));
        } else {
            unlistedProblems++;
        }
    }

    /** Records a warning about what is at a JSON pointer ({@code ""} for the root). */
    void warn(String pointer, String reason) {
        warn(shown(pointer) + ": " + reason);
    }

    /** Records a warning about the document as a whole. */
    void warn(String message) {
        if (warnings.size() < LIMIT || warnings.contains(message)) {
            warnings.add(message);
        } else {
            unlistedWarnings++;
        }
    }

    /** True when at least one problem was recorded. */
    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The problems, the last one counting those not listed. */
    List<Problem> problems() {
        List<Problem> all = new ArrayList<>(problems);
        if (unlistedProblems > 0) {
            all.add(new Problem("/", unlistedProblems + " more problems not listed"));
        }
        return List.copyOf(all);
    }

    /** The warnings, the last one counting those not listed. */
    List<String> warnings() {
        List<String> all = new ArrayList<>(warnings);
        if (unlistedWarnings > 0) {
            all.add(unlistedWarnings + " more warnings not listed");
        }
        return List.copyOf(all);
    }

    /** The pointer of a member of the object at {@code pointer} (RFC 6901 escaping). */
    static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    /** The pointer of an element of the array at {@code pointer}. */
    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    private static String shown(String pointer) {
        return pointer.isEmpty() ? "/" : pointer;
    }
}
