package org.doorway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.junit.jupiter.api.Test;

/** What the portal's form becomes: the checks people see, and the community referral stored. */
class PortalReferralsTest {

    static final PortalSettings.Limit LIMIT = new PortalSettings.Limit(10, Duration.ofHours(1));

    static PortalSettings portal(PortalSettings.Questions questions) {
        return new PortalSettings(
                "demo",
                true,
                "US",
                Map.of("HARBOR", new PortalSettings.Partner("HARBOR", "Harbor Street Day Center")),
                questions,
                "911",
                "988",
                List.of(),
                new PortalSettings.RateLimits(LIMIT, LIMIT, LIMIT));
    }

    static final PortalSettings PORTAL = portal(new PortalSettings.Questions(true, true, true, true));

    private static PortalForm filled() {
        PortalForm form = new PortalForm();
        form.setSubmission(PortalReferrals.newToken());
        form.setDanger("no");
        form.setPlace("  Bus shelter at 3rd and Pine  ");
        form.setStory("Sleeps in the doorway most nights.\r\nThe store calls the police every week.");
        form.setOften("yes");
        form.setPolice("unsure");
        form.setPersonName("Sam");
        form.setLooks("Green jacket, a small dog");
        form.setRole("business");
        form.setYourName("Riley");
        form.setYourPhone("(206) 555-0142");
        return form;
    }

    @Test
    void aFilledFormBecomesACommunityReferralFromThePortalAttributedToThePartner() {
        PortalForm form = filled();
        Instant now = Instant.parse("2026-03-02T18:00:00Z");

        Referral r = PortalReferrals.referral(form, PORTAL, form.getSubmission(), PORTAL.partner("harbor"), now);

        assertThat(r.site()).isEqualTo("demo");
        assertThat(r.door()).isEqualTo(Door.COMMUNITY);
        assertThat(r.source()).isEqualTo("portal");
        assertThat(r.sourceId()).isEqualTo(form.getSubmission());
        assertThat(r.occurredAt()).isEqualTo(now);
        assertThat(r.receivedAt()).isEqualTo(now);
        assertThat(r.callType()).isNull();
        // Free text about a place stays behind sign-in: it is the description, never the SMS line.
        assertThat(r.location().text()).isNull();
        assertThat(r.location().description()).isEqualTo("Bus shelter at 3rd and Pine");
        assertThat(r.referrer())
                .isEqualTo(new Referral.Referrer("HARBOR", null, "tel:+12065550142", "business", "Riley"));
        assertThat(r.persons()).singleElement().satisfies(p -> {
            assertThat(p.givenName()).isEqualTo("Sam");
            assertThat(p.familyName()).isNull();
            assertThat(p.birthDate()).isNull();
        });
        assertThat(r.notes())
                .containsExactly(
                        "Sleeps in the doorway most nights.\nThe store calls the police every week.",
                        "What the person looks like: Green jacket, a small dog");
        assertThat(r.warnings()).isEmpty();
        assertThat(r.screening().imminentDanger()).isFalse();
        assertThat(r.screening().chronicLawViolations()).isTrue();
        assertThat(r.screening().expectsCriminalLegalResponse()).isNull();
        assertThat(r.screening().consentToContact()).isNull();
    }

    @Test
    void onlyThePlaceIsRequiredAndNothingAboutThePersonOrTheReferrer() {
        PortalForm form = new PortalForm();
        form.setPlace("Library steps");

        assertThat(PortalReferrals.check(form, PORTAL)).isEmpty();
        Referral r =
                PortalReferrals.referral(form, PORTAL, PortalReferrals.newToken(), Optional.empty(), Instant.now());
        assertThat(r.persons()).isEmpty();
        assertThat(r.notes()).isEmpty();
        assertThat(r.referrer()).isEqualTo(new Referral.Referrer(null, null, null, "resident", null));
        assertThat(r.screening()).isEqualTo(Referral.Screening.UNKNOWN);
    }

    @Test
    void yesNoAndNotSureAreTrueFalseAndUnknown() {
        assertThat(PortalReferrals.answer("yes")).isTrue();
        assertThat(PortalReferrals.answer("no")).isFalse();
        assertThat(PortalReferrals.answer("unsure")).isNull();
        assertThat(PortalReferrals.answer(null)).isNull();
    }

