package org.doorway.planner;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A site's own measured warm handoffs over a period, and the models the planner fits on them: how
 * long acknowledging took by local hour of the request, how long the way from the acknowledgement to
 * on scene took by zone, how long case managers stayed on scene, and the share of handoffs that
 * ended with nobody on scene (the person left, nobody answered). Drawing from a fitted model picks
 * one of the measured times at random (a bootstrap): no shape is assumed.
 *
 * <p>An hour with fewer than {@value #ENOUGH} measured acknowledgements borrows those of the
 * neighbouring hours (one either side, then two, …) until it has that many; a zone with fewer than
 * {@value #ENOUGH} measured journeys uses every zone's. A model with nothing measured is not used:
 * the scenario's stated distribution stands.
 */
public final class Measured {

    /** The fewest measured times an hour or a zone needs to stand on its own. */
    public static final int ENOUGH = 10;

    /**
     * One warm handoff as the site's clock recorded it.
     *
     * @param requestedAt    when the handoff was requested
     * @param zone           the referral's zone, or {@code null}
     * @param ackMinutes     request → acknowledged, or {@code null} when nobody acknowledged
     * @param travelMinutes  acknowledged → on scene, or {@code null}
     * @param onSceneMinutes on scene → handed off (or closed), or {@code null}
     * @param ended          the handoff is over (handed off, or closed without anyone on scene)
     * @param reachedScene   a case manager was on scene
     */
    public record Handoff(
            Instant requestedAt,
            String zone,
            Double ackMinutes,
            Double travelMinutes,
            Double onSceneMinutes,
            boolean ended,
            boolean reachedScene) {}

    private final int handoffs;
    private final int lost;
    private final int ended;
    private final double[][] ackByHour;
    private final double[][] rawByHour;
    private final double[] acks;
    private final Map<String, double[]> travelByZone;
    private final double[] travel;
    private final double[] onScene;

    private Measured(List<Handoff> all, ZoneId zone) {
        handoffs = all.size();
        List<List<Double>> byHour = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            byHour.add(new ArrayList<>());
        }
        List<Double> ackList = new ArrayList<>();
        Map<String, List<Double>> travelLists = new TreeMap<>();
        List<Double> travelList = new ArrayList<>();
        List<Double> onSceneList = new ArrayList<>();
        int lostCount = 0;
        int endedCount = 0;
        for (Handoff h : all) {
            if (h.ended()) {
                endedCount++;
                if (!h.reachedScene()) {
                    lostCount++;
                }
            }
            if (h.ackMinutes() != null && h.ackMinutes() >= 0) {
                byHour.get(h.requestedAt().atZone(zone).getHour()).add(h.ackMinutes());
                ackList.add(h.ackMinutes());
            }
            if (h.travelMinutes() != null && h.travelMinutes() >= 0) {
                travelList.add(h.travelMinutes());
                if (h.zone() != null) {
                    travelLists
                            .computeIfAbsent(h.zone(), z -> new ArrayList<>())
                            .add(h.travelMinutes());
                }
            }
            if (h.onSceneMinutes() != null && h.onSceneMinutes() > 0) {
                onSceneList.add(h.onSceneMinutes());
            }
        }
        lost = lostCount;
        ended = endedCount;
        acks = sorted(ackList);
        travel = sorted(travelList);
        onScene = sorted(onSceneList);
        ackByHour = new double[24][];
        rawByHour = new double[24][];
        for (int h = 0; h < 24; h++) {
            rawByHour[h] = sorted(byHour.get(h));
            List<Double> pooled = new ArrayList<>(byHour.get(h));
            for (int d = 1; pooled.size() < ENOUGH && d <= 12; d++) {
                pooled.addAll(byHour.get((h + d) % 24));
                if (d < 12) {
                    pooled.addAll(byHour.get((h - d + 24) % 24));
                }
            }
            ackByHour[h] = sorted(pooled);
        }
        travelByZone = new TreeMap<>();
        travelLists.forEach((z, list) -> {
            if (list.size() >= ENOUGH) {
                travelByZone.put(z, sorted(list));
            }
        });
    }

    /** Fits the models on {@code handoffs}, reading hours in {@code zone} (the site's time zone). */
    public static Measured fit(List<Handoff> handoffs, ZoneId zone) {
        return new Measured(handoffs, zone);
    }

    private static double[] sorted(List<Double> values) {
        double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(array);
        return array;
    }

    /** How many warm handoffs the models were fitted on. */
    public int handoffs() {
        return handoffs;
    }

    /** How many measured acknowledgements the acknowledging model draws from. */
    public int acknowledged() {
        return acks.length;
    }

    /** How many measured journeys (acknowledged → on scene) the travel model draws from. */
    public int journeys() {
        return travel.length;
    }

    /** How many measured stays on scene the on-scene model draws from. */
    public int stays() {
        return onScene.length;
    }

    boolean hasAck() {
        return acks.length > 0;
    }

    boolean hasTravel() {
        return travel.length > 0;
    }

    boolean hasOnScene() {
        return onScene.length > 0;
    }

    /** Of the handoffs that ended, the share that ended with nobody on scene; 0 with none ended. */
    public double lostShare() {
        return ended == 0 ? 0 : lost / (double) ended;
    }

    /** A measured request → acknowledged time for a request at local {@code hour}, in minutes. */
    double ack(int hour, SplittableRandom random) {
        return pick(ackByHour[hour].length > 0 ? ackByHour[hour] : acks, random);
    }

    /** A measured acknowledged → on scene time for {@code zone}, in minutes. */
    double travel(String zone, SplittableRandom random) {
        double[] samples = zone == null ? null : travelByZone.get(zone);
        return pick(samples != null ? samples : travel, random);
    }

    /** A measured time on scene, in minutes. */
    double onScene(SplittableRandom random) {
        return pick(onScene, random);
    }

    private static double pick(double[] samples, SplittableRandom random) {
        return samples[random.nextInt(samples.length)];
    }

    /** The median of a model's samples, for the words; {@code null} when empty. */
    private static String median(double[] samples) {
        if (samples.length == 0) {
            return "none measured";
        }
        return String.format(Locale.ROOT, "median %.1f min", samples[(samples.length - 1) / 2]);
    }

    /** The fitted models in words, for the planner's stated assumptions. */
    public List<String> words() {
        List<String> words = new ArrayList<>();
        words.add("fitted on " + handoffs + " warm handoffs the site recorded in the period");
        words.add("acknowledging: one of the " + acks.length + " measured request → acknowledged times ("
                + median(acks) + ", escalation included as it happened) of the request's hour, neighbouring hours"
                + " pooled in until " + ENOUGH + "; night " + median(nightAcks()) + ", day "
                + median(dayAcks()));
        words.add("travel: one of the " + travel.length + " measured acknowledged → on scene times (" + median(travel)
                + "), of the referral's zone where it has " + ENOUGH + " or more (" + travelByZone.size()
                + " zones), else of all");
        words.add("on scene: one of the " + onScene.length + " measured on scene → handed off times (" + median(onScene)
                + ")");
        words.add(String.format(
                Locale.ROOT,
                "ended with nobody on scene (the person left, nobody answered): %.1f%% of the %d that ended,"
                        + " and the same share of simulated handoffs",
                100 * lostShare(),
                ended));
        return words;
    }

    private double[] nightAcks() {
        return pooled(22, 6);
    }

    private double[] dayAcks() {
        return pooled(8, 18);
    }

    /** The acknowledgements measured from {@code from} to {@code to} o'clock (may wrap midnight). */
    private double[] pooled(int from, int to) {
        List<Double> values = new ArrayList<>();
        for (int h = from; h != to; h = (h + 1) % 24) {
            for (double v : rawByHour[h]) {
                values.add(v);
            }
        }
        return sorted(values);
    }
}
