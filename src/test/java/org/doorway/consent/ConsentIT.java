package org.doorway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Question 4 of the privacy officer (issue 14): did the person consent to this disclosure? The
 * referring source learns about a participant only under a live release naming it, as far as its
 * scope allows, with the redisclosure notice; a revoked or expired release stops the next answer.
 */
class ConsentIT extends DoorwayAppIT {

    /** The demo key's source id, as a release names it. */
    private static final String REFERRER = "demo-cad";

    @Autowired
    Sites sites;

    @Autowired
    Consents consents;

    @Autowired
    JdbcClient db;

    @Test
    void theReferrerLearnsWhatALiveReleaseAllowsAndNothingAfterItIsRevoked() {
        HttpClient admin = admin();
        Enrolled person = enrolAndRefer(admin);
        LocalDate today = consents.today();
        assertThat(referral(person.referral(), DEMO_KEY).has("release"))
                .as("no release recorded: the minimal view only")
                .isFalse();

        Response recorded =
                call(admin, "POST", "/api/v1/participants/" + person.participant() + "/consents", """
                {"parties": ["%s", "County Prosecutor's Office"], "substanceUse": true, "programStatus": true,
                 "signedOn": "%s", "expiresOn": "%s"}""".formatted(
                                REFERRER, today.minusDays(1), today.plusDays(20)));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        String consent = recorded.json().path("id").asText();
        assertThat(recorded.json().path("live").asBoolean()).isTrue();

        JsonNode release = referral(person.referral(), DEMO_KEY).path("release");
        assertThat(release.path("consentId").asText()).isEqualTo(consent);
        assertThat(release.path("party").asText()).isEqualTo(REFERRER);
        assertThat(release.path("programStatus").asText()).isEqualTo("ACTIVE");
        assertThat(release.path("substanceUse").asText()).isEqualTo(Release.SUBSTANCE_USE_STATEMENT);
        assertThat(release.path("redisclosureNotice").asText())
                .contains("42 CFR part 2")
                .contains("further disclosure")
                .contains("investigate or prosecute");

        Response expiring = call(admin, "GET", "/api/v1/consents/expiring?site=demo&days=30", null);
        assertThat(expiring.json().findValuesAsText("id")).as(expiring.body()).contains(consent);

        Response revoked = call(
                admin,
                "POST",
                "/api/v1/participants/" + person.participant() + "/consents/" + consent + "/revoke",
                "{\"revokedOn\": \"%s\"}".formatted(today));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().path("revokedBy").asText()).isEqualTo("admin");

        assertThat(referral(person.referral(), DEMO_KEY).has("release"))
                .as("the next disclosure after the revocation")
                .isFalse();
        assertThat(call(admin, "GET", "/api/v1/consents/expiring?site=demo&days=30", null)
                        .json()
                        .findValuesAsText("id"))
                .doesNotContain(consent);
        Response again = call(
                admin,
                "POST",
                "/api/v1/participants/" + person.participant() + "/consents/" + consent + "/revoke",
                "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");

