package org.doorway.planner;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The planner's simulation: the arrivals replayed, one by one in time order, against a scenario's
 * staffing. Pure and repeatable: the same arrivals, scenario and seed give the same answer.
 *
 * <p>For each warm handoff (the policy's decision; {@link Arrivals.Need#WARM_HANDOFF}):
 * <ol>
 *   <li>the people on call at that moment (site time) are counted from the scenario's on-call lines;
 *       with nobody on call there is no one to send: the referral counts as {@code outsideHours}
 *       and never within the target;</li>
 *   <li>a case manager still on scene of an earlier handoff is busy (and so is one on the way); with
 *       everyone on call busy, the request waits until one is free (at most a day; past that it is
 *       counted as never reached);</li>
 *   <li>the first free person is paged and takes {@code acknowledge} to answer; when they have not
 *       answered after {@code escalate-after} and another on-call person is free, that person is
 *       paged as well, and whoever answers first goes (the site's escalation, simplified to "the
 *       next free person on call");</li>
 *   <li>the one who answered travels ({@code travel}) and is on scene: the time counted is from the
 *       request to on scene, and is within the target when it is at most the target; they then stay
 *       {@code on-scene} and cannot take another handoff until done.</li>
 * </ol>
 *
 * <p>Every warm handoff draws its own random numbers from the seed and its place in the arrivals
 * (acknowledging, the second person's acknowledging, travel, time on scene, always in that order),
 * so two scenarios over the same arrivals and seed meet the same draws: differences come from the
 * staffing, not from luck.
 *
 * <p>Where a scenario's models are fitted on the site's measured handoffs ({@link Measured}; the
 * planner page over stored referrals), acknowledging, travel and time on scene are measured times
 * drawn from a second stream of the same seed and place (always acknowledging, travel, on scene,
 * then whether the handoff ends with nobody on scene, in that order): a measured acknowledging time
 * already holds the escalation as it happened, so no second person is paged on top of it; and the
 * measured share of handoffs that ended with nobody on scene ends as many simulated ones (not
 * reached, not within the target).
 *
 * <p>Counted besides: handoffs whose first page went unanswered past {@code escalate-after}
 * (escalated past the primary), the most handoffs open at once, and everything by zone, local hour
 * and weekday of the arrival.
 */
public final class CoverageSimulation {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double LONGEST_WAIT_MINUTES = 24 * 60;

    private CoverageSimulation() {}

    /**
     * Runs one scenario.
     *
     * @param arrivals the arrivals, decided by the site's policy
     * @param scenario the staffing
     * @param target   the target, request → on scene, when the scenario states none
     * @param seed     the seed
     */
    public static CoverageResult run(Arrivals arrivals, Scenario scenario, Duration target, long seed) {
        ZoneId zone = arrivals.zone();
        double targetMinutes = (scenario.target() != null ? scenario.target() : target).toMillis() / 60_000.0;
        double escalateAfter = scenario.escalateAfter().toMillis() / 60_000.0;
        Measured measured = scenario.measured();
        boolean fittedAck = scenario.fittedAck();
        boolean fittedTravel = scenario.fittedTravel();
        boolean fittedOnScene = scenario.fittedOnScene();
        double lostShare = fittedAck && measured != null ? measured.lostShare() : 0;
        List<Double> busyUntil = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        Tally byZone = new Tally(true);
        Tally byHour = new Tally(false);
        Tally byWeekday = new Tally(false);
        for (int h = 0; h < 24; h++) {
            byHour.row(hour(h));
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            byWeekday.row(weekday(day));
        }
        int referrals = 0;
        int warm = 0;
        int within = 0;
        int outside = 0;
        int nobody = 0;
        int escalated = 0;
        int peak = 0;
        List<Arrivals.Arrival> all = arrivals.arrivals();
        for (int i = 0; i < all.size(); i++) {
            Arrivals.Arrival arrival = all.get(i);
            referrals++;
            ZonedDateTime local = arrival.at().atZone(zone);
            String[] keys = {
                arrival.zone() == null || arrival.zone().isBlank() ? Breakdown.NO_ZONE : arrival.zone(),
                hour(local.getHour()),
                weekday(local.getDayOfWeek())
            };
            Tally[] tallies = {byZone, byHour, byWeekday};
            if (arrival.need() == Arrivals.Need.OUTSIDE_POLICY_HOURS) {
                outside++;
                count(tallies, keys, 2);
                continue;
            }
            if (arrival.need() != Arrivals.Need.WARM_HANDOFF) {
                continue;
            }
            warm++;
            count(tallies, keys, 0);
            SplittableRandom random = new SplittableRandom(seed + GOLDEN * (i + 1L));
            double ack = scenario.acknowledge().draw(random);
            double secondAck = scenario.acknowledge().draw(random);
            double travelDraw = scenario.travel().distribution().draw(random);
            double onScene = scenario.onScene().draw(random);
            if (measured != null) {
                SplittableRandom fitted = new SplittableRandom(~seed + GOLDEN * (i + 1L));
                double fittedAckDraw = measured.hasAck() ? measured.ack(local.getHour(), fitted) : ack;
                double fittedTravelDraw = measured.hasTravel() ? measured.travel(arrival.zone(), fitted) : travelDraw;
                double fittedOnSceneDraw = measured.hasOnScene() ? measured.onScene(fitted) : onScene;
                boolean lost = fitted.nextDouble() < lostShare;
                if (fittedAck) {
                    ack = fittedAckDraw;
                }
                if (fittedTravel) {
                    travelDraw = fittedTravelDraw;
                }
                if (fittedOnScene) {
                    onScene = fittedOnSceneDraw;
                }
                if (lost) {
                    ack = Double.NaN; // ends with nobody on scene
                }
            }

            double t = minutes(arrival.at());
            busyUntil.removeIf(until -> until <= t);
            if (scenario.peopleAt(local(t, zone)) == 0) {
                outside++;
                nobody++;
                count(tallies, keys, 2);
                continue;
            }
            double start = t;
            int free = free(scenario, busyUntil, start, zone);
            while (free < 1 && start - t < LONGEST_WAIT_MINUTES) {
                start = next(busyUntil, start);
                free = free(scenario, busyUntil, start, zone);
            }
            if (free < 1) {
                continue; // never reached within a day: not within the target, not in the percentiles
            }
            if (Double.isNaN(ack)) {
                // the person left or nobody answered, as the measured share says: the one paged is
                // busy for a while (the escalation's rounds), then free again
                busyUntil.add(start + escalateAfter);
                peak = Math.max(peak, busyUntil.size());
                continue;
            }
            double answered = !fittedAck && free >= 2 ? Math.min(ack, escalateAfter + secondAck) : ack;
            if (ack > escalateAfter) {
                escalated++;
            }
            double travel = fittedTravel
                    ? travelDraw
                    : scenario.travel().minutes(travelDraw, arrival.latitude(), arrival.longitude());
            double onSceneAt = start + answered + travel;
            busyUntil.add(onSceneAt + onScene);
            peak = Math.max(peak, busyUntil.size());
            double taken = onSceneAt - t;
            times.add(taken);
            if (taken <= targetMinutes) {
                within++;
                count(tallies, keys, 1);
            }
        }
        double[] sorted =
                times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new CoverageResult(
                scenario.name(),
                referrals,
                warm,
                warm == 0 ? 0 : round(within / (double) warm, 4),
                percentile(sorted, 0.5),
                percentile(sorted, 0.9),
                outside,
                sorted.length,
                nobody,
                escalated,
                peak,
                byZone.rows(),
                byHour.rows(),
                byWeekday.rows());
    }

    /** Counts per key: warm handoffs, within the target, outside hours. */
    private static final class Tally {
        private final TreeMap<String, int[]> counts = new TreeMap<>();
        private final List<String> order = new ArrayList<>();
        private final boolean byName;

        Tally(boolean byName) {
            this.byName = byName;
        }

        int[] row(String key) {
            return counts.computeIfAbsent(key, k -> {
                order.add(k);
                return new int[3];
            });
        }

        /** In name order (zones), or in the order the rows were first made (hours, weekdays). */
        List<Breakdown> rows() {
            List<String> keys = byName ? new ArrayList<>(counts.keySet()) : order;
            return keys.stream()
                    .map(k -> new Breakdown(k, counts.get(k)[0], counts.get(k)[1], counts.get(k)[2]))
                    .toList();
        }
    }

    private static void count(Tally[] tallies, String[] keys, int column) {
        for (int k = 0; k < tallies.length; k++) {
            tallies[k].row(keys[k])[column]++;
        }
    }

    private static String hour(int hour) {
        return String.format(Locale.ROOT, "%02d", hour);
    }

    private static String weekday(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    /**
     * People on call at {@code at} and not busy then. Only handoffs finished by the current
     * arrival are forgotten (in the loop): a later look while one request waits must not free
     * people for the next arrival, which may come before that later moment.
     */
    private static int free(Scenario scenario, List<Double> busyUntil, double at, ZoneId zone) {
        long busy = busyUntil.stream().filter(until -> until > at).count();
        return scenario.peopleAt(local(at, zone)) - (int) busy;
    }

    /** The next moment worth looking at: someone finishing, or the next minute (a shift may start). */
    private static double next(List<Double> busyUntil, double after) {
        double next = Math.floor(after) + 1;
        for (double until : busyUntil) {
            if (until > after && until < next) {
                next = until;
            }
        }
        return next;
    }

    private static double minutes(Instant at) {
        return at.toEpochMilli() / 60_000.0;
    }

    private static ZonedDateTime local(double minutes, ZoneId zone) {
        return Instant.ofEpochMilli(Math.round(minutes * 60_000)).atZone(zone);
    }

    /** Nearest rank; {@code null} when there is nothing to rank. */
    static Double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return round(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))], 1);
    }

    private static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
