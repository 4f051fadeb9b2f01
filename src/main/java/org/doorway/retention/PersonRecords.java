package org.doorway.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.doorway.seal.Sealer;
import org.doorway.staff.StaffRole;
import org.doorway.staff.Viewer;
import org.doorway.staff.Viewers;
import org.doorway.system.Problems;
import org.doorway.triage.ParticipantErasure;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * One person's records: everything Doorway stores about a participant (or about a person known
 * only by a referral), as one JSON document, and their erasure on the person's request or a court
 * order. Only an administrator of the person's site (or the global administrator) may do either:
 * anyone else is 403, an id that is nothing 404.
 *
 * <p>A participant's records are the participant row (with the names of their match rules, not the
 * keyed hashes), their releases of information, and each referral whose intake was recorded for
 * them or that triage matched to them, with everything kept about it: versions, triage decisions and their history, OWG review,
 * follow-up, intake deadline extensions, the handoff with its events and corrections, pages,
 * notices, whether and why it was de-identified, and the access audit's entries about it.
 *
 * <p>Erasure de-identifies each of those referrals exactly as the purge does (so every count,
 * latency and equity figure stays as it was), forgets their page and notice texts, and for a
 * participant deletes their match keys and makes them inactive, so Doorway no longer recognises
 * them in new referrals. Releases of information stay: they prove what was allowed to be disclosed
 * (HIPAA keeps authorizations six years).
 */
@Component
class PersonRecords {

    /** Whose records: a participant, or a person known only by one referral. */
    enum Kind {
        PARTICIPANT,
        REFERRAL
    }

    /** Someone the caller may export or erase. */
    record Subject(Kind kind, UUID id, String site) {}

    /** What an erasure did. */
    record Erased(Kind kind, UUID id, String site, List<UUID> referrals, int deidentified, Instant at, String by) {}

    /** The longest reason or purpose kept. */
    static final int MAX_TEXT = 500;

    private final JdbcClient db;
    private final ObjectMapper json;
    private final Viewers viewers;
    private final Purge purge;
    private final ParticipantErasure participants;
    private final TransactionTemplate transaction;
    private final Sealer sealer;

    PersonRecords(
            JdbcClient db,
            ObjectMapper json,
            Viewers viewers,
            Purge purge,
            ParticipantErasure participants,
            TransactionTemplate transaction,
            Sealer sealer) {
        this.sealer = sealer;
        this.db = db;
        this.json = json;
        this.viewers = viewers;
        this.purge = purge;
        this.participants = participants;
        this.transaction = transaction;
    }

