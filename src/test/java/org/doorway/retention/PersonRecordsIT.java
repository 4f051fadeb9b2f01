package org.doorway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Question 3 of the privacy officer (issue 14), second half: can you delete one person? An
 * administrator of the person's site downloads everything stored about them (the read and its
 * purpose in the access audit) and erases it with a reason (in the audit too), and what the
 * dashboard counts stays; a case manager, and another site's administrator, may do neither.
 */
class PersonRecordsIT extends DoorwayAppIT {

    private static final String PASSWORD = "records-test-password";

    @Autowired
    Sites sites;

    @Autowired
    JdbcClient db;

    @Autowired
    org.doorway.referral.ReferralStore referralStore;

    @Autowired
    StaffAccounts accounts;

    @Test
    void anAdministratorExportsAParticipantsRecordsThenErasesThemAndTheCountsStay() {
        HttpClient admin = siteAccount(StaffRole.ADMIN, "demo", null);
        Enrolled person = enrolAndRefer(admin);
        String counted = counted(person.referral());

        Response export = call(
                admin,
                "GET",
                "/api/v1/participants/" + person.participant() + "/export?purpose="
                        + URLEncoder.encode("participant's request for a copy", StandardCharsets.UTF_8),
                null);
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        JsonNode document = export.json();
        assertThat(document.path("participant").path("id").asText()).isEqualTo(person.participant());
        assertThat(document.path("matchRules").size()).isPositive();
        assertThat(document.path("referrals").get(0).path("referral").path("id").asText())
                .isEqualTo(person.referral());
        assertThat(export.body()).as("the person's name, as stored").contains(person.surname());
        assertThat(document.path("referrals")
                        .get(0)
                        .path("decision")
                        .path("outcome")
                        .asText())
                .isNotEmpty();

        Response noReason = call(admin, "POST", "/api/v1/participants/" + person.participant() + "/erase", "{}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.contentType()).startsWith("application/problem+json");
        assertThat(noReason.body()).contains("reason");
        assertThat(body(person.referral()))
                .as("a refused erasure changes nothing")
                .contains(person.surname());

        Response erased = call(
                admin,
                "POST",
                "/api/v1/participants/" + person.participant() + "/erase",
                "{\"reason\": \"court order 24-0042\"}");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.json().path("deidentified").asInt()).isEqualTo(1);

        assertThat(body(person.referral())).doesNotContain(person.surname());
        assertThat(db.sql("select count(*) from participant_key where participant_id = ?::uuid")
                        .param(person.participant())
                        .query(Long.class)
                        .single())
                .as("Doorway no longer recognises the person")
                .isZero();
        assertThat(db.sql("select status from participant where id = ?::uuid")
                        .param(person.participant())
                        .query(String.class)
                        .single())
                .isEqualTo("INACTIVE");
        assertThat(counted(person.referral()))
                .as("door, site, times, outcome and descriptors the dashboard counts")
                .isEqualTo(counted);
        assertThat(call(admin, "GET", "/api/v1/participants/" + person.participant() + "/export?purpose=check", null)
                        .body())
                .doesNotContain(person.surname())
                .contains("ERASURE", "court order 24-0042");
        assertThat(db.sql("""
                        select purpose from access_audit where record_kind = 'participant' and record_id = ?
                         and action = 'READ' and request = 'GET /api/v1/participants/{id}/export' order by id""").param(person.participant()).query(String.class).list())
                .as("each export, with its purpose, in the access audit")
                .hasSize(2)
                .first()
                .asString()
                .contains("purpose: participant's request for a copy");
        assertThat(db.sql("""
                        select purpose from access_audit where record_kind = 'participant' and record_id = ?
                         and action = 'CHANGE' and request = 'POST /api/v1/participants/{id}/erase'""").param(person.participant()).query(String.class).list())
                .as("the erasure, with its reason, once")
                .singleElement()
                .asString()
                .contains("court order 24-0042");
    }

    @Test
    void aCaseManagerAndAnotherSitesAdministratorMayNeitherExportNorErase() {
        HttpClient admin = siteAccount(StaffRole.ADMIN, "demo", null);
        Enrolled person = enrolAndRefer(admin);
        String caseManager =
                sites.get("demo").caseManagers().keySet().iterator().next();
        HttpClient cm = siteAccount(StaffRole.CASE_MANAGER, "demo", caseManager);
        HttpClient fastAdmin = siteAccount(StaffRole.ADMIN, "fast", null);

        for (HttpClient refused : new HttpClient[] {cm, fastAdmin}) {
            for (String path : new String[] {
                "/api/v1/participants/" + person.participant(), "/api/v1/referrals/" + person.referral()
            }) {
                Response export = call(refused, "GET", path + "/export?purpose=curious", null);
                assertThat(export.status()).as(path).isEqualTo(403);
                assertThat(export.contentType()).startsWith("application/problem+json");
                Response erase = call(refused, "POST", path + "/erase", "{\"reason\": \"no\"}");
                assertThat(erase.status()).as(path).isEqualTo(403);
            }
            assertThat(call(refused, "GET", "/participants/" + person.participant() + "/records", null)
                            .status())
                    .isEqualTo(403);
        }
        assertThat(body(person.referral())).contains(person.surname());
        assertThat(call(admin, "GET", "/api/v1/participants/" + java.util.UUID.randomUUID() + "/export?purpose=x", null)
                        .status())
                .isEqualTo(404);
        assertThat(call(admin, "GET", "/api/v1/participants/" + person.participant() + "/export", null)
                        .status())
                .as("no purpose given")
                .isEqualTo(400);
    }

