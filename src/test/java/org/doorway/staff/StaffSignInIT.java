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
import org.doorway.testing.EidoDocuments;
import org.junit.jupiter.api.Test;

/**
 * Staff sign in with a form at {@code /login}; signed in, they can read any referral, which a
 * stranger cannot. The administrator account is created at first start with the configured
 * password.
 */
class StaffSignInIT extends DoorwayAppIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private HttpResponse<String> signIn(HttpClient browser, String password) throws Exception {
        String page = browser.send(
                        HttpRequest.newBuilder(URI.create(base() + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as("login form carries a CSRF token").isTrue();
        String form = "username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        return browser.send(
                HttpRequest.newBuilder(URI.create(base() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedInAdministratorReadsAnyReferralAndAStrangerDoesNot() throws Exception {
        String id = postEido(DEMO_KEY, EidoDocuments.bytes(EidoDocuments.leadRequest()))
                .json()
                .path("referrals")
                .get(0)
                .path("id")
                .asText();
        HttpClient browser =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpClient stranger =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        HttpResponse<String> wrong = signIn(stranger, "not-the-password");
        HttpResponse<String> right = signIn(browser, "test-admin-password");

        assertThat(wrong.headers().firstValue("Location").orElse("")).contains("/login?error");
        assertThat(right.headers().firstValue("Location").orElse("")).doesNotContain("error");
        HttpResponse<String> asAdmin = browser.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/referrals/" + id))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> asStranger = stranger.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/referrals/" + id))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asAdmin.statusCode()).isEqualTo(200);
        assertThat(asAdmin.body()).contains("\"handoff\"").contains("\"decision\"");
        assertThat(asStranger.statusCode()).isEqualTo(401);
    }
}
