package org.doorway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Question 1 of the privacy officer (issue 14): who looked at this person's record? Every read is
 * in the audit once, with who, what and from where; a site's administrators read their site's
 * audit and no other's; and nobody can edit it afterwards.
 */
class AccessAuditIT extends DoorwayAppIT {

    @Autowired
    JdbcClient db;

    private String createAccount(HttpClient admin, String json) {
        Response created = call(admin, "POST", "/api/v1/users", json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("password").asText();
    }

    private String post(String key) {
        return postEido(key, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0)
                .path("id")
                .asText();
    }

    private static List<JsonNode> entries(Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        answer.json().path("entries").forEach(entries::add);
        return entries;
    }

    @Test
    void everyReadOfADetailsPageAppearsInTheAuditOnceWithActorAndRecord() {
        String tag = Long.toString(System.nanoTime() % 1_000_000);
        HttpClient admin = admin();
        String password =
                createAccount(admin, "{\"username\":\"siteadmin" + tag + "\",\"role\":\"ADMIN\",\"site\":\"demo\"}");
        HttpClient siteAdmin = signedIn("siteadmin" + tag, password);
        String id = post(DEMO_KEY);

        assertThat(call(admin, "GET", "/handoffs/" + id, null).status()).isEqualTo(200);
        assertThat(call(admin, "GET", "/handoffs/" + id, null).status()).isEqualTo(200);
        assertThat(get("/api/v1/referrals/" + id, DEMO_KEY).status()).isEqualTo(200);
        assertThat(call(admin, "GET", "/handoffs/" + UUID.randomUUID(), null).status())
                .as("nothing shown, nothing recorded")
                .isEqualTo(404);

        List<JsonNode> entries = entries(call(siteAdmin, "GET", "/api/v1/audit?referral=" + id, null));
        List<JsonNode> details = entries.stream()
                .filter(e -> e.path("request").asText().equals("GET /handoffs/{id}"))
                .toList();
        assertThat(details).as("two reads of the details page, two rows").hasSize(2);
        for (JsonNode read : details) {
            assertThat(read.path("actor").asText()).isEqualTo("admin");
            assertThat(read.path("actorKind").asText()).isEqualTo("STAFF");
            assertThat(read.path("action").asText()).isEqualTo("READ");
            assertThat(read.path("recordKind").asText()).isEqualTo("referral");
            assertThat(read.path("recordId").asText()).isEqualTo(id);
            assertThat(read.path("referral").asText()).isEqualTo(id);
            assertThat(read.path("site").asText()).isEqualTo("demo");
            assertThat(read.path("purpose").asText()).contains("handoff details page");
            assertThat(read.path("remoteAddress").asText()).isNotBlank();
            assertThat(read.path("at").asText()).isNotBlank();
        }
        List<JsonNode> bySource = entries.stream()
                .filter(e -> e.path("actorKind").asText().equals("SOURCE"))
                .toList();
        assertThat(bySource).hasSize(1);
        assertThat(bySource.get(0).path("actor").asText()).isEqualTo("demo/demo-cad");
        assertThat(bySource.get(0).path("purpose").asText()).startsWith("source view");

        // The same rows by actor, on the page and in its CSV.
        assertThat(entries(call(siteAdmin, "GET", "/api/v1/audit?actor=admin", null)))
                .filteredOn(e -> e.path("referral").asText().equals(id))
                .hasSize(2);
        Response page = call(siteAdmin, "GET", "/admin/audit?referral=" + id, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("GET /handoffs/{id}").contains("demo/demo-cad");
        Response csv = call(siteAdmin, "GET", "/admin/audit.csv?referral=" + id, null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().filter(l -> l.contains("GET /handoffs/{id}") && l.contains(id)))
                .hasSize(2);
    }

    @Test
    void aSitesAdministratorCannotSeeAnotherSitesAudit() {
        String tag = Long.toString(System.nanoTime() % 1_000_000);
        HttpClient admin = admin();
        HttpClient demoAdmin = signedIn(
                "demoadmin" + tag,
                createAccount(admin, "{\"username\":\"demoadmin" + tag + "\",\"role\":\"ADMIN\",\"site\":\"demo\"}"));
        HttpClient fastAdmin = signedIn(
                "fastadmin" + tag,
                createAccount(admin, "{\"username\":\"fastadmin" + tag + "\",\"role\":\"ADMIN\",\"site\":\"fast\"}"));
        HttpClient supervisor = signedIn(
                "demosup" + tag,
                createAccount(
                        admin, "{\"username\":\"demosup" + tag + "\",\"role\":\"SUPERVISOR\",\"site\":\"demo\"}"));
        String fast = post(FAST_KEY);
        assertThat(call(admin, "GET", "/handoffs/" + fast, null).status()).isEqualTo(200);

        assertThat(entries(call(fastAdmin, "GET", "/api/v1/audit?referral=" + fast, null)))
                .as("the fast site's administrator sees the read")
                .anyMatch(e -> e.path("request").asText().equals("GET /handoffs/{id}"));
        assertThat(entries(call(demoAdmin, "GET", "/api/v1/audit?referral=" + fast, null)))
                .as("the demo site's administrator does not")
                .isEmpty();
        assertThat(entries(call(demoAdmin, "GET", "/api/v1/audit?actor=admin", null)))
                .noneMatch(e -> e.path("site").asText().equals("fast"));
        Response otherSite = call(demoAdmin, "GET", "/api/v1/audit?site=fast", null);
        assertThat(otherSite.status()).isEqualTo(403);
        assertThat(otherSite.contentType()).startsWith("application/problem+json");
        assertThat(call(demoAdmin, "GET", "/admin/audit?referral=" + fast, null).body())
                .as("no row of the page is about the other site's referral")
                .doesNotContain("<td class=\"referral\">" + fast);
        assertThat(call(demoAdmin, "GET", "/admin/audit.csv?site=fast", null).status())
                .isEqualTo(403);
        assertThat(call(supervisor, "GET", "/api/v1/audit?referral=" + fast, null)
                        .status())
                .as("only administrators read the audit")
                .isEqualTo(403);
        assertThat(get("/api/v1/audit?referral=" + fast, DEMO_KEY).status()).isEqualTo(403);
    }

    @Test
    void theAuditTableRefusesUpdateAndDelete() {
        String id = post(DEMO_KEY);
        assertThat(get("/api/v1/referrals/" + id, DEMO_KEY).status()).isEqualTo(200);
        UUID referral = UUID.fromString(id);
        long rows = db.sql("select count(*) from access_audit where referral_id = ?")
                .param(referral)
                .query(Long.class)
                .single();
        assertThat(rows).isEqualTo(1);

        assertThatThrownBy(() -> db.sql("update access_audit set actor = 'nobody' where referral_id = ?")
                        .param(referral)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("delete from access_audit where referral_id = ?")
                        .param(referral)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("truncate access_audit").update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThat(db.sql("select actor from access_audit where referral_id = ?")
                        .param(referral)
                        .query(String.class)
                        .list())
                .containsExactly("demo/demo-cad");
    }

    @Test
    void participantReadsChangesAndCsvExportsAreRecordedWithWhatTheyShowedOrDid() {
        HttpClient admin = admin();
        Response enrolled = call(admin, "POST", "/api/v1/participants", """
                {"site": "demo", "caseManagerId": "%s", "givenName": "Audit", "familyName": "Trail%d",
                 "birthDate": "1990-01-02", "status": "ACTIVE"}""".formatted(
                        call(admin, "GET", "/api/v1/sites/demo/oncall", null)
                                .json()
                                .path("layers")
                                .path("primary")
                                .path("id")
                                .asText(),
                        System.nanoTime() % 100000));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        String participant = enrolled.json().path("id").asText();
        assertThat(call(admin, "GET", "/api/v1/participants/" + participant, null)
                        .status())
                .isEqualTo(200);
        assertThat(call(
                                admin,
                                "GET",
                                "/dashboard/tables/latency-by-zone.csv?from=2022-09-05&to=2022-09-05&site=demo",
                                null)
                        .status())
                .isEqualTo(200);

        List<JsonNode> entries = entries(call(admin, "GET", "/api/v1/audit?actor=admin&site=demo", null));
        assertThat(entries)
                .filteredOn(e -> participant.equals(e.path("recordId").asText()))
                .extracting(
                        e -> e.path("action").asText() + " " + e.path("request").asText())
                .containsExactlyInAnyOrder("CHANGE POST /api/v1/participants", "READ GET /api/v1/participants/{id}");
        assertThat(entries)
                .filteredOn(e -> e.path("action").asText().equals("EXPORT"))
                .first()
                .satisfies(e -> {
                    assertThat(e.path("recordId").asText()).isEqualTo("latency-by-zone");
                    assertThat(e.path("purpose").asText())
                            .contains("CSV export of table latency-by-zone")
                            .contains("from=2022-09-05");
                    assertThat(e.path("site").asText()).isEqualTo("demo");
                });
        for (JsonNode e : entries) {
            assertThat(e.toString())
                    .as("the audit names records, never their contents")
                    .doesNotContain("Trail");
        }
    }

    @Test
    void downloadingASitesYamlWithItsStaffPhoneNumbersIsRecordedAsAnExportOfThatSite() {
        HttpClient admin = admin();
        Response file = call(admin, "GET", "/api/v1/sites/demo/site.yaml", null);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).as("the file holds staff phone numbers").containsPattern("\\+1\\d{10}");

        List<JsonNode> entries = entries(call(admin, "GET", "/api/v1/audit?actor=admin&site=demo", null));
        assertThat(entries)
                .filteredOn(e -> e.path("request").asText().equals("GET /api/v1/sites/{site}/site.yaml"))
                .isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.path("action").asText()).isEqualTo("EXPORT");
                    assertThat(e.path("recordId").asText()).isEqualTo("demo");
                    assertThat(e.path("purpose").asText()).contains("phone numbers");
                });
    }
}
