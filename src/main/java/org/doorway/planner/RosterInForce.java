package org.doorway.planner;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import org.doorway.site.OnCall;
import org.doorway.site.Site;

/**
 * The roster a site really had over a period, as a scenario, for the back-test ({@link BackTest}):
 * for each weekday and hour, the number of different case managers its schedules had on call (in
 * any layer, overrides included, as {@link OnCall} answers) most often at that hour of that weekday
 * in the period, looked at on the half hour. Its models are left to be fitted.
 */
public final class RosterInForce {

    /** The name the roster in force goes by in the planner's output. */
    public static final String NAME = "roster in force";

    private RosterInForce() {}

    /** The roster of {@code site} from {@code from} to {@code to}, hours read in {@code zone}. */
    public static Scenario of(OnCall onCall, String site, Instant from, Instant to, ZoneId zone) {
        Map<Integer, Map<Integer, Integer>> seen = new TreeMap<>();
        for (Instant at = from.plus(Duration.ofMinutes(30)); at.isBefore(to); at = at.plus(Duration.ofHours(1))) {
            var local = at.atZone(zone);
            int slot = (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
            int people = (int) onCall.onCall(site, at).values().stream()
                    .map(Site.CaseManager::id)
                    .distinct()
                    .count();
            seen.computeIfAbsent(slot, k -> new TreeMap<>()).merge(people, 1, Integer::sum);
        }
        int[][] people = new int[7][24];
        seen.forEach((slot, counts) -> people[slot / 24][slot % 24] = counts.entrySet().stream()
                .max(Map.Entry.<Integer, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(0));
        return Scenario.weekly(NAME, people);
    }
}
