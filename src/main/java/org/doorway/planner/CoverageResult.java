package org.doorway.planner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario gives over the replayed arrivals.
 *
 * @param name         the scenario's name
 * @param referrals    every input referral the site's policy took (and so triaged)
 * @param warmHandoffs referrals the policy decides are a warm handoff now (a case manager must go);
 *                     the same for every scenario over the same input
 * @param withinTarget the fraction of {@code warmHandoffs} reached (on scene) within the target,
 *                     0 to 1; 0 when there are no warm handoffs. A warm handoff with nobody on call
 *                     is never within the target
 * @param p50Minutes   median minutes from the request to on scene, over the warm handoffs someone
 *                     went to; {@code null} when nobody went to any
 * @param p90Minutes   the 90th percentile of the same; {@code null} likewise
 * @param outsideHours referrals that get no warm handoff for lack of hours: those the policy puts
 *                     outside its operating hours or pilot zone (field follow-up), plus warm handoffs
 *                     that arrive when the scenario has nobody on call (no one to send)
 * @param reached      how many warm handoffs someone went to (in the percentiles)
 * @param nobodyOnCall of {@code outsideHours}, the warm handoffs with nobody on call
 * @param escalatedPastPrimary warm handoffs the first person paged had not acknowledged within the
 *                     scenario's {@code escalate-after}, so the escalation went on to the next layer
 * @param peakSimultaneous the most warm handoffs open at once (from the request until the case
 *                     manager is done on scene), each taking one person
 * @param byZone       the same by the referral's zone, zones in name order
 * @param byHour       by the local hour of the arrival, 00 to 23
 * @param byWeekday    by the local weekday of the arrival, Mon to Sun
 */
public record CoverageResult(
        String name,
        int referrals,
        int warmHandoffs,
        double withinTarget,
        Double p50Minutes,
        Double p90Minutes,
        int outsideHours,
        int reached,
        int nobodyOnCall,
        int escalatedPastPrimary,
        int peakSimultaneous,
        List<Breakdown> byZone,
        List<Breakdown> byHour,
        List<Breakdown> byWeekday) {

    public CoverageResult {
        byZone = List.copyOf(byZone);
        byHour = List.copyOf(byHour);
        byWeekday = List.copyOf(byWeekday);
    }

    /** The fields of the command's JSON contract, in order. */
    Map<String, Object> json() {
        return json(false);
    }

    /**
     * The fields of the command's JSON contract, in order; with {@code details} (the command's
     * {@code --details}) followed by {@code escalatedPastPrimary}, {@code peakSimultaneous},
     * {@code byZone}, {@code byHour} and {@code byWeekday} (each a list of {@code {"key",
     * "warmHandoffs","withinTarget","outsideHours"}}).
     */
    Map<String, Object> json(boolean details) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("referrals", referrals);
        json.put("warmHandoffs", warmHandoffs);
        json.put("withinTarget", withinTarget);
        json.put("p50Minutes", p50Minutes);
        json.put("p90Minutes", p90Minutes);
        json.put("outsideHours", outsideHours);
        if (!details) {
            return json;
        }
        json.put("escalatedPastPrimary", escalatedPastPrimary);
        json.put("peakSimultaneous", peakSimultaneous);
        json.put("byZone", byZone.stream().map(Breakdown::json).toList());
        json.put("byHour", byHour.stream().map(Breakdown::json).toList());
        json.put("byWeekday", byWeekday.stream().map(Breakdown::json).toList());
        return json;
    }
}
