package org.doorway.planner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a scenario's breakdown by zone, local hour or weekday of the arrival.
 *
 * @param key          the zone ({@value #NO_ZONE} when the referral named none), the hour
 *                     ({@code 00} … {@code 23}) or the weekday ({@code Mon} … {@code Sun})
 * @param warmHandoffs warm handoffs that arrived in it
 * @param reached      of them, those with a case manager on scene within the target
 * @param outsideHours referrals in it that got no warm handoff for lack of hours (as
 *                     {@link CoverageResult#outsideHours()})
 */
public record Breakdown(String key, int warmHandoffs, int reached, int outsideHours) {

    /** The key of referrals without a zone. */
    public static final String NO_ZONE = "(no zone)";

    /** The share of the warm handoffs reached within the target, 0 to 1; {@code null} with none. */
    public Double withinTarget() {
        return warmHandoffs == 0 ? null : Math.round(reached * 10_000.0 / warmHandoffs) / 10_000.0;
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", key);
        json.put("warmHandoffs", warmHandoffs);
        json.put("withinTarget", withinTarget());
        json.put("outsideHours", outsideHours);
        return json;
    }
}
