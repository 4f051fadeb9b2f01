package org.doorway.planner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.doorway.system.InvalidYamlException;
import org.doorway.system.YamlTree;

/**
 * A staffing scenario for the coverage planner: who is on call when, and how the work goes. Only
 * {@code name} and {@code on-call} are required; everything else has a stated default.
 *
 * <pre>{@code
 * name: evenings-added
 * on-call:                      # people on call at once, by weekday and local (site) time
 *   - {days: [mon, tue, wed, thu, fri], from: "08:00", to: "20:00", people: 2}
 *   - {days: [sat, sun], from: "10:00", to: "18:00", people: 1}
 * # optional, with their defaults:
 * target: PT30M                 # request -> on scene; default the site's dashboard target
 *                               # (doorway.dashboard.site-targets.<site>, else doorway.dashboard.target, PT30M)
 * acknowledge: {distribution: lognormal, median: PT3M, spread: 0.8}
 * escalate-after: PT5M          # unanswered this long: the next free person on call is paged too
 * travel: {distribution: lognormal, median: PT12M, spread: 0.5}
 * # or, from a base at a speed, for referrals with coordinates (the others use the distribution):
 * # travel: {base: {latitude: 47.6062, longitude: -122.3321}, speed-kmh: 30,
 * #          distribution: lognormal, median: PT12M, spread: 0.5}
 * on-scene: {distribution: lognormal, median: PT45M, spread: 0.4}
 * }</pre>
 *
 * <p>Days are {@code mon} … {@code sun} (or full names), or {@code every-day}. Times are
 * {@code "HH:MM"} in the site's time zone, {@code to} not included; {@code "24:00"} is the end of the
 * day, and a {@code to} earlier than {@code from} runs past midnight into the next day. Lines that
 * overlap add up. Distributions: {@link Distribution}.
 *
 * @param name          the scenario's name, as reported
 * @param onCall        the on-call lines
 * @param target        the target, request → on scene; {@code null}: the site's
 * @param acknowledge   how long a paged case manager takes to acknowledge
 * @param escalateAfter how long before the next free person on call is paged as well
 * @param travel        how long the way to the place takes
 * @param onScene       how long a case manager stays on scene, unable to take another handoff
 * @param stated        which of {@code acknowledge}, {@code travel} and {@code on-scene} the
 *                      scenario states itself; the others are fitted on the site's measured handoffs
 *                      when there are some ({@code measured})
 * @param measured      the site's measured handoffs of the period, or {@code null} (exports, or
 *                      nothing measured): then every stated or default distribution is used
 */