    @Test
    void sayingSomeoneIsInDangerIsRecordedAsImminentDanger() {
        PortalForm form = filled();
        form.setDanger("yes");

        Referral r = PortalReferrals.referral(form, PORTAL, form.getSubmission(), Optional.empty(), Instant.now());

        assertThat(r.screening().imminentDanger()).isTrue();
    }

    @Test
    void eachProblemNamesItsFieldInFormOrder() {
        PortalForm form = filled();
        form.setPlace("   ");
        form.setStory("x".repeat(PortalReferrals.MAX_STORY + 1));
        form.setYourPhone("12345");
        form.setOften("maybe");

        List<PortalReferrals.FieldProblem> problems = PortalReferrals.check(form, PORTAL);

        assertThat(problems)
                .extracting(PortalReferrals.FieldProblem::field)
                .containsExactly("place", "story", "often", "yourPhone");
        assertThat(problems)
                .extracting(PortalReferrals.FieldProblem::anchor)
                .containsExactly("place", "story", "often-yes", "yourPhone");
        assertThat(problems.get(1).args()).containsExactly(PortalReferrals.MAX_STORY, PortalReferrals.MAX_STORY + 1);
    }

    @Test
    void questionsTheSiteDoesNotAskAreNeitherCheckedNorStored() {
        PortalSettings minimal = portal(new PortalSettings.Questions(false, false, false, false));
        PortalForm form = filled();
        form.setYourPhone("not a number");

        assertThat(PortalReferrals.check(form, minimal)).isEmpty();
        Referral r = PortalReferrals.referral(form, minimal, form.getSubmission(), Optional.empty(), Instant.now());
        assertThat(r.persons()).isEmpty();
        assertThat(r.referrer()).isEqualTo(new Referral.Referrer(null, null, null, "resident", null));
        assertThat(r.notes()).hasSize(1);
    }

    @Test
    void anUnknownPartnerCodeIsRecordedAsThePublicFormWithAWarningThatQuotesNothing() {
        PortalForm form = filled();
        form.setPartner("NOPE");

        Referral r =
                PortalReferrals.referral(form, PORTAL, form.getSubmission(), PORTAL.partner("NOPE"), Instant.now());

        assertThat(r.referrer().agency()).isNull();
        assertThat(r.warnings()).singleElement().asString().doesNotContain("NOPE");
    }

    @Test
    void theHoneypotTellsRobotsFromPeople() {
        PortalForm person = filled();
        PortalForm robot = filled();
        robot.setWebsite("http://spam.example");
        PortalForm emptyHoneypot = filled();
        emptyHoneypot.setWebsite("");

        assertThat(PortalReferrals.isRobot(person)).isFalse();
        assertThat(PortalReferrals.isRobot(emptyHoneypot)).isFalse();
        assertThat(PortalReferrals.isRobot(robot)).isTrue();
    }

    @Test
    void submissionTokensAreRandomAndOnlyTheirOwnShapeIsAccepted() {
        String a = PortalReferrals.newToken();
        String b = PortalReferrals.newToken();

        assertThat(a).isNotEqualTo(b);
        assertThat(PortalReferrals.validToken(a)).isTrue();
        assertThat(PortalReferrals.validToken("x' or 1=1 --")).isFalse();
        assertThat(PortalReferrals.validToken(null)).isFalse();
    }

    @Test
    void typedTextLosesControlCharactersAndOuterSpaceButKeepsLinesWhereAsked() {
        assertThat(PortalReferrals.clean("  a\u0000b\u200Bc \r\n d\te ", true)).isEqualTo("abc \n d e");
        assertThat(PortalReferrals.clean("one\ntwo", false)).isEqualTo("one two");
        assertThat(PortalReferrals.clean(" \n ", true)).isNull();
        assertThat(PortalReferrals.clean("Jose\u0301", false)).isEqualTo("José");
    }

    @Test
    void lengthsAreCountedInCharactersNotBytes() {
        PortalForm form = filled();
        form.setPlace("é".repeat(PortalReferrals.MAX_PLACE));
        assertThat(PortalReferrals.check(form, PORTAL)).isEmpty();
        form.setPlace("😀".repeat(PortalReferrals.MAX_PLACE));
        assertThat(PortalReferrals.check(form, PORTAL)).isEmpty();
        form.setPlace("😀".repeat(PortalReferrals.MAX_PLACE + 1));
        assertThat(PortalReferrals.check(form, PORTAL))
                .extracting(PortalReferrals.FieldProblem::field)
                .containsExactly("place");
    }
}
