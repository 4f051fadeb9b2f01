package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.doorway.staff.StaffRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OWG's biweekly agenda comes from the data: referrals pending, approved and denied since the
 * last meeting, new diversions, and intake deadlines, which the OWG may extend with a reason that is
 * kept with who recorded it.
 */
class OwgAgendaIT extends DashboardTestSupport {

    /** A meeting: the one before it was two weeks earlier, on 2023-02-28. */
    private static final String MEETING = "meeting=2023-03-14";

    private Seeds seeds;
    private UUID newPending;
    private UUID oldPending;
    private UUID approved;
    private UUID denied;
    private UUID approvedLongAgo;
    private UUID diversion;

    private UUID community(String when) {
        Instant at = Instant.parse(when);
        UUID id = seeds.referral("COMMUNITY", at, null);
        seeds.decision(id, "OWG_REVIEW", "COMMUNITY", at, null, null, null, List.of());
        return id;
    }

    @BeforeEach
    void twoWeeksOfWork() {
        seeds = new Seeds(db, "owg");
        newPending = community("2023-03-01T09:00:00Z");
        seeds.review(newPending, "COMMUNITY", "PENDING", Instant.parse("2023-03-01T09:00:00Z"), null, null, null);
        oldPending = community("2023-02-10T09:00:00Z");
        seeds.review(oldPending, "COMMUNITY", "PENDING", Instant.parse("2023-02-10T09:00:00Z"), null, null, null);
        approved = community("2023-02-20T09:00:00Z");
        seeds.review(
                approved,
                "COMMUNITY",
                "APPROVED",
                Instant.parse("2023-02-20T09:00:00Z"),
                Instant.parse("2023-03-02T17:00:00Z"),
                "sup-lee",
                "Known to outreach; fits the priority population");
        denied = community("2023-02-21T09:00:00Z");
        seeds.review(
                denied,
                "COMMUNITY",
                "DENIED",
                Instant.parse("2023-02-21T09:00:00Z"),
                Instant.parse("2023-03-03T17:00:00Z"),
                "sup-lee",
                "Outside the pilot zone");
        approvedLongAgo = community("2023-01-20T09:00:00Z");
        seeds.review(
                approvedLongAgo,
                "COMMUNITY",
                "APPROVED",
                Instant.parse("2023-01-20T09:00:00Z"),
                Instant.parse("2023-02-01T17:00:00Z"),
                "sup-lee",
                "earlier");

        Instant arrested = Instant.parse("2023-03-05T20:00:00Z");
        diversion = seeds.referral("ARREST_DIVERSION", arrested, "North", List.of("35A"), "http:seed-cad");
        seeds.decision(diversion, "WARM_HANDOFF_NOW", "ARREST_DIVERSION", arrested, null, null, null, List.of());
        seeds.handoff(
                diversion,
                "HANDED_OFF",
                arrested,
                arrested.plusSeconds(300),
                arrested.plusSeconds(1500),
                arrested.plusSeconds(1800),
                "cm1");
    }

    private String agenda(String table) {
        return "/dashboard/tables/" + table + ".csv?" + MEETING + "&site=" + seeds.site;
    }

    @Test
    void agendaListsPendingApprovedAndDeniedSinceTheLastMeeting() {
        HttpClient admin = admin();

        assertThat(csv(admin, agenda("owg-new-pending")))
                .extracting(r -> r.get("Ref"))
                .containsExactly(seeds.shortRef(newPending));
        assertThat(csv(admin, agenda("owg-earlier-pending")))
                .extracting(r -> r.get("Ref"))
                .containsExactly(seeds.shortRef(oldPending));
        List<Map<String, String>> approvedRows = csv(admin, agenda("owg-approved"));
        assertThat(approvedRows)
                .extracting(r -> r.get("Ref"))
                .containsExactly(seeds.shortRef(approved))
                .doesNotContain(seeds.shortRef(approvedLongAgo));
        assertThat(approvedRows.get(0).get("Reason")).isEqualTo("Known to outreach; fits the priority population");
        assertThat(csv(admin, agenda("owg-denied")))
                .extracting(r -> r.get("Reason"))
                .containsExactly("Outside the pilot zone");
        List<Map<String, String>> cases = csv(admin, agenda("owg-case-review"));
        assertThat(cases).extracting(r -> r.get("Ref")).containsExactly(seeds.shortRef(diversion));
        assertThat(cases.get(0).get("How it went")).isEqualTo("handed off");
        assertThat(cases.get(0).get("Intake done")).isEqualTo("no");
        List<Map<String, String>> deadlines = csv(admin, agenda("owg-intake-deadlines"));
        assertThat(deadlines).extracting(r -> r.get("Ref")).containsExactly(seeds.shortRef(diversion));
        assertThat(deadlines.get(0).get("Intake due")).isEqualTo("2023-04-04T20:30:00Z"); // 30 days after the handover

        String page = page(admin, "/dashboard/owg?" + MEETING + "&site=" + seeds.site);
        assertThat(page)
                .contains("Tuesday 14 March 2023")
                .contains("28 February 2023")
                .contains("Print the agenda")
                .contains(seeds.shortRef(newPending))
                .contains("Outside the pilot zone");
        assertThat(call(admin, "GET", "/dashboard/dashboard.css", null).body()).contains("@media print");
    }

