package org.doorway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a caseload against its site's limits says: a warning above the limit, counts only. */
class CaseloadsTest {

    private static final Caseloads.Limits LEAD = new Caseloads.Limits(25, 15);

    @Test
    void aCaseloadAtTheLimitIsNoWarningAndOneAboveItIs() {
        Caseloads.Caseload atLimit = new Caseloads.Caseload("ana", 25, LEAD);
        assertThat(atLimit.over()).isFalse();
        assertThat(atLimit.aboveIdeal()).isTrue();
        assertThat(atLimit.warning()).isNull();

        Caseloads.Caseload over = new Caseloads.Caseload("ana", 26, LEAD);
        assertThat(over.over()).isTrue();
        assertThat(over.aboveIdeal())
                .as("over the limit, not merely above the ideal")
                .isFalse();
        assertThat(over.warning())
                .isEqualTo("Over the caseload limit: 26 active participants, the site's limit is 25.");
    }

    @Test
    void withinTheIdealCaseloadNothingIsFlagged() {
        Caseloads.Caseload light = new Caseloads.Caseload("ana", 12, LEAD);
        assertThat(light.over()).isFalse();
        assertThat(light.aboveIdeal()).isFalse();
    }

    @Test
    void aSiteWithoutAPolicyHasLeadsDefaultLimits() {
        assertThat(Caseloads.DEFAULT).isEqualTo(new Caseloads.Limits(25, 15));
    }
}
