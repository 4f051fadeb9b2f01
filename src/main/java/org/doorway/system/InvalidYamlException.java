package org.doorway.system;

import java.util.List;

/**
 * A YAML (or JSON) file that {@link YamlTree} cannot accept. Each problem reads
 * {@code file: line N: field.path: what is wrong}; the stage that owns the file turns this into
 * its own refusal (a policy, a site, a mapping), with the same problems.
 */
public class InvalidYamlException extends RuntimeException {

    private final List<String> problems;

    public InvalidYamlException(List<String> problems) {
        super("refused:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one per entry. */
    public List<String> problems() {
        return problems;
    }
}