    @Test
    void extendingAnIntakeDeadlineNeedsTheOwgsReasonAndIsAudited() {
        String username = "sup-owg-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        accounts.create(
                new org.doorway.staff.StaffAccounts.Staff(
                        username, StaffRole.SUPERVISOR, "OWG chair", seeds.site, null, null, false),
                PASSWORD,
                "test");
        HttpClient supervisor = signedIn(username, PASSWORD);
        String path = "/api/v1/referrals/" + diversion + "/intake-deadline";

        Response noReason = call(supervisor, "POST", path, "{\"until\":\"2023-05-01\"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("errors").get(0).path("field").asText()).isEqualTo("reason");
        Response earlier = call(supervisor, "POST", path, "{\"until\":\"2023-04-01\",\"reason\":\"sooner\"}");
        assertThat(earlier.status()).isEqualTo(422);
        assertThat(call(
                                as(StaffRole.CASE_MANAGER, seeds.site, "cm1", null),
                                "POST",
                                path,
                                "{\"until\":\"2023-05-01\",\"reason\":\"mine\"}")
                        .status())
                .isEqualTo(403);
        assertThat(db.sql("select count(*) from intake_extension where referral_id = ?")
                        .param(diversion)
                        .query(Integer.class)
                        .single())
                .as("refusals change nothing")
                .isZero();

        Response extended = call(
                supervisor,
                "POST",
                path,
                "{\"until\":\"2023-05-01\",\"reason\":\"In hospital until late April; OWG agreed 14 March\"}");

        assertThat(extended.status()).as(extended.body()).isEqualTo(201);
        Map<String, Object> audit = db.sql("""
                        select previous_due, due_at, reason, extended_by from intake_extension where referral_id = ?""").param(diversion).query().singleRow();
        assertThat(((Timestamp) audit.get("previous_due")).toInstant())
                .isEqualTo(Instant.parse("2023-04-04T20:30:00Z"));
        assertThat(((Timestamp) audit.get("due_at")).toInstant()).isEqualTo(Instant.parse("2023-05-01T23:59:59Z"));
        assertThat(audit.get("reason")).isEqualTo("In hospital until late April; OWG agreed 14 March");
        assertThat(audit.get("extended_by")).isEqualTo(username);
        Map<String, String> deadline =
                csv(supervisor, agenda("owg-intake-deadlines")).get(0);
        assertThat(deadline.get("Intake due")).isEqualTo("2023-05-01T23:59:59Z");
        assertThat(deadline.get("Extensions")).isEqualTo("1");
    }

    @Test
    void recordingTheIntakeMeetsTheDeadlineOnce() {
        HttpClient caseManager = as(StaffRole.CASE_MANAGER, seeds.site, "cm1", null);
        String path = "/api/v1/referrals/" + diversion + "/intake";

        assertThat(call(caseManager, "POST", path, "{\"doneAt\":\"2023-03-07T18:00:00Z\"}")
                        .status())
                .isEqualTo(201);
        assertThat(call(caseManager, "POST", path, "{}").status()).isEqualTo(409);
        assertThat(call(
                                as(StaffRole.CASE_MANAGER, seeds.site, "someone-else", null),
                                "POST",
                                "/api/v1/referrals/" + newPending + "/intake",
                                "{}")
                        .status())
                .isEqualTo(404);

        assertThat(csv(admin(), agenda("owg-intake-deadlines"))).isEmpty();
        Map<String, String> done = csv(admin(), agenda("owg-intakes-done")).get(0);
        assertThat(done.get("Ref")).isEqualTo(seeds.shortRef(diversion));
        assertThat(done.get("Against the deadline")).isEqualTo("in time");
    }

    @Test
    void pcgViewerGetsTheAgendaAsCountsOnly() {
        HttpClient pcg = as(StaffRole.PCG_VIEWER, seeds.site, null, null);

        String page = page(pcg, "/dashboard/owg?" + MEETING);
        assertThat(page)
                .contains("At a glance")
                .doesNotContain(seeds.shortRef(newPending))
                .doesNotContain("Outside the pilot zone")
                .doesNotContain("Extend an intake deadline");
        assertThat(call(pcg, "GET", agenda("owg-approved"), null).status()).isEqualTo(404);
    }
}
