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
        db.sql("""
                        insert into participant_event (participant_id, by_user, kind, case_manager, status)
                        values (?, ?, 'ENROLLED', ?, ?)""").params(id, by, caseManagerId, status.name()).update();
        return new Enrolled(find(id).orElseThrow(), List.copyOf(rules));
    }

    /**
     * Enrols the person a referral is about, from the name and date of birth its source gave
     * (which become match keys, as at any enrolment, and are not copied), names the referral in the
     * participant's history and records that referral's intake as done with this participant (or
     * links the intake already recorded to them). Runs in the caller's transaction.
     *
     * @return the participant, and the rules they can be matched by
     */
    public Enrolled enrolFromReferral(
            UUID referralId, String site, String caseManagerId, Referral.Person person, String by) {
        Enrolled enrolled = enrol(
                site, caseManagerId, Status.ACTIVE, person.givenName(), person.familyName(), person.birthDate(), by);
        UUID id = enrolled.participant().id();
        db.sql("update participant_event set referral_id = ? where participant_id = ? and kind = 'ENROLLED'")
                .params(referralId, id)
                .update();
        db.sql("""
                        insert into intake_done (referral_id, participant_id, done_at, recorded_by, recorded_at)
                        values (?, ?, doorway_now(), ?, doorway_now())
                        on conflict (referral_id) do update
                        set participant_id = coalesce(intake_done.participant_id, excluded.participant_id)""").params(referralId, id, by).update();
        return enrolled;
    }

    /** The participant enrolled from this referral, if any. */
    public Optional<UUID> enrolledFrom(UUID referralId) {
        return db.sql("""
                        select participant_id from participant_event where referral_id = ? and kind = 'ENROLLED'
                        union select participant_id from intake_done where referral_id = ? and participant_id is not null
                        limit 1""").params(referralId, referralId).query(UUID.class).optional();
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
        return update(id, caseManagerId, status, null, by);
    }

    /**
     * Changes a participant's case manager and/or status ({@code null}: unchanged), with the reason
     * for a change of status, and appends to their history what changed, by whom and when (nothing
     * when nothing changed). Runs in the caller's transaction, with the participant's row locked.
     */
    public Optional<Participant> update(UUID id, String caseManagerId, Status status, String reason, String by) {
        Optional<Participant> before =
                db.sql("""
                        select id, site, case_manager, status, created_at, updated_at, updated_by
                        from participant where id = ? for update""").param(id).query(Participants::participant).optional();
        if (before.isEmpty()) {
            return Optional.empty();
        }
        boolean reassigned =
                caseManagerId != null && !caseManagerId.equals(before.get().caseManagerId());
        boolean restatused = status != null && status != before.get().status();
        if (!reassigned && !restatused) {
            return before;
        }
        db.sql("""
                        update participant set case_manager = coalesce(?, case_manager), status = coalesce(?, status),
                               status_reason = case when ? then ? else status_reason end,
                               updated_at = ?, updated_by = ?
                        where id = ?""")
                .params(
                        caseManagerId,
                        status == null ? null : status.name(),
                        restatused,
                        reason,
                        Timestamp.from(Instant.now()),
                        by,
                        id)
                .update();
        Participant after = find(id).orElseThrow();
        if (reassigned) {
            db.sql("""
                            insert into participant_event (participant_id, by_user, kind, case_manager, status, reason)
                            values (?, ?, 'ASSIGNED', ?, ?, ?)""")
                    .params(id, by, after.caseManagerId(), after.status().name(), restatused ? null : reason)
                    .update();
        }
        if (restatused) {
            db.sql("""
                            insert into participant_event (participant_id, by_user, kind, case_manager, status, reason)
                            values (?, ?, 'STATUS', ?, ?, ?)""")
                    .params(id, by, after.caseManagerId(), after.status().name(), reason)
                    .update();
        }
        return Optional.of(after);
    }

    /** Why a participant is inactive (staff's words), or {@code null}. */
    public String statusReason(UUID id) {
        return db.sql("select status_reason from participant where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /**
     * One line of a participant's history.
     *
     * @param at          when
     * @param by          who (the signed-in user)
     * @param kind        {@code ENROLLED}, {@code ASSIGNED} or {@code STATUS}
     * @param caseManager the case manager from then on
     * @param status      the status from then on
     * @param reason      why, in staff's words, or {@code null}
     * @param shortRef    the referral enrolled from, or {@code null}
     */
    public record Event(
            Instant at, String by, String kind, String caseManager, String status, String reason, String shortRef) {}

    /** A participant's history, oldest first. */
    public List<Event> history(UUID id) {
        return db.sql("""
                        select e.at, e.by_user, e.kind, e.case_manager, e.status, e.reason, r.short_ref
                        from participant_event e left join referral r on r.id = e.referral_id
                        where e.participant_id = ? order by e.id""")
                .param(id)
                .query((rs, n) -> new Event(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)))
                .list();
    }

    /**
     * What a list of participants is narrowed to; {@code null} (or blank) for any.
     *
     * @param site        one site, or {@code null} for every site
     * @param caseManager one case manager's id
     * @param status      active or inactive
     * @param q           a referral's short reference (the participants it was enrolled from or
     *                    matched to), or the start of a participant's id
     */
    public record Search(String site, String caseManager, Status status, String q) {}

    /**
     * A participant as lists show them.
     *
     * @param participant the participant
     * @param statusReason why they are inactive, or {@code null}
     */
    public record Listed(Participant participant, String statusReason) {}

    /** The participants that {@code search} asks for, newest first, at most {@code limit}. */
    public List<Listed> search(Search search, int limit) {
        StringBuilder sql = new StringBuilder("""
                select p.id, p.site, p.case_manager, p.status, p.created_at, p.updated_at, p.updated_by,
                       p.status_reason
                from participant p where true""");
        List<Object> params = new java.util.ArrayList<>();
        if (search.site() != null) {
            sql.append(" and p.site = ?");
            params.add(search.site());
        }
        if (search.caseManager() != null && !search.caseManager().isBlank()) {
            sql.append(" and p.case_manager = ?");
            params.add(search.caseManager().strip());
        }
        if (search.status() != null) {
            sql.append(" and p.status = ?");
            params.add(search.status().name());
        }
        String q = search.q() == null ? "" : search.q().strip();
        if (!q.isEmpty()) {
            // A short reference: the referrals of the participant's site it names, and whoever was
            // enrolled from them, or matched to them by triage (the golden thread).
            sql.append(" ").append("""
                     and (p.id::text like ? or p.id in (
                        select e.participant_id from participant_event e join referral r on r.id = e.referral_id
                        where upper(r.short_ref) = ? and r.site = p.site
                        union
                        select i.participant_id from intake_done i join referral r on r.id = i.referral_id
                        where upper(r.short_ref) = ? and r.site = p.site
                        union
                        select cast(d.detail -> 'ownCaseManager' ->> 'participantId' as uuid)
                        from triage_decision d join referral r on r.id = d.referral_id
                        where upper(r.short_ref) = ? and r.site = p.site
                          and d.detail -> 'ownCaseManager' ->> 'participantId' is not null))""");
            String ref = q.toUpperCase(java.util.Locale.ROOT).replaceFirst("^LEAD\\s+", "");
            params.add(q.toLowerCase(java.util.Locale.ROOT).replace("%", "").replace("_", "") + "%");
            params.add(ref);
            params.add(ref);
            params.add(ref);
        }
        sql.append(" order by p.created_at desc, p.id limit ?");
        params.add(limit);
        return db.sql(sql.toString())
                .params(params)
                .query((rs, n) -> new Listed(participant(rs, n), rs.getString(8)))
                .list();
    }

    /** The short references of the referrals a participant was enrolled from or matched to, newest first. */
    public List<String> referrals(UUID id) {
        return db.sql("""
                        select r.short_ref from referral r where r.id in (
                            select referral_id from participant_event where participant_id = ? and referral_id is not null
                            union select referral_id from intake_done where participant_id = ?
                            union select referral_id from triage_decision
                                  where detail -> 'ownCaseManager' ->> 'participantId' = ?)
                        order by r.received_at desc limit 50""").params(id, id, id.toString()).query(String.class).list();
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