    /**
     * The subject, if {@code user} administers its site.
     *
     * @throws ErrorResponseException 403 for anyone but an administrator of the subject's site (a
     *     site's administrator asking about another site's person included), 404 for an id that is
     *     no participant or referral
     */
    Subject subject(Kind kind, String id, Authentication user) {
        Viewer viewer = viewers.of(user)
                .filter(v -> v.role() == StaffRole.ADMIN)
                .orElseThrow(() -> forbidden("Only a site's administrators export or erase a person's records."));
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(kind);
        }
        String table = kind == Kind.PARTICIPANT ? "participant" : "referral";
        String site = db.sql("select site from " + table + " where id = ?")
                .param(uuid)
                .query(String.class)
                .optional()
                .orElseThrow(() -> notFound(kind));
        if (!viewer.covers(site)) {
            throw forbidden("An administrator of one site exports and erases that site's records only.");
        }
        return new Subject(kind, uuid, site);
    }

    /** The subject's referrals: a participant's (by their recorded intakes), or the one referral. */
    List<UUID> referrals(Subject subject) {
        if (subject.kind() == Kind.REFERRAL) {
            return List.of(subject.id());
        }
        return db.sql("""
                        select r.id from referral r
                         where r.id in (select i.referral_id from intake_done i where i.participant_id = ?
                                        union all
                                        select t.referral_id from triage_decision t
                                         where t.detail->'ownCaseManager'->>'participantId' = ?)
                         order by r.received_at, r.id""")
                .params(subject.id(), subject.id().toString())
                .query(UUID.class)
                .list();
    }

    /** A referral held about the subject, as the records page lists it. */
    record Held(
            UUID id, String shortRef, String door, Instant receivedAt, String deidentified, Instant deidentifiedAt) {}

    /** The subject's referrals, oldest first, with whether and why each was de-identified. */
    List<Held> held(Subject subject) {
        List<UUID> ids = referrals(subject);
        return db.sql("""
                        select r.id, r.short_ref, r.door, r.received_at, x.why, x.at from referral r
                          left join retention_deidentified x on x.referral_id = r.id
                         where r.id = any(cast(? as uuid[])) order by r.received_at, r.id""")
                .param("{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}")
                .query((rs, n) -> new Held(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class) == null
                                ? null
                                : rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Everything stored about the subject, as one JSON document. */
    ObjectNode export(Subject subject) {
        ObjectNode out = json.createObjectNode();
        out.put("kind", subject.kind().name().toLowerCase(java.util.Locale.ROOT));
        out.put("id", subject.id().toString());
        out.put("site", subject.site());
        out.put("exportedAt", now().toString());
        List<UUID> referrals = referrals(subject);
        if (subject.kind() == Kind.PARTICIPANT) {
            out.set("participant", one("select to_jsonb(t) from participant t where id = ?", subject.id()));
            out.set(
                    "matchRules",
                    many(
                            "select to_jsonb(t.rule) from participant_key t where participant_id = ? order by rule",
                            subject.id()));
            out.set(
                    "consents",
                    many(
                            "select to_jsonb(t) from consent t where participant_id = ? order by recorded_at",
                            subject.id()));
        }
        ArrayNode list = out.putArray("referrals");
        for (UUID id : referrals) {
            list.add(referral(id));
        }
        ArrayNode audit = out.putArray("audit");
        audit.addAll(many(
                """
                select to_jsonb(t) from access_audit t
                 where t.referral_id = any(cast(? as uuid[])) or (t.record_kind = 'participant' and t.record_id = ?)
                 order by t.at, t.id""",
                "{" + String.join(",", referrals.stream().map(UUID::toString).toList()) + "}",
                subject.id().toString()));
        opened(out);
        return out;
    }

    /**
     * Opens every value stored sealed (the referral and its versions, page and notice texts): the
     * person is given what is held about them, not ciphertext. A sealed JSON document comes back
     * as JSON.
     */
    private void opened(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isTextual() && Sealer.isSealed(value.asText())) {
                    String plain = sealer.open(value.asText());
                    object.set(
                            name,
                            plain.startsWith("{")
                                    ? readOrText(plain)
                                    : json.getNodeFactory().textNode(plain));
                } else {
                    opened(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(this::opened);
        }
    }

    private JsonNode readOrText(String plain) {
        try {
            return json.readTree(plain);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(plain);
        }
    }

    private ObjectNode referral(UUID id) {
        ObjectNode r = json.createObjectNode();
        r.set("referral", one("select to_jsonb(t) from referral t where id = ?", id));
        r.set(
                "versions",
                many("select to_jsonb(t) from referral_version t where referral_id = ? order by version", id));
        r.set("decision", one("select to_jsonb(t) from triage_decision t where referral_id = ?", id));
        r.set(
                "decisionHistory",
                many("select to_jsonb(t) from triage_decision_history t where referral_id = ? order by id", id));
        r.set("owgReview", one("select to_jsonb(t) from owg_review t where referral_id = ?", id));
        r.set("followUp", one("select to_jsonb(t) from follow_up t where referral_id = ?", id));
        r.set("intake", one("select to_jsonb(t) from intake_done t where referral_id = ?", id));
        r.set(
                "intakeExtensions",
                many("select to_jsonb(t) from intake_extension t where referral_id = ? order by id", id));
        r.set("handoff", one("select to_jsonb(t) from handoff t where referral_id = ?", id));
        r.set(
                "handoffEvents",
                many("select to_jsonb(t) from handoff_event t where referral_id = ? order by at, id", id));
        r.set(
                "handoffCorrections",
                many("select to_jsonb(t) from handoff_correction t where referral_id = ? order by id", id));
        r.set("pages", many("select to_jsonb(t) - 'to_number' from page t where referral_id = ? order by id", id));
        r.set("notices", many("select to_jsonb(t) - 'secret_env' from notice t where referral_id = ? order by id", id));
        r.set("deidentified", one("select to_jsonb(t) from retention_deidentified t where referral_id = ?", id));
        return r;
    }

    /**
     * Erases the subject: de-identifies each of their referrals not de-identified before, and for
     * a participant deletes their match keys and makes them inactive; all in one transaction.
     *
     * @throws ErrorResponseException 400 without a reason, or with one over {@value #MAX_TEXT}
     *     characters
     */
    Erased erase(Subject subject, String reason, String by) {
        String why = reason(reason, "reason");
        return transaction.execute(tx -> {
            List<UUID> referrals = referrals(subject);
            int done = 0;
            for (UUID id : referrals) {
                if (purge.deidentify(id, subject.site(), "ERASURE", why, by)) {
                    done++;
                }
            }
            if (subject.kind() == Kind.PARTICIPANT) {
                participants.forget(subject.id(), by);
            }
            return new Erased(subject.kind(), subject.id(), subject.site(), referrals, done, now(), by);
        });
    }

    /** A required reason or purpose, stripped; 400 naming {@code field} when blank or too long. */
    static String reason(String text, String field) {
        if (text == null || text.isBlank()) {
            throw Problems.invalid(List.of(Map.of("field", field, "reason", "required")));
        }
        if (text.strip().length() > MAX_TEXT) {
            throw Problems.invalid(List.of(Map.of("field", field, "reason", "at most " + MAX_TEXT + " characters")));
        }
        return text.strip();
    }

    private Instant now() {
        return db.sql("select doorway_now()")
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
    }

    private JsonNode one(String sql, Object... params) {
        Optional<String> row = db.sql(sql).params(params).query(String.class).optional();
        return row.map(this::parse).orElse(json.nullNode());
    }

    private ArrayNode many(String sql, Object... params) {
        ArrayNode list = json.createArrayNode();
        for (String row : db.sql(sql).params(params).query(String.class).list()) {
            list.add(parse(row));
        }
        return list;
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored row is not JSON", e);
        }
    }

    private static ErrorResponseException forbidden(String detail) {
        return Problems.exception(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", detail, List.of());
    }

    private static ErrorResponseException notFound(Kind kind) {
        return Problems.exception(
                HttpStatus.NOT_FOUND,
                "not-found",
                kind == Kind.PARTICIPANT ? "Participant not found" : "Referral not found",
                kind == Kind.PARTICIPANT ? "No participant has this id." : "No referral has this id.",
                List.of());
    }
}
