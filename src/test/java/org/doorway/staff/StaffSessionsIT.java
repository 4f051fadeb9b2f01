package org.doorway.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Signed-in sessions are rows in PostgreSQL, and a change to an account counts from the signed-in
 * person's next request: a disabled account's session ends, a demoted account has only its new
 * role's powers.
 */
class StaffSessionsIT extends DoorwayAppIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Autowired
    StaffAccounts accounts;

    @Autowired
    JdbcClient db;

    @Autowired
    JdbcIndexedSessionRepository sessions;

    private static String tag() {
        return Long.toString(System.nanoTime() % 1_000_000);
    }

    private String account(String username, StaffRole role, String site) {
        String password = StaffAccounts.generatePassword();
        assertThat(accounts.create(
                        new StaffAccounts.Staff(username, role, username, site, null, null, false), password, "test"))
                .isTrue();
        return password;
    }

    private int page(HttpClient browser, String path) throws Exception {
        return browser.send(
                        HttpRequest.newBuilder(URI.create(base() + path)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void aSignInAndItsCsrfTokenAreKeptInPostgresNotInTheServersMemory() throws Exception {
        String username = "sess" + tag();
        String password = account(username, StaffRole.SUPERVISOR, "demo");
        HttpClient browser =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String login = browser.send(
                        HttpRequest.newBuilder(URI.create(base() + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher token = CSRF.matcher(login);
        assertThat(token.find()).as("the login form's CSRF token").isTrue();
        assertThat(db.sql("""
                        select count(*) from staff_session_attributes
                        where attribute_name like '%CsrfTokenRepository%'""").query(Integer.class).single())
                .as("CSRF tokens stored as session attributes in PostgreSQL")
                .isPositive();

        HttpResponse<Void> signIn = browser.send(
                HttpRequest.newBuilder(URI.create(base() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password="
                                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                                + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(db.sql("""
                        select count(*) from staff_session s
                        join staff_session_attributes a on a.session_primary_id = s.primary_id
                        where s.principal_name = ? and a.attribute_name = 'SPRING_SECURITY_CONTEXT'""").param(username).query(Integer.class).single())
                .as("the signed-in session is a row in PostgreSQL")
                .isEqualTo(1);
        assertThat(call(browser, "GET", "/api/v1/owg/pending", null).status())
                .as("signed in")
                .isEqualTo(200);
    }

    @Test
    void aDisabledAdministratorsSessionEndsOnItsNextRequestAndCannotReEnableItself() throws Exception {
        String username = "adm" + tag();
        String password = account(username, StaffRole.ADMIN, null);
        HttpClient disabled = signedIn(username, password);
        assertThat(call(disabled, "GET", "/api/v1/users", null).status()).isEqualTo(200);

        accounts.setDisabled(username, true);

        Response next = call(disabled, "GET", "/api/v1/users", null);
        Response reEnable = call(disabled, "PATCH", "/api/v1/users/" + username, "{\"disabled\":false}");
        assertThat(next.status()).as("the request right after the change").isEqualTo(401);
        assertThat(next.contentType()).startsWith("application/problem+json");
        assertThat(reEnable.status()).isEqualTo(401);
        assertThat(accounts.find(username).orElseThrow().disabled())
                .as("still disabled")
                .isTrue();
        assertThat(page(disabled, "/admin/sites/demo/qr"))
                .as("an administrator's page")
                .isEqualTo(302);
        assertThat(db.sql("select count(*) from staff_session where principal_name = ?")
                        .param(username)
                        .query(Integer.class)
                        .single())
                .as("the disabled account's session is gone")
                .isZero();
    }

    @Test
    void aDemotedSupervisorLosesTheOperationsWorkGroupsQueueOnItsNextRequest() {
        String username = "sup" + tag();
        String password = account(username, StaffRole.SUPERVISOR, "demo");
        HttpClient supervisor = signedIn(username, password);
        assertThat(call(supervisor, "GET", "/api/v1/owg/pending", null).status())
                .isEqualTo(200);

        accounts.setRole(username, StaffRole.PCG_VIEWER);

        assertThat(call(supervisor, "GET", "/api/v1/owg/pending", null).status())
                .as("the request right after the change")
                .isEqualTo(403);
        accounts.setRole(username, StaffRole.SUPERVISOR);
        assertThat(call(supervisor, "GET", "/api/v1/owg/pending", null).status())
                .as("promoted again, same session")
                .isEqualTo(200);
    }

    @Test
    void aDemotedAdministratorLosesTheAdministratorPagesOnItsNextRequest() throws Exception {
        String username = "adm2" + tag();
        String password = account(username, StaffRole.ADMIN, null);
        HttpClient administrator = signedIn(username, password);
        assertThat(page(administrator, "/admin/sites/demo/qr")).isEqualTo(200);

        accounts.setRole(username, StaffRole.SUPERVISOR);

        assertThat(page(administrator, "/admin/sites/demo/qr")).isEqualTo(403);
        assertThat(call(administrator, "GET", "/api/v1/users", null).status()).isEqualTo(403);
    }

    @Test
    void expiredSessionsAreDeletedWithTheirAttributesAndLiveOnesKept() {
        String expired = java.util.UUID.randomUUID().toString();
        String live = java.util.UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        for (String[] row :
                new String[][] {{expired, Long.toString(now - 1_000)}, {live, Long.toString(now + 600_000)}}) {
            db.sql("""
                            insert into staff_session (primary_id, session_id, creation_time, last_access_time,
                                                       max_inactive_interval, expiry_time, principal_name)
                            values (?, ?, ?, ?, 1800, ?, null)""")
                    .params(
                            row[0],
                            java.util.UUID.randomUUID().toString(),
                            now - 3_600_000,
                            now - 1_800_000,
                            Long.parseLong(row[1]))
                    .update();
            db.sql("insert into staff_session_attributes values (?, 'x', ?)")
                    .params(row[0], new byte[] {1})
                    .update();
        }

        sessions.cleanUpExpiredSessions(); // what spring.session.jdbc.cleanup-cron runs every minute

        assertThat(db.sql("select primary_id from staff_session where primary_id in (?, ?)")
                        .params(expired, live)
                        .query(String.class)
                        .list())
                .containsExactly(live);
        assertThat(db.sql("select count(*) from staff_session_attributes where session_primary_id = ?")
                        .param(expired)
                        .query(Integer.class)
                        .single())
                .isZero();
    }
}
