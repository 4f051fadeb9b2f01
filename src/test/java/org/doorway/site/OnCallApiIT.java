package org.doorway.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.doorway.DoorwayAppIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code GET /api/v1/sites/{site}/oncall} and the calendar feeds, in the running application. */
class OnCallApiIT extends DoorwayAppIT {

    @Autowired
    OnCall onCall;

    @Autowired
    CalendarLinks calendarLinks;

    @Test
    void answersWhoIsOnCallInEachLayerOfTheDemoSiteWithItsKey() {
        // Tue 10 Mar 2026 05:00 PDT: ana's week as primary; chris had last week, so is backup
        Response response = get("/api/v1/sites/demo/oncall?at=2026-03-10T12:00:00Z", DEMO_KEY);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.path("site").asText()).isEqualTo("demo");
        assertThat(body.path("at").asText()).isEqualTo("2026-03-10T12:00:00Z");
        assertThat(body.path("layers").fieldNames()).toIterable().containsExactly("primary", "backup", "supervisor");
        assertThat(body.path("layers").path("primary").path("id").asText()).isEqualTo("ana");
        assertThat(body.path("layers").path("primary").path("name").asText()).isEqualTo("Ana Okafor");
        assertThat(body.path("layers").path("backup").path("id").asText()).isEqualTo("chris");
        assertThat(body.path("layers").path("supervisor").path("id").asText()).isEqualTo("dana");
    }

    @Test
    void neverGivesPhoneNumbers() {
        Response response = get("/api/v1/sites/demo/oncall", DEMO_KEY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .doesNotContain("phone")
                .doesNotContain("+1206")
                .doesNotContain("2065550");
    }

    @Test
    void answersForNowWithoutAt() {
        Instant before = Instant.now();
        JsonNode body = get("/api/v1/sites/demo/oncall", DEMO_KEY).json();
        Instant at = Instant.parse(body.path("at").asText());

        assertThat(at).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now());
        Map<String, Site.CaseManager> expected = onCall.onCall("demo", at);
        assertThat(expected).containsOnlyKeys("primary", "backup", "supervisor");
        expected.forEach((layer, cm) ->
                assertThat(body.path("layers").path(layer).path("id").asText()).isEqualTo(cm.id()));
    }

    @Test
    void acceptsAnOffsetDateTime() {
        JsonNode body = get("/api/v1/sites/demo/oncall?at=2026-03-10T05:00:00-07:00", DEMO_KEY)
                .json();

        assertThat(body.path("at").asText()).isEqualTo("2026-03-10T12:00:00Z");
    }

    @Test
    void anotherSitesKeyGetsNotFound() {
        Response response = get("/api/v1/sites/demo/oncall", FAST_KEY);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Okafor");
        assertThat(get("/api/v1/sites/fast/oncall", FAST_KEY).status())
                .as("its own site")
                .isEqualTo(200);
    }

    @Test
    void anUnknownSiteIsNotFound() {
        assertThat(get("/api/v1/sites/atlantis/oncall", DEMO_KEY).status()).isEqualTo(404);
    }

    @Test
    void refusesWithoutCredentials() {
        assertThat(get("/api/v1/sites/demo/oncall", null).status()).isEqualTo(401);
    }

    @Test
    void refusesAnUnreadableInstantNamingTheParameter() {
        Response response = get("/api/v1/sites/demo/oncall?at=next-tuesday", DEMO_KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("at");
    }

    @Test
    void signedInStaffMayAskAboutAnySite() {
        HttpClient staff = admin();

        Response demo = call(staff, "GET", "/api/v1/sites/demo/oncall?at=2026-03-10T12:00:00Z", null);
        Response fast = call(staff, "GET", "/api/v1/sites/fast/oncall", null);

        assertThat(demo.status()).as(demo.body()).isEqualTo(200);
        assertThat(demo.json().path("layers").path("primary").path("id").asText())
                .isEqualTo("ana");
        assertThat(fast.status()).isEqualTo(200);
        assertThat(fast.json().path("layers").fieldNames()).toIterable().containsExactly("primary", "backup", "third");
    }

    @Test
    void staffSeeOnlyTheSitesTheyWorkForAndPcgViewersNone() {
        HttpClient admin = admin();
        String tag = Long.toString(System.nanoTime() % 1_000_000);
        HttpClient fastSupervisor = account(admin, "oc-sup" + tag, "{\"role\":\"SUPERVISOR\",\"site\":\"fast\"}");
        HttpClient demoDispatcher =
                account(admin, "oc-disp" + tag, "{\"role\":\"DISPATCHER\",\"site\":\"demo\",\"source\":\"demo-cad\"}");
        HttpClient pcg = account(admin, "oc-pcg" + tag, "{\"role\":\"PCG_VIEWER\"}");

        assertThat(call(fastSupervisor, "GET", "/api/v1/sites/fast/oncall", null)
                        .status())
                .isEqualTo(200);
        assertThat(call(fastSupervisor, "GET", "/api/v1/sites/demo/oncall", null)
                        .status())
                .isEqualTo(404);
        assertThat(call(demoDispatcher, "GET", "/api/v1/sites/demo/oncall", null)
                        .status())
                .isEqualTo(200);
        assertThat(call(pcg, "GET", "/api/v1/sites/demo/oncall", null).status()).isEqualTo(404);
    }

    @Test
    void administratorsGetEveryCalendarAddressToHandOutAndCaseManagersTheirOwn() {
        HttpClient admin = admin();
        String tag = Long.toString(System.nanoTime() % 1_000_000);
        HttpClient ana = account(
                admin, "oc-ana" + tag, "{\"role\":\"CASE_MANAGER\",\"site\":\"demo\",\"caseManagerId\":\"ana\"}");
        HttpClient dispatcher = account(
                admin, "oc-cal-disp" + tag, "{\"role\":\"DISPATCHER\",\"site\":\"demo\",\"source\":\"demo-cad\"}");

        Response all = call(admin, "GET", "/api/v1/sites/demo/calendars", null);
        Response own = call(ana, "GET", "/api/v1/sites/demo/calendars", null);

        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.json().path("people").findValuesAsText("id"))
                .containsExactlyInAnyOrder("ana", "ben", "chris", "dana");
        assertThat(all.json().path("layers").findValuesAsText("layer"))
                .containsExactlyInAnyOrder("primary", "backup", "supervisor");
        assertThat(own.json().path("people").findValuesAsText("id")).containsExactly("ana");
        String url = own.json().path("people").get(0).path("url").asText();
        assertThat(url).startsWith(PUBLIC_BASE_URL + "/calendar/").endsWith(".ics");
        Response feed = get(url.substring(PUBLIC_BASE_URL.length()), null);
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.body()).startsWith("BEGIN:VCALENDAR");
        assertThat(call(dispatcher, "GET", "/api/v1/sites/demo/calendars", null).status())
                .isEqualTo(404);
        assertThat(get("/api/v1/sites/demo/calendars", DEMO_KEY).status()).isEqualTo(404);
    }

    /** A browser signed in as a new account with these role fields. */
    private HttpClient account(HttpClient admin, String username, String role) {
        Response created =
                call(admin, "POST", "/api/v1/users", "{\"username\":\"" + username + "\"," + role.substring(1));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return signedIn(username, created.json().path("password").asText());
    }

    @Test
    void servesACaseManagersCalendarAtTheirSecretAddress() {
        String url = calendarLinks.url("demo", CalendarLinks.Feed.person("ben")).toString();
        assertThat(url).startsWith(PUBLIC_BASE_URL + "/calendar/").endsWith(".ics");

        // Until /calendar/** is opened to calendar applications, a signed-in browser reads it.
        Response response = call(admin(), "GET", url.substring(PUBLIC_BASE_URL.length()), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/calendar").containsIgnoringCase("charset=utf-8");
        assertThat(response.body())
                .startsWith("BEGIN:VCALENDAR\r\n")
                .contains("SUMMARY:LEAD on call — primary")
                .contains("SUMMARY:LEAD on call — backup")
                .doesNotContain("+1206");
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(0);
    }

    @Test
    void anUnknownCalendarTokenIsNotFound() {
        Response response = call(admin(), "GET", "/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", null);

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void calendarApplicationsReadAFeedWithoutSigningIn() {
        String url =
                calendarLinks.url("demo", CalendarLinks.Feed.layer("primary")).toString();
        Response response = get(url.substring(PUBLIC_BASE_URL.length()), null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/calendar");
        assertThat(response.body()).contains("SUMMARY:LEAD on call — primary: ");
        assertThat(get("/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", null).status())
                .isEqualTo(404);
    }
}
