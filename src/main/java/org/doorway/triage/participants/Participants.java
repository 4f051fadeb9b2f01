package org.doorway.triage.participants;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.doorway.referral.Referral;
import org.doorway.triage.Policy;
import org.doorway.triage.TriageFacts;
import org.doorway.triage.TriageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The registry of enrolled participants, for the golden thread: each participant's site, their own
 * case manager and whether they are active. Who a participant is never stored: only match keys
 * ({@link MatchKeys}), one per matching rule, from the name and date of birth given at enrolment.
 * Enrolment uses the current match key; matching tries it and then the previous keys of a rotation,
 * and re-keys a participant found under a previous key, so that the old key can be dropped once
 * every participant has been seen again (or re-enrolled).
 */
@Repository
public class Participants {

    private static final Logger log = LoggerFactory.getLogger(Participants.class);

    private final JdbcClient db;
    private final MatchKeys keys;
    private final List<MatchKeys> previousKeys;

    Participants(JdbcClient db, TriageProperties properties) {
        this.db = db;
        this.keys = new MatchKeys(properties.matchKey());
        this.previousKeys = properties.previousMatchKeys().stream()
                .filter(k -> !k.isBlank())
                .map(MatchKeys::new)
                .toList();
        if (TriageProperties.DEVELOPMENT_MATCH_KEY.equals(properties.matchKey())) {
            log.warn("doorway.triage.match-key is the development default; set it before enrolling real participants");
        }
    }

    /** Whether a participant is engaged; participants never "fail out" (ch2). */
    public enum Status {
        ACTIVE,
        INACTIVE
    }

    /**
     * A participant as registered.
     *
     * @param id            their id
     * @param site          their site
     * @param caseManagerId their own case manager (an id from site.yaml)
     * @param status        active or inactive
     * @param createdAt     when enrolled in Doorway
     * @param updatedAt     when last changed
     * @param updatedBy     who last changed it (the signed-in user)
     */
    public record Participant(
            UUID id,
            String site,
            String caseManagerId,
            Status status,
            Instant createdAt,
            Instant updatedAt,
            String updatedBy) {}

    /**
     * Registers a participant, with a match key for every rule their name and date of birth allow.
     *
     * @return the participant, and the rules they can be matched by
     */
    public Enrolled enrol(
            String site,
            String caseManagerId,
            Status status,
            String givenName,
            String familyName,
            String birthDate,
            String by) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        db.sql("""
                        insert into participant (id, site, case_manager, status, created_at, updated_at, updated_by)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, site, caseManagerId, status.name(), Timestamp.from(now), Timestamp.from(now), by)
                .update();
        List<Policy.MatchRule> rules = new java.util.ArrayList<>();
        for (Policy.MatchRule rule : Policy.MatchRule.values()) {
            keys.key(rule, site, givenName, familyName, birthDate).ifPresent(key -> {
                db.sql("insert into participant_key (participant_id, rule, match_key) values (?, ?, ?)")
                        .params(id, rule.word, key)
                        .update();
                rules.add(rule);
            });
        }
        return new Enrolled(find(id).orElseThrow(), List.copyOf(rules));
    }

    /**
     * A participant just enrolled.
     *
     * @param participant the participant
     * @param matchRules  the rules a referral can match them by (those their details allowed)
     */
    public record Enrolled(Participant participant, List<Policy.MatchRule> matchRules) {}

    /** Changes a participant's case manager and/or status ({@code null}: unchanged). */
    public Optional<Participant> update(UUID id, String caseManagerId, Status status, String by) {
        int changed = db.sql("""
                        update participant set case_manager = coalesce(?, case_manager), status = coalesce(?, status),
                               updated_at = ?, updated_by = ?
                        where id = ?""")
                .params(caseManagerId, status == null ? null : status.name(), Timestamp.from(Instant.now()), by, id)
                .update();
        return changed == 0 ? Optional.empty() : find(id);
    }

    /** The participant with this id. */
    public Optional<Participant> find(UUID id) {
        return db.sql("""
                        select id, site, case_manager, status, created_at, updated_at, updated_by
                        from participant where id = ?""").param(id).query(Participants::participant).optional();
    }

    /** How many participants of a site are active (the team's load). */
    public int activeCount(String site) {
        return db.sql("select count(*) from participant where site = ? and status = 'ACTIVE'")
                .param(site)
                .query(Integer.class)
                .single();
    }

    /**
     * The participants of {@code site} that {@code person} matches under {@code rule}; empty when
     * the person lacks what the rule needs, or the rule is {@code off}.
     */
    public List<TriageFacts.Participant> match(String site, Policy.MatchRule rule, Referral.Person person) {
        if (person == null || rule == Policy.MatchRule.OFF) {
            return List.of();
        }
        Optional<String> key = keys.key(rule, site, person.givenName(), person.familyName(), person.birthDate());
        if (key.isEmpty()) {
            return List.of();
        }
        List<String> candidates = new java.util.ArrayList<>(List.of(key.get()));
        for (MatchKeys previous : previousKeys) {
            previous.key(rule, site, person.givenName(), person.familyName(), person.birthDate())
                    .ifPresent(candidates::add);
        }
        List<Keyed> found = db.sql(
                        """
                        select p.id, p.case_manager, p.status, k.match_key from participant p
                        join participant_key k on k.participant_id = p.id
                        where p.site = ? and k.rule = ? and k.match_key in (%s)
                        order by p.created_at""".formatted(String.join(", ", java.util.Collections.nCopies(candidates.size(), "?"))))
                .params(Stream.concat(Stream.of(site, rule.word), candidates.stream())
                        .toList())
                .query((rs, n) -> new Keyed(
                        new TriageFacts.Participant(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                Status.ACTIVE.name().equals(rs.getString(3))),
                        rs.getString(4)))
                .list();
        for (Keyed k : found) {
            if (!k.matchKey().equals(key.get())) {
                db.sql("update participant_key set match_key = ? where participant_id = ? and rule = ?")
                        .params(key.get(), k.participant().id(), rule.word)
                        .update();
            }
        }
        return found.stream().map(Keyed::participant).toList();
    }

    private record Keyed(TriageFacts.Participant participant, String matchKey) {}

    private static Participant participant(ResultSet rs, int row) throws SQLException {
        return new Participant(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                Status.valueOf(rs.getString(4)),
                rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6).toInstant(),
                rs.getString(7));
    }
}
