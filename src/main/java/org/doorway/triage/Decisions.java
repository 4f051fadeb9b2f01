package org.doorway.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Triage decisions as stored: one per referral, with its reasons and policy version. */
@Repository
public class Decisions {

    private final JdbcClient db;
    private final ObjectMapper json;

    Decisions(JdbcClient db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * A stored decision.
     *
     * @param decision  the decision
     * @param decidedAt when it was taken
     */
    public record Recorded(Decision decision, Instant decidedAt) {}

    /** Records the decision on a referral, in the caller's transaction. */
    public void record(UUID referralId, Decision decision, Instant decidedAt) {
        try {
            db.sql("insert into triage_decision (referral_id, outcome, reasons, policy_version, decided_at) "
                            + "values (?, ?, cast(? as jsonb), ?, ?)")
                    .params(referralId, decision.outcome().name(), json.writeValueAsString(decision.reasons()),
                            decision.policyVersion(), Timestamp.from(decidedAt))
                    .update();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decision on a referral, if one was taken. */
    public Optional<Recorded> find(UUID referralId) {
        return db.sql("select outcome, reasons::text, policy_version, decided_at from triage_decision where referral_id = ?")
                .param(referralId)
                .query((rs, n) -> new Recorded(new Decision(Outcome.valueOf(rs.getString(1)), reasons(rs.getString(2)),
                        rs.getString(3)), rs.getTimestamp(4).toInstant()))
                .optional();
    }

    private List<String> reasons(String text) {
        try {
            return json.readValue(text, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reasons are not readable", e);
        }
    }
}
