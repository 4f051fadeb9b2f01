package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.doorway.dashboard.equity.Equity;
import org.doorway.dashboard.report.Cell;
import org.doorway.dashboard.report.Suppression;
import org.junit.jupiter.api.Test;

class SmallCountsTest {

    private static long[] stage(long eligible) {
        long[] counts = new long[Equity.STAGES.size()];
        counts[0] = eligible;
        return counts;
    }

    @Test
    void aGroupHiddenAloneInAStageHidesTheNextSmallestSoTheTotalCannotGiveItAway() {
        Map<String, long[]> counts = new LinkedHashMap<>();
        counts.put("Black", stage(14));
        counts.put("White", stage(12));
        counts.put("Asian", stage(3));
        counts.put("not recorded", stage(0));

        Map<String, boolean[]> hidden = Equity.hidden(counts, new Suppression(11));

        assertThat(hidden.get("Asian")[0]).isTrue();
        assertThat(hidden.get("White")[0]).as("complementary").isTrue();
        assertThat(hidden.get("Black")[0]).isFalse();
        assertThat(hidden.get("not recorded")[0]).as("zero identifies nobody").isFalse();
    }

    @Test
    void twoSmallGroupsNeedNoMoreAndWithoutSuppressionNothingIsHidden() {
        Map<String, long[]> counts = new LinkedHashMap<>();
        counts.put("A", stage(20));
        counts.put("B", stage(4));
        counts.put("not recorded", stage(2));

        Map<String, boolean[]> hidden = Equity.hidden(counts, new Suppression(11));
        assertThat(hidden.get("A")[0]).isFalse();
        assertThat(hidden.get("B")[0]).isTrue();
        assertThat(hidden.get("not recorded")[0]).isTrue();

        Map<String, boolean[]> shown = Equity.hidden(counts, Suppression.NONE);
        assertThat(shown.values()).allSatisfy(h -> assertThat(h).doesNotContain(true));
    }

    @Test
    void aSuppressedCountSaysFewerThanTheThresholdAndNeverTheNumber() {
        Cell cell = Cell.count(7, new Suppression(11));
        assertThat(cell.text()).isEqualTo("<11");
        assertThat(cell.csv()).isEqualTo("<11");
        assertThat(Cell.count(0, new Suppression(11)).text()).isEqualTo("0");
        assertThat(Cell.count(11, new Suppression(11)).text()).isEqualTo("11");
    }
}
