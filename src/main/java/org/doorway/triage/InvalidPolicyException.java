package org.doorway.triage;

import java.util.List;

/**
 * A policy file that cannot be used. The message lists every problem found, each as
 * {@code file: line N: field.path: what is wrong}; policy files hold no personal data, so the
 * message is safe to log and to show the person who edited the file.
 */
public class InvalidPolicyException extends RuntimeException {

    private final List<String> problems;

    public InvalidPolicyException(List<String> problems) {
        super("policy refused:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one per entry. */
    public List<String> problems() {
        return problems;
    }
}
