package org.doorway.triage;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.doorway.referral.Referral;
import org.doorway.triage.internal.PolicyEngine;

/**
 * What-if replay: runs a draft policy (and the policy in force, for comparison) over historical
 * referrals already mapped by the intake mappers, and counts the outcomes by door, hour of day
 * (site time) and zone, with how many referrals would change outcome, from what to what.
 *
 * <p>Pure, like the engine. Each referral is decided as of when it happened ({@code occurredAt},
 * else {@code receivedAt}). The team's load and the participant registry are not replayed (the
 * history of either is not known, and matching would need personal data): every replayed
 * referral is decided as if the team had room and the person were not enrolled. Referrals the
 * policy does not take are counted as {@value #NOT_ROUTED}.
 */
public final class PolicyReplay {

    /** The outcome label of a referral the policy does not take at all. */
    public static final String NOT_ROUTED = "NOT_ROUTED";

    private static final List<String> OUTCOMES = outcomes();

    private PolicyReplay() {}

    private static List<String> outcomes() {
        List<String> outcomes = new ArrayList<>();
        for (Outcome outcome : Outcome.values()) {
            outcomes.add(outcome.name());
        }
        outcomes.add(NOT_ROUTED);
        return List.copyOf(outcomes);
    }

    /**
     * The counts of a replay.
     *
     * @param draftVersion      the draft's version
     * @param inForceVersion    the compared version, or {@code null} when there was none
     * @param referrals         how many referrals were replayed
     * @param byOutcome         the draft's outcomes, counted
     * @param inForceByOutcome  the compared version's outcomes, counted (empty without one)
     * @param byDoor            the draft's outcomes by door ({@code none} when not routed and the
     *                          source set no door)
     * @param byHour            the draft's outcomes by hour of day, site time ({@code 00} … {@code 23})
     * @param byZone            the draft's outcomes by zone (beat or precinct; {@code unknown})
     * @param changes           referrals whose outcome differs, by {@code FROM -> TO}
     * @param changed           how many referrals change outcome
     */
    public record Report(
            String draftVersion,
            String inForceVersion,
            int referrals,
            Map<String, Integer> byOutcome,
            Map<String, Integer> inForceByOutcome,
            Map<String, Map<String, Integer>> byDoor,
            Map<String, Map<String, Integer>> byHour,
            Map<String, Map<String, Integer>> byZone,
            Map<String, Integer> changes,
            int changed) {

        /** The report as plain text, for a terminal. */
        public String render() {
            StringBuilder out = new StringBuilder();
            out.append("Policy replay: draft ").append(draftVersion);
            out.append(
                    inForceVersion == null
                            ? " (no policy in force to compare)"
                            : " against " + inForceVersion + " in force");
            out.append(", ").append(referrals).append(" referrals\n");
            out.append("(capacity and enrolled participants are not replayed: the team counts as having room)\n\n");

            out.append(String.format(Locale.ROOT, "%-18s %8s", "Outcome", "draft"));
            if (inForceVersion != null) {
                out.append(String.format(Locale.ROOT, " %10s %8s", "in force", "change"));
            }
            out.append('\n');
            for (String outcome : OUTCOMES) {
                int draft = byOutcome.getOrDefault(outcome, 0);
                out.append(String.format(Locale.ROOT, "%-18s %8d", outcome, draft));
                if (inForceVersion != null) {
                    int now = inForceByOutcome.getOrDefault(outcome, 0);
                    out.append(String.format(Locale.ROOT, " %10d %+8d", now, draft - now));
                }
                out.append('\n');
            }
            table(out, "Door", byDoor);
            table(out, "Hour (site time)", byHour);
            table(out, "Zone", byZone);
            if (inForceVersion != null) {
                out.append("\nChanged outcome: ")
                        .append(changed)
                        .append(" of ")
                        .append(referrals)
                        .append('\n');
                changes.forEach(
                        (change, count) -> out.append(String.format(Locale.ROOT, "  %-40s %6d%n", change, count)));
            }
            return out.toString();
        }

        private static void table(StringBuilder out, String title, Map<String, Map<String, Integer>> rows) {
            out.append('\n').append(String.format(Locale.ROOT, "%-18s", title));
            for (String outcome : OUTCOMES) {
                out.append(String.format(Locale.ROOT, " %8s", abbreviation(outcome)));
            }
            out.append(String.format(Locale.ROOT, " %8s%n", "total"));
            rows.forEach((row, counts) -> {
                out.append(String.format(Locale.ROOT, "%-18s", row.length() > 18 ? row.substring(0, 18) : row));
                int total = 0;
                for (String outcome : OUTCOMES) {
                    int count = counts.getOrDefault(outcome, 0);
                    total += count;
                    out.append(String.format(Locale.ROOT, " %8d", count));
                }
                out.append(String.format(Locale.ROOT, " %8d%n", total));
            });
        }

        private static String abbreviation(String outcome) {
            return switch (outcome) {
                case "WARM_HANDOFF_NOW" -> "WARM";
                case "FIELD_FOLLOW_UP" -> "FOLLOWUP";
                case "OWG_REVIEW" -> "OWG";
                case "REDIRECT" -> "REDIRECT";
                case "NOT_ELIGIBLE" -> "NOT_ELIG";
                default -> "NOT_RTD";
            };
        }
    }