public record Scenario(
        String name,
        List<Shift> onCall,
        Duration target,
        Distribution acknowledge,
        Duration escalateAfter,
        Travel travel,
        Distribution onScene,
        Set<String> stated,
        Measured measured) {

    /** The models a scenario may state or leave to be fitted. */
    public static final List<String> MODELS = List.of("acknowledge", "travel", "on-scene");

    /** Acknowledging: lognormal, median 3 minutes (the demo site's voice call follows an SMS at 3). */
    public static final Distribution ACKNOWLEDGE = Distribution.lognormal(Duration.ofMinutes(3), 0.8);
    /** The demo site's escalation pages the backup after 5 minutes. */
    public static final Duration ESCALATE_AFTER = Duration.ofMinutes(5);
    /** Travel: lognormal, median 12 minutes. */
    public static final Distribution TRAVEL = Distribution.lognormal(Duration.ofMinutes(12), 0.5);
    /** On scene: lognormal, median 45 minutes. */
    public static final Distribution ON_SCENE = Distribution.lognormal(Duration.ofMinutes(45), 0.4);

    public Scenario {
        onCall = List.copyOf(onCall);
        stated = Set.copyOf(stated);
    }

    /** A scenario stating all its models (nothing is fitted). */
    public Scenario(
            String name,
            List<Shift> onCall,
            Duration target,
            Distribution acknowledge,
            Duration escalateAfter,
            Travel travel,
            Distribution onScene) {
        this(name, onCall, target, acknowledge, escalateAfter, travel, onScene, Set.copyOf(MODELS), null);
    }

    /** A scenario with every default, for tests and tools; its models are fitted when measured. */
    public static Scenario of(String name, List<Shift> onCall) {
        return new Scenario(
                name, onCall, null, ACKNOWLEDGE, ESCALATE_AFTER, Travel.of(TRAVEL), ON_SCENE, Set.of(), null);
    }

    /**
     * A scenario with the people on call by weekday and hour, {@code people[day][hour]} ({@code day}
     * 0 is Monday), every model left to be fitted: the shape of a site's roster really in force.
     */
    public static Scenario weekly(String name, int[][] people) {
        List<Shift> shifts = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            for (int hour = 0; hour < 24; hour++) {
                int n = people[day.getValue() - 1][hour];
                if (n > 0) {
                    shifts.add(new Shift(
                            EnumSet.of(day), LocalTime.of(hour, 0), hour == 23 ? null : LocalTime.of(hour + 1, 0), n));
                }
            }
        }
        return of(name, shifts);
    }

    /** The same scenario, its unstated models fitted on {@code measured} (may be {@code null}). */
    public Scenario withMeasured(Measured measured) {
        return new Scenario(name, onCall, target, acknowledge, escalateAfter, travel, onScene, stated, measured);
    }

    /** Whether acknowledging is drawn from the measured times. */
    boolean fittedAck() {
        return measured != null && !stated.contains("acknowledge") && measured.hasAck();
    }

    /** Whether travel is drawn from the measured times (a base and speed stated is a statement). */
    boolean fittedTravel() {
        return measured != null && !stated.contains("travel") && measured.hasTravel();
    }

    /** Whether the time on scene is drawn from the measured times. */
    boolean fittedOnScene() {
        return measured != null && !stated.contains("on-scene") && measured.hasOnScene();
    }

    /**
     * One on-call line: {@code people} on call at once on {@code days} from {@code from} to {@code to}.
     *
     * @param to {@code null} for the end of the day (24:00)
     */
    public record Shift(Set<DayOfWeek> days, LocalTime from, LocalTime to, int people) {

        public Shift {
            days = days.isEmpty() ? Set.of() : EnumSet.copyOf(days);
        }

        /** How many people this line puts on call at {@code local}. */
        int peopleAt(ZonedDateTime local) {
            LocalTime time = local.toLocalTime();
            DayOfWeek day = local.getDayOfWeek();
            boolean overnight = to != null && !to.isAfter(from);
            if (!overnight) {
                return days.contains(day) && !time.isBefore(from) && (to == null || time.isBefore(to)) ? people : 0;
            }
            boolean evening = days.contains(day) && !time.isBefore(from);
            boolean morning = days.contains(day.minus(1)) && time.isBefore(to);
            return evening || morning ? people : 0;
        }
    }

    /**
     * The way to the place: from {@code base} at {@code speedKmh} when both are given and the referral
     * has coordinates (great-circle distance × {@value #DETOUR}, for streets), else a draw from
     * {@code distribution}.
     */
    public record Travel(Distribution distribution, Double baseLatitude, Double baseLongitude, Double speedKmh) {

        /** Streets are longer than the great circle. */
        public static final double DETOUR = 1.4;

        static Travel of(Distribution distribution) {
            return new Travel(distribution, null, null, null);
        }

        boolean fromBase() {
            return baseLatitude != null && baseLongitude != null && speedKmh != null;
        }

        /** Minutes to a place ({@code null} coordinates: a draw). */
        double minutes(double draw, Double latitude, Double longitude) {
            if (!fromBase() || latitude == null || longitude == null) {
                return draw;
            }
            double km = DETOUR * greatCircleKm(baseLatitude, baseLongitude, latitude, longitude);
            return km / speedKmh * 60;
        }

        static double greatCircleKm(double lat1, double lon1, double lat2, double lon2) {
            double p1 = Math.toRadians(lat1);
            double p2 = Math.toRadians(lat2);
            double dp = p2 - p1;
            double dl = Math.toRadians(lon2 - lon1);
            double a = Math.sin(dp / 2) * Math.sin(dp / 2)
                    + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
            return 2 * 6371.0 * Math.asin(Math.min(1, Math.sqrt(a)));
        }

        String words() {
            return fromBase()
                    ? String.format(
                            Locale.ROOT,
                            "from base %.4f,%.4f at %.0f km/h (distance x %.1f); without coordinates %s",
                            baseLatitude,
                            baseLongitude,
                            speedKmh,
                            DETOUR,
                            distribution.words())
                    : distribution.words();
        }
    }

    /**
     * The scenario's assumptions in words, as the command and the dashboard's planner page state
     * them: acknowledging, escalation, travel, time on scene.
     */
    public List<String> assumptions() {
        return List.of(
                "acknowledging: " + (fittedAck() ? "fitted on the site's measured times by hour" : acknowledge.words()),
                "escalation: "
                        + (fittedAck()
                                ? "as it happened (in the measured times); past " + minutes(escalateAfter)
                                        + " it counts as escalated past the primary"
                                : "the next free person on call is paged too after " + minutes(escalateAfter)
                                        + " without an answer"),
                "travel: " + (fittedTravel() ? "fitted on the site's measured times by zone" : travel.words()),
                "on scene (busy, cannot take the next handoff): "
                        + (fittedOnScene() ? "fitted on the site's measured times" : onScene.words()));
    }

    /** People on call at once at {@code local} (site time). */
    int peopleAt(ZonedDateTime local) {
        int people = 0;
        for (Shift shift : onCall) {
            people += shift.peopleAt(local);
        }
        return people;
    }

    /**
     * Reads a scenario file.
     *
     * @throws InvalidYamlException naming the file, line and field of every problem
     */
    public static Scenario read(Path file) {
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new InvalidYamlException(List.of(file + ": no such file"));
        } catch (IOException e) {
            throw new InvalidYamlException(List.of(file + ": cannot be read: " + e.getMessage()));
        }
    }

    /**
     * Reads a scenario document.
     *
     * @throws InvalidYamlException naming the file, line and field of every problem
     */
    public static Scenario parse(String file, byte[] yaml) {
        YamlTree tree = YamlTree.parse(file, yaml);
        YamlTree.Obj top = tree.top();
        String name = top.text("name", true);
        List<Shift> shifts = new ArrayList<>();
        if (!top.has("on-call")) {
            top.problem("on-call", "required: a list of {days, from, to, people}");
        }
        for (YamlTree.Obj line : top.objs("on-call")) {
            Shift shift = shift(line);
            if (shift != null) {
                shifts.add(shift);
            }
        }
        Duration target = top.duration("target", Duration.ZERO);
        Distribution acknowledge = Distribution.read(top, "acknowledge", ACKNOWLEDGE);
        Duration escalateAfter = top.duration("escalate-after", ESCALATE_AFTER);
        Travel travel = travel(top);
        Distribution onScene = Distribution.read(top, "on-scene", ON_SCENE);
        Set<String> stated = new java.util.HashSet<>();
        for (String model : MODELS) {
            if (top.has(model)) {
                stated.add(model);
            }
        }
        top.done();
        tree.check();
        return new Scenario(
                name,
                shifts,
                target.isZero() ? null : target,
                acknowledge,
                escalateAfter,
                travel,
                onScene,
                stated,
                null);
    }

    private static Shift shift(YamlTree.Obj line) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<String> words = line.texts("days");
        if (words.isEmpty()) {
            line.problem("days", "required: a list of mon, tue, wed, thu, fri, sat, sun (or every-day)");
        }
        for (String word : words) {
            String w = word.toLowerCase(Locale.ROOT);
            if (w.equals("every-day")) {
                days.addAll(EnumSet.allOf(DayOfWeek.class));
                continue;
            }
            DayOfWeek found = null;
            for (DayOfWeek day : DayOfWeek.values()) {
                String full = day.name().toLowerCase(Locale.ROOT);
                if (w.equals(full) || w.equals(full.substring(0, 3))) {
                    found = day;
                }
            }
            if (found == null) {
                line.problem("days", "'" + word + "' is not a day: use mon, tue, wed, thu, fri, sat, sun or every-day");
            } else {
                days.add(found);
            }
        }
        LocalTime from = time(line, "from");
        LocalTime to = time(line, "to");
        Integer people = line.integer("people", null, 0);
        line.done();
        if (from == null || to == null || people == null || days.isEmpty()) {
            return null;
        }
        return new Shift(days, from, to == LocalTime.MAX ? null : to, people);
    }

    /** "HH:MM"; "24:00" is {@link LocalTime#MAX} (the end of the day). */
    private static LocalTime time(YamlTree.Obj line, String field) {
        String text = line.text(field, true);
        if (text == null) {
            return null;
        }
        if (text.equals("24:00")) {
            return field.equals("to") ? LocalTime.MAX : null;
        }
        try {
            if (!text.matches("\\d{1,2}:\\d{2}")) {
                throw new DateTimeParseException("not HH:MM", text, 0);
            }
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeParseException e) {
            line.problem(
                    field,
                    "must be a time \"HH:MM\" (quoted), such as \"08:00\""
                            + (field.equals("to") ? " or \"24:00\"" : ""));
            return null;
        }
    }

    private static Travel travel(YamlTree.Obj top) {
        if (!top.has("travel")) {
            top.obj("travel", false);
            return Travel.of(TRAVEL);
        }
        YamlTree.Obj obj = top.obj("travel", false);
        if (obj == null) {
            return Travel.of(TRAVEL);
        }
        Distribution.Kind kind = obj.choice(
                "distribution", Distribution.Kind.values(), k -> k.name().toLowerCase(Locale.ROOT), TRAVEL.kind());
        Duration median = obj.duration("median", TRAVEL.median());
        Double spread = obj.number("spread", false, 0);
        Double latitude = null;
        Double longitude = null;
        YamlTree.Obj base = obj.obj("base", false);
        if (base != null) {
            latitude = base.number("latitude", true, -90);
            longitude = base.number("longitude", true, -180);
            base.done();
        }
        Double speed = obj.number("speed-kmh", base != null, 1);
        if (speed != null && base == null) {
            obj.problem("speed-kmh", "needs base: {latitude, longitude} to travel from");
        }
        obj.done();
        Distribution distribution = new Distribution(
                kind == null ? TRAVEL.kind() : kind,
                median == null ? TRAVEL.median() : median,
                spread == null ? TRAVEL.spread() : spread);
        return new Travel(distribution, latitude, longitude, base == null ? null : speed);
    }

    /** Minutes, for the planner's words: {@code 3 min}, {@code 1.5 min}. */
    static String minutes(Duration duration) {
        double m = duration.toMillis() / 60_000.0;
        return (m == Math.rint(m) ? String.valueOf((long) m) : String.format(Locale.ROOT, "%.1f", m)) + " min";
    }
}
