package org.doorway.planner;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The coverage planner's answer as a table for a terminal, with every assumption it used. */
final class CoverageTable {

    private CoverageTable() {}

    static String render(
            String site,
            String policyVersion,
            Duration target,
            long seed,
            List<Scenario> scenarios,
            List<CoverageResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("Coverage planner: site ")
                .append(site)
                .append(", policy ")
                .append(policyVersion)
                .append(", seed ")
                .append(seed)
                .append('\n');
        int referrals = results.isEmpty() ? 0 : results.get(0).referrals();
        int warm = results.isEmpty() ? 0 : results.get(0).warmHandoffs();
        out.append(referrals)
                .append(" referrals triaged by the policy, ")
                .append(warm)
                .append(" of them warm handoffs now\n\n");
        out.append(String.format(
                Locale.ROOT,
                "%-24s %8s %10s %8s %8s %8s %12s %10s %10s %6s%n",
                "Scenario",
                "target",
                "warm",
                "within",
                "p50 min",
                "p90 min",
                "outside hrs",
                "nobody on",
                "escalated",
                "peak"));
        for (int i = 0; i < results.size(); i++) {
            CoverageResult r = results.get(i);
            Scenario s = scenarios.get(i);
            String name = r.name().length() > 24 ? r.name().substring(0, 24) : r.name();
            out.append(String.format(
                    Locale.ROOT,
                    "%-24s %8s %10d %7.1f%% %8s %8s %12d %10d %10d %6d%n",
                    name,
                    Scenario.minutes(s.target() != null ? s.target() : target),
                    r.warmHandoffs(),
                    r.withinTarget() * 100,
                    r.p50Minutes() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.p50Minutes()),
                    r.p90Minutes() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.p90Minutes()),
                    r.outsideHours(),
                    r.nobodyOnCall(),
                    r.escalatedPastPrimary(),
                    r.peakSimultaneous()));
        }
        out.append("\nwithin: share of the warm handoffs with a case manager on scene within the target"
                + " (request -> on scene)\n");
        out.append("outside hrs: referrals the policy puts outside its operating hours or pilot zone, plus"
                + " warm handoffs with nobody on call (\"nobody on\")\n");
        out.append("escalated: warm handoffs whose first page went unanswered past escalate-after;"
                + " peak: the most handoffs open at once\n");
        out.append("\nAssumptions (a simulation, not a promise):\n");
        for (Scenario s : scenarios) {
            out.append("  ").append(s.name()).append(":\n");
            for (String line : s.assumptions()) {
                out.append("    ").append(line).append('\n');
            }
        }
        out.append("  arrivals: the exports' times, decided by the policy in force now; a case manager is"
                + " busy from the page until done on scene; a request with everyone busy waits for the"
                + " first free\n");
        out.append("  seed ").append(seed).append(": the same input, scenarios and seed give the same answer\n");
        return out.toString();
    }
}
