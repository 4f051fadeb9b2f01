package org.doorway.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.doorway.DoorwayAppIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Question 3 of the privacy officer (issue 14): how long do you keep it? The purge, by Doorway's
 * clock and the site's periods, de-identifies old referrals (a raw {@code SELECT} shows no name,
 * birth date, charge or address) and deletes what only served the day's work, while the
 * dashboard's figures for that period stay exactly as they were; an active participant's records
 * stay; two purges at once do the work once.
 *
 * <p>Each test writes its referrals straight into the database in a period long past (2022), for a
 * site of its own (the defaults apply: a year for referrals, 90 days for page texts, 30 for dead
 * letters), so no other test's figures move.
 */
class RetentionIT extends DoorwayAppIT {

    private static final String FROM = "2022-03-01T00:00:00Z";
    private static final String TO = "2022-03-08T00:00:00Z";

    @Autowired
    JdbcClient db;

    @Autowired
    Purge purge;

    @Test
    void thePurgeDeidentifiesOldReferralsAndTheDashboardFiguresOfThatPeriodStayTheSame() {
        String site = site("ret");
        Instant day = Instant.parse("2022-03-02T10:00:00Z");
        UUID handedOff = referral(site, "SOCIAL_CONTACT", day, "North", List.of(), "Sam", "Seedperson");
        decision(handedOff, "WARM_HANDOFF_NOW", "SOCIAL_CONTACT", day, "Black", "Not Hispanic", "female", null);
        handoff(handedOff, site, "HANDED_OFF", day, day.plusSeconds(120), day.plusSeconds(900));
        page(handedOff, 0, "DELIVERED", day.plusSeconds(5), "Doorway LEAD AB12 at 1 Test St, reply 1");
        UUID unanswered =
                referral(site, "ARREST_DIVERSION", day.plusSeconds(3600), "South", List.of("35A"), "Ria", "Chargeton");
        decision(unanswered, "WARM_HANDOFF_NOW", "ARREST_DIVERSION", day.plusSeconds(3600), null, null, "male", null);
        handoff(unanswered, site, "UNANSWERED", day.plusSeconds(3600), null, null);
        page(unanswered, 0, "FAILED", day.plusSeconds(3605), "Doorway LEAD CD34 at 1 Test St, reply 2");
        UUID missed = referral(
                site, "ARREST_DIVERSION", day.plusSeconds(7200), "South", List.of("35A", "90E"), "Lee", "Missington");
        decision(missed, "WARM_HANDOFF_NOW", "ARREST_DIVERSION", day.plusSeconds(7200), "White", null, null, null);
        UUID refused = referral(site, "SOCIAL_CONTACT", day.plusSeconds(9000), null, List.of(), "Kim", "Refusedotter");
        decision(refused, "NOT_ELIGIBLE", "SOCIAL_CONTACT", day.plusSeconds(9000), null, null, null, null);
        db.sql("""
                        insert into referral_version (referral_id, version, received_at, closed, channel, change, body)
                        select id, 1, received_at, false, channel, 'NEW', body from referral where site = ?""").param(site).update();
        db.sql("""
                        insert into referral_match_key (referral_id, site, kind, match_key, received_at)
                        select id, site, 'person', md5(id::text), received_at from referral where site = ?""").param(site).update();
        String sid = "SMretention" + UUID.randomUUID().toString().replace("-", "");
        db.sql("""
                        insert into outbox_message (sid, direction, from_number, to_number, body, status, created_at)
                        values (?, 'OUTBOUND', '+15550000001', '+15550000002', 'Seedperson at 1 Test St', 'sent', ?)""").params(sid, Timestamp.from(day)).update();
        db.sql("""
                        insert into intake_dead_letter (site, channel, route, reason, body, body_sha256, received_at,
                                                        last_seen_at)
                        values (?, 'http:seed', 'eido', 'seeded', convert_to('{"name":"Seedperson"}', 'UTF8'), ?, ?, ?)""")
                .params(site, UUID.randomUUID().toString(), Timestamp.from(day), Timestamp.from(day))
                .update();
        HttpClient admin = admin();
        Map<String, String> before = figures(admin, site);

        Purge.Result result = purge.runToEnd();

        assertThat(result.ran()).isTrue();
        assertThat(db.sql("select count(*) from retention_deidentified where site = ? and why = 'RETENTION'")
                        .param(site)
                        .query(Long.class)
                        .single())
                .isEqualTo(4);
        String stored = String.join(
                "\n",
                db.sql("select r::text from referral r where site = ?")
                        .param(site)
                        .query(String.class)
                        .list());
        assertThat(stored)
                .as("a raw SELECT of the referrals")
                .doesNotContain("Seedperson", "Chargeton", "Missington", "Refusedotter", "Sam", "1980-01-01")
                .doesNotContain("35A", "90E", "charge ")
                .doesNotContain("1 Test St")
                .contains("North", "South", "Black");
        assertThat(db.sql(
                                "select count(*) from referral_version v join referral r on r.id = v.referral_id where r.site = ?")
                        .param(site)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(db.sql("select count(*) from referral_match_key where site = ?")
                        .param(site)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(db.sql("select p.body from page p join referral r on r.id = p.referral_id where r.site = ?")
                        .param(site)
                        .query(String.class)
                        .list())
                .as("the pages stay to be counted, their texts are gone")
                .containsExactly("", "");
        assertThat(db.sql("select count(*) from outbox_message where sid = ?")
                        .param(sid)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(db.sql("select count(*) from intake_dead_letter where site = ?")
                        .param(site)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(figures(admin, site))
                .as("the dashboard's figures of that period")
                .isEqualTo(before);
        Response details = call(admin, "GET", "/api/v1/referrals/" + handedOff, null);
        assertThat(details.status()).as("a de-identified referral still reads").isEqualTo(200);

        Purge.Result again = purge.runToEnd();
        assertThat(db.sql("select count(*) from retention_deidentified where site = ?")
                        .param(site)
                        .query(Long.class)
                        .single())
                .as("a second purge finds nothing more of this site")
                .isEqualTo(4);
        assertThat(again.ran()).isTrue();
    }

    /**
     * Staff's own words (a handoff's note and clock-correction reason, the OWG's reason, a deadline
     * extension's reason, a follow-up's withdrawal reason, why a participant was made inactive) may
     * name anyone: they go with the record they belong to, and the dashboard counts the same.
     */
    @Test
    void staffWordsAboutAPurgedReferralAreGoneFromARawSelectAndTheFiguresStay() {
        String site = site("ret-words");
        Instant day = Instant.parse("2022-03-03T10:00:00Z");
        String words = "Notewright";
        UUID handedOff = referral(site, "SOCIAL_CONTACT", day, "North", List.of(), "Sol", "Wordsperson");
        decision(handedOff, "WARM_HANDOFF_NOW", "SOCIAL_CONTACT", day, "Asian", null, "male", null);
        handoff(handedOff, site, "HANDED_OFF", day, day.plusSeconds(90), day.plusSeconds(800));
        long event = db.sql("""
                        insert into handoff_event (referral_id, kind, at, via, actor, note)
                        values (?, 'CORRECTED', ?, 'ADMIN', 'supervisor', ?) returning id""")
                .params(handedOff, Timestamp.from(day.plusSeconds(900)), "Sam " + words + " called back late")
                .query(Long.class)
                .single();
        db.sql("""
                        insert into handoff_correction (referral_id, event_id, moment, old_value, new_value, reason,
                                                        corrected_by, corrected_at)
                        values (?, ?, 'ON_SCENE', null, ?, ?, 'supervisor', ?)""")
                .params(
                        handedOff,
                        event,
                        Timestamp.from(day.plusSeconds(700)),
                        "Sam " + words + " called back late",
                        Timestamp.from(day.plusSeconds(900)))
                .update();
        UUID diverted =
                referral(site, "ARREST_DIVERSION", day.plusSeconds(3600), "South", List.of("35A"), "Val", "Wordsworth");
        decision(diverted, "WARM_HANDOFF_NOW", "ARREST_DIVERSION", day.plusSeconds(3600), null, null, "female", null);
        handoff(diverted, site, "UNANSWERED", day.plusSeconds(3600), null, null);
        db.sql("""
                        insert into owg_review (referral_id, site, door, state, created_at, reviewed_by, reviewed_at, reason)
                        values (?, ?, 'ARREST_DIVERSION', 'APPROVED', ?, 'owg', ?, ?)""")
                .params(
                        diverted,
                        site,
                        Timestamp.from(day.plusSeconds(3600)),
                        Timestamp.from(day.plusSeconds(7200)),
                        words + " is known to the team")
                .update();
        db.sql("""
                        insert into intake_extension (referral_id, previous_due, due_at, reason, extended_by, extended_at)
                        values (?, ?, ?, ?, 'owg', ?)""")
                .params(
                        diverted,
                        Timestamp.from(day.plusSeconds(30 * 86400)),
                        Timestamp.from(day.plusSeconds(44 * 86400)),
                        words + " is in hospital",
                        Timestamp.from(day.plusSeconds(86400)))
                .update();
        db.sql("""
                        insert into follow_up (referral_id, site, door, due_at, rule, state, created_at, withdrawn_at,
                                               withdrawn_reason)
                        values (?, ?, 'ARREST_DIVERSION', ?, 'seed', 'WITHDRAWN', ?, ?, ?)""")
                .params(
                        diverted,
                        site,
                        Timestamp.from(day.plusSeconds(86400)),
                        Timestamp.from(day.plusSeconds(3600)),
                        Timestamp.from(day.plusSeconds(7200)),
                        "met " + words + " at the shelter")
                .update();
        UUID gone = participant(site, "INACTIVE", Instant.parse("2021-01-04T10:00:00Z"));
        db.sql("update participant set status_reason = ? where id = ?")
                .params("moved in with " + words, gone)
                .update();
        db.sql("""
                        insert into participant_event (participant_id, at, by_user, kind, status, reason)
                        values (?, ?, 'cm', 'STATUS', 'INACTIVE', ?)""")
                .params(gone, Timestamp.from(Instant.parse("2021-01-04T10:00:00Z")), "moved in with " + words)
                .update();
        HttpClient admin = admin();
        Map<String, String> before = figures(admin, site);

        purge.runToEnd();

        String raw = String.join(
                "\n",
                db.sql("""
                                select e::text from handoff_event e where referral_id in (?, ?)
                                union all select c::text from handoff_correction c where referral_id in (?, ?)
                                union all select o::text from owg_review o where referral_id in (?, ?)
                                union all select x::text from intake_extension x where referral_id in (?, ?)
                                union all select f::text from follow_up f where referral_id in (?, ?)
                                union all select p::text from participant p where id = ?
                                union all select v::text from participant_event v where participant_id = ?""")
                        .params(
                                handedOff, diverted, handedOff, diverted, handedOff, diverted, handedOff, diverted,
                                handedOff, diverted, gone, gone)
                        .query(String.class)
                        .list());
        assertThat(raw).as("a raw SELECT of the staff's words").doesNotContain(words);
        assertThat(raw)
                .as("the rows stay, with who and when")
                .contains("CORRECTED", "ON_SCENE", "APPROVED", "WITHDRAWN", "INACTIVE");
        assertThat(figures(admin, site))
                .as("the dashboard's figures of that period")
                .isEqualTo(before);
    }

    @Test
    void anActiveParticipantsRecordsAreKeptAndAnInactiveOnesGoAfterTheirPeriod() {
        String site = site("ret-participant");
        Instant day = Instant.parse("2021-06-01T10:00:00Z");
        UUID active = participant(site, "ACTIVE", day);
        UUID inactive = participant(site, "INACTIVE", day);
        UUID ofActive = referral(site, "SOCIAL_CONTACT", day, "North", List.of(), "Ada", "Activeperson");
        decision(ofActive, "WARM_HANDOFF_NOW", "SOCIAL_CONTACT", day, null, null, null, active);
        handoff(ofActive, site, "HANDED_OFF", day, day.plusSeconds(60), day.plusSeconds(600));
        page(ofActive, 0, "DELIVERED", day.plusSeconds(2), "Doorway LEAD EF56 at 1 Test St, reply 1");
        UUID ofInactive = referral(site, "SOCIAL_CONTACT", day, "North", List.of(), "Ina", "Inactiveperson");
        decision(ofInactive, "WARM_HANDOFF_NOW", "SOCIAL_CONTACT", day, null, null, null, null);
        db.sql("""
                        insert into intake_done (referral_id, participant_id, done_at, recorded_by, recorded_at)
                        values (?, ?, ?, 'test', ?)""")
                .params(ofInactive, inactive, Timestamp.from(day), Timestamp.from(day))
                .update();

        purge.runToEnd();

        assertThat(body(ofActive))
                .as("an active participant's referral, matched by triage, years old")
                .contains("Activeperson");
        assertThat(db.sql("select body from page where referral_id = ?")
                        .param(ofActive)
                        .query(String.class)
                        .single())
                .contains("1 Test St");
        assertThat(body(ofInactive))
                .as("a participant inactive for longer than the participants period (P3Y)")
                .doesNotContain("Inactiveperson");
    }

    @Test
    void twoPurgesAtOnceDoTheWorkOnce() throws Exception {
        String site = site("ret-twice");
        Instant day = Instant.parse("2022-04-01T10:00:00Z");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            UUID id =
                    referral(site, "SOCIAL_CONTACT", day.plusSeconds(i), "East", List.of("13B"), "Twin", "Twiceperson");
            decision(id, "NOT_ELIGIBLE", "SOCIAL_CONTACT", day.plusSeconds(i), null, null, null, null);
            ids.add(id);
        }
        long recordedBefore = db.sql("select count(*) from retention_deidentified")
                .query(Long.class)
                .single();
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Purge.Result> one = CompletableFuture.supplyAsync(() -> awaitThen(start));
        CompletableFuture<Purge.Result> two = CompletableFuture.supplyAsync(() -> awaitThen(start));
        start.countDown();
        Purge.Result a = one.get();
        Purge.Result b = two.get();

        long recorded = db.sql("select count(*) from retention_deidentified")
                        .query(Long.class)
                        .single()
                - recordedBefore;
        assertThat(a.deidentified() + b.deidentified())
                .as("every de-identification the two passes report is one recorded, none twice")
                .isEqualTo(recorded);
        assertThat(db.sql("select count(*) from retention_deidentified where site = ?")
                        .param(site)
                        .query(Long.class)
                        .single())
                .isEqualTo(25);
        assertThat(a.ran() && b.ran() && a.deidentified() > 0 && b.deidentified() > 0)
                .as("never both passes at work at once")
                .isFalse();
        for (UUID id : ids) {
            assertThat(body(id)).doesNotContain("Twiceperson", "13B");
        }
    }

    @Test
    void accessAuditEntriesLeaveAfterSixYearsThroughThePurgeOnly() {
        String site = site("ret-audit");
        for (int years : new int[] {7, 5}) {
            db.sql("""
                            insert into access_audit (at, site, actor_kind, actor, action, record_kind, request, purpose)
                            values (doorway_now() - make_interval(years => ?), ?, 'STAFF', 'auditor', 'READ', 'referral',
                                    'GET /handoffs/{id}', 'seeded')""").params(years, site).update();
        }
        assertThatThrownBy(() -> db.sql("delete from access_audit where site = ?")
                        .param(site)
                        .update())
                .as("outside the purge the audit stays append-only")
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("select access_audit_purge(?, doorway_now() - interval '5 years')")
                        .param(site)
                        .query(Long.class)
                        .single())
                .as("nor does the purge function take less than six years")
                .rootCause()
                .hasMessageContaining("six years");

        purge.runToEnd();

        assertThat(db.sql("select extract(year from age(doorway_now(), at))::int from access_audit where site = ?")
                        .param(site)
                        .query(Integer.class)
                        .list())
                .as("the seven-year-old entry is gone, the five-year-old one stays")
                .containsExactly(5);
    }

    private Purge.Result awaitThen(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return purge.pass();
    }

    /** The figures the dashboard shows for the period, by table (CSV) and the latency API's answer. */
    private Map<String, String> figures(HttpClient admin, String site) {
        Map<String, String> figures = new LinkedHashMap<>();
        String range = "?from=" + FROM + "&to=" + TO + "&site=" + site;
        for (String table : List.of(
                "latency",
                "latency-by-door",
                "latency-by-zone",
                "latency-by-hour",
                "pages",
                "equity-race",
                "equity-ethnicity",
                "equity-gender")) {
            Response csv = call(admin, "GET", "/dashboard/tables/" + table + ".csv" + range, null);
            assertThat(csv.status()).as(table + ": " + csv.body()).isEqualTo(200);
            figures.put(table, csv.body());
        }
        Response latency = call(admin, "GET", "/api/v1/handoffs/latency" + range, null);
        assertThat(latency.status()).as(latency.body()).isEqualTo(200);
        figures.put("latency-api", latency.body());
        Response missed = call(admin, "GET", "/dashboard/equity" + range, null);
        assertThat(missed.status()).isEqualTo(200);
        figures.put(
                "missed-diversions-count",
                String.valueOf(db.sql("""
                                select count(*) from referral r where r.site = ?
                                   and jsonb_array_length(coalesce(r.body->'charges', '[]'::jsonb)) > 0""").param(site).query(Long.class).single()));
        assertThat(figures.get("latency"))
                .as("the period has handoffs to count")
                .contains("2");
        return figures;
    }

    private static String site(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 100_000_000L, 36);
    }

    private String body(UUID id) {
        return db.sql("select body::text from referral where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private UUID referral(
            String site, String door, Instant at, String zone, List<String> charges, String given, String family) {
        UUID id = UUID.randomUUID();
        List<String> chargeJson = charges.stream()
                .map(c -> "{\"code\":\"" + c + "\",\"codeSystem\":\"UCR\",\"description\":\"charge " + c + "\"}")
                .toList();
        String body = """
                {"site":"%s","door":"%s","source":"seed","sourceId":"%s","occurredAt":null,"receivedAt":"%s",
                 "location":{"text":"1 Test St","description":"by the shelter","latitude":47.6,"longitude":-122.3,
                             "zone":%s},
                 "callType":{"code":"LEAD","text":"LEAD referral","commonCode":null,"priority":null},
                 "charges":[%s],
                 "referrer":{"agency":"SPD","agent":"badge-4411","callback":"tel:+12065550100","role":"officer","name":null},
                 "persons":[{"roles":["Subject"],"givenName":"%s","familyName":"%s","birthDate":"1980-01-01",
                             "race":"Black","ethnicity":null,"gender":"female"}],
                 "notes":["%s %s was seen at 1 Test St"],"warnings":[],"screening":null}""".formatted(
                        site,
                        door,
                        id,
                        at,
                        zone == null ? "null" : "\"" + zone + "\"",
                        String.join(",", chargeJson),
                        given,
                        family,
                        given,
                        family);
        db.sql("""
                        insert into referral (id, short_ref, site, door, source, source_id, channel, received_at, body)
                        values (?, short_ref(nextval('referral_ref_seq')), ?, ?, 'seed', ?, 'http:seed', ?,
                                cast(? as jsonb))""")
                .params(id, site, door, "RMS-" + family + "-" + id, Timestamp.from(at), body)
                .update();
        return id;
    }

    private void decision(
            UUID referral,
            String outcome,
            String door,
            Instant at,
            String race,
            String ethnicity,
            String gender,
            UUID participant) {
        String detail = participant == null
                ? null
                : "{\"outcome\":\"" + outcome + "\",\"ownCaseManager\":{\"participantId\":\"" + participant
                        + "\",\"caseManagerId\":\"cm\",\"participantActive\":true}}";
        db.sql("""
                        insert into triage_decision (referral_id, outcome, reasons, policy_version, decided_at, door, detail,
                                                     race, ethnicity, gender, own_case_manager)
                        values (?, ?, cast('["seeded"]' as jsonb), 'seed', ?, ?, cast(? as jsonb), ?, ?, ?, ?)""")
                .params(
                        referral,
                        outcome,
                        Timestamp.from(at),
                        door,
                        detail,
                        race == null ? "not recorded" : race,
                        ethnicity == null ? "not recorded" : ethnicity,
                        gender == null ? "not recorded" : gender,
                        participant == null ? null : "cm")
                .update();
    }

    private void handoff(UUID referral, String site, String state, Instant requested, Instant ack, Instant done) {
        db.sql("""
                        insert into handoff (referral_id, site, state, requested_at, acknowledged_at, responder_id,
                                             en_route_at, on_scene_at, handed_off_at, closed_at, close_reason, next_step,
                                             escalate_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, null)""")
                .params(
                        referral,
                        site,
                        state,
                        Timestamp.from(requested),
                        ack == null ? null : Timestamp.from(ack),
                        ack == null ? null : "cm",
                        ack == null ? null : Timestamp.from(ack.plusSeconds(30)),
                        done == null ? null : Timestamp.from(done.minusSeconds(60)),
                        done == null ? null : Timestamp.from(done),
                        Timestamp.from(done == null ? requested.plusSeconds(1800) : done),
                        state)
                .update();
    }

    private void page(UUID referral, int step, String state, Instant created, String text) {
        boolean sent = state.equals("DELIVERED");
        db.sql("""
                        insert into page (referral_id, step, recipient_id, to_number, reply_code, body, state, attempts,
                                          due_at, created_at, sent_at, delivered_at)
                        values (?, ?, 'cm', '+15550000000', ?, ?, ?, 1, ?, ?, ?, ?)""")
                .params(
                        referral,
                        step,
                        step + 1,
                        text,
                        state,
                        Timestamp.from(created),
                        Timestamp.from(created),
                        sent ? Timestamp.from(created.plusSeconds(2)) : null,
                        sent ? Timestamp.from(created.plusSeconds(5)) : null)
                .update();
    }

    private UUID participant(String site, String status, Instant since) {
        UUID id = UUID.randomUUID();
        db.sql("""
                        insert into participant (id, site, case_manager, status, created_at, updated_at, updated_by)
                        values (?, ?, 'cm', ?, ?, ?, 'test')""")
                .params(id, site, status, Timestamp.from(since), Timestamp.from(since))
                .update();
        return id;
    }
}