        assertThat(db.sql("""
                        select count(*) from access_audit
                        where record_kind = 'participant' and record_id = ? and action = 'CHANGE'
                          and request like 'POST /api/v1/participants/{id}/consents%'""").param(person.participant()).query(Long.class).single())
                .as("recording and revoking are in the access audit")
                .isEqualTo(2);
        assertThat(db.sql("""
                        select count(*) from access_audit
                        where actor_kind = 'SOURCE' and referral_id = ?::uuid
                          and purpose like '%released under consent ' || ? || ' with Part 2 information'""")
                        .params(person.referral(), consent)
                        .query(Long.class)
                        .single())
                .as("the one status answer that carried the release says so in the audit")
                .isEqualTo(1);
    }

    @Test
    void aReleaseOfProgramStatusOnlyGivesNoPart2InformationAndAnotherPartyGetsNothing() {
        HttpClient admin = admin();
        Enrolled person = enrolAndRefer(admin);
        LocalDate today = consents.today();
        Response other =
                call(admin, "POST", "/api/v1/participants/" + person.participant() + "/consents", """
                {"parties": ["County Prosecutor's Office"], "substanceUse": true, "programStatus": true,
                 "signedOn": "%s", "expiresOn": "%s"}""".formatted(
                                today, today.plusDays(90)));
        assertThat(other.status()).as(other.body()).isEqualTo(201);
        assertThat(referral(person.referral(), DEMO_KEY).has("release"))
                .as("a release naming someone else")
                .isFalse();

        Response statusOnly =
                call(admin, "POST", "/api/v1/participants/" + person.participant() + "/consents", """
                {"parties": ["%s"], "substanceUse": false, "programStatus": true,
                 "signedOn": "%s", "expiresOn": "%s"}""".formatted(
                                REFERRER, today, today.plusDays(90)));
        assertThat(statusOnly.status()).as(statusOnly.body()).isEqualTo(201);
        JsonNode release = referral(person.referral(), DEMO_KEY).path("release");
        assertThat(release.path("programStatus").asText()).isEqualTo("ACTIVE");
        assertThat(release.path("substanceUse").isNull()).isTrue();
    }

    @Test
    void anExpiredReleaseDisclosesNothing() {
        HttpClient admin = admin();
        Enrolled person = enrolAndRefer(admin);
        LocalDate today = consents.today();
        Response expired =
                call(admin, "POST", "/api/v1/participants/" + person.participant() + "/consents", """
                {"parties": ["%s"], "substanceUse": true, "programStatus": true,
                 "signedOn": "%s", "expiresOn": "%s"}""".formatted(
                                REFERRER, today.minusDays(400), today.minusDays(1)));
        assertThat(expired.status()).as(expired.body()).isEqualTo(201);
        assertThat(expired.json().path("live").asBoolean()).isFalse();

        assertThat(referral(person.referral(), DEMO_KEY).has("release")).isFalse();
    }

    @Test
    void aReleaseWithMistakesIsRefusedAsAProblemNamingEachFieldAndNothingIsStored() {
        HttpClient admin = admin();
        Enrolled person = enrolAndRefer(admin);
        LocalDate today = consents.today();
        Response refused =
                call(admin, "POST", "/api/v1/participants/" + person.participant() + "/consents", """
                {"parties": [], "substanceUse": false, "programStatus": false,
                 "signedOn": "%s", "expiresOn": "%s"}""".formatted(
                                today, today.minusDays(3)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("errors").findValuesAsText("field")).contains("parties", "scope", "expiresOn");
        assertThat(call(admin, "GET", "/api/v1/participants/" + person.participant() + "/consents", null)
                        .json()
                        .size())
                .isZero();
        assertThat(call(admin, "POST", "/api/v1/participants/not-an-id/consents", "{}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void staffRecordAndRevokeAReleaseOnTheParticipantsPageWithoutJavaScript() throws Exception {
        HttpClient admin = admin();
        Enrolled person = enrolAndRefer(admin);
        LocalDate today = consents.today();
        String page = "/participants/" + person.participant() + "/consents";

        HttpResponse<String> posted = form(
                admin,
                page,
                "parties=" + enc(REFERRER + "\nCounty Prosecutor's Office") + "&programStatus=yes&signedOn=" + today
                        + "&expiresOn=" + today.plusDays(10));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        String shown = browse(admin, page).body();
        assertThat(shown).contains("County Prosecutor&#39;s Office").contains(">live<");
        JsonNode release = referral(person.referral(), DEMO_KEY).path("release");
        assertThat(release.path("programStatus").asText()).isEqualTo("ACTIVE");
        assertThat(release.path("substanceUse").isNull()).isTrue();

        Matcher revoke =
                Pattern.compile("action=\"(/participants/[^\"]+/revoke)\"").matcher(shown);
        assertThat(revoke.find()).isTrue();
        assertThat(form(admin, revoke.group(1), "revokedOn=" + today).statusCode())
                .isEqualTo(302);
        assertThat(browse(admin, page).body()).contains("revoked " + today + " by admin");
        assertThat(referral(person.referral(), DEMO_KEY).has("release")).isFalse();

        HttpResponse<String> wrong = form(admin, page, "parties=&signedOn=" + today + "&expiresOn=");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("parties: required").contains("expiresOn: required");
    }

    /** A participant enrolled with a case manager other than the on-call, and a referral about them. */
    private record Enrolled(String participant, String referral) {}

    private Enrolled enrolAndRefer(HttpClient admin) {
        Site demo = sites.get("demo");
        String onCall = demo.onCall("primary", Instant.now()).orElseThrow().id();
        Site.CaseManager own = demo.caseManagers().values().stream()
                .filter(cm -> !cm.id().equals(onCall))
                .findFirst()
                .orElseThrow();
        String surname = "Consentsen " + System.nanoTime() % 1000000;
        Response enrolled = call(admin, "POST", "/api/v1/participants", """
                {"site": "demo", "caseManagerId": "%s", "givenName": "Jordan", "familyName": "%s",
                 "birthDate": "1984-07-19", "status": "ACTIVE"}""".formatted(own.id(), surname));
        assertThat(enrolled.status()).as(enrolled.body()).isBetween(200, 201);
        Response accepted = postEido(
                DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest(d -> EidoDocuments.setSurname(d, surname))));
        assertThat(accepted.status()).isEqualTo(202);
        String referral = accepted.json().path("referrals").get(0).path("id").asText();
        assertThat(call(admin, "GET", "/api/v1/referrals/" + referral, null)
                        .json()
                        .path("decision")
                        .path("ownCaseManager")
                        .path("participantId")
                        .asText())
                .as("the referral is about the enrolled participant (staff see it)")
                .isEqualTo(enrolled.json().path("id").asText());
        return new Enrolled(enrolled.json().path("id").asText(), referral);
    }

    private HttpResponse<String> browse(HttpClient browser, String path) throws Exception {
        return browser.send(
                HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form as a browser does: with the CSRF token of the consent page it is on. */
    private HttpResponse<String> form(HttpClient browser, String path, String body) throws Exception {
        String page = browse(browser, "/participants/" + path.split("/")[2] + "/consents")
                .body();
        Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find())
                .as("the consent page's forms carry a CSRF token")
                .isTrue();
        return browser.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body + "&_csrf=" + enc(token.group(1))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
