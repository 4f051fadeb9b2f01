package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On-call overrides through {@code /api/v1/sites/{site}/overrides}, on the swap test site (primary
 * rotates between uma and vic; wes is in no layer): in force at once in who is on call, the
 * calendar feeds and the next page, gone at once when removed, refused to anyone but the site's
 * administrators and supervisors.
 */
class OnCallOverridesIT extends DoorwayAppIT {

    private static final String WES_PHONE = "+12065550703";

    @Autowired
    CalendarLinks calendarLinks;

    @Autowired
    JdbcClient db;

    @Autowired
    StoredOverrides overrides;

    /**
     * Through the class that owns the table, so this instance's snapshot is read again at once
     * (a bare {@code update} would leave it stale for up to a second, into the next test).
     */
    @AfterEach
    void leaveTheRotationAsTheFileSaysIt() {
        for (StoredOverrides.Stored o : overrides.inForce("swap")) {
            overrides.remove("swap", o.id(), "test");
        }
        assertThat(overrides.inForce("swap")).isEmpty();
    }

    @Test
    void anOverrideShowsTheNewPersonAtOnceInTheOnCallAnswerAndTheCalendarAndRemovingItRestoresTheRotation() {
        HttpClient admin = admin();
        String before = primaryNow(admin);
        assertThat(before).isIn("uma", "vic");

        Response made = call(admin, "POST", "/api/v1/sites/swap/overrides", override("primary", "wes", "sick call"));

        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.contentType()).startsWith("application/json");
        String id = made.json().path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(made.json().path("createdBy").asText()).isEqualTo("admin");
        assertThat(primaryNow(admin)).isEqualTo("wes");
        assertThat(primaryFeed(admin)).contains("primary: Wes Test");

        Response removed = call(admin, "DELETE", "/api/v1/sites/swap/overrides/" + id, null);

