package org.doorway.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.staff.StaffAccounts;
import org.doorway.staff.StaffRole;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.doorway.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A feed that goes silent is noticed: the test sites {@code beat} (its source expected every 30
 * minutes, watched all day) and {@code beat-closed} (the same rhythm, but operating hours closed
 * every day). The watch is run here directly ({@link FeedWatch#watch()}, as its timer does), so
 * that "once" can be checked after several rounds.
 */
class FeedHeartbeatIT extends DoorwayAppIT {

    private static final String ADMIN = "+12065550290";
    private static final String CLOSED_ADMIN = "+12065550295";

    @Autowired
    FeedWatch watch;

    @Autowired
    JdbcClient db;

    @Autowired
    StaffAccounts accounts;

    private static final Predicate<FakeTwilio.Sms> SILENT_TEXT =
            sms -> ADMIN.equals(sms.to()) && sms.body().contains("has sent nothing");
    private static final Predicate<FakeTwilio.Sms> RECOVERED_TEXT =
            sms -> ADMIN.equals(sms.to()) && sms.body().contains("delivers again");

    @Test
    void textsTheAdministratorOnceWhenAFeedFallsSilentAndAgainWhenItDeliversOnceMore() {
        String surname = deliver("beat-intake-key");
        // Another test may have moved the clock far enough to find the feed silent already: this
        // round sees the record and leaves it flowing either way.
        watch.watch();
        assertThat(state("beat", "http:beat-cad")).isEqualTo("FLOWING");
        assertThat(row("beat", "http:beat-cad")).contains(">flowing<").doesNotContain(">never<");
        int silentBefore = twilio.sent(SILENT_TEXT).size();
        int recoveredBefore = twilio.sent(RECOVERED_TEXT).size();

        new TestClock(db).advance(Duration.ofMinutes(31));
        watch.watch();
        List<FakeTwilio.Sms> silent = twilio.awaitSent(SILENT_TEXT, silentBefore + 1);
        watch.watch();
        watch.watch();

        assertThat(twilio.sent(SILENT_TEXT)).as("one text per silence").hasSize(silentBefore + 1);
        FakeTwilio.Sms text = silent.get(silentBefore);
        assertThat(text.body())
                .contains("http:beat-cad")
                .contains("site beat")
                .contains("expected every 30 min")
                .doesNotContain(surname);
        assertThat(state("beat", "http:beat-cad")).isEqualTo("SILENT");
        assertThat(row("beat", "http:beat-cad")).contains("class=\"state bad\">silent<");

        deliver("beat-intake-key");
        watch.watch();
        twilio.awaitSent(RECOVERED_TEXT, recoveredBefore + 1);
        watch.watch();

        assertThat(twilio.sent(RECOVERED_TEXT)).as("one recovery text").hasSize(recoveredBefore + 1);
        assertThat(twilio.sent(SILENT_TEXT)).hasSize(silentBefore + 1);
        assertThat(state("beat", "http:beat-cad")).isEqualTo("FLOWING");
        assertThat(row("beat", "http:beat-cad")).contains(">flowing<");
    }

    @Test
    void aFeedIsNotAlarmedOutsideItsSitesOperatingHours() {
        deliver("beat-closed-intake-key");
        watch.watch();

        new TestClock(db).advance(Duration.ofHours(2));
        watch.watch();
        watch.watch();

        assertThat(state("beat-closed", "http:beat-closed-cad")).isEqualTo("FLOWING");
        assertThat(db.sql("select count(*) from feed_alert where site = 'beat-closed'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(twilio.sent(sms -> CLOSED_ADMIN.equals(sms.to()))).isEmpty();
        assertThat(row("beat-closed", "http:beat-closed-cad")).contains(">outside hours<");
    }

    @Test
    void theFeedsPageShowsEveryFeedWithItsRhythmAndLastRecordToAdministratorsOnly() {
        deliver("beat-intake-key");

        assertThat(row("beat", "http:beat-cad"))
                .contains(">30 min<")
                .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        assertThat(row("demo", "http:demo-cad")).contains(">not watched<");
        assertThat(call(admin(), "GET", "/dashboard", null).body())
                .as("the dashboard's navigation leads to the feeds page")
                .contains("href=\"/dashboard/feeds\"");
        Response anonymous = get("/dashboard/feeds", null);
        assertThat(anonymous.status()).isNotEqualTo(200);
    }

    @Test
    void aCaseManagerIsNotShownTheFeedsAndASupervisorSeesOnlyTheirOwnSite() {
        deliver("beat-intake-key");

        assertThat(call(as(StaffRole.CASE_MANAGER, "beat", "gail"), "GET", "/dashboard/feeds", null)
                        .status())
                .isEqualTo(404);
        Response fast = call(as(StaffRole.SUPERVISOR, "fast", null), "GET", "/dashboard/feeds", null);
        assertThat(fast.status()).isEqualTo(200);
        assertThat(fast.body()).contains("data-feed=\"http:fast-cad\"").doesNotContain("data-site=\"beat\"");
    }

    /** A new account with this role, signed in. */
    private HttpClient as(StaffRole role, String site, String caseManagerId) {
        String username =
                "feeds-" + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-"
                        + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new StaffAccounts.Staff(username, role, "Test " + role, site, caseManagerId, null, false),
                "feeds-test-password",
                "test");
        return signedIn(username, "feeds-test-password");
    }

    /** Posts a new LEAD referral with the source's key; returns the person's surname it carried. */
    private String deliver(String key) {
        ObjectNode doc = EidoDocuments.leadRequest();
        Response response = postEido(key, EidoDocuments.bytes(doc));
        assertThat(response.status()).as(response.body()).isBetween(200, 299);
        return doc.get("personComponent")
                .get(0)
                .get("ncPersonComponent")
                .get("name")
                .get(0)
                .get("personSurName")
                .get(0)
                .get("value")
                .asText();
    }

    private String state(String site, String channel) {
        return db.sql("select state from feed_watch where site = ? and channel = ?")
                .params(site, channel)
                .query(String.class)
                .single();
    }

    /** The feed's row on the dashboard's feeds page, as an administrator sees it. */
    private String row(String site, String channel) {
        Response page = call(admin(), "GET", "/dashboard/feeds", null);
        assertThat(page.status()).isEqualTo(200);
        Matcher row = Pattern.compile(
                        "<tr data-site=\"" + Pattern.quote(site) + "\" data-feed=\"" + Pattern.quote(channel)
                                + "\">(.*?)</tr>",
                        Pattern.DOTALL)
                .matcher(page.body());
        assertThat(row.find())
                .as("a row for %s %s on the feeds page", site, channel)
                .isTrue();
        return row.group(1);
    }
}
