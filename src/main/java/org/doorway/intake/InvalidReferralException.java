package org.doorway.intake;

import java.util.List;
import java.util.Map;
import org.doorway.system.RequestRefusedException;
import org.springframework.http.HttpStatus;

/**
 * A source sent something Doorway cannot accept as a referral.
 *
 * <p>Each {@link Problem} names where in the input the trouble is (a JSON pointer, an XML path or
 * a line number) and why, in words a source system's developer can act on. Neither the message
 * nor the problems ever quote the input's values, which may be personal data.
 */
public class InvalidReferralException extends RequestRefusedException {

    private final transient List<Problem> problems;

    public InvalidReferralException(String title, List<Problem> problems) {
        super(HttpStatus.BAD_REQUEST, "invalid-referral", title, describe(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidReferralException(String title, String field, String reason) {
        this(title, List.of(new Problem(field, reason)));
    }

    private static String describe(List<Problem> problems) {
        return problems.size() == 1 ? problems.get(0).toString() : problems.size() + " problems: " + problems;
    }

    /** What is wrong and where; never empty. */
    public List<Problem> problems() {
        return problems;
    }

    @Override
    public List<Map<String, String>> errors() {
        return problems.stream()
                .map(p -> Map.of("field", p.field(), "reason", p.reason()))
                .toList();
    }

    /**
     * One thing wrong with the input.
     *
     * @param field  where: a JSON pointer ({@code /callComponent/0/callStartTimestamp}) or similar
     * @param reason why, without quoting the value
     */
    public record Problem(String field, String reason) {
        @Override
        public String toString() {
            return field + ": " + reason;
        }
    }
}
