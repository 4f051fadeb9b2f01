package org.doorway.site;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorway.referral.Door;

/**
 * Reads a site's {@code site.yaml} into a {@link Site}, refusing anything malformed or incomplete
 * with every problem named by file, line and field. (The site's policy files are read by the
 * triage package.)
 */
final class SiteFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SiteFiles() {}

    /** A site's configuration could not be used; the message names file, line and field. */
    static final class InvalidSiteException extends RuntimeException {
        InvalidSiteException(String message) {
            super(message);
        }
    }

    record SiteFile(String id, String name, String timeZone, List<CaseManagerFile> caseManagers,
                    PagingFile paging, List<Site.ApiKey> apiKeys) {}

    record CaseManagerFile(String id, String name, String phone) {}

    record PagingFile(Duration ackTimeout, Integer rounds, RotationFile rotation) {}

    record RotationFile(LocalDate start, DayOfWeek handOffDay, LocalTime handOffTime, List<String> members) {}

    /**
     * Reads and checks one site.
     *
     * @param siteName   where the site came from, for messages (e.g. {@code classpath:sites/demo})
     * @param siteYaml   the contents of {@code site.yaml}
     * @throws InvalidSiteException naming every problem found
     */
    static Site read(String siteName, InputStream siteYaml) {
        SiteFile site = parse(siteName + "/site.yaml", siteYaml, SiteFile.class);
        List<String> problems = new ArrayList<>();
        String file = siteName + "/site.yaml";

        require(problems, file, "id", site.id());
        require(problems, file, "name", site.name());
        ZoneId zone = null;
        if (require(problems, file, "time-zone", site.timeZone())) {
            try {
                zone = ZoneId.of(site.timeZone());
            } catch (RuntimeException e) {
                problems.add(file + ": time-zone: not a time zone id such as America/Los_Angeles");
            }
        }
        Map<String, Site.CaseManager> caseManagers = new LinkedHashMap<>();
        List<CaseManagerFile> cms = site.caseManagers() == null ? List.of() : site.caseManagers();
        for (int i = 0; i < cms.size(); i++) {
            CaseManagerFile cm = cms.get(i);
            String at = "case-managers[" + i + "]";
            if (cm == null) {
                problems.add(file + ": " + at + ": empty entry");
                continue;
            }
            require(problems, file, at + ".id", cm.id());
            require(problems, file, at + ".name", cm.name());
            if (require(problems, file, at + ".phone", cm.phone()) && !cm.phone().matches("\\+[1-9]\\d{6,14}")) {
                problems.add(file + ": " + at + ".phone: not an E.164 number such as +12065550101");
            }
            if (cm.id() != null && caseManagers.put(cm.id(), new Site.CaseManager(cm.id(), cm.name(), cm.phone())) != null) {
                problems.add(file + ": " + at + ".id: used twice");
            }
        }
        Site.Paging paging = null;
        PagingFile p = site.paging();
        if (p == null || p.rotation() == null) {
            problems.add(file + ": paging.rotation: required");
        } else {
            RotationFile r = p.rotation();
            require(problems, file, "paging.rotation.start", r.start());
            require(problems, file, "paging.rotation.hand-off-day", r.handOffDay());
            require(problems, file, "paging.rotation.hand-off-time", r.handOffTime());
            List<String> members = r.members() == null ? List.of() : r.members();
            if (members.isEmpty()) {
                problems.add(file + ": paging.rotation.members: needs at least one case manager");
            }
            for (int i = 0; i < members.size(); i++) {
                if (!caseManagers.containsKey(members.get(i))) {
                    problems.add(file + ": paging.rotation.members[" + i + "]: not one of case-managers");
                }
            }
            Duration timeout = p.ackTimeout() == null ? Duration.ofMinutes(5) : p.ackTimeout();
            if (timeout.isNegative() || timeout.isZero()) {
                problems.add(file + ": paging.ack-timeout: must be positive");
            }
            int rounds = p.rounds() == null ? 2 : p.rounds();
            if (rounds < 1) {
                problems.add(file + ": paging.rounds: must be at least 1");
            }
            if (r.start() != null && r.handOffDay() != null && r.handOffTime() != null && !members.isEmpty()) {
                paging = new Site.Paging(timeout, rounds,
                        Rotation.weekly(r.start(), r.handOffDay(), r.handOffTime(), members));
            }
        }
        List<Site.ApiKey> apiKeys = site.apiKeys() == null ? List.of() : site.apiKeys();
        for (int i = 0; i < apiKeys.size(); i++) {
            Site.ApiKey key = apiKeys.get(i);
            if (key == null) {
                problems.add(file + ": api-keys[" + i + "]: empty entry");
                continue;
            }
            require(problems, file, "api-keys[" + i + "].source", key.source());
            if (key.sha256() == null || !key.sha256().matches("[0-9a-f]{64}")) {
                problems.add(file + ": api-keys[" + i + "].sha256: 64 lower-case hex digits (sha256sum of the key)");
            }
        }

        if (!problems.isEmpty()) {
            throw new InvalidSiteException("site configuration refused:\n  " + String.join("\n  ", problems));
        }
        return new Site(site.id(), site.name(), zone, caseManagers, paging, List.copyOf(apiKeys));
    }

    private static <T> T parse(String file, InputStream in, Class<T> type) {
        byte[] yaml;
        try (in) {
            yaml = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidSiteException(file + ": cannot be read: " + e.getMessage());
        }
        try {
            T value = YAML.readValue(yaml, type);
            if (value == null) {
                throw new InvalidSiteException(file + ": empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            // Jackson reports unknown fields of records once the whole record is read; find the
            // field's own line instead.
            String path = path(e.getPath());
            Integer line = fieldLines(yaml).get(path);
            throw new InvalidSiteException(file + ": " + (line == null ? "" : "line " + line + ": ")
                    + "unknown field '" + e.getPropertyName() + "'" + (path.contains(".") ? " (at " + path + ")" : ""));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new InvalidSiteException(file + ": " + where + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidSiteException(file + ": cannot be read: " + e.getMessage());
        }
    }

    /** A field's path as written in the file, e.g. {@code case-managers[0].nmae}. */
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

    /** The line of every field in a YAML document, by path (as {@link #path} writes it). */
    private static Map<String, Integer> fieldLines(byte[] yaml) {
        Map<String, Integer> lines = new java.util.HashMap<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            java.util.Deque<String> stack = new java.util.ArrayDeque<>();
            java.util.Deque<Integer> indexes = new java.util.ArrayDeque<>();
            String field = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case FIELD_NAME -> {
                        field = parser.currentName();
                        String prefix = stack.isEmpty() ? "" : stack.peek();
                        lines.put(prefix.isEmpty() ? field : prefix + "." + field, parser.currentLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String prefix = stack.isEmpty() ? "" : stack.peek();
                        String here;
                        if (!indexes.isEmpty() && indexes.peek() >= 0 && field == null) {
                            int index = indexes.pop();
                            indexes.push(index + 1);
                            here = prefix + "[" + index + "]";
                        } else {
                            here = field == null ? prefix : (prefix.isEmpty() ? field : prefix + "." + field);
                        }
                        stack.push(here);
                        indexes.push(token == JsonToken.START_ARRAY ? 0 : -1);
                        field = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        stack.pop();
                        indexes.pop();
                        field = null;
                    }
                    default -> {
                        if (field == null && !indexes.isEmpty() && indexes.peek() >= 0) {
                            indexes.push(indexes.pop() + 1); // a scalar item of a list
                        }
                        field = null;
                    }
                }
            }
        } catch (IOException e) {
            // the document was readable moments ago; without lines the message still names the field
        }
        return lines;
    }

    private static boolean require(List<String> problems, String file, String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            problems.add(file + ": " + field + ": required");
            return false;
        }
        return true;
    }
}
