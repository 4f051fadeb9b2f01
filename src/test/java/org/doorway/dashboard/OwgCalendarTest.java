package org.doorway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class OwgCalendarTest {

    private final OwgCalendar.Cadence fortnightly =
            new OwgCalendar.Cadence(LocalDate.of(2025, 1, 7), 14, Duration.ofDays(30));

    @Test
    void theNextMeetingIsTheMeetingDayItselfOrTheFirstOneAfter() {
        assertThat(fortnightly.meetingOnOrAfter(LocalDate.of(2025, 1, 7))).isEqualTo(LocalDate.of(2025, 1, 7));
        assertThat(fortnightly.meetingOnOrAfter(LocalDate.of(2025, 1, 8))).isEqualTo(LocalDate.of(2025, 1, 21));
        assertThat(fortnightly.meetingOnOrAfter(LocalDate.of(2026, 12, 6))).isEqualTo(LocalDate.of(2026, 12, 8));
    }

    @Test
    void meetingsRepeatBeforeTheFirstDateGivenToo() {
        assertThat(fortnightly.meetingOnOrAfter(LocalDate.of(2024, 12, 11))).isEqualTo(LocalDate.of(2024, 12, 24));
        assertThat(fortnightly.meetsOn(LocalDate.of(2024, 12, 24))).isTrue();
        assertThat(fortnightly.meetsOn(LocalDate.of(2024, 12, 25))).isFalse();
    }

    @Test
    void aWeeklySiteMeetsEveryWeek() {
        OwgCalendar.Cadence weekly = new OwgCalendar.Cadence(LocalDate.of(2026, 1, 5), 7, Duration.ofDays(21));
        assertThat(weekly.meetingOnOrAfter(LocalDate.of(2026, 12, 6))).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(weekly.meetsOn(LocalDate.of(2026, 12, 14))).isTrue();
    }
}