    @Test
    void aPersonKnownOnlyByAReferralIsErasedFromTheRecordsPageAfterConfirming() throws Exception {
        HttpClient admin = siteAccount(StaffRole.ADMIN, "demo", null);
        String surname = "Pageperson " + letters();
        Response accepted = postEido(
                DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, surname))));
        assertThat(accepted.status()).isEqualTo(202);
        String referral = accepted.json().path("referrals").get(0).path("id").asText();
        String shortRef =
                accepted.json().path("referrals").get(0).path("shortRef").asText();

        HttpResponse<String> page = browse(admin, "/handoffs/" + referral + "/records");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(shortRef).doesNotContain(surname);

        HttpResponse<String> unconfirmed = form(
                admin,
                "/handoffs/" + referral + "/records",
                "/handoffs/" + referral + "/records/erase",
                "reason=asked");
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("confirm");
        assertThat(body(referral)).contains(surname);

        HttpResponse<String> done = form(
                admin,
                "/handoffs/" + referral + "/records",
                "/handoffs/" + referral + "/records/erase",
                "reason=" + URLEncoder.encode("the person's request", StandardCharsets.UTF_8) + "&confirm=yes");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("id=\"erased\"").contains("erased ");
        assertThat(body(referral)).doesNotContain(surname);
        assertThat(db.sql("""
                        select count(*) from access_audit where referral_id = ?::uuid and action = 'CHANGE'
                         and request = 'POST /handoffs/{id}/records/erase' and purpose like '%the person''s request%'""").param(referral).query(Long.class).single()).isEqualTo(1);
    }

    private record Enrolled(String participant, String referral, String surname) {}

    private Enrolled enrolAndRefer(HttpClient admin) {
        Site demo = sites.get("demo");
        String onCall = demo.onCall("primary", Instant.now()).orElseThrow().id();
        Site.CaseManager own = demo.caseManagers().values().stream()
                .filter(cm -> !cm.id().equals(onCall))
                .findFirst()
                .orElseThrow();
        String surname = "Erasmus " + letters();
        Response enrolled = call(admin, "POST", "/api/v1/participants", """
                {"site": "demo", "caseManagerId": "%s", "givenName": "Jordan", "familyName": "%s",
                 "birthDate": "1984-07-19", "status": "ACTIVE"}""".formatted(own.id(), surname));
        assertThat(enrolled.status()).as(enrolled.body()).isBetween(200, 201);
        Response accepted = postEido(
                DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, surname))));
        assertThat(accepted.status()).isEqualTo(202);
        String referral = accepted.json().path("referrals").get(0).path("id").asText();
        return new Enrolled(enrolled.json().path("id").asText(), referral, surname);
    }

    /** What the dashboard counts of a referral, as one line. */
    private String counted(String referral) {
        return db.sql("""
                        select concat_ws('|', r.site, r.door, r.received_at, r.body->'location'->>'zone',
                                         d.outcome, d.race, d.ethnicity, d.gender, d.own_case_manager, h.state,
                                         h.requested_at, jsonb_array_length(r.body->'charges'))
                          from referral r left join triage_decision d on d.referral_id = r.id
                          left join handoff h on h.referral_id = r.id where r.id = ?::uuid""").param(referral).query(String.class).single();
    }

    /** The referral as stored, opened if sealed: what Doorway still holds about the person. */
    private String body(String referral) {
        return referralStore
                .whole(db.sql("select coalesce(sealed, body::text) from referral where id = ?::uuid")
                        .param(referral)
                        .query(String.class)
                        .single())
                .toString();
    }

    private HttpClient siteAccount(StaffRole role, String site, String caseManagerId) {
        String username =
                "records-" + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + letters();
        accounts.create(
                new StaffAccounts.Staff(username, role, "Test " + role, site, caseManagerId, null, false),
                PASSWORD,
                "test");
        return signedIn(username, PASSWORD);
    }

    private static String letters() {
        StringBuilder letters = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }

    private HttpResponse<String> browse(HttpClient browser, String path) throws Exception {
        return browser.send(
                HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form as a browser does: with the CSRF token of the page it is on. */
    private HttpResponse<String> form(HttpClient browser, String pagePath, String path, String body) throws Exception {
        String page = browse(browser, pagePath).body();
        Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as("the page's forms carry a CSRF token").isTrue();
        return browser.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                body + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
