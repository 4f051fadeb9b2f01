package org.doorway.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Instant;
import org.doorway.DoorwayAppIT;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Sign-in by role: each member of staff sees a referral only as far as their work needs.
 */
class StaffRolesIT extends DoorwayAppIT {

    @Autowired
    Sites sites;

    private String create(HttpClient admin, String json) {
        Response created = call(admin, "POST", "/api/v1/users", json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("password").asText();
    }

    @Test
    void eachRoleSeesAReferralAsFarAsItsWorkNeeds() {
        HttpClient admin = admin();
        String tag = Long.toString(System.nanoTime() % 1_000_000);
        Site demo = sites.get("demo");
        String onCall = demo.onCall("primary", Instant.now()).orElseThrow().id();
        String other = demo.caseManagers().keySet().stream()
                .filter(id -> !id.equals(onCall))
                .findFirst()
                .orElseThrow();

        String dispatcher = create(
                admin,
                "{\"username\":\"disp" + tag + "\",\"role\":\"DISPATCHER\",\"site\":\"demo\",\"source\":\"demo-cad\"}");
        String paged = create(
                admin,
                "{\"username\":\"cm" + tag + "\",\"role\":\"CASE_MANAGER\",\"site\":\"demo\",\"caseManagerId\":\""
                        + onCall + "\"}");
        String notPaged = create(
                admin,
                "{\"username\":\"cmx" + tag + "\",\"role\":\"CASE_MANAGER\",\"site\":\"demo\",\"caseManagerId\":\""
                        + other + "\"}");
        String pcg = create(admin, "{\"username\":\"pcg" + tag + "\",\"role\":\"PCG_VIEWER\"}");
        String supervisor =
                create(admin, "{\"username\":\"sup" + tag + "\",\"role\":\"SUPERVISOR\",\"site\":\"demo\"}");

        JsonNode created = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        String path = "/api/v1/referrals/" + created.path("id").asText();
        twilio.awaitSms(sms -> sms.body().contains(created.path("shortRef").asText()));

        Response asDispatcher = call(signedIn("disp" + tag, dispatcher), "GET", path, null);
        assertThat(asDispatcher.status()).isEqualTo(200);
        assertThat(asDispatcher.json().has("persons")).as("intake status only").isFalse();
        assertThat(asDispatcher.json().path("decision").path("outcome").asText())
                .isEqualTo("WARM_HANDOFF_NOW");
        assertThat(asDispatcher.json().has("handoff")).isTrue();

        Response asPagedCaseManager = call(signedIn("cm" + tag, paged), "GET", path, null);
        assertThat(asPagedCaseManager.status()).isEqualTo(200);
        assertThat(asPagedCaseManager
                        .json()
                        .path("persons")
                        .get(0)
                        .path("givenName")
                        .asText())
                .isEqualTo("Jordan");

        assertThat(call(signedIn("cmx" + tag, notPaged), "GET", path, null).status())
                .isEqualTo(404);
        assertThat(call(signedIn("pcg" + tag, pcg), "GET", path, null).status()).isEqualTo(404);
        assertThat(call(signedIn("sup" + tag, supervisor), "GET", path, null).status())
                .isEqualTo(200);
    }

    @Test
    void onlyAdministratorsManageAccountsAndADisabledAccountCannotSignIn() {
        HttpClient admin = admin();
        String tag = Long.toString(System.nanoTime() % 1_000_000);
        String password = create(admin, "{\"username\":\"sup2" + tag + "\",\"role\":\"SUPERVISOR\"}");
        HttpClient supervisor = signedIn("sup2" + tag, password);

        assertThat(call(supervisor, "GET", "/api/v1/users", null).status()).isEqualTo(403);
        assertThat(call(admin, "GET", "/api/v1/users", null).body())
                .contains("sup2" + tag)
                .doesNotContain(password);

        assertThat(call(admin, "PATCH", "/api/v1/users/sup2" + tag, "{\"disabled\":true}")
                        .status())
                .isEqualTo(200);
        assertThat(call(signedIn("sup2" + tag, password), "GET", "/api/v1/users", null)
                        .status())
                .as("a disabled account is not signed in")
                .isEqualTo(401);
    }

    @Test
    void refusesAnAccountWithoutWhatItsRoleNeeds() {
        HttpClient admin = admin();

        Response noCaseManager =
                call(admin, "POST", "/api/v1/users", "{\"username\":\"cmz\",\"role\":\"CASE_MANAGER\"}");
        Response shortPassword = call(
                admin, "POST", "/api/v1/users", "{\"username\":\"shorty\",\"role\":\"ADMIN\",\"password\":\"short\"}");

        assertThat(noCaseManager.status()).isEqualTo(400);
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(noCaseManager.contentType()).startsWith("application/problem+json");
    }
}
