package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.doorway.staff.StaffRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each role sees of the dashboard what its work needs, enforced by the server: a dispatcher the
 * intake status of their own source; a case manager their own handoffs; a supervisor everything of
 * their site; a PCG viewer aggregates only.
 */
class DashboardRolesIT extends DashboardTestSupport {

    private Seeds seeds;
    private UUID pagedToAlex;
    private UUID takenByBlair;
    private String alexRef;
    private String blairRef;

    @BeforeEach
    void twoOpenHandoffs() {
        seeds = new Seeds(db, "roles");
        Instant now = Instant.now();
        pagedToAlex = seeds.referral("SOCIAL_CONTACT", now.minusSeconds(600), "North", List.of(), "http:cad-a");
        seeds.decision(
                pagedToAlex,
                "WARM_HANDOFF_NOW",
                "SOCIAL_CONTACT",
                now.minusSeconds(600),
                "Black",
                null,
                "female",
                List.of());
        seeds.handoff(pagedToAlex, "PAGING", now.minusSeconds(600), null, null, null, null);
        seeds.page(pagedToAlex, 0, "alex", "DELIVERED", now.minusSeconds(599), 1, false);
        takenByBlair =
                seeds.referral("ARREST_DIVERSION", now.minusSeconds(1200), "South", List.of("35A"), "http:cad-b");
        seeds.decision(
                takenByBlair,
                "WARM_HANDOFF_NOW",
                "ARREST_DIVERSION",
                now.minusSeconds(1200),
                null,
                null,
                null,
                List.of());
        seeds.handoff(takenByBlair, "ACKNOWLEDGED", now.minusSeconds(1200), now.minusSeconds(900), null, null, "blair");
        alexRef = seeds.shortRef(pagedToAlex);
        blairRef = seeds.shortRef(takenByBlair);
    }

    @Test
    void dashboardRedirectsToSignInWhenNotSignedIn() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + "/dashboard"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(get("/dashboard/tables/latency.csv", null).status()).isEqualTo(302);
    }

    @Test
    void signingInLandsOnTheDashboard() throws Exception {
        HttpResponse<String> home = admin().send(
                        HttpRequest.newBuilder(URI.create(base() + "/")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/dashboard");
    }

    @Test
    void dispatcherSeesOnlyTheIntakeStatusOfTheirOwnSource() {
        HttpClient dispatcher = as(StaffRole.DISPATCHER, seeds.site, null, "cad-a");

        String html = page(dispatcher, "/dashboard");
        assertThat(html)
                .contains(alexRef)
                .contains("Intake status")
                .doesNotContain(blairRef)
                .doesNotContain("id=\"latency\"")
                .doesNotContain("Responder")
                .doesNotContain("North")
                .doesNotContain("/dashboard/handoffs/");
        assertThat(html).doesNotContain(">Equity<").doesNotContain(">OWG agenda<");
        assertThat(page(dispatcher, "/dashboard/board"))
                .as("the board as it reloads itself")
                .contains("id=\"board-body\"")
                .contains(alexRef)
                .doesNotContain(blairRef);
        assertThat(call(dispatcher, "GET", "/dashboard/equity", null).status()).isEqualTo(403);
        assertThat(call(dispatcher, "GET", "/dashboard/owg", null).status()).isEqualTo(403);
        assertThat(call(dispatcher, "GET", "/dashboard/handoffs/" + pagedToAlex, null)
                        .status())
                .isEqualTo(403);
        assertThat(call(dispatcher, "GET", "/api/v1/handoffs/latency", null).status())
                .isEqualTo(403);
        assertThat(call(dispatcher, "GET", "/dashboard/tables/latency.csv", null)
                        .status())
                .isNotEqualTo(200);
    }

    @Test
    void caseManagerSeesTheirOwnHandoffsOnly() {
        HttpClient alex = as(StaffRole.CASE_MANAGER, seeds.site, "alex", null);

        String html = page(alex, "/dashboard");
        assertThat(html).contains(alexRef).doesNotContain(blairRef).contains("id=\"latency\"");
        assertThat(page(alex, "/dashboard/handoffs/" + pagedToAlex)).contains(alexRef);
        assertThat(call(alex, "GET", "/dashboard/handoffs/" + takenByBlair, null)
                        .status())
                .isEqualTo(404);
        assertThat(call(alex, "GET", "/dashboard/equity", null).status()).isEqualTo(403);
        assertThat(call(
                                alex,
                                "POST",
                                "/api/v1/handoffs/" + pagedToAlex + "/corrections",
                                "{\"moment\":\"REQUESTED\",\"at\":\"2020-01-01T00:00:00Z\",\"reason\":\"mine\"}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void supervisorSeesEveryHandoffOfTheirSiteAndNoOtherSite() {
        HttpClient supervisor = as(StaffRole.SUPERVISOR, seeds.site, null, null);

        String html = page(supervisor, "/dashboard");
        assertThat(html)
                .contains(alexRef)
                .contains(blairRef)
                .contains("Responder")
                .contains("blair");
        assertThat(page(supervisor, "/dashboard/handoffs/" + takenByBlair)).contains(blairRef);
        assertThat(page(supervisor, "/dashboard/equity")).contains("Missed diversion opportunities");
        assertThat(call(supervisor, "GET", "/dashboard?site=demo", null).status())
                .isEqualTo(403);
        assertThat(call(supervisor, "GET", "/api/v1/handoffs/latency?site=demo", null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void pcgViewerSeesAggregatesWithoutReferencesOrNames() {
        HttpClient pcg = as(StaffRole.PCG_VIEWER, seeds.site, null, null);

        for (String path : List.of(
                "/dashboard",
                "/dashboard/equity",
                "/dashboard/owg",
                "/dashboard/tables/open-handoffs.csv",
                "/dashboard/tables/equity-race.csv")) {
            Response response = call(pcg, "GET", path, null);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.body())
                    .as(path)
                    .doesNotContain(alexRef)
                    .doesNotContain(blairRef)
                    .doesNotContain("Seedperson")
                    .doesNotContain("/dashboard/handoffs/")
                    .doesNotContain("blair");
        }
        assertThat(page(pcg, "/dashboard")).contains("Open handoffs").contains("&lt;11");
        assertThat(call(pcg, "GET", "/dashboard/handoffs/" + pagedToAlex, null).status())
                .isEqualTo(404);
        assertThat(call(pcg, "GET", "/dashboard/tables/breaches.csv", null).status())
                .isEqualTo(404);

        Response latency = call(
                pcg,
                "GET",
                "/api/v1/handoffs/latency?from=" + Instant.now().minus(Duration.ofHours(1)) + "&to="
                        + Instant.now().plusSeconds(60),
                null);
        assertThat(latency.status()).isEqualTo(200);
        assertThat(latency.json().path("count").isNull())
                .as("two handoffs: a small count")
                .isTrue();
        assertThat(latency.json()
                        .path("requestToAcknowledged")
                        .path("suppressed")
                        .asBoolean())
                .isTrue();
    }
}
