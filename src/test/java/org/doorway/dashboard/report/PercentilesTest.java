package org.doorway.dashboard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void interpolatesBetweenTheTwoValuesAroundThePositionAsPercentileContDoes() {
        // PostgreSQL: select percentile_cont(0.9) within group (order by v) from unnest(array[60,120,180,240,600]) v →
        // 456
        Percentiles.Summary s = Percentiles.of(List.of(600.0, 60.0, 180.0, 120.0, 240.0));

        assertThat(s.count()).isEqualTo(5);
        assertThat(s.p50()).isEqualTo(180.0);
        assertThat(s.p90()).isCloseTo(456.0, within(1e-9));
        assertThat(s.p95()).isCloseTo(528.0, within(1e-9));
    }

    @Test
    void leavesOutMissingTimesAndHasNoPercentileWithoutValues() {
        assertThat(Percentiles.of(Arrays.asList(null, 30.0, null)).p95()).isEqualTo(30.0);
        assertThat(Percentiles.of(Arrays.asList(null, 30.0, null)).count()).isEqualTo(1);
        assertThat(Percentiles.of(List.of())).isEqualTo(Percentiles.Summary.EMPTY);
        assertThat(Percentiles.of(List.of()).p50()).isNull();
    }
}
