package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorway.site.EscalationPolicy;
import org.doorway.site.Site;
import org.doorway.system.DoorwayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Which pace windows hold a page: Doorway's defaults, and a site's own where it sets them. */
class PaceRulesTest {

    private static DoorwayProperties.Paging paging(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("doorway.paging", DoorwayProperties.Paging.class);
    }

    private static Site site(String id, Site.Pace pace) {
        EscalationPolicy policy = new EscalationPolicy(
                List.of(new EscalationPolicy.Step(
                        Duration.ofMinutes(3), List.of("primary"), Set.of(EscalationPolicy.Channel.SMS))),
                1,
                Duration.ofMinutes(10));
        return new Site(
                id,
                id,
                ZoneId.of("America/Chicago"),
                Map.of(),
                Map.of(),
                policy,
                Map.of(),
                List.of(),
                List.of(),
                null,
                pace);
    }

    @Test
    void theDefaultsFollowGoAlertAFewTextsAMinuteCallsAMinuteApartTheSenderAtItsNumbersRate() {
        PaceRules.Current current = PaceRules.resolve(paging(Map.of()), List.of());

        assertThat(current.windows())
                .containsExactly(new PaceRules.Window("", 6, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        assertThat(current.phoneGap()).isEqualTo(Duration.ofSeconds(2));
        assertThat(current.senderLimit()).isEqualTo(20);
        assertThat(current.senderWindow()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void settingsChangeTheDefaultsForEverySiteWithoutItsOwn() {
        PaceRules.Current current = PaceRules.resolve(
                paging(Map.of(
                        "doorway.paging.pace.texts-per-phone", "3",
                        "doorway.paging.pace.text-window", "PT5M",
                        "doorway.paging.pace.call-gap", "PT2M",
                        "doorway.paging.pace.sender-limit", "5",
                        "doorway.paging.pace.sender-window", "PT5S")),
                List.of(site("quiet", null)));

        assertThat(current.windows())
                .containsExactly(new PaceRules.Window("", 3, Duration.ofMinutes(5), Duration.ofMinutes(2)));
        assertThat(current.senderLimit()).isEqualTo(5);
        assertThat(current.senderWindow()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSiteSettingPartOfItsPaceKeepsTheDefaultForTheRest() {
        PaceRules.Current current = PaceRules.resolve(
                paging(Map.of()),
                List.of(
                        site("tight", new Site.Pace(2, Duration.ofMinutes(30), null)),
                        site("calls", new Site.Pace(null, null, Duration.ofMinutes(5))),
                        site("plain", Site.Pace.DEFAULTS)));

        assertThat(current.windows())
                .containsExactly(
                        new PaceRules.Window("", 6, Duration.ofMinutes(1), Duration.ofMinutes(1)),
                        new PaceRules.Window("tight", 2, Duration.ofMinutes(30), Duration.ofMinutes(1)),
                        new PaceRules.Window("calls", 6, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        assertThat(current.sites()).containsExactly("", "tight", "calls");
        assertThat(current.textsPerPhone()).containsExactly(6, 2, 6);
        assertThat(current.textWindowSeconds()).containsExactly(60.0, 1800.0, 60.0);
        assertThat(current.callGapSeconds()).containsExactly(60.0, 60.0, 300.0);
    }
}
