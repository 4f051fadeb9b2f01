package org.doorway.site;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.doorway.referral.Door;

/**
 * Reads a site's {@code site.yaml} into a {@link Site}, refusing anything malformed or incomplete
 * with every problem named by file, line (where the field or the entry holding it is) and field
 * path. The format is described in {@code docs/schedules.md}; the demo site is a commented
 * example. (The site's policy files are read by the triage package.)
 *
 * <p>Why one class of some 800 lines: it is the whole grammar of {@code site.yaml}, one method per
 * section in the file's order, each next to the messages that name its fields; split by section,
 * the cross-checks between sections (a layer naming a case manager, an escalation step naming a
 * layer) would have to reach across classes.
 */
final class SiteFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern SOURCE_NAME = Pattern.compile("\\S{1,200}");
    private static final Duration HOUR = Duration.ofHours(1);

    private SiteFiles() {}

    /** A site's configuration could not be used; the message names file, line and field. */
    static final class InvalidSiteException extends RuntimeException {
        InvalidSiteException(String message) {
            super(message);
        }
    }

    // The file as written. Values that need checking (durations, date-times, names of things) are
    // read as text and checked here, so that every problem is reported, not only the first.

    record SiteFile(
            String id,
            String name,
            String timeZone,
            List<CaseManagerFile> caseManagers,
            Map<String, LayerFile> schedules,
            EscalationFile escalation,
            List<OfficerFile> officers,
            List<SourceFile> sources,
            List<ApiKeyFile> apiKeys,
            JsonNode paging,
            AdministratorFile administrator,
            PaceFile pace,
            // read by the retention package (RetentionPeriods), which checks it
            JsonNode retention) {}

    record AdministratorFile(String name, String phone) {}

    record PaceFile(Integer textsPerPhone, String textWindow, String callGap) {}

    record CaseManagerFile(String id, String name, String phone, Boolean active, Boolean shiftTexts) {}

    record LayerFile(
            String type,
            String length,
            String handOff,
            String timeZone,
            List<String> members,
            List<OverrideFile> overrides) {}

    record OverrideFile(String from, String to, String member, String replaces) {}

    record EscalationFile(
            List<StepFile> steps,
            Integer repeat,
            String enRouteTimeout,
            String arrivalGrace,
            String etaIfNone,
            String stillComingWait,
            NearTargetFile nearTarget,
            Map<String, PolicyFile> doors) {}

    record PolicyFile(
            List<StepFile> steps,
            Integer repeat,
            String enRouteTimeout,
            String arrivalGrace,
            String etaIfNone,
            String stillComingWait,
            NearTargetFile nearTarget) {}

    record NearTargetFile(
            String after,

            @JsonProperty("notify") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<String> layers) {}

    record StepFile(
            String delay,

            @JsonProperty("notify") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<String> layers,

            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<String> by) {}

    record OfficerFile(String id, String name, String phone, List<String> agentIds) {}

    record SourceFile(
            String name,
            String apiKeySha256,
            @JsonProperty("notify") NotifyFile notifications,
            String previousApiKeySha256,
            String expectEvery) {}

    record NotifyFile(String webhook, String webhookSecretEnv, String kafkaTopic) {}

    record ApiKeyFile(String source, String sha256) {}

    /**
     * Reads and checks one site.
     *
     * @param siteName where the site came from, for messages (e.g. {@code classpath:sites/demo})
     * @param siteYaml the contents of {@code site.yaml}
     * @throws InvalidSiteException naming every problem found
     */
    static Site read(String siteName, InputStream siteYaml) {
        return read(siteName, readAll(siteName + "/site.yaml", siteYaml));
    }

    /**
     * Reads and checks one site from the bytes of its {@code site.yaml}: what a file on disk, a
     * stored revision and an edit made in the browser all go through.
     *
     * @throws InvalidSiteException naming every problem found
     */
    static Site read(String siteName, byte[] yaml) {
        String file = siteName + "/site.yaml";
        SiteFile site = parse(file, yaml);
        Report report = new Report(file, fieldLines(yaml));

        report.require("id", site.id());
        report.require("name", site.name());
        ZoneId zone = null;
        if (report.require("time-zone", site.timeZone())) {
            zone = zone(report, "time-zone", site.timeZone());
        }
        if (site.paging() != null) {
            report.add("paging", "replaced by 'schedules' and 'escalation' (see docs/schedules.md)");
        }
        Map<String, Site.CaseManager> caseManagers = caseManagers(report, site.caseManagers());
        Map<String, Schedule> schedules = schedules(report, site.schedules(), zone, caseManagers);
        // Steps may name any layer the file has, even one refused above: that was reported once.
        Set<String> layers =
                site.schedules() == null ? Set.of() : site.schedules().keySet();
        EscalationPolicy escalation = null;
        Map<Door, EscalationPolicy> doors = new EnumMap<>(Door.class);
        if (site.escalation() == null) {
            report.add("escalation", "required");
        } else {
            EscalationFile e = site.escalation();
            escalation = policy(
                    report,
                    "escalation",
                    new PolicyFile(
                            e.steps(),
                            e.repeat(),
                            e.enRouteTimeout(),
                            e.arrivalGrace(),
                            e.etaIfNone(),
                            e.stillComingWait(),
                            e.nearTarget()),
                    layers);
            doors = doors(report, e.doors(), layers);
        }
        List<Officer> officers = officers(report, site.officers());
        List<Source> sources = sources(report, site.sources(), site.apiKeys());
        String administratorPhone = null;
        if (site.administrator() != null
                && phone(report, "administrator.phone", site.administrator().phone())) {
            administratorPhone = site.administrator().phone();
        }

        Site.Pace pace = pace(report, site.pace());

        report.throwIfAny();
        return new Site(
                site.id(),
                site.name(),
                zone,
                caseManagers,
                schedules,
                escalation,
                doors,
                officers,
                sources,
                administratorPhone,
                pace);
    }

    private static Map<String, Site.CaseManager> caseManagers(Report report, List<CaseManagerFile> entries) {
        Map<String, Site.CaseManager> caseManagers = new LinkedHashMap<>();
        List<CaseManagerFile> cms = entries == null ? List.of() : entries;
        for (int i = 0; i < cms.size(); i++) {
            CaseManagerFile cm = cms.get(i);
            String at = "case-managers[" + i + "]";
            if (cm == null) {
                report.add(at, "empty entry");
                continue;
            }
            report.require(at + ".id", cm.id());
            report.require(at + ".name", cm.name());
            phone(report, at + ".phone", cm.phone());
            boolean active = cm.active() == null || cm.active();
            boolean shiftTexts = cm.shiftTexts() != null && cm.shiftTexts();
            if (cm.id() != null
                    && caseManagers.put(
                                    cm.id(), new Site.CaseManager(cm.id(), cm.name(), cm.phone(), active, shiftTexts))
                            != null) {
                report.add(at + ".id", "used twice");
            }
        }
        return caseManagers;
    }

    private static Map<String, Schedule> schedules(
            Report report, Map<String, LayerFile> layers, ZoneId siteZone, Map<String, Site.CaseManager> caseManagers) {
        Map<String, Schedule> schedules = new LinkedHashMap<>();
        if (layers == null || layers.isEmpty()) {
            report.add("schedules", "needs at least one layer (primary, for example)");
            return schedules;
        }
        for (Map.Entry<String, LayerFile> entry : layers.entrySet()) {
            String name = entry.getKey();
            String at = "schedules." + name;
            LayerFile layer = entry.getValue();
            if (!LAYER_NAME.matcher(name).matches()) {
                report.add(
                        at, "a layer's name is 1 to 40 letters, digits, '-' or '_', starting with a letter or digit");
            }
            if (layer == null) {
                report.add(at, "empty entry");
                continue;
            }
            Schedule schedule = schedule(report, at, name, layer, siteZone, caseManagers);
            if (schedule != null) {
                schedules.put(name, schedule);
            }
        }
        return schedules;
    }

    private static Schedule schedule(
            Report report,
            String at,
            String name,
            LayerFile layer,
            ZoneId siteZone,
            Map<String, Site.CaseManager> caseManagers) {
        ZoneId zone = layer.timeZone() == null ? siteZone : zone(report, at + ".time-zone", layer.timeZone());
        List<String> members = layer.members() == null ? List.of() : layer.members();
        boolean valid = true;
        if (members.isEmpty()) {
            report.add(at + ".members", "needs at least one case manager");
            valid = false;
        }
        for (int i = 0; i < members.size(); i++) {
            valid &= caseManager(report, at + ".members[" + i + "]", members.get(i), caseManagers);
        }

        boolean rotates =
                layer.type() != null || layer.length() != null || layer.handOff() != null || members.size() > 1;
        Duration length = null;
        LocalDateTime handOff = null;
        if (rotates) {
            if (layer.type() != null && layer.length() != null) {
                report.add(at + ".length", "give type or length, not both");
            } else if (layer.type() != null) {
                length = switch (layer.type().toLowerCase(Locale.ROOT)) {
                    case "hourly" -> HOUR;
                    case "daily" -> Duration.ofDays(1);
                    case "weekly" -> Duration.ofDays(7);
                    default -> {
                        report.add(
                                at + ".type", "'" + layer.type() + "' is not hourly, daily or weekly (or give length)");
                        yield null;
                    }
                };
            } else if (layer.length() != null) {
                length = shiftLength(report, at + ".length", layer.length());
            } else {
                report.add(
                        at + ".type",
                        "required: hourly, daily or weekly, or a length such as PT12H"
                                + (members.size() > 1 ? " (a layer with more than one member rotates)" : ""));
            }
            if (layer.handOff() == null) {
                report.add(
                        at + ".hand-off",
                        "required: the local date-time of the first hand-off, such as 2026-01-05T09:00");
            } else {
                handOff = localDateTime(report, at + ".hand-off", layer.handOff());
            }
        }

        List<ScheduleOverride> overrides = new ArrayList<>();
        List<OverrideFile> entries = layer.overrides() == null ? List.of() : layer.overrides();
        for (int i = 0; i < entries.size(); i++) {
            ScheduleOverride o = override(report, at + ".overrides[" + i + "]", entries.get(i), zone, caseManagers);
            if (o != null) {
                overrides.add(o);
            } else {
                valid = false;
            }
        }
        if (!valid || zone == null || (rotates && (length == null || handOff == null))) {
            return null;
        }
        return rotates
                ? Schedule.rotating(name, zone, new Rotation(handOff, length, members), overrides)
                : Schedule.fixed(name, zone, members.get(0), overrides);
    }

    private static ScheduleOverride override(
            Report report, String at, OverrideFile o, ZoneId zone, Map<String, Site.CaseManager> caseManagers) {
        if (o == null) {
            report.add(at, "empty entry");
            return null;
        }
        LocalDateTime from =
                report.require(at + ".from", o.from()) ? localDateTime(report, at + ".from", o.from()) : null;
        LocalDateTime to = report.require(at + ".to", o.to()) ? localDateTime(report, at + ".to", o.to()) : null;
        boolean valid = report.require(at + ".member", o.member())
                && caseManager(report, at + ".member", o.member(), caseManagers);
        if (o.replaces() != null) {
            valid &= caseManager(report, at + ".replaces", o.replaces(), caseManagers);
            if (o.replaces().equals(o.member())) {
                report.add(at + ".replaces", "the same person as member: a swap replaces someone else");
                valid = false;
            }
        }
        if (from == null || to == null) {
            return null;
        }
        if (!from.isBefore(to)) {
            report.add(at + ".to", "must be after from");
            return null;
        }
        if (zone == null || !valid) {
            return null;
        }
        Instant start = Rotation.instant(from, zone);
        Instant end = Rotation.instant(to, zone);
        if (!start.isBefore(end)) {
            report.add(at + ".to", "must be after from (both fall in the hour the clocks skip)");
            return null;
        }
        return new ScheduleOverride(start, end, o.member(), o.replaces());
    }

    private static Map<Door, EscalationPolicy> doors(Report report, Map<String, PolicyFile> doors, Set<String> layers) {
        Map<Door, EscalationPolicy> policies = new EnumMap<>(Door.class);
        if (doors == null) {
            return policies;
        }
        for (Map.Entry<String, PolicyFile> entry : doors.entrySet()) {
            String at = "escalation.doors." + entry.getKey();
            Door door = null;
            for (Door d : Door.values()) {
                if (doorName(d).equals(entry.getKey())) {
                    door = d;
                }
            }
            if (door == null) {
                report.add(at, "not a door: arrest-diversion, social-contact or community");
                continue;
            }
            if (entry.getValue() == null) {
                report.add(at, "empty entry");
                continue;
            }
            EscalationPolicy policy = policy(report, at, entry.getValue(), layers);
            if (policy != null) {
                policies.put(door, policy);
            }
        }
        return policies;
    }

    /** A door as site files name it: {@code arrest-diversion}, {@code social-contact}, {@code community}. */
    static String doorName(Door door) {
        return door.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static EscalationPolicy policy(Report report, String at, PolicyFile policy, Set<String> layers) {
        List<EscalationPolicy.Step> steps = new ArrayList<>();
        List<StepFile> entries = policy.steps() == null ? List.of() : policy.steps();
        boolean valid = true;
        if (entries.isEmpty()) {
            report.add(at + ".steps", "needs at least one step");
            valid = false;
        }
        for (int i = 0; i < entries.size(); i++) {
            EscalationPolicy.Step step = step(report, at + ".steps[" + i + "]", entries.get(i), layers);
            if (step == null) {
                valid = false;
            } else {
                steps.add(step);
            }
        }
        int repeat = policy.repeat() == null ? 1 : policy.repeat();
        if (repeat < 1) {
            report.add(at + ".repeat", "must be at least 1 (the steps are walked this many times)");
            valid = false;
        }
        Duration enRoute = EscalationPolicy.DEFAULT_EN_ROUTE_TIMEOUT;
        if (policy.enRouteTimeout() != null) {
            enRoute = positive(report, at + ".en-route-timeout", policy.enRouteTimeout());
            valid &= enRoute != null;
        }
        EscalationPolicy.AfterAck afterAck = afterAck(report, at, policy, layers);
        valid &= afterAck != null;
        return valid ? new EscalationPolicy(steps, repeat, enRoute, afterAck) : null;
    }

    /** The arrival watch's times and the near-target alert of one policy; reported and {@code null} if wrong. */
    private static EscalationPolicy.AfterAck afterAck(Report report, String at, PolicyFile policy, Set<String> layers) {
        Duration grace = optionalPositive(
                report, at + ".arrival-grace", policy.arrivalGrace(), EscalationPolicy.AfterAck.DEFAULT_ARRIVAL_GRACE);
        Duration eta = optionalPositive(
                report, at + ".eta-if-none", policy.etaIfNone(), EscalationPolicy.AfterAck.DEFAULT_ETA_IF_NONE);
        Duration wait = optionalPositive(
                report,
                at + ".still-coming-wait",
                policy.stillComingWait(),
                EscalationPolicy.AfterAck.DEFAULT_STILL_COMING_WAIT);
        Duration after = EscalationPolicy.AfterAck.DEFAULT_NEAR_TARGET_AFTER;
        List<String> alerted = List.of();
        boolean valid = true;
        NearTargetFile near = policy.nearTarget();
        if (near != null) {
            after = optionalPositive(report, at + ".near-target.after", near.after(), after);
            alerted = near.layers() == null ? List.of() : near.layers();
            if (alerted.isEmpty()) {
                report.add(at + ".near-target.notify", "required: a layer of schedules (the supervisor), or a list");
                valid = false;
            }
            for (int i = 0; i < alerted.size(); i++) {
                String layer = alerted.get(i);
                if (layer == null || !layers.contains(layer)) {
                    report.add(
                            at + ".near-target.notify" + (alerted.size() > 1 ? "[" + i + "]" : ""),
                            "'" + layer + "' is not a layer in schedules");
                    valid = false;
                }
            }
        }
        if (!valid || grace == null || eta == null || wait == null || after == null) {
            return null;
        }
        return new EscalationPolicy.AfterAck(grace, eta, wait, after, alerted);
    }

    /** {@code text} as a positive duration, or {@code otherwise} when absent; reported and {@code null} if wrong. */
    private static Duration optionalPositive(Report report, String at, String text, Duration otherwise) {
        return text == null ? otherwise : positive(report, at, text);
    }

    private static EscalationPolicy.Step step(Report report, String at, StepFile step, Set<String> layers) {
        if (step == null) {
            report.add(at, "empty entry");
            return null;
        }
        Duration delay =
                report.require(at + ".delay", step.delay()) ? positive(report, at + ".delay", step.delay()) : null;
        boolean valid = delay != null;
        List<String> notify = step.layers() == null ? List.of() : step.layers();
        if (notify.isEmpty()) {
            report.add(at + ".notify", "required: a layer of schedules, or a list of them");
            valid = false;
        }
        Set<String> named = new HashSet<>();
        for (int i = 0; i < notify.size(); i++) {
            String layer = notify.get(i);
            String here = at + ".notify" + (notify.size() > 1 ? "[" + i + "]" : "");
            if (layer == null || !layers.contains(layer)) {
                report.add(
                        here,
                        "'" + layer + "' is not a layer in schedules"
                                + (layers.isEmpty() ? "" : " (" + String.join(", ", layers) + ")"));
                valid = false;
            } else if (!named.add(layer)) {
                report.add(here, "'" + layer + "' named twice");
                valid = false;
            }
        }
        List<String> by = step.by() == null ? List.of() : step.by();
        Set<EscalationPolicy.Channel> channels = EnumSet.noneOf(EscalationPolicy.Channel.class);
        if (by.isEmpty()) {
            report.add(at + ".by", "required: sms, voice, or a list of both");
            valid = false;
        }
        for (int i = 0; i < by.size(); i++) {
            String channel = by.get(i);
            String here = at + ".by" + (by.size() > 1 ? "[" + i + "]" : "");
            switch (channel == null ? "" : channel.toLowerCase(Locale.ROOT)) {
                case "sms" -> channels.add(EscalationPolicy.Channel.SMS);
                case "voice" -> channels.add(EscalationPolicy.Channel.VOICE);
                default -> {
                    report.add(here, "'" + channel + "' is not sms or voice");
                    valid = false;
                }
            }
        }
        return valid ? new EscalationPolicy.Step(delay, notify, channels) : null;
    }

    private static List<Officer> officers(Report report, List<OfficerFile> entries) {
        List<Officer> officers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, String> agentIds = new HashMap<>();
        List<OfficerFile> list = entries == null ? List.of() : entries;
        for (int i = 0; i < list.size(); i++) {
            OfficerFile o = list.get(i);
            String at = "officers[" + i + "]";
            if (o == null) {
                report.add(at, "empty entry");
                continue;
            }
            boolean valid = report.require(at + ".id", o.id());
            if (valid && !ids.add(o.id())) {
                report.add(at + ".id", "used twice");
                valid = false;
            }
            valid &= report.require(at + ".name", o.name());
            valid &= phone(report, at + ".phone", o.phone());
            List<String> known = o.agentIds() == null ? List.of() : o.agentIds();
            if (known.isEmpty()) {
                report.add(at + ".agent-ids", "needs at least one identifier a source uses for this officer");
                valid = false;
            }
            for (int j = 0; j < known.size(); j++) {
                String here = at + ".agent-ids[" + j + "]";
                if (report.require(here, known.get(j))) {
                    String other = agentIds.putIfAbsent(Officer.normalise(known.get(j)), at);
                    if (other != null) {
                        report.add(here, "already names " + other + " (agent ids are compared ignoring case)");
                        valid = false;
                    }
                } else {
                    valid = false;
                }
            }
            if (valid) {
                officers.add(new Officer(o.id(), o.name(), o.phone(), known));
            }
        }
        return officers;
    }

    private static List<Source> sources(Report report, List<SourceFile> entries, List<ApiKeyFile> apiKeys) {
        List<Source> sources = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        List<SourceFile> list = entries == null ? List.of() : entries;
        for (int i = 0; i < list.size(); i++) {
            SourceFile s = list.get(i);
            String at = "sources[" + i + "]";
            if (s == null) {
                report.add(at, "empty entry");
                continue;
            }
            boolean valid = sourceName(report, at + ".name", s.name(), names, at);
            if (s.apiKeySha256() != null) {
                valid &= sha256(report, at + ".api-key-sha256", s.apiKeySha256());
                if (s.name() != null && s.name().contains(":")) {
                    report.add(at + ".api-key-sha256", "a channel (a name with ':') is not reached with a key");
                    valid = false;
                }
            }
            if (s.previousApiKeySha256() != null) {
                valid &= sha256(report, at + ".previous-api-key-sha256", s.previousApiKeySha256());
                if (s.apiKeySha256() == null) {
                    report.add(
                            at + ".previous-api-key-sha256", "only beside an api-key-sha256 (the key it rotates to)");
                    valid = false;
                }
            }
            Source.Notify notify = Source.Notify.NONE;
            if (s.notifications() != null) {
                notify = notify(report, at + ".notify", s.notifications());
                valid &= notify != null;
            }
            Duration expectEvery = null;
            if (s.expectEvery() != null) {
                expectEvery = positive(report, at + ".expect-every", s.expectEvery());
                valid &= expectEvery != null;
            }
            if (valid) {
                sources.add(new Source(s.name(), s.apiKeySha256(), notify, s.previousApiKeySha256(), expectEvery));
            }
        }
        // The former list of keys: each is a source with a key and nowhere to notify.
        List<ApiKeyFile> keys = apiKeys == null ? List.of() : apiKeys;
        for (int i = 0; i < keys.size(); i++) {
            ApiKeyFile key = keys.get(i);
            String at = "api-keys[" + i + "]";
            if (key == null) {
                report.add(at, "empty entry");
                continue;
            }
            boolean valid = sourceName(report, at + ".source", key.source(), names, at);
            valid &= sha256(report, at + ".sha256", key.sha256());
            if (valid) {
                sources.add(new Source(key.source(), key.sha256(), Source.Notify.NONE));
            }
        }
        return sources;
    }

    private static boolean sourceName(Report report, String at, String name, Map<String, String> names, String entry) {
        if (!report.require(at, name)) {
            return false;
        }
        if (!SOURCE_NAME.matcher(name).matches()) {
            report.add(at, "no spaces, at most 200 characters");
            return false;
        }
        String other = names.putIfAbsent(name, entry);
        if (other != null) {
            report.add(at, "used twice (also " + other + ")");
            return false;
        }
        return true;
    }

    private static Source.Notify notify(Report report, String at, NotifyFile n) {
        boolean valid = true;
        URI webhook = null;
        if (n.webhook() == null && n.kafkaTopic() == null) {
            report.add(at, "give webhook, kafka-topic or both (or leave notify out)");
            valid = false;
        }
        if (n.webhook() != null) {
            webhook = webhook(report, at + ".webhook", n.webhook());
            valid &= webhook != null;
            if (n.webhookSecretEnv() == null) {
                report.add(
                        at + ".webhook-secret-env",
                        "required with a webhook: the name of the environment variable"
                                + " holding the signing secret (never the secret itself)");
                valid = false;
            }
        }
        if (n.webhookSecretEnv() != null) {
            if (n.webhook() == null) {
                report.add(at + ".webhook-secret-env", "only with a webhook");
                valid = false;
            } else if (!ENV_NAME.matcher(n.webhookSecretEnv()).matches()) {
                report.add(
                        at + ".webhook-secret-env",
                        "not an environment variable name such as DOORWAY_CAD_WEBHOOK_SECRET");
                valid = false;
            }
        }
        if (n.kafkaTopic() != null && !KAFKA_TOPIC.matcher(n.kafkaTopic()).matches()) {
            report.add(at + ".kafka-topic", "not a Kafka topic name (letters, digits, '.', '_', '-')");
            valid = false;
        }
        return valid ? new Source.Notify(webhook, n.webhookSecretEnv(), n.kafkaTopic()) : null;
    }

    private static URI webhook(Report report, String at, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            report.add(at, "not a URL");
            return null;
        }
        String host = uri.getHost();
        boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
        if (host == null
                || uri.getUserInfo() != null
                || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
            report.add(at, "an https:// URL without credentials in it (http:// only to localhost)");
            return null;
        }
        return uri;
    }

    private static boolean caseManager(
            Report report, String at, String id, Map<String, Site.CaseManager> caseManagers) {
        if (id == null || !caseManagers.containsKey(id)) {
            report.add(at, "'" + id + "' is not one of case-managers");
            return false;
        }
        if (!caseManagers.get(id).active()) {
            report.add(at, "'" + id + "' is not active (active: false in case-managers)");
            return false;
        }
        return true;
    }

    private static boolean phone(Report report, String at, String phone) {
        if (!report.require(at, phone)) {
            return false;
        }
        if (!E164.matcher(phone).matches()) {
            report.add(at, "not an E.164 number such as +12065550101");
            return false;
        }
        return true;
    }

    private static boolean sha256(Report report, String at, String hex) {
        if (hex == null || !SHA256_HEX.matcher(hex).matches()) {
            report.add(at, "64 lower-case hex digits (sha256sum of the key)");
            return false;
        }
        return true;
    }

    private static ZoneId zone(Report report, String at, String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            report.add(at, "not a time zone id such as America/Los_Angeles");
            return null;
        }
    }

    private static LocalDateTime localDateTime(Report report, String at, String text) {
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            report.add(at, "'" + text + "' is not a local date-time such as 2026-01-05T09:00");
            return null;
        }
    }

    /** The site's own pace windows: each part optional, a count at least 1, durations positive. */
    private static Site.Pace pace(Report report, PaceFile pace) {
        if (pace == null) {
            return Site.Pace.DEFAULTS;
        }
        Integer texts = pace.textsPerPhone();
        if (texts != null && texts < 1) {
            report.add("pace.texts-per-phone", "must be at least 1");
        }
        Duration window = pace.textWindow() == null ? null : positive(report, "pace.text-window", pace.textWindow());
        Duration callGap = pace.callGap() == null ? null : positive(report, "pace.call-gap", pace.callGap());
        return new Site.Pace(texts, window, callGap);
    }

    /** A positive ISO-8601 duration such as {@code PT3M}; reported and {@code null} otherwise. */
    private static Duration positive(Report report, String at, String text) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            report.add(at, "'" + text + "' is not an ISO-8601 duration such as PT3M or PT30S");
            return null;
        }
        if (duration.isNegative() || duration.isZero()) {
            report.add(at, "must be positive");
            return null;
        }
        return duration;
    }

    /**
     * A rotation's shift length: an ISO-8601 duration ({@code PT12H}, {@code P1D}, {@code P2W},
     * {@code P1DT12H}) that is a whole number of hours, at least one.
     */
    private static Duration shiftLength(Report report, String at, String text) {
        Duration length;
        try {
            length = Duration.parse(text);
        } catch (DateTimeParseException e) {
            try {
                Period period = Period.parse(text);
                if (period.getYears() != 0 || period.getMonths() != 0) {
                    report.add(at, "months and years vary in length: give weeks, days or hours");
                    return null;
                }
                length = Duration.ofDays(period.getDays());
            } catch (DateTimeParseException notAPeriod) {
                report.add(at, "'" + text + "' is not an ISO-8601 duration such as PT12H, P1D or P2W");
                return null;
            }
        }
        if (length.compareTo(HOUR) < 0 || !length.equals(Duration.ofHours(length.toHours()))) {
            report.add(at, "must be a whole number of hours, at least one");
            return null;
        }
        return length;
    }

    private static byte[] readAll(String file, InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidSiteException(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static SiteFile parse(String file, byte[] yaml) {
        try {
            SiteFile value = YAML.readValue(yaml, SiteFile.class);
            if (value == null) {
                throw new InvalidSiteException(file + ": empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            // Jackson reports unknown fields of records once the whole record is read; find the
            // field's own line instead.
            String path = path(e.getPath());
            Integer line = fieldLines(yaml).get(path);
            throw new InvalidSiteException(file + ": " + (line == null ? "" : "line " + line + ": ") + "unknown field '"
                    + e.getPropertyName() + "'" + (path.contains(".") ? " (at " + path + ")" : ""));
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            String path = e instanceof JsonMappingException m ? path(m.getPath()) : "";
            throw new InvalidSiteException(
                    file + ": " + where + (path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidSiteException(file + ": cannot be read: " + e.getMessage());
        }
    }

    /** A field's path as written in the file, e.g. {@code schedules.primary.overrides[0].from}. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * The line of every field and list item in a YAML document, by path (as {@link #path} writes
     * it): {@code escalation.steps[1].notify} is the line of that key, {@code case-managers[0]} the
     * line its entry starts on.
     */
    static Map<String, Integer> fieldLines(byte[] yaml) {
        Map<String, Integer> lines = new HashMap<>();
        /* One level of nesting: its path, whether it is a list, the next item's index, the last key. */
        final class Level {
            final String path;
            final boolean list;
            int next;
            String key;

            Level(String path, boolean list) {
                this.path = path;
                this.list = list;
            }
        }
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            Deque<Level> levels = new ArrayDeque<>();
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                Level level = levels.peek();
                if (token == JsonToken.FIELD_NAME) {
                    level.key = parser.currentName();
                    lines.put(level.path.isEmpty() ? level.key : level.path + "." + level.key, line);
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    levels.pop();
                    continue;
                }
                String here;
                if (level == null) {
                    here = "";
                } else if (level.list) {
                    here = level.path + "[" + level.next++ + "]";
                    lines.putIfAbsent(here, line);
                } else {
                    here = level.path.isEmpty() ? level.key : level.path + "." + level.key;
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    levels.push(new Level(here, token == JsonToken.START_ARRAY));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the document was readable moments ago; without lines the messages still name the field
        }
        return lines;
    }

    /** The problems found in one file, each with its field path and, where known, its line. */
    private static final class Report {

        private final String file;
        private final Map<String, Integer> lines;
        private final List<String> problems = new ArrayList<>();

        Report(String file, Map<String, Integer> lines) {
            this.file = file;
            this.lines = lines;
        }

        void add(String path, String problem) {
            Integer line = lineOf(path);
            problems.add(file + ": " + (line == null ? "" : "line " + line + ": ") + path + ": " + problem);
        }

        /** The line of {@code path}, or of the nearest entry holding it (a missing field's parent). */
        private Integer lineOf(String path) {
            for (String p = path; !p.isEmpty(); ) {
                Integer line = lines.get(p);
                if (line != null) {
                    return line;
                }
                int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
                p = cut < 0 ? "" : p.substring(0, cut);
            }
            return null;
        }

        boolean require(String path, Object value) {
            if (value == null || (value instanceof String s && s.isBlank())) {
                add(path, "required");
                return false;
            }
            return true;
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new InvalidSiteException("site configuration refused:\n  " + String.join("\n  ", problems));
            }
        }
    }
}
