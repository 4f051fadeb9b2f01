package org.doorway.dashboard.equity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.doorway.dashboard.Board;
import org.doorway.dashboard.Latency;
import org.doorway.dashboard.Scope;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Range;
import org.doorway.dashboard.report.Stages;
import org.doorway.dashboard.report.Suppression;
import org.doorway.dashboard.report.Table;
import org.doorway.referral.ReferralStore;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Missed diversion opportunities for the public defenders' review (ch4): arrests whose charges the
 * site's policy made divertible that ended in booking instead (see {@link Stages#MISSED}) — the
 * warm handoff went unanswered, the person left, it was cancelled, the OWG denied it, or an
 * arrest-diversion exclusion applied — received in the period. Supervisors and administrators see
 * each one (short reference, charges, descriptors, how it ended, linked to the referral's details);
 * viewers who see aggregates only see how many ended each way, small counts suppressed.
 */
@Repository
class MissedDiversions {

    private final JdbcClient db;
    private final ObjectMapper json;
    private final Latency latency;

    private final ReferralStore referrals;

    MissedDiversions(JdbcClient db, ObjectMapper json, Latency latency, ReferralStore referrals) {
        this.referrals = referrals;
        this.db = db;
        this.json = json;
        this.latency = latency;
    }

    /**
     * One missed opportunity.
     *
     * @param referralId the referral
     * @param shortRef   its short reference
     * @param site       its site
     * @param source     the feed it came from (an RMS export: {@code nibrs} or a CSV mapping; or a live door)
     * @param receivedAt when it reached Doorway
     * @param zone       the zone the source gave, or {@code null}
     * @param charges    the charges, as code and description
     * @param race       race as given
     * @param ethnicity  ethnicity as given
     * @param gender     gender as given
     * @param ended      how it ended, in words
     */
    record Missed(
            UUID referralId,
            String shortRef,
            String site,
            String source,
            Instant receivedAt,
            String zone,
            List<String> charges,
            String race,
            String ethnicity,
            String gender,
            String ended) {}

    /** The missed opportunities among referrals received in the range, oldest first. */
    List<Missed> list(Range range, String site) {
        return db.sql("select r.id, r.short_ref, r.site, r.source, r.received_at, r.body->'location'->>'zone',"
                        + " " + ReferralStore.WHOLE + ", " + Stages.descriptor("race") + ", "
                        + Stages.descriptor("ethnicity")
                        + ", " + Stages.descriptor("gender") + ", d.outcome, d.detail->'exclusions', h.state,"
                        + " o.state"
                        + " from referral r " + Stages.JOINS
                        + " where r.duplicate_of is null and r.received_at >= :from and r.received_at < :to and "
                        + Scope.SITE + " and " + Stages.MISSED + " order by r.received_at, r.id")
                .paramSource(new MapSqlParameterSource()
                        .addValue("site", site)
                        .addValue("from", Timestamp.from(range.from()))
                        .addValue("to", Timestamp.from(range.to())))
                .query((rs, n) -> {
                    JsonNode whole = referrals.whole(rs.getString(7));
                    return new Missed(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getTimestamp(5).toInstant(),
                            rs.getString(6),
                            charges(
                                    whole.hasNonNull("charges")
                                            ? whole.get("charges").toString()
                                            : null),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10),
                            ended(
                                    rs.getString(11),
                                    rs.getString(12),
                                    rs.getString(13),
                                    rs.getString(14),
                                    whole.hasNonNull("notes")
                                            ? whole.get("notes").toString()
                                            : null));
                })
                .list();
    }

    /** The list as a table of rows (for those who may see rows). */
    Table table(List<Missed> missed) {
        List<List<Cell>> rows = new ArrayList<>();
        for (Missed m : missed) {
            rows.add(List.of(
                    Cell.text(m.shortRef()).link("/handoffs/" + m.referralId()),
                    Cell.text(m.site()),
                    Cell.text(m.source()),
                    Cell.time(m.receivedAt(), latency.zone(m.site())),
                    Cell.text(m.zone() == null ? "–" : m.zone()),
                    Cell.text(String.join("; ", m.charges())),
                    Cell.text(m.race()),
                    Cell.text(m.ethnicity()),
                    Cell.text(m.gender()),
                    Cell.text(m.ended())));
        }
        return new Table(
                "missed-diversions",
                "Missed diversion opportunities",
                List.of(
                        "Ref",
                        "Site",
                        "Source",
                        "Received",
                        "Zone",
                        "Charges",
                        "Race",
                        "Ethnicity",
                        "Gender",
                        "How it ended"),
                rows,
                "Arrests with charges the site's policy made divertible that were not diverted, for the defenders' "
                        + "review. Handoffs still under way and referrals still before the OWG are not listed yet.");
    }

    /** How many ended each way (for viewers who see aggregates only), small counts suppressed. */
    Table counts(List<Missed> missed, Suppression suppression) {
        Map<String, Long> byEnd = new LinkedHashMap<>();
        missed.stream().map(Missed::ended).sorted().forEach(e -> byEnd.merge(e, 1L, Long::sum));
        List<List<Cell>> rows = new ArrayList<>();
        byEnd.forEach((ended, n) -> rows.add(List.of(Cell.text(ended), Cell.count(n, suppression))));
        rows.add(List.of(Cell.text("All").styled("total"), Cell.count(missed.size(), suppression)));
        return new Table(
                "missed-diversions",
                "Missed diversion opportunities",
                List.of("How it ended", "Arrests"),
                rows,
                "Arrests with divertible charges that were not diverted, by how they ended"
                        + Board.suppressionNote(suppression) + ".");
    }

    private List<String> charges(String array) {
        List<String> out = new ArrayList<>();
        for (JsonNode charge : read(array)) {
            String code = charge.path("code").asText("");
            String description = charge.path("description").asText("");
            out.add((code + " " + description).trim());
        }
        return out;
    }

    private String ended(String outcome, String exclusions, String handoffState, String reviewState, String notes) {
        List<String> excluded = new ArrayList<>();
        read(exclusions).forEach(e -> excluded.add(e.asText()));
        if ("NOT_ELIGIBLE".equals(outcome) && !excluded.isEmpty()) {
            return "excluded: " + String.join(", ", excluded);
        }
        if ("DENIED".equals(reviewState)) {
            return "denied by the OWG";
        }
        if (handoffState != null) {
            return "handoff " + Board.stateWords(handoffState);
        }
        for (JsonNode note : read(notes)) {
            if (note.asText().contains("Taken into custody")) {
                return "taken into custody (RMS)";
            }
        }
        return "no handoff";
    }

    private JsonNode read(String text) {
        if (text == null) {
            return json.createArrayNode();
        }
        try {
            JsonNode node = json.readTree(text);
            return node.isArray() ? node : json.createArrayNode();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json.createArrayNode();
        }
    }
}
