package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.doorway.DoorwayAppIT;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.doorway.testing.FakeDispatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A site's people, schedules and escalation changed without a restart: through the API by its
 * administrator (checked as site.yaml is, refused naming the field and changing nothing), and by
 * changing its site.yaml on disk (the test's own site, {@code reload}, in the tests' copy of the
 * sites).
 */
class SiteEditsIT extends DoorwayAppIT {

    private static final String PASSWORD = "a-long-test-password-for-site-edits";

    @Autowired
    Sites sites;

    @Autowired
    SiteRevisions revisions;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    JdbcClient db;

    @Test
    void anInvalidPhoneIsRefusedNamingTheFieldAndNothingChanges() {
        HttpClient admin = admin();
        String before =
                call(admin, "GET", "/api/v1/sites/siteedit/site.yaml", null).body();
        String phoneBefore =
                sites.get("siteedit").caseManager("kim").orElseThrow().phone();
        long revisionsBefore = revisionCount("siteedit");

        Response refused =
                call(admin, "PATCH", "/api/v1/sites/siteedit/case-managers/kim", "{\"phone\": \"555-0101\"}");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode error = refused.json().path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("case-managers[0].phone");
        assertThat(error.path("reason").asText()).isEqualTo("not an E.164 number such as +12065550101");
        assertThat(call(admin, "GET", "/api/v1/sites/siteedit/site.yaml", null).body())
                .isEqualTo(before);
        assertThat(sites.get("siteedit").caseManager("kim").orElseThrow().phone())
                .isEqualTo(phoneBefore);
        assertThat(revisionCount("siteedit")).isEqualTo(revisionsBefore);
    }

    @Test
    void aWholeSiteYamlTheFileWouldRefuseIsRefusedWithEveryFieldNamed() {
        HttpClient admin = admin();
        String before =
                call(admin, "GET", "/api/v1/sites/siteedit/site.yaml", null).body();

        Response refused = call(
                admin,
                "PUT",
                "/api/v1/sites/siteedit/site.yaml",
                before.replace("\"+12065550802\"", "\"+1\"").replace("PT10M", "ten minutes"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").findValuesAsText("field"))
                .contains("case-managers[1].phone", "escalation.steps[0].delay");
        assertThat(call(admin, "GET", "/api/v1/sites/siteedit/site.yaml", null).body())
                .isEqualTo(before);
    }

    @Test
    void theSiteDownloadedAsSiteYamlReadsBackAsTheSiteInForce() {
        Response exported = call(admin(), "GET", "/api/v1/sites/siteedit/site.yaml", null);

        assertThat(exported.status()).isEqualTo(200);
        Site read = SiteFiles.read("siteedit", exported.body().getBytes(StandardCharsets.UTF_8));
        assertThat(read.toString())
                .isEqualTo(sites.fromFile("siteedit").orElseThrow().toString());
    }

    @Test
    void onlyTheSitesAdministratorsMayEditIt() {
        String username = "siteedit-sup-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(
                        username, StaffRole.SUPERVISOR, "Site edit supervisor", "siteedit", null, null, false),
                PASSWORD,
                "test");
        HttpClient supervisor = signedIn(username, PASSWORD);

        assertThat(call(supervisor, "PATCH", "/api/v1/sites/siteedit/case-managers/kim", "{\"name\": \"X\"}")
                        .status())
                .isEqualTo(403);
        assertThat(call(supervisor, "GET", "/api/v1/sites/siteedit/site.yaml", null)
                        .status())
                .isEqualTo(403);
        assertThat(call(supervisor, "GET", "/dashboard/oncall/siteedit/edit", null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aChangedSiteYamlOnDiskIsInForceWithoutRestartAndABrokenOneKeepsTheLastGood() throws Exception {
        Path file = FakeDispatch.sitesDir().resolve("reload/site.yaml");
        String original = Files.readString(file);
        try {
            Files.writeString(file, original.replace("+12065550811", "+12065550812"));
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> sites.get("reload")
                                    .caseManager("ned")
                                    .orElseThrow()
                                    .phone(),
                            "+12065550812"::equals);
            assertThat(revisions.newest("reload").orElseThrow().source()).isEqualTo(SiteRevisions.Source.FILE);

            Files.writeString(file, original.replace("+12065550811", "12065550813"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> revisions.fileProblem("reload").isPresent());
            assertThat(sites.get("reload").caseManager("ned").orElseThrow().phone())
                    .as("the last good version stays in force")
                    .isEqualTo("+12065550812");
            String page = call(admin(), "GET", "/dashboard/oncall/reload", null).body();
            assertThat(page).contains("file-problem", "case-managers[0].phone: not an E.164 number");
        } finally {
            Files.writeString(file, original);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> sites.get("reload")
                                .caseManager("ned")
                                .orElseThrow()
                                .phone(),
                        "+12065550811"::equals);
        assertThat(revisions.fileProblem("reload")).isEmpty();
    }

    private long revisionCount(String site) {
        return db.sql("select count(*) from site_revision where site = ?")
                .param(site)
                .query(Long.class)
                .single();
    }
}
