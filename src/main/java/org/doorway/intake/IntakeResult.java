package org.doorway.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a source is told about a body it sent: every record is in one list or the other.
 *
 * @param referrals the records committed as referrals (or recognised as ones already committed)
 * @param rejected  the records not stored, each with where it was and why
 */
public record IntakeResult(List<ReferralAccepted> referrals, List<Rejected> rejected) {

    /**
     * A record not stored.
     *
     * @param index  its position in a list body (from 0), if the body is a list or a document
     * @param line   its line in a text body (from 1), if the body is a file of lines
     * @param reason why, without quoting the record
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rejected(Integer index, Integer line, String reason) {}
}
