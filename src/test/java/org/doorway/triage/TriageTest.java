package org.doorway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.doorway.referral.Door;
import org.doorway.referral.Referral;
import org.doorway.site.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TriageTest {

    private static final String VERSION = "pcg-2026.3";
    private static final String RULE = "warm-handoff-now.call-types";

    private final Triage triage = new Triage();

    private static Site site(String version, List<String> warmHandoffCallTypes) {
        return new Site("test", "Test Town LEAD", ZoneId.of("America/Los_Angeles"), Map.of(), null,
                new Site.Intake(Door.COMMUNITY, Map.of()), new Site.Policy(version, warmHandoffCallTypes), List.of());
    }

    private static final Site SITE = site(VERSION, List.of("LEAD", "LEADARR"));

    private static Referral referral(Referral.CallType callType) {
        return new Referral("test", Door.SOCIAL_CONTACT, "eido", "INC-1", null, Instant.parse("2026-03-09T16:00:00Z"),
                null, callType, null, null, null, null, null);
    }

    private static Referral.CallType callType(String code) {
        return new Referral.CallType(code, "description of " + code, null, null);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "LEAD,    WARM_HANDOFF_NOW",
            "LEADARR, WARM_HANDOFF_NOW",
            "THEFT,   NOT_ELIGIBLE",
            "LEA,     NOT_ELIGIBLE",
            "LEADX,   NOT_ELIGIBLE",
    })
    void decidesByWhetherThePolicyListsTheCallType(String code, Outcome expected) {
        Decision decision = triage.decide(referral(callType(code)), SITE);

        assertThat(decision.outcome()).isEqualTo(expected);
        assertThat(decision.policyVersion()).isEqualTo(VERSION);
        assertThat(decision.reasons()).singleElement().asString()
                .contains(code).contains(RULE).contains(VERSION)
                .contains(expected == Outcome.WARM_HANDOFF_NOW ? "is listed" : "is not listed");
    }

    static Stream<Arguments> withoutCallType() {
        return Stream.of(
                Arguments.of("no call type", null),
                Arguments.of("a call type without a code", new Referral.CallType(null, "Welfare check", "WELF", 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutCallType")
    void referralWithoutCallTypeIsNotEligible(String label, Referral.CallType callType) {
        Decision decision = triage.decide(referral(callType), SITE);

        assertThat(decision.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
        assertThat(decision.policyVersion()).isEqualTo(VERSION);
        assertThat(decision.reasons()).singleElement().asString()
                .contains("no call type").contains(RULE).contains(VERSION);
    }

    @ParameterizedTest(name = "policy {0}")
    @CsvSource({"v1", "2026-04-01", "draft-7"})
    void everyDecisionRecordsThePolicyVersionThatMadeIt(String version) {
        Site site = site(version, List.of("LEAD"));

        for (Referral referral : List.of(referral(callType("LEAD")), referral(callType("THEFT")), referral(null))) {
            Decision decision = triage.decide(referral, site);
            assertThat(decision.policyVersion()).isEqualTo(version);
            assertThat(decision.reasons()).allSatisfy(reason -> assertThat(reason).contains(version).contains(RULE));
        }
    }

    @Test
    void policyWithoutWarmHandoffCallTypesMakesNothingEligible() {
        Decision decision = triage.decide(referral(callType("LEAD")), site(VERSION, List.of()));

        assertThat(decision.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
    }

    @Test
    void reasonsNeverQuoteThePersonsNotesOrOtherDetailsOfTheReferral() {
        Referral referral = new Referral("test", Door.ARREST_DIVERSION, "eido", "INC-7731",
                Instant.parse("2026-03-09T15:40:00Z"), Instant.parse("2026-03-09T15:41:00Z"),
                new Referral.Location("1400 Quillfeather Lane", "behind the Marigold laundromat", 47.6, -122.3, "Beat-Q7"),
                new Referral.CallType("LEAD", "Zephyrine welfare concern", null, null),
                List.of(new Referral.Charge("9A.56.050", "RCW", "Theft of a Periwinkle bicycle")),
                new Referral.Referrer("SPD", "Officer Thistlewood", "tel:+12065550199"),
                List.of(new Referral.Person(List.of("Subject"), "Zebulon", "Quixley-Marchetti", "1979-02-29",
                        "Race-Value-Xq", "Ethnicity-Value-Xq", "Gender-Value-Xq")),
                List.of("Sleeps under the Aurora bridge with a dog named Biscuitopher",
                        "Mentions a diagnosis of Fictitiosis"),
                List.of("mapper warning Wqz"));

        for (Site site : List.of(SITE, site(VERSION, List.of()))) {
            Decision decision = triage.decide(referral, site);
            assertThat(String.join("\n", decision.reasons())).doesNotContain(
                    "Zebulon", "Quixley", "Marchetti", "1979-02-29", "Xq", "Biscuitopher", "Aurora", "Fictitiosis",
                    "Quillfeather", "Marigold", "Beat-Q7", "Periwinkle", "9A.56.050", "Thistlewood", "+12065550199",
                    "Zephyrine", "INC-7731", "Wqz");
        }
    }

    @Test
    void sameReferralAndPolicyAlwaysGiveTheSameDecision() {
        Referral referral = referral(callType("LEAD"));

        assertThat(triage.decide(referral, SITE)).isEqualTo(triage.decide(referral, SITE));
    }
}