        assertThat(removed.status()).isEqualTo(204);
        assertThat(primaryNow(admin)).isEqualTo(before);
        assertThat(primaryFeed(admin)).doesNotContain("Wes Test");
        assertThat(call(admin, "DELETE", "/api/v1/sites/swap/overrides/" + id, null)
                        .status())
                .as("removed already")
                .isEqualTo(404);
        assertThat(db.sql(
                                "select created_by || '/' || reason || '/' || removed_by from oncall_override where id = ?::uuid")
                        .param(id)
                        .query(String.class)
                        .single())
                .as("who made it and why, and who removed it, are kept")
                .isEqualTo("admin/sick call/admin");
    }

    @Test
    void theNextLeadReferralPagesTheCaseManagerSwappedInWithoutARestart() {
        HttpClient admin = admin();
        // Pages are sent by Doorway's clock (which other tests may have moved): cover its now.
        Instant now = db.sql("select doorway_now()")
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        String swap = body(
                "primary",
                "wes",
                now.minus(Duration.ofHours(1)).toString(),
                now.plus(Duration.ofHours(2)).toString(),
                "swap");
        assertThat(call(admin, "POST", "/api/v1/sites/swap/overrides", swap).status())
                .isEqualTo(201);

        JsonNode created = postEido("swap-intake-key", EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0);
        String ref = created.path("shortRef").asText();

        FakeTwilio.Sms page = twilio.awaitSms(sms -> sms.body().contains(ref));
        assertThat(page.to()).isEqualTo(WES_PHONE);
    }

    @Test
    void refusesOverridesThatDoNotFitTheSiteNamingTheFieldAndChangesNothing() {
        HttpClient admin = admin();

        assertRefused(admin, override("night", "wes", "x"), 422, "schedule");
        assertRefused(admin, override("primary", "zed", "x"), 422, "caseManager");
        Instant now = Instant.now();
        assertRefused(
                admin,
                body(
                        "primary",
                        "wes",
                        now.toString(),
                        now.minus(Duration.ofHours(1)).toString(),
                        "x"),
                422,
                "to");
        assertRefused(admin, override("primary", "wes", " "), 400, "reason");
        assertRefused(admin, body("primary", "wes", "tonight", now.toString(), "x"), 400, "from");
        Response notJson = call(admin, "POST", "/api/v1/sites/swap/overrides", "[1,");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.contentType()).startsWith("application/problem+json");
        assertThat(call(admin, "DELETE", "/api/v1/sites/swap/overrides/" + java.util.UUID.randomUUID(), null)
                        .status())
                .isEqualTo(404);
        assertThat(primaryNow(admin)).isIn("uma", "vic");
    }

    @Test
    void aCaseManagerIsForbiddenAndAnotherSitesSupervisorCannotTouchThisSite() {
        HttpClient admin = admin();
        String tag = Long.toString(System.nanoTime() % 1_000_000);
        HttpClient uma = account(
                admin, "ov-uma" + tag, "{\"role\":\"CASE_MANAGER\",\"site\":\"swap\",\"caseManagerId\":\"uma\"}");
        HttpClient fastSupervisor = account(admin, "ov-fsup" + tag, "{\"role\":\"SUPERVISOR\",\"site\":\"fast\"}");
        HttpClient swapSupervisor = account(admin, "ov-ssup" + tag, "{\"role\":\"SUPERVISOR\",\"site\":\"swap\"}");

        Response byCaseManager = call(uma, "POST", "/api/v1/sites/swap/overrides", override("primary", "wes", "x"));
        Response byOtherSite =
                call(fastSupervisor, "POST", "/api/v1/sites/swap/overrides", override("primary", "wes", "x"));
        Response bySource =
                send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/api/v1/sites/swap/overrides"))
                        .header("X-Api-Key", "swap-intake-key")
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(override("primary", "wes", "x"))));

        assertThat(byCaseManager.status()).isEqualTo(403);
        assertThat(byCaseManager.contentType()).startsWith("application/problem+json");
        assertThat(byOtherSite.status()).isEqualTo(403);
        assertThat(bySource.status()).isEqualTo(403);
        assertThat(primaryNow(admin)).isIn("uma", "vic");

        Response made =
                call(swapSupervisor, "POST", "/api/v1/sites/swap/overrides", override("primary", "wes", "cover"));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String id = made.json().path("id").asText();
        assertThat(call(fastSupervisor, "DELETE", "/api/v1/sites/swap/overrides/" + id, null)
                        .status())
                .isEqualTo(403);
        assertThat(call(uma, "DELETE", "/api/v1/sites/swap/overrides/" + id, null)
                        .status())
                .isEqualTo(403);
        assertThat(primaryNow(admin)).isEqualTo("wes");
        assertThat(call(swapSupervisor, "DELETE", "/api/v1/sites/swap/overrides/" + id, null)
                        .status())
                .isEqualTo(204);
    }

    @Test
    void onThePageTheSitesStaffMayLookOnlyItsSupervisorsMayChangeAndAFormWithoutItsTokenIsRefused() {
        HttpClient admin = admin();
        String tag = Long.toString(System.nanoTime() % 1_000_000);
        HttpClient uma = account(
                admin, "pg-uma" + tag, "{\"role\":\"CASE_MANAGER\",\"site\":\"swap\",\"caseManagerId\":\"uma\"}");
        HttpClient fastSupervisor = account(admin, "pg-fsup" + tag, "{\"role\":\"SUPERVISOR\",\"site\":\"fast\"}");
        HttpClient swapSupervisor = account(admin, "pg-ssup" + tag, "{\"role\":\"SUPERVISOR\",\"site\":\"swap\"}");

        Response seenByCaseManager = call(uma, "GET", "/dashboard/oncall/swap", null);
        assertThat(seenByCaseManager.status()).isEqualTo(200);
        assertThat(seenByCaseManager.body()).contains("oncall-now").doesNotContain("add-override");
        assertThat(call(fastSupervisor, "GET", "/dashboard/oncall/swap", null).status())
                .isEqualTo(404);

        String form = "schedule=primary&caseManager=wes&from=" + Instant.now().minus(Duration.ofHours(1)) + "&to="
                + Instant.now().plus(Duration.ofHours(2)) + "&reason=page";
        assertThat(postForm(uma, "/dashboard/oncall/swap/overrides", form, token(uma, "swap")))
                .isEqualTo(403);
        assertThat(postForm(fastSupervisor, "/dashboard/oncall/swap/overrides", form, token(fastSupervisor, "fast")))
                .isEqualTo(403);
        assertThat(postForm(swapSupervisor, "/dashboard/oncall/swap/overrides", form, null))
                .as("without the form's CSRF token")
                .isEqualTo(403);
        assertThat(primaryNow(admin)).isIn("uma", "vic");

        assertThat(postForm(swapSupervisor, "/dashboard/oncall/swap/overrides", form, token(swapSupervisor, "swap")))
                .as("back to the page")
                .isEqualTo(302);
        assertThat(primaryNow(admin)).isEqualTo("wes");
        assertThat(call(swapSupervisor, "GET", "/dashboard/oncall/swap", null).body())
                .contains("add-override")
                .contains("Wes Test");
    }

    private static final java.util.regex.Pattern CSRF =
            java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    /** The CSRF token of the forms on a site's schedule page (the sign-out form has one for everyone). */
    private String token(HttpClient client, String site) {
        java.util.regex.Matcher m = CSRF.matcher(
                call(client, "GET", "/dashboard/oncall/" + site, null).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private int postForm(HttpClient client, String path, String form, String token) {
        String body = form.replace(":", "%3A")
                + (token == null
                        ? ""
                        : "&_csrf=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return client.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + path))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void assertRefused(HttpClient client, String json, int status, String field) {
        Response response = call(client, "POST", "/api/v1/sites/swap/overrides", json);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("errors").findValuesAsText("field")).contains(field);
    }

    private String primaryNow(HttpClient client) {
        Response response = call(client, "GET", "/api/v1/sites/swap/oncall", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("layers").path("primary").path("id").asText();
    }

    private String primaryFeed(HttpClient client) {
        String url =
                calendarLinks.url("swap", CalendarLinks.Feed.layer("primary")).toString();
        Response feed = call(client, "GET", url.substring(PUBLIC_BASE_URL.length()), null);
        assertThat(feed.status()).isEqualTo(200);
        return feed.body().replace("\r\n ", "");
    }

    /** An override of {@code layer} by {@code member} from an hour ago to two hours ahead. */
    private static String override(String layer, String member, String reason) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return body(
                layer,
                member,
                now.minus(Duration.ofHours(1)).toString(),
                now.plus(Duration.ofHours(2)).toString(),
                reason);
    }

    private static String body(String layer, String member, String from, String to, String reason) {
        return "{\"schedule\":\"" + layer + "\",\"caseManager\":\"" + member + "\",\"from\":\"" + from + "\",\"to\":\""
                + to + "\",\"reason\":\"" + reason + "\"}";
    }

    private HttpClient account(HttpClient admin, String username, String role) {
        Response created =
                call(admin, "POST", "/api/v1/users", "{\"username\":\"" + username + "\"," + role.substring(1));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return signedIn(username, created.json().path("password").asText());
    }
}
