package org.doorway.dashboard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RangeTest {

    private static final Instant NOW = Instant.parse("2025-03-10T15:00:00Z");
    private static final ZoneId SEATTLE = ZoneId.of("America/Los_Angeles");

    @Test
    void datesAreWholeDaysInTheZoneAndTheLastDayIsIncluded() {
        Range range = Range.parse("2025-03-03", "2025-03-09", SEATTLE, NOW, 400);

        assertThat(range.from()).isEqualTo(Instant.parse("2025-03-03T08:00:00Z"));
        assertThat(range.to()).isEqualTo(Instant.parse("2025-03-10T07:00:00Z")); // after the DST change
        assertThat(range.firstDay()).hasToString("2025-03-03");
        assertThat(range.lastDay()).hasToString("2025-03-09");
    }

    @Test
    void instantsAreTakenAsTheyAreAndNothingGivenMeansTheLastSevenDays() {
        Range range = Range.parse("2025-03-01T10:00:00Z", "2025-03-01T12:00:00+01:00", SEATTLE, NOW, 400);
        assertThat(range.from()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(range.to()).isEqualTo(Instant.parse("2025-03-01T11:00:00Z"));

        Range lastWeek = Range.parse(null, "", SEATTLE, NOW, 400);
        assertThat(lastWeek.to()).isEqualTo(NOW);
        assertThat(lastWeek.from()).isEqualTo(Instant.parse("2025-03-03T15:00:00Z"));
    }

    @Test
    void refusesWhatItCannotReadARangeBackwardsAndOneTooLong() {
        assertThatThrownBy(() -> Range.parse("yesterday", null, SEATTLE, NOW, 400))
                .isInstanceOfSatisfying(
                        Range.InvalidRange.class, e -> assertThat(e.field).isEqualTo("from"));
        assertThatThrownBy(() -> Range.parse("2025-03-05", "2025-03-01", SEATTLE, NOW, 400))
                .isInstanceOf(Range.InvalidRange.class);
        assertThatThrownBy(() -> Range.parse("2020-01-01", "2025-03-01", SEATTLE, NOW, 400))
                .isInstanceOfSatisfying(
                        Range.InvalidRange.class, e -> assertThat(e.field).isEqualTo("to"));
    }
}
