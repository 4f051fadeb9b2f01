package org.doorway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import org.doorway.referral.Door;
import org.doorway.triage.TriageTest.R;
import org.doorway.triage.internal.PolicyEngine;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher relaying a call type the policy routes with another referrer role (LEAD: an
 * officer's request) is not the referrer, while "who may refer through which door" still decides
 * for dispatchers' own referrals and for the routed role. On the table policy of {@link TriageTest}.
 */
class DispatcherRelayTest {

    private static Decision decide(R referral, Policy policy) {
        return PolicyEngine.decide(referral.build(), policy, TriageTest.facts(TriageTest.MONDAY_10));
    }

    @Test
    void aDispatcherRelayingLeadIsDecidedAsTheOfficersReferralAndDispatchIsToldToPassItOn() {
        Decision decision = decide(R.socialContact().role("dispatcher"), TriageTest.POLICY);

        assertThat(decision.outcome()).isEqualTo(Outcome.WARM_HANDOFF_NOW);
        assertThat(decision.reasons())
                .anySatisfy(reason -> assertThat(reason)
                        .contains("call type LEAD with the referrer role \"officer\"")
                        .contains("relayed it on the officer's behalf"))
                .anySatisfy(
                        reason -> assertThat(reason).contains("A referrer in the role \"officer\" may refer through"));
        assertThat(decision.rules()).contains("routing.call-types[0].referrer-role");
        assertThat(decision.tellDispatch())
                .startsWith("Relayed for the officer")
                .endsWith(decision.tellReferrer());
    }

    @Test
    void anOfficersOwnReferralIsNotRelayedAndDispatchIsToldNothing() {
        Decision decision = decide(R.socialContact().role("officer"), TriageTest.POLICY);

        assertThat(decision.outcome()).isEqualTo(Outcome.WARM_HANDOFF_NOW);
        assertThat(decision.reasons()).noneSatisfy(reason -> assertThat(reason).contains("relayed"));
        assertThat(decision.tellDispatch()).isNull();
    }

    @Test
    void aDispatcherSendingACallTypeRoutedWithoutARoleIsStillRefusedAtTheOfficersDoor() {
        Decision decision = decide(
                R.of(Door.ARREST_DIVERSION, "ARR-NOROLE").charge("35A", "UCR").role("dispatcher"), TriageTest.POLICY);

        assertThat(decision.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
        assertThat(decision.reasons())
                .anySatisfy(
                        reason -> assertThat(reason)
                                .contains(
                                        "A referrer in the role \"dispatcher\" may not refer through the arrest diversion door"));
        assertThat(decision.tellDispatch()).isNull();
    }

    @Test
    void aDispatcherSendingACallTypeRoutedToDispatchersIsStillRefusedAtTheOfficersDoor() {
        Policy policy = TriageTest.edited(
                "    - codes: [LEAD]\n      door: social-contact\n      referrer-role: officer",
                "    - codes: [LEAD]\n      door: social-contact\n      referrer-role: dispatcher");

        Decision decision = decide(R.socialContact().role("dispatcher"), policy);

        assertThat(decision.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
        assertThat(decision.reasons())
                .anySatisfy(reason -> assertThat(reason).contains("role \"dispatcher\" may not refer"));
    }

    @Test
    void theRoutedRoleMustStillBeOneTheDoorTakes() {
        Policy policy = TriageTest.edited(
                "    - codes: [LEAD]\n      door: social-contact\n      referrer-role: officer",
                "    - codes: [LEAD]\n      door: social-contact\n      referrer-role: partner");

        Decision decision = decide(R.socialContact().role("dispatcher"), policy);

        assertThat(decision.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
        assertThat(decision.reasons())
                .anySatisfy(reason -> assertThat(reason).contains("role \"partner\" may not refer"));
        assertThat(decision.tellDispatch()).as("dispatch passes the refusal on").contains("not");
    }

    @Test
    void aDispatchersCommunityReferralIsTheirOwn() {
        Decision decision = decide(R.community().role("dispatcher"), TriageTest.POLICY);

        assertThat(decision.reasons()).noneSatisfy(reason -> assertThat(reason).contains("relayed"));
        assertThat(decision.tellDispatch()).isNull();
    }
}
