package org.doorway.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** When a feed counts as silent: its rhythm, counted in the hours it is watched. */
class RhythmTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    /** Watched 08:00–18:00 Chicago time, every day. */
    private static final Predicate<Instant> OFFICE_HOURS = at -> {
        LocalTime time = at.atZone(CHICAGO).toLocalTime();
        return !time.isBefore(LocalTime.of(8, 0)) && time.isBefore(LocalTime.of(18, 0));
    };

    private static Instant chicago(int day, int hour, int minute) {
        return LocalDateTime.of(2026, 3, day, hour, minute).atZone(CHICAGO).toInstant();
    }

    @Test
    void aFeedWatchedAtEveryHourIsSilentOnlyOnceLongerThanItsRhythmHasPassed() {
        Rhythm rhythm = Rhythm.always(HALF_HOUR);
        Instant last = chicago(10, 3, 0);

        assertThat(rhythm.silent(last, last.plus(Duration.ofMinutes(29)))).isFalse();
        assertThat(rhythm.silent(last, last.plus(HALF_HOUR))).isFalse();
        assertThat(rhythm.silent(last, last.plus(Duration.ofMinutes(31)))).isTrue();
        assertThat(rhythm.silent(last, last.plus(Duration.ofDays(3)))).isTrue();
    }

    @Test
    void aFeedIsNeverSilentOutsideItsHours() {
        Rhythm rhythm = new Rhythm(HALF_HOUR, OFFICE_HOURS);
        Instant last = chicago(10, 12, 0);

        assertThat(rhythm.silent(last, chicago(10, 22, 0))).isFalse();
        assertThat(rhythm.silent(last, chicago(11, 7, 59))).isFalse();
        assertThat(rhythm.watchedAt(chicago(11, 7, 59))).isFalse();
        assertThat(rhythm.watchedAt(chicago(11, 8, 0))).isTrue();
    }

    @Test
    void silenceIsCountedInWatchedTimeOnlySoTheNightDoesNotCountAtTheNextOpening() {
        Rhythm rhythm = new Rhythm(HALF_HOUR, OFFICE_HOURS);
        // Ten minutes before closing: ten watched minutes that evening, so twenty more the next morning.
        Instant last = chicago(10, 17, 50);

        assertThat(rhythm.silent(last, chicago(11, 8, 0))).isFalse();
        assertThat(rhythm.silent(last, chicago(11, 8, 20))).isFalse();
        assertThat(rhythm.silent(last, chicago(11, 8, 21))).isTrue();
    }

    @Test
    void aFeedClosedForLongerThanTheLookBackIsNotSilent() {
        Rhythm rhythm = new Rhythm(HALF_HOUR, at -> at.isAfter(chicago(30, 9, 0)));
        Instant last = chicago(1, 9, 0);

        assertThat(rhythm.silent(last, chicago(30, 9, 10))).isFalse();
        assertThat(rhythm.silent(last, chicago(30, 9, 40))).isTrue();
    }

    @Test
    void aRhythmMustBePositive() {
        assertThatThrownBy(() -> Rhythm.always(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rhythm.always(Duration.ofMinutes(-5))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rhythmsReadInWordsForTheAdministratorsText() {
        assertThat(FeedWatch.words(Duration.ofMinutes(30))).isEqualTo("30 min");
        assertThat(FeedWatch.words(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(FeedWatch.words(Duration.ofSeconds(90))).isEqualTo("90 s");
    }
}
