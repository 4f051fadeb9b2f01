package org.doorway.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.doorway.system.InvalidYamlException;
import org.junit.jupiter.api.Test;

/** Scenario files: only name and on-call are needed; mistakes are named by file, line and field. */
class ScenarioTest {

    private static final ZoneId SEATTLE = ZoneId.of("America/Los_Angeles");

    private static Scenario parse(String yaml) {
        return Scenario.parse("s.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theIssuesExampleReadsWithEveryDefault() {
        Scenario scenario = parse("""
                name: evenings-added
                on-call:                      # people on call at once, by weekday and local time
                  - {days: [mon, tue, wed, thu, fri], from: "08:00", to: "20:00", people: 2}
                  - {days: [sat, sun], from: "10:00", to: "18:00", people: 1}
                """);

        assertThat(scenario.name()).isEqualTo("evenings-added");
        assertThat(scenario.target()).as("the site's").isNull();
        assertThat(scenario.acknowledge()).isEqualTo(Scenario.ACKNOWLEDGE);
        assertThat(scenario.onScene()).isEqualTo(Scenario.ON_SCENE);
        // Monday 2025-03-03
        assertThat(scenario.peopleAt(LocalDateTime.of(2025, 3, 3, 8, 0).atZone(SEATTLE)))
                .isEqualTo(2);
        assertThat(scenario.peopleAt(LocalDateTime.of(2025, 3, 3, 20, 0).atZone(SEATTLE)))
                .isZero();
        assertThat(scenario.peopleAt(LocalDateTime.of(2025, 3, 8, 12, 0).atZone(SEATTLE)))
                .isEqualTo(1);
    }

    @Test
    void anOvernightLineRunsIntoTheNextDayAndOptionalKeysOverride() {
        Scenario scenario = parse("""
                name: nights
                on-call:
                  - {days: [fri], from: "20:00", to: "08:00", people: 1}
                target: PT45M
                acknowledge: {distribution: exponential, median: PT2M}
                travel: {base: {latitude: 47.6, longitude: -122.3}, speed-kmh: 30}
                on-scene: {distribution: fixed, median: PT1H}
                """);

        assertThat(scenario.peopleAt(LocalDateTime.of(2025, 3, 8, 7, 59).atZone(SEATTLE)))
                .as("Saturday morning")
                .isEqualTo(1);
        assertThat(scenario.peopleAt(LocalDateTime.of(2025, 3, 8, 20, 0).atZone(SEATTLE)))
                .isZero();
        assertThat(scenario.target()).isEqualTo(Duration.ofMinutes(45));
        assertThat(scenario.acknowledge().kind()).isEqualTo(Distribution.Kind.EXPONENTIAL);
        assertThat(scenario.onScene()).isEqualTo(Distribution.fixed(Duration.ofHours(1)));
        // 0.1 degree of latitude is about 11.1 km; x 1.4 for streets at 30 km/h: about 31 minutes
        assertThat(scenario.travel().minutes(999, 47.7, -122.3)).isBetween(30.0, 32.0);
        assertThat(scenario.travel().minutes(7, null, null))
                .as("no coordinates")
                .isEqualTo(7);
    }

    @Test
    void aMistakeIsNamedByFileLineAndField() {
        assertThatThrownBy(() -> parse("""
                        name: bad
                        on-call:
                          - {days: [mon, funday], from: "8 o'clock", to: "20:00", people: 2}
                        acknowledge: {distribution: gaussian}
                        """))
                .isInstanceOf(InvalidYamlException.class)
                .satisfies(e -> assertThat(((InvalidYamlException) e).problems())
                        .contains(
                                "s.yaml: line 3: on-call[0].days: 'funday' is not a day: use mon, tue, wed, thu, fri, sat, sun or every-day")
                        .anyMatch(p -> p.startsWith("s.yaml: line 3: on-call[0].from: must be a time"))
                        .anyMatch(p -> p.startsWith("s.yaml: line 4: acknowledge.distribution: must be one of")));
        assertThatThrownBy(() -> parse("name: nobody\n"))
                .isInstanceOf(InvalidYamlException.class)
                .hasMessageContaining("on-call");
        assertThatThrownBy(() -> parse("name: x\non-call: []\nhours: 3\n"))
                .isInstanceOf(InvalidYamlException.class)
                .hasMessageContaining("unknown field 'hours'");
    }
}
