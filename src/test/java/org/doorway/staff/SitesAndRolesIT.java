package org.doorway.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each site and role to its own: a site's administrator manages that site's accounts only, the
 * roles that work one site cannot exist without one, and the Operations Work Group's business
 * (its queue, follow-ups, overrides, triage decisions, who a participant's case manager is) is
 * not a case manager's.
 */
class SitesAndRolesIT extends DoorwayAppIT {

    @Autowired
    Sites sites;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    JdbcClient db;

    private final String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    /** Creates an account as {@code admin} and signs it in. */
    private HttpClient account(HttpClient admin, String username, String fields) {
        Response created = call(admin, "POST", "/api/v1/users", "{\"username\":\"" + username + "\"," + fields + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return signedIn(username, created.json().path("password").asText());
    }

    private static List<String> usernames(Response list) {
        List<String> names = new ArrayList<>();
        list.json().forEach(account -> names.add(account.path("username").asText()));
        return names;
    }

    @Test
    void aSiteAdministratorManagesTheAccountsOfTheirSiteOnlyAndNeverTheGlobalAdmin() {
        HttpClient global = admin();
        HttpClient siteAdmin = account(global, "sa-" + tag, "\"role\":\"ADMIN\",\"site\":\"demo\"");
        account(global, "fastsup-" + tag, "\"role\":\"SUPERVISOR\",\"site\":\"fast\"");
        account(global, "demosup-" + tag, "\"role\":\"SUPERVISOR\",\"site\":\"demo\"");

        Response listed = call(siteAdmin, "GET", "/api/v1/users", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(usernames(listed)).contains("demosup-" + tag).doesNotContain("fastsup-" + tag, "admin");
        assertThat(listed.json().findValuesAsText("site")).containsOnly("demo");

        Response elsewhere = call(
                siteAdmin,
                "POST",
                "/api/v1/users",
                "{\"username\":\"fastcm-" + tag + "\",\"role\":\"CASE_MANAGER\",\"site\":\"fast\","
                        + "\"caseManagerId\":\"ana\"}");
        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(elsewhere.contentType()).startsWith("application/problem+json");
        assertThat(accounts.find("fastcm-" + tag)).isEmpty();

        Response withoutSite =
                call(siteAdmin, "POST", "/api/v1/users", "{\"username\":\"sup-" + tag + "\",\"role\":\"SUPERVISOR\"}");
        assertThat(withoutSite.status()).as(withoutSite.body()).isEqualTo(201);
        assertThat(accounts.find("sup-" + tag).orElseThrow().site())
                .as("a site administrator never creates an account of every site")
                .isEqualTo("demo");

        Response resetAdmin =
                call(siteAdmin, "PATCH", "/api/v1/users/admin", "{\"password\":\"taken-over-by-a-site-admin\"}");
        Response disableAdmin = call(siteAdmin, "PATCH", "/api/v1/users/admin", "{\"disabled\":true}");
        Response resetOtherSite = call(
                siteAdmin, "PATCH", "/api/v1/users/fastsup-" + tag, "{\"password\":\"taken-over-by-a-site-admin\"}");
        assertThat(resetAdmin.status()).isEqualTo(404);
        assertThat(disableAdmin.status()).isEqualTo(404);
        assertThat(resetOtherSite.status()).isEqualTo(404);
        assertThat(call(admin(), "GET", "/api/v1/users", null).status())
                .as("the global admin's password and account are untouched")
                .isEqualTo(200);
        assertThat(accounts.find("fastsup-" + tag).orElseThrow().disabled()).isFalse();

        Response resetOwnSite =
                call(siteAdmin, "PATCH", "/api/v1/users/demosup-" + tag, "{\"password\":\"a-new-password-for-demo\"}");
        assertThat(resetOwnSite.status()).isEqualTo(200);
        assertThat(call(signedIn("demosup-" + tag, "a-new-password-for-demo"), "GET", "/api/v1/owg/pending", null)
                        .status())
                .isEqualTo(200);
        assertThat(call(siteAdmin, "PATCH", "/api/v1/users/demosup-" + tag, "{\"disabled\":true}")
                        .status())
                .isEqualTo(200);

        assertThat(usernames(call(global, "GET", "/api/v1/users", null)))
                .as("the global administrator manages every account")
                .contains("admin", "sa-" + tag, "fastsup-" + tag, "demosup-" + tag);
    }

    @Test
    void caseManagersDispatchersAndOwgMembersCannotBeCreatedWithoutASite() {
        HttpClient global = admin();

        Response caseManager = call(
                global,
                "POST",
                "/api/v1/users",
                "{\"username\":\"cm-nosite-" + tag + "\",\"role\":\"CASE_MANAGER\",\"caseManagerId\":\"ana\"}");
        Response dispatcher = call(
                global,
                "POST",
                "/api/v1/users",
                "{\"username\":\"disp-nosite-" + tag + "\",\"role\":\"DISPATCHER\",\"source\":\"demo-cad\"}");
        Response owgMember = call(
                global,
                "POST",
                "/api/v1/users",
                "{\"username\":\"owg-nosite-" + tag + "\",\"role\":\"OWG_MEMBER\",\"site\":\" \"}");

        for (Response refused : List.of(caseManager, dispatcher, owgMember)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("errors").findValuesAsText("field")).containsExactly("site");
        }
        assertThat(accounts.find("cm-nosite-" + tag)).isEmpty();
        assertThat(accounts.find("disp-nosite-" + tag)).isEmpty();

        account(global, "globalsup-" + tag, "\"role\":\"SUPERVISOR\"");
        Response demoted = call(global, "PATCH", "/api/v1/users/globalsup-" + tag, "{\"role\":\"CASE_MANAGER\"}");
        assertThat(demoted.status()).isEqualTo(400);
        assertThat(accounts.find("globalsup-" + tag).orElseThrow().role()).isEqualTo(StaffRole.SUPERVISOR);

        assertThatThrownBy(() -> accounts.create(
                        new StaffAccounts.Staff(
                                "cm-db-" + tag, StaffRole.CASE_MANAGER, "No site", null, "ana", null, false),
                        "a-long-enough-password",
                        "test"))
                .as("the database refuses an enabled case manager without a site too")
                .isInstanceOf(DataIntegrityViolationException.class);

        // An account from before sites were required, as V25 leaves it: disabled.
        db.sql("insert into app_user (username, password_hash, role, case_manager_id, disabled_at, created_by)"
                        + " values (?, '{noop}unused-password', 'CASE_MANAGER', 'ana', now(), 'test')")
                .param("cm-legacy-" + tag)
                .update();
        Response reenabled = call(global, "PATCH", "/api/v1/users/cm-legacy-" + tag, "{\"disabled\":false}");
        assertThat(reenabled.status()).isEqualTo(400);
        assertThat(reenabled.json().path("errors").findValuesAsText("field")).containsExactly("site");
        assertThat(accounts.find("cm-legacy-" + tag).orElseThrow().disabled()).isTrue();
    }

    @Test
    void theOwgsBusinessIsForOwgMembersAndSupervisorsNotCaseManagers() {
        HttpClient global = admin();
        Site demo = sites.get("demo");
        String onCall = demo.onCall("primary", Instant.now()).orElseThrow().id();
        String other = demo.caseManagers().keySet().stream()
                .filter(id -> !id.equals(onCall))
                .findFirst()
                .orElseThrow();
        HttpClient paged = account(
                global,
                "cm-paged-" + tag,
                "\"role\":\"CASE_MANAGER\",\"site\":\"demo\",\"caseManagerId\":\"" + onCall + "\"");
        HttpClient notPaged = account(
                global,
                "cm-other-" + tag,
                "\"role\":\"CASE_MANAGER\",\"site\":\"demo\",\"caseManagerId\":\"" + other + "\"");
        HttpClient owgMember = account(global, "owg-" + tag, "\"role\":\"OWG_MEMBER\",\"site\":\"demo\"");
        HttpClient supervisor = account(global, "sup-owg-" + tag, "\"role\":\"SUPERVISOR\",\"site\":\"demo\"");

        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        twilio.awaitSms(sms -> sms.body().contains(created.path("shortRef").asText()));
        String decisions = "/api/v1/referrals/" + created.path("id").asText() + "/decisions";
        List<String> owgPaths = List.of("/api/v1/owg/pending", "/api/v1/follow-ups", "/api/v1/overrides");

        for (String path : owgPaths) {
            Response refused = call(notPaged, "GET", path, null);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(call(paged, "GET", path, null).status()).as(path).isEqualTo(403);
        }
        assertThat(call(notPaged, "GET", decisions, null).status())
                .as("the decisions of a referral the case manager had no part in")
                .isEqualTo(403);
        assertThat(call(paged, "GET", decisions, null).status())
                .as("the decisions of the referral they were paged for")
                .isEqualTo(200);

        for (HttpClient owg : List.of(owgMember, supervisor)) {
            for (String path : owgPaths) {
                assertThat(call(owg, "GET", path, null).status()).as(path).isEqualTo(200);
            }
            Response seen = call(owg, "GET", decisions, null);
            assertThat(seen.status()).isEqualTo(200);
            assertThat(seen.json()
                            .path("current")
                            .path("decision")
                            .path("outcome")
                            .asText())
                    .isEqualTo("WARM_HANDOFF_NOW");
        }
        assertThat(call(owgMember, "GET", "/api/v1/owg/pending?site=fast", null).status())
                .as("an OWG member works their own site")
                .isEqualTo(403);
    }

    @Test
    void aCaseManagerCannotAssignAParticipantToThemselvesWhileTheOwgAndSupervisorsCan() {
        HttpClient global = admin();
        HttpClient ana = account(
                global, "cm-ana-" + tag, "\"role\":\"CASE_MANAGER\",\"site\":\"demo\",\"caseManagerId\":\"ana\"");
        HttpClient owgMember = account(global, "owg-p-" + tag, "\"role\":\"OWG_MEMBER\",\"site\":\"demo\"");
        HttpClient supervisor = account(global, "sup-p-" + tag, "\"role\":\"SUPERVISOR\",\"site\":\"demo\"");
        Response enrolled = call(
                global,
                "POST",
                "/api/v1/participants",
                "{\"site\":\"demo\",\"caseManagerId\":\"ben\",\"givenName\":\"Assign" + tag
                        + "\",\"familyName\":\"Testperson\",\"birthDate\":\"1979-04-05\"}");
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        String participant =
                "/api/v1/participants/" + enrolled.json().path("id").asText();

        Response toHerself = call(ana, "PATCH", participant, "{\"caseManagerId\":\"ana\"}");
        assertThat(toHerself.status()).isEqualTo(403);
        assertThat(toHerself.contentType()).startsWith("application/problem+json");
        assertThat(call(ana, "GET", participant, null).status())
                .as("another case manager's participant is not hers to see")
                .isEqualTo(404);
        Response enrolForBen = call(
                ana,
                "POST",
                "/api/v1/participants",
                "{\"site\":\"demo\",\"caseManagerId\":\"ben\",\"givenName\":\"Other" + tag
                        + "\",\"familyName\":\"Testperson\",\"birthDate\":\"1979-04-06\"}");
        assertThat(enrolForBen.status()).isEqualTo(403);

        Response assigned = call(owgMember, "PATCH", participant, "{\"caseManagerId\":\"ana\"}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().path("caseManagerId").asText()).isEqualTo("ana");
        assertThat(call(ana, "GET", participant, null).status()).isEqualTo(200);
        assertThat(call(ana, "PATCH", participant, "{\"status\":\"inactive\"}").status())
                .as("her own participant's status is hers to keep")
                .isEqualTo(200);
        assertThat(call(ana, "PATCH", participant, "{\"caseManagerId\":\"chris\"}")
                        .status())
                .isEqualTo(403);

        Response moved = call(supervisor, "PATCH", participant, "{\"caseManagerId\":\"chris\"}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().path("caseManagerId").asText()).isEqualTo("chris");
        assertThat(call(global, "GET", "/api/v1/participants/" + UUID.randomUUID(), null)
                        .status())
                .isEqualTo(404);
    }
}
