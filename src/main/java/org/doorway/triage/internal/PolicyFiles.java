package org.doorway.triage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.referral.Door;
import org.doorway.system.InvalidYamlException;
import org.doorway.system.YamlTree;
import org.doorway.triage.Alternative;
import org.doorway.triage.InvalidPolicyException;
import org.doorway.triage.Policy;
import org.locationtech.jts.geom.Geometry;

/**
 * Reads and checks policy files. Every problem is reported at once, each naming file, line and
 * field ({@code sites/demo/policy.yaml: line 42: doors.community.referrers.when-unknown: must be
 * one of proceed, owg-review, not-eligible}). The format is documented in the demo site's
 * {@code policy.yaml}.
 *
 * <p>Why one class of some 670 lines: it is the whole grammar of the policy language, one method
 * per section of the file, each checking its fields with the messages that name them.
 */
public final class PolicyFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SPAN = Pattern.compile("(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]*");
    private static final String[] WEEKDAYS = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    };

    private PolicyFiles() {}

    /** Reads a file that belongs to a policy (a GeoJSON zone), by its path relative to the site folder. */
    @FunctionalInterface
    public interface Resources {
        byte[] read(String relativePath) throws IOException;

        /** How messages name the file at {@code relativePath}. */
        default String name(String relativePath) {
            return relativePath;
        }
    }

    /** Resources in a folder on disk. */
    public static Resources folder(Path folder) {
        return new Resources() {
            @Override
            public byte[] read(String relativePath) throws IOException {
                return Files.readAllBytes(folder.resolve(relativePath));
            }

            @Override
            public String name(String relativePath) {
                return folder.resolve(relativePath).toString();
            }
        };
    }

    /**
     * Reads a policy file that may sit outside any site folder: a draft for
     * {@code policy replay}. Its time zone is its own {@code time-zone} field, or else that of the
     * {@code site.yaml} beside it (or beside its {@code policies/} folder). Polygon files are read
     * relative to the same folder.
     *
     * @throws InvalidPolicyException naming every problem found
     */
    public static Policy read(Path file) {
        Path folder = siteFolder(file);
        return read(file, siteTimeZone(folder));
    }

    /**
     * Reads a policy file for a site whose time zone is {@code siteZone} ({@code null} when unknown:
     * the file must then give its own {@code time-zone}).
     *
     * @throws InvalidPolicyException naming every problem found
     */
    public static Policy read(Path file, ZoneId siteZone) {
        byte[] yaml;
        try {
            yaml = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidPolicyException(List.of(file + ": no such file"));
        } catch (IOException e) {
            throw new InvalidPolicyException(
                    List.of(file + ": cannot be read: " + e.getClass().getSimpleName()));
        }
        return parse(file.toString(), yaml, siteZone, folder(siteFolder(file)));
    }

    /** The folder a policy file's relative paths start from: its own, or the site folder above {@code policies/}. */
    static Path siteFolder(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent.getFileName() != null && parent.getFileName().toString().equals("policies")
                ? parent.getParent()
                : parent;
    }

    private static ZoneId siteTimeZone(Path folder) {
        Path site = folder.resolve("site.yaml");
        if (!Files.isRegularFile(site)) {
            return null;
        }
        try {
            JsonNode zone = YAML.readTree(Files.readAllBytes(site)).path("time-zone");
            return zone.isTextual() ? ZoneId.of(zone.asText()) : null;
        } catch (IOException | DateTimeException e) {
            return null;
        }
    }

    /**
     * Reads one policy document.
     *
     * @param name      the file's name, for messages
     * @param yaml      its contents
     * @param siteZone  the site's time zone, or {@code null} when the file must give its own
     * @param resources reads the polygon files the policy names
     * @throws InvalidPolicyException naming every problem found
     */
    public static Policy parse(String name, byte[] yaml, ZoneId siteZone, Resources resources) {
        try {
            return parseTree(name, yaml, siteZone, resources);
        } catch (InvalidYamlException e) {
            throw new InvalidPolicyException(e.problems());
        }
    }

    private static Policy parseTree(String name, byte[] yaml, ZoneId siteZone, Resources resources) {
        YamlTree tree = YamlTree.parse(name, yaml);
        YamlTree.Obj top = tree.top();

        String site = top.text("site", true);
        String version = top.text("version", true);
        LocalDate effective = top.date("effective", true);
        top.text("approved", false); // where and when the PCG approved it: for people, not for triage
        ZoneId zone = siteZone;
        String zoneText = top.text("time-zone", false);
        if (zoneText != null) {
            try {
                ZoneId own = ZoneId.of(zoneText);
                if (siteZone != null && !siteZone.equals(own)) {
                    top.problem("time-zone", "differs from site.yaml's time-zone; remove it or make them agree");
                }
                zone = own;
            } catch (DateTimeException e) {
                top.problem("time-zone", "not a time zone id such as America/Los_Angeles");
            }
        } else if (siteZone == null) {
            top.problem("time-zone", "required when the policy is read outside a site folder");
        }

        Policy.Routing routing = routing(top.obj("routing", true));
        Map<Door, Policy.DoorRules> doors = doors(top.obj("doors", true));
        Policy.Hours hours = hours(top.obj("operating-hours", true));
        Policy.PilotZone pilotZone = pilotZone(tree, top.obj("pilot-zone", true), resources);
        Policy.Redirect redirect = redirect(top.obj("redirect", false));
        Policy.Capacity capacity = capacity(top.obj("capacity", false));
        Policy.FollowUp followUp = followUp(top.obj("follow-up", true));
        Policy.OwgReview owgReview = owgReview(top.obj("owg-review", false), followUp);
        Policy.GoldenThread goldenThread = goldenThread(top.obj("golden-thread", false));
        Policy.Consent consent = consent(top.obj("consent", false));
        Policy.Messages messages = messages(top.obj("messages", true));
        List<Alternative> alternatives = alternatives(top);
        Policy.RecordAge recordAge = recordAge(top.obj("record-age", false));
        top.done();

        checkCodesAreUnique(tree, routing);
        tree.check();
        return new Policy(
                site,
                version,
                effective,
                zone,
                name,
                routing,
                doors,
                hours,
                pilotZone,
                redirect,
                capacity,
                followUp,
                owgReview,
                goldenThread,
                consent,
                messages,
                alternatives,
                recordAge);
    }

    // ------------------------------------------------------------------ routing

    private static Policy.Routing routing(YamlTree.Obj o) {
        if (o == null) {
            return new Policy.Routing(List.of(), null, null);
        }
        List<Policy.Route> callTypes = new ArrayList<>();
        for (YamlTree.Obj entry : o.objs("call-types")) {
            List<String> codes = entry.texts("codes");
            if (codes.isEmpty()) {
                entry.problem("codes", "required: the call type or service codes this entry routes");
            }
            Door door = door(entry, "door");
            String role = role(entry, "referrer-role");
            String meaning = entry.text("meaning", false);
            entry.done();
            callTypes.add(new Policy.Route(entry.path, normalised(codes), door, role, meaning));
        }
        Policy.Route arrests = null;
        YamlTree.Obj a = o.obj("arrests-with-divertible-charge", false);
        if (a != null) {
            arrests = new Policy.Route(
                    a.path, Set.of(), Door.ARREST_DIVERSION, role(a, "referrer-role"), a.text("meaning", false));
            a.done();
        }
        Policy.Route without = null;
        YamlTree.Obj w = o.obj("without-call-type", false);
        if (w != null) {
            without = new Policy.Route(
                    w.path, Set.of(), door(w, "door"), role(w, "referrer-role"), w.text("meaning", false));
            w.done();
        }
        o.done();
        return new Policy.Routing(callTypes, arrests, without);
    }

    private static void checkCodesAreUnique(YamlTree tree, Policy.Routing routing) {
        Map<String, String> seen = new HashMap<>();
        for (Policy.Route route : routing.callTypes()) {
            for (String code : route.codes()) {
                String first = seen.putIfAbsent(code, route.path());
                if (first != null && !first.equals(route.path())) {
                    tree.problem(route.path() + ".codes", "code " + code + " is already routed by " + first);
                }
            }
        }
    }

    // ------------------------------------------------------------------ doors

    private static Map<Door, Policy.DoorRules> doors(YamlTree.Obj o) {
        Map<Door, Policy.DoorRules> doors = new EnumMap<>(Door.class);
        if (o == null) {
            return doors;
        }
        for (Door door : Door.values()) {
            YamlTree.Obj d = o.obj(Policy.doorKey(door), true);
            if (d != null) {
                doors.put(door, door(door, d));
            }
        }
        o.done();
        return doors;
    }

    private static Policy.DoorRules door(Door door, YamlTree.Obj o) {
        boolean enabled = o.bool("enabled", true);
        Boolean warm = o.bool("warm-handoff", null);
        Policy.Referrers referrers = referrers(o.obj("referrers", true), enabled);
        Policy.DoorRules rules;
        if (door == Door.ARREST_DIVERSION) {
            rules = new Policy.DoorRules(
                    door,
                    enabled,
                    Boolean.TRUE.equals(warm),
                    referrers,
                    Policy.ReviewFirst.WHEN_NEEDED,
                    offences(o.obj("divertible-offences", true), enabled),
                    exclusions(o.obj("exclusions", true)),
                    override(o.obj("override", true)),
                    null);
        } else {
            Policy.ReviewFirst reviewFirst =
                    o.choice("owg-review", Policy.ReviewFirst.values(), r -> r.word, Policy.ReviewFirst.WHEN_NEEDED);
            rules = new Policy.DoorRules(
                    door,
                    enabled,
                    Boolean.TRUE.equals(warm),
                    referrers,
                    reviewFirst,
                    null,
                    Map.of(),
                    null,
                    eligibility(o.obj("eligibility", true)));
        }
        o.done();
        return rules;
    }

    private static Policy.Referrers referrers(YamlTree.Obj o, boolean enabled) {
        if (o == null) {
            return new Policy.Referrers(Set.of(), Policy.Then.NOT_ELIGIBLE);
        }
        Set<String> roles = new LinkedHashSet<>();
        List<String> listed = o.texts("roles");
        for (int i = 0; i < listed.size(); i++) {
            String role = listed.get(i).toLowerCase(Locale.ROOT);
            if (!ROLE.matcher(role).matches()) {
                o.problem("roles[" + i + "]", "a role is one lower-case word such as officer, dispatcher, crisis-line");
            }
            roles.add(role);
        }
        if (enabled && roles.isEmpty()) {
            o.problem(
                    "roles",
                    "required: who may refer through this door (officer, dispatcher, crisis-line, "
                            + "partner, resident, business...)");
        }
        Policy.Then whenUnknown = o.choice("when-unknown", Policy.Then.values(), t -> t.word, null);
        o.done();
        return new Policy.Referrers(roles, whenUnknown == null ? Policy.Then.NOT_ELIGIBLE : whenUnknown);
    }

    private static Policy.Offences offences(YamlTree.Obj o, boolean enabled) {
        if (o == null) {
            return new Policy.Offences(Set.of(), Set.of(), Set.of(), true, Policy.Then.NOT_ELIGIBLE);
        }
        Set<String> ucr = normalised(o.texts("ucr"));
        Set<String> statutes = normalised(o.texts("statutes"));
        Set<String> codes = normalised(o.texts("charge-codes"));
        if (enabled && ucr.isEmpty() && statutes.isEmpty() && codes.isEmpty()) {
            o.problem(null, "list at least one divertible offence under ucr, statutes or charge-codes");
        }
        boolean all = o.bool("all-charges-must-be-divertible", true);
        Policy.Then whenNoCharge = o.choice("when-no-charge-given", Policy.Then.values(), t -> t.word, null);
        o.done();
        return new Policy.Offences(
                ucr, statutes, codes, all, whenNoCharge == null ? Policy.Then.NOT_ELIGIBLE : whenNoCharge);
    }

    private static Map<Policy.Exclusion, Policy.ExclusionRule> exclusions(YamlTree.Obj o) {
        Map<Policy.Exclusion, Policy.ExclusionRule> rules = new EnumMap<>(Policy.Exclusion.class);
        if (o == null) {
            return rules;
        }
        for (Policy.Exclusion exclusion : Policy.Exclusion.values()) {
            YamlTree.Obj e = o.obj(exclusion.key, true);
            if (e == null) {
                continue;
            }
            Boolean applies = e.bool("applies", null);
            boolean on = Boolean.TRUE.equals(applies);
            Policy.Unknown whenUnknown = e.choice(
                    "when-unknown", Policy.Unknown.values(), u -> u.word, on ? null : Policy.Unknown.NOT_EXCLUDED);
            boolean overridable = e.bool("overridable", true);
            Double threshold = exclusion == Policy.Exclusion.DRUG_QUANTITY ? e.number("threshold-grams", on, 0) : null;
            e.done();
            rules.put(
                    exclusion,
                    new Policy.ExclusionRule(
                            on,
                            whenUnknown == null ? Policy.Unknown.NOT_EXCLUDED : whenUnknown,
                            overridable,
                            threshold));
        }
        o.done();
        return rules;
    }

    private static Policy.OverrideRule override(YamlTree.Obj o) {
        if (o == null) {
            return new Policy.OverrideRule(List.of());
        }
        Set<String> ranks = new LinkedHashSet<>();
        for (String rank : o.texts("ranks")) {
            ranks.add(rank.toLowerCase(Locale.ROOT));
        }
        o.done();
        return new Policy.OverrideRule(List.copyOf(ranks));
    }

    private static Policy.Eligibility eligibility(YamlTree.Obj o) {
        if (o == null) {
            Policy.Criterion strict = new Policy.Criterion(Policy.Then.NOT_ELIGIBLE, Policy.Then.NOT_ELIGIBLE);
            return new Policy.Eligibility(strict, strict);
        }
        Policy.Eligibility eligibility = new Policy.Eligibility(
                criterion(o.obj("chronic-law-violations", true)),
                criterion(o.obj("expects-criminal-legal-response", true)));
        o.done();
        return eligibility;
    }

    private static Policy.Criterion criterion(YamlTree.Obj o) {
        if (o == null) {
            return new Policy.Criterion(Policy.Then.NOT_ELIGIBLE, Policy.Then.NOT_ELIGIBLE);
        }
        Policy.Then whenUnknown = o.choice("when-unknown", Policy.Then.values(), t -> t.word, null);
        Policy.Then whenNotMet = o.choice("when-not-met", Policy.Then.values(), t -> t.word, Policy.Then.NOT_ELIGIBLE);
        if (whenNotMet == Policy.Then.PROCEED) {
            o.problem(
                    "when-not-met",
                    "must be not-eligible or owg-review: LEAD's core eligibility criteria "
                            + "cannot be waived (it would widen the net)");
            whenNotMet = Policy.Then.NOT_ELIGIBLE;
        }
        o.done();
        return new Policy.Criterion(whenUnknown == null ? Policy.Then.NOT_ELIGIBLE : whenUnknown, whenNotMet);
    }

    // ------------------------------------------------------------------ hours and zone

    private static Policy.Hours hours(YamlTree.Obj o) {
        if (o == null) {
            return new Policy.Hours(Map.of(), Map.of());
        }
        Map<DayOfWeek, List<Policy.Span>> week = new EnumMap<>(DayOfWeek.class);
        boolean everyDay = o.has("every-day");
        List<Policy.Span> all = spans(o, "every-day");
        if (everyDay) {
            for (DayOfWeek day : DayOfWeek.values()) {
                week.put(day, all);
            }
        }
        for (int i = 0; i < WEEKDAYS.length; i++) {
            if (o.has(WEEKDAYS[i])) {
                week.put(DayOfWeek.of(i + 1), spans(o, WEEKDAYS[i]));
            } else {
                spans(o, WEEKDAYS[i]); // mark as known
            }
        }
        Map<LocalDate, Policy.Holiday> holidays = new LinkedHashMap<>();
        for (YamlTree.Obj h : o.objs("holidays")) {
            LocalDate date = h.date("date", true);
            String name = h.text("name", true);
            if (!h.has("hours")) {
                h.problem("hours", "required: the hours that day, or [] when closed all day");
            }
            List<Policy.Span> spans = spans(h, "hours");
            h.done();
            if (date != null && holidays.put(date, new Policy.Holiday(date, name, spans, h.path)) != null) {
                h.problem("date", "this date is listed twice");
            }
        }
        o.done();
        return new Policy.Hours(week, holidays);
    }

    private static List<Policy.Span> spans(YamlTree.Obj o, String field) {
        List<String> texts = o.texts(field);
        List<Policy.Span> spans = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Matcher m = SPAN.matcher(texts.get(i));
            int from = m.matches() ? Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2)) : -1;
            int to = m.matches() ? Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4)) : -1;
            boolean minutesOk = m.matches() && Integer.parseInt(m.group(2)) < 60 && Integer.parseInt(m.group(4)) < 60;
            if (!m.matches() || !minutesOk || from >= 24 * 60 || to > 24 * 60 || from >= to) {
                o.problem(
                        field + "[" + i + "]",
                        "hours are \"HH:MM-HH:MM\" within one day, the end after the start "
                                + "(\"00:00-24:00\" for all day; split a night shift at midnight)");
                continue;
            }
            spans.add(new Policy.Span(from, to));
        }
        return spans;
    }

    private static Policy.PilotZone pilotZone(YamlTree tree, YamlTree.Obj o, Resources resources) {
        if (o == null) {
            return new Policy.PilotZone(false, Set.of(), List.of(), false);
        }
        boolean everywhere = o.bool("everywhere", false);
        Set<String> codes = normalised(o.texts("zone-codes"));
        List<String> files = o.texts("polygons");
        List<Geometry> polygons = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            if (file.startsWith("/") || file.contains("..") || file.contains("\\")) {
                o.problem("polygons[" + i + "]", "give a path inside the site folder, such as zones/downtown.geojson");
                continue;
            }
            try {
                polygons.addAll(GeoZones.read(resources.name(file), resources.read(file)));
            } catch (InvalidPolicyException e) {
                tree.problems.addAll(e.problems());
            } catch (IOException e) {
                o.problem(
                        "polygons[" + i + "]",
                        "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        String unknown = o.text("when-unknown", false);
        Boolean whenUnknown = null;
        if (unknown != null) {
            switch (unknown) {
                case "inside" -> whenUnknown = true;
                case "outside" -> whenUnknown = false;
                default -> o.problem("when-unknown", "must be one of inside, outside");
            }
        } else if (!everywhere) {
            o.problem(
                    "when-unknown",
                    "required: inside or outside, for a referral that gives neither zone code " + "nor coordinates");
        }
        if (everywhere && (!codes.isEmpty() || !files.isEmpty())) {
            o.problem("everywhere", "everywhere: true leaves nothing for zone-codes or polygons to do; remove one");
        }
        if (!everywhere && codes.isEmpty() && files.isEmpty()) {
            o.problem(null, "name zone-codes or polygons, or say everywhere: true");
        }
        o.done();
        return new Policy.PilotZone(everywhere, codes, polygons, Boolean.TRUE.equals(whenUnknown));
    }

    // ------------------------------------------------------------------ the rest

    private static Policy.Redirect redirect(YamlTree.Obj o) {
        if (o == null) {
            return new Policy.Redirect(Set.of());
        }
        Set<String> callTypes = normalised(o.texts("call-types"));
        o.done();
        return new Policy.Redirect(callTypes);
    }

    private enum FullAt {
        CASELOAD_LIMIT("caseload-limit"),
        IDEAL_CASELOAD("ideal-caseload");

        final String word;

        FullAt(String word) {
            this.word = word;
        }
    }

    private static Policy.Capacity capacity(YamlTree.Obj o) {
        if (o == null) {
            return new Policy.Capacity(25, 15, false, null, List.of());
        }
        int limit = o.integer("caseload-limit", 25, 1);
        int ideal = o.integer("ideal-caseload", 15, 1);
        if (ideal > limit) {
            o.problem("ideal-caseload", "must not be more than caseload-limit");
        }
        FullAt fullAt = o.choice("team-full-at", FullAt.values(), f -> f.word, FullAt.CASELOAD_LIMIT);
        Integer caseManagers = o.integer("case-managers", 0, 1);
        List<Policy.Priority> priorities = new ArrayList<>();
        YamlTree.Obj queue = o.obj("queue", false);
        if (queue != null) {
            for (YamlTree.Obj p : queue.objs("priority")) {
                String label = p.text("label", true);
                Set<String> roles = new LinkedHashSet<>();
                p.texts("referrer-roles").forEach(r -> roles.add(r.toLowerCase(Locale.ROOT)));
                Set<String> callTypes = normalised(p.texts("call-types"));
                p.done();
                priorities.add(new Policy.Priority(label, roles, callTypes, p.path));
            }
            queue.done();
        }
        o.done();
        return new Policy.Capacity(
                limit,
                ideal,
                fullAt == FullAt.IDEAL_CASELOAD,
                caseManagers == null || caseManagers == 0 ? null : caseManagers,
                priorities);
    }

    private static Policy.FollowUp followUp(YamlTree.Obj o) {
        if (o == null) {
            return new Policy.FollowUp(Duration.ofHours(24));
        }
        Duration within = o.duration("within", null);
        o.done();
        return new Policy.FollowUp(within == null ? Duration.ofHours(24) : within);
    }

    private static Policy.RecordAge recordAge(YamlTree.Obj o) {
        if (o == null) {
            return new Policy.RecordAge(Policy.RecordAge.DEFAULT);
        }
        Duration within = o.duration("warm-handoff-within", Policy.RecordAge.DEFAULT);
        if (within.isNegative() || within.isZero()) {
            o.problem("warm-handoff-within", "must be longer than zero");
        }
        o.done();
        return new Policy.RecordAge(within);
    }

    private static Policy.OwgReview owgReview(YamlTree.Obj o, Policy.FollowUp followUp) {
        if (o == null) {
            return new Policy.OwgReview(followUp.within());
        }
        Duration within = o.duration("approved-follow-up-within", followUp.within());
        LocalDate firstMeeting = o.date("first-meeting", false);
        Duration every = o.has("every") ? o.duration("every", null) : null;
        if (every != null && (every.toDays() < 1 || !every.equals(Duration.ofDays(every.toDays())))) {
            o.problem("every", "must be a whole number of days, at least one (P14D is every two weeks)");
        }
        Duration intakeWithin = o.has("intake-within") ? o.duration("intake-within", null) : null;
        o.done();
        return new Policy.OwgReview(within, firstMeeting, every, intakeWithin);
    }

    private static Policy.GoldenThread goldenThread(YamlTree.Obj o) {
        if (o == null) {
            return new Policy.GoldenThread(Policy.MatchRule.FULL_NAME_AND_BIRTH_DATE, true, true);
        }
        Policy.MatchRule match =
                o.choice("match", Policy.MatchRule.values(), m -> m.word, Policy.MatchRule.FULL_NAME_AND_BIRTH_DATE);
        boolean inactive = o.bool("include-inactive", true);
        boolean meets = o.bool("enrolled-meets-eligibility", true);
        o.done();
        return new Policy.GoldenThread(match, inactive, meets);
    }

    private static Policy.Consent consent(YamlTree.Obj o) {
        if (o == null) {
            return Policy.Consent.DEFAULT;
        }
        Policy.Declined declined =
                o.choice("when-declined", Policy.Declined.values(), d -> d.word, Policy.Declined.BACK_TO_REFERRER);
        String tell = o.text("tell-referrer", false);
        o.done();
        return new Policy.Consent(
                declined, tell == null || tell.isBlank() ? Policy.Consent.DEFAULT_TELL_REFERRER : tell);
    }

    private static Policy.Messages messages(YamlTree.Obj o) {
        if (o == null) {
            return new Policy.Messages("", "", "", "", "", "");
        }
        Policy.Messages messages = new Policy.Messages(
                o.text("warm-handoff-now", true),
                o.text("field-follow-up", true),
                o.text("owg-review", true),
                o.text("queued", true),
                o.text("not-eligible", true),
                o.text("redirect", true));
        o.done();
        return messages;
    }

    private static List<Alternative> alternatives(YamlTree.Obj top) {
        List<Alternative> alternatives = new ArrayList<>();
        for (YamlTree.Obj a : top.objs("alternatives")) {
            String name = a.text("name", true);
            String contact = a.text("contact", false);
            String description = a.text("description", false);
            Set<Door> doors = new LinkedHashSet<>();
            List<String> listed = a.texts("doors");
            for (int i = 0; i < listed.size(); i++) {
                Door door = doorByKey(listed.get(i));
                if (door == null) {
                    a.problem("doors[" + i + "]", "must be one of arrest-diversion, social-contact, community");
                } else {
                    doors.add(door);
                }
            }
            a.done();
            alternatives.add(new Alternative(name == null ? "" : name, contact, description, doors));
        }
        return alternatives;
    }

    // ------------------------------------------------------------------ helpers

    private static Door door(YamlTree.Obj o, String field) {
        return o.choice(field, Door.values(), Policy::doorKey, null);
    }

    private static Door doorByKey(String key) {
        for (Door door : Door.values()) {
            if (Policy.doorKey(door).equals(key)) {
                return door;
            }
        }
        return null;
    }

    private static String role(YamlTree.Obj o, String field) {
        String role = o.text(field, false);
        if (role == null) {
            return null;
        }
        role = role.toLowerCase(Locale.ROOT);
        if (!ROLE.matcher(role).matches()) {
            o.problem(field, "a role is one lower-case word such as officer, dispatcher, crisis-line");
        }
        return role;
    }

    private static Set<String> normalised(List<String> codes) {
        Set<String> set = new LinkedHashSet<>();
        codes.forEach(c -> set.add(Policy.Routing.normalise(c)));
        return set;
    }
}
