package org.doorway.dashboard;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes referrals, decisions, handoffs and pages straight into the database, as the intake and
 * paging would have left them, for a site of a test's own (so the shared application's other tests
 * never count in it). Handoffs are written without a timer ({@code escalate_at} null) and pages in
 * final states, so the running paging engine leaves them alone.
 */
final class Seeds {

    private final JdbcClient db;
    final String site;

    Seeds(JdbcClient db, String prefix) {
        this.db = db;
        this.site = prefix + "-" + Long.toString(System.nanoTime() % 100_000_000L, 36);
    }

    private Seeds(String site, JdbcClient db) {
        this.db = db;
        this.site = site;
    }

    /**
     * Seeds for a site that exists (such as {@code demo}, whose time zone and target a page reads);
     * a test using it keeps to a period of its own, so no other test counts in it.
     */
    static Seeds forSite(JdbcClient db, String site) {
        return new Seeds(site, db);
    }

    /** A referral received at {@code at}; returns its id. Charges are UCR codes; zone may be null. */
    UUID referral(String door, Instant at, String zone, List<String> charges, String channel) {
        UUID id = UUID.randomUUID();
        StringBuilder chargeJson = new StringBuilder("[");
        for (int i = 0; i < charges.size(); i++) {
            chargeJson
                    .append(i > 0 ? "," : "")
                    .append("{\"code\":\"")
                    .append(charges.get(i))
                    .append("\",\"codeSystem\":\"UCR\",\"description\":\"charge ")
                    .append(charges.get(i))
                    .append("\"}");
        }
        chargeJson.append("]");
        String body = """
                {"site":"%s","door":"%s","source":"seed","sourceId":"%s","occurredAt":null,"receivedAt":"%s",
                 "location":{"text":"1 Test St","description":null,"latitude":null,"longitude":null,"zone":%s},
                 "callType":null,"charges":%s,"referrer":null,
                 "persons":[{"roles":["Subject"],"givenName":"Sam","familyName":"Seedperson","birthDate":"1980-01-01",
                             "race":null,"ethnicity":null,"gender":null}],
                 "notes":[],"warnings":[],"screening":null}""".formatted(
                site,
                door,
                id,
                at,
                zone == null ? "null" : "\"" + zone.replace("\\", "\\\\").replace("\"", "\\\"") + "\"",
                chargeJson);
        db.sql("""
                        insert into referral (id, short_ref, site, door, source, source_id, channel, received_at, body)
                        values (?, short_ref(nextval('referral_ref_seq')), ?, ?, 'seed', ?, ?, ?, cast(? as jsonb))""")
                .params(id, site, door, id.toString(), channel, Timestamp.from(at), body)
                .update();
        return id;
    }

    UUID referral(String door, Instant at, String zone) {
        return referral(door, at, zone, List.of(), "http:seed-cad");
    }

    /** The decision triage took, with the equity fields (null: not recorded). */
    void decision(
            UUID referral,
            String outcome,
            String door,
            Instant at,
            String race,
            String ethnicity,
            String gender,
            List<String> exclusions) {
        String detail = exclusions.isEmpty()
                ? null
                : "{\"outcome\":\"" + outcome
                        + "\",\"reasons\":[\"seeded\"],\"policyVersion\":\"seed\",\"exclusions\":["
                        + String.join(
                                ",",
                                exclusions.stream().map(e -> "\"" + e + "\"").toList()) + "]}";
        db.sql("""
                        insert into triage_decision (referral_id, outcome, reasons, policy_version, decided_at, door, detail,
                                                     race, ethnicity, gender)
                        values (?, ?, cast('["seeded"]' as jsonb), 'seed', ?, ?, cast(? as jsonb), ?, ?, ?)""")
                .params(
                        referral,
                        outcome,
                        Timestamp.from(at),
                        door,
                        detail,
                        race == null ? "not recorded" : race,
                        ethnicity == null ? "not recorded" : ethnicity,
                        gender == null ? "not recorded" : gender)
                .update();
    }

    /** A handoff with its clock (any moment may be null) and responder. */
    void handoff(
            UUID referral,
            String state,
            Instant requested,
            Instant acknowledged,
            Instant onScene,
            Instant handedOff,
            String responder) {
        Instant closed = "HANDED_OFF".equals(state) ? handedOff : null;
        db.sql("""
                        insert into handoff (referral_id, site, state, requested_at, acknowledged_at, responder_id,
                                             en_route_at, on_scene_at, handed_off_at, closed_at, close_reason, next_step,
                                             escalate_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, null)""")
                .params(
                        referral,
                        site,
                        state,
                        ts(requested),
                        ts(acknowledged),
                        responder,
                        ts(onScene),
                        ts(onScene),
                        ts(handedOff),
                        ts(closed),
                        closed == null ? null : "HANDED_OFF")
                .update();
        db.sql("insert into handoff_event (referral_id, kind, at, via) values (?, 'REQUESTED', ?, 'SYSTEM')")
                .params(referral, ts(requested))
                .update();
    }

    /** A page already settled (SENT, DELIVERED, FAILED, CANCELLED, UNCERTAIN), with its attempts and hold. */
    void page(UUID referral, int step, String recipient, String state, Instant created, int attempts, boolean held) {
        boolean sent = state.equals("SENT") || state.equals("DELIVERED");
        db.sql("""
                        insert into page (referral_id, step, recipient_id, to_number, reply_code, body, state, attempts,
                                          due_at, created_at, sent_at, delivered_at, held_at)
                        values (?, ?, ?, '+15550000000', ?, 'seeded', ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        referral,
                        step,
                        recipient,
                        step + 1,
                        state,
                        attempts,
                        ts(created),
                        ts(created),
                        sent ? ts(created.plusSeconds(2)) : null,
                        state.equals("DELIVERED") ? ts(created.plusSeconds(5)) : null,
                        held ? ts(created) : null)
                .update();
    }

    /** A review by the Operations Work Group. */
    void review(UUID referral, String door, String state, Instant created, Instant reviewed, String by, String reason) {
        db.sql("""
                        insert into owg_review (referral_id, site, door, state, created_at, reviewed_by, reviewed_at, reason)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(referral, site, door, state, ts(created), by, ts(reviewed), reason)
                .update();
    }

    String shortRef(UUID referral) {
        return db.sql("select short_ref from referral where id = ?")
                .param(referral)
                .query(String.class)
                .single();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