    /**
     * Decides one referral as replay does: as of when it happened ({@code occurredAt}, else
     * {@code receivedAt}), the team counting as having room and the person as not enrolled. Empty
     * when the policy does not take the referral at all ({@value #NOT_ROUTED}). For other stages'
     * what-if tools (the coverage planner).
     */
    public static java.util.Optional<Decision> decide(Referral referral, Policy policy) {
        if (PolicyEngine.notRouted(referral, policy).isPresent()) {
            return java.util.Optional.empty();
        }
        Instant at = referral.occurredAt() != null ? referral.occurredAt() : referral.receivedAt();
        return java.util.Optional.of(PolicyEngine.decide(referral, policy, TriageFacts.at(at)));
    }

    /**
     * Replays {@code referrals} under {@code draft}, compared with {@code inForce} (may be
     * {@code null}). Hours are read in the draft's time zone.
     */
    public static Report run(Collection<Referral> referrals, Policy draft, Policy inForce) {
        return run(referrals, draft, inForce, false);
    }

    /**
     * Replays {@code referrals} under {@code draft}, compared with {@code inForce} (may be
     * {@code null}).
     *
     * @param routingDecidesDoor {@code true} when the records do not say their door themselves (a CAD
     *                           or 311 export, whose mapper took the door from a policy's routing):
     *                           each policy then gives the door by its own routing, so that a draft
     *                           that routes a call type to another door is compared fairly
     */
    public static Report run(Collection<Referral> referrals, Policy draft, Policy inForce, boolean routingDecidesDoor) {
        List<Referral> replayed = new ArrayList<>();
        for (Referral referral : referrals) {
            replayed.add(routingDecidesDoor ? referral.withSiteAndDoor(referral.site(), null) : referral);
        }
        return replay(replayed, draft, inForce);
    }

    private static Report replay(List<Referral> referrals, Policy draft, Policy inForce) {
        Map<String, Integer> byOutcome = new LinkedHashMap<>();
        Map<String, Integer> inForceByOutcome = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> byDoor = new TreeMap<>();
        Map<String, Map<String, Integer>> byHour = new TreeMap<>();
        Map<String, Map<String, Integer>> byZone = new TreeMap<>();
        Map<String, Integer> changes = new TreeMap<>();
        int changed = 0;
        for (Referral referral : referrals) {
            Instant at = referral.occurredAt() != null ? referral.occurredAt() : referral.receivedAt();
            Decision decision = PolicyEngine.notRouted(referral, draft).isPresent()
                    ? null
                    : PolicyEngine.decide(referral, draft, TriageFacts.at(at));
            String outcome = decision == null ? NOT_ROUTED : decision.outcome().name();
            byOutcome.merge(outcome, 1, Integer::sum);
            String door = decision != null && decision.door() != null
                    ? decision.door().name()
                    : referral.door() != null ? referral.door().name() : "none";
            count(byDoor, door, outcome);
            String hour = at == null
                    ? "unknown"
                    : String.format(
                            Locale.ROOT,
                            "%02d",
                            ZonedDateTime.ofInstant(at, draft.timeZone()).getHour());
            count(byHour, hour, outcome);
            String zone = referral.location() == null
                            || referral.location().zone() == null
                            || referral.location().zone().isBlank()
                    ? "unknown"
                    : referral.location().zone().trim();
            count(byZone, zone, outcome);
            if (inForce != null) {
                String before = PolicyEngine.notRouted(referral, inForce).isPresent()
                        ? NOT_ROUTED
                        : PolicyEngine.decide(referral, inForce, TriageFacts.at(at))
                                .outcome()
                                .name();
                inForceByOutcome.merge(before, 1, Integer::sum);
                if (!before.equals(outcome)) {
                    changes.merge(before + " -> " + outcome, 1, Integer::sum);
                    changed++;
                }
            }
        }
        return new Report(
                draft.version(),
                inForce == null ? null : inForce.version(),
                referrals.size(),
                byOutcome,
                inForceByOutcome,
                byDoor,
                byHour,
                byZone,
                changes,
                changed);
    }

    private static void count(Map<String, Map<String, Integer>> table, String row, String outcome) {
        table.computeIfAbsent(row, r -> new LinkedHashMap<>()).merge(outcome, 1, Integer::sum);
    }
}
