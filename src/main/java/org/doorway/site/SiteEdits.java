package org.doorway.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Edits made in the browser, as changes to a site's {@code site.yaml}: a person's name, phone
 * and flags, a layer's members, hand-off and shift length, the escalation steps. Each edit is
 * applied to the site's newest {@code site.yaml} and the result is read by {@link SiteFiles}, the
 * same code that reads the file on disk: an edit the file would refuse is refused with the same
 * message, naming the same field, and nothing is stored. The result is a whole {@code site.yaml}
 * (without the file's comments), which is what is stored and what "download as site.yaml" gives.
 */
final class SiteEdits {

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private SiteEdits() {}

    /** An edit applied: the new {@code site.yaml} and the site it reads as, or the fields at fault. */
    record Outcome(String yaml, Site site, List<Map<String, String>> errors) {
        boolean accepted() {
            return errors.isEmpty();
        }
    }

    /** One escalation step as the page's form gives it: layers and channels separated by commas or spaces. */
    record Step(String delay, String layers, String by) {}

    /**
     * Applies {@code edit} to {@code yaml} and reads the result as site {@code siteId}.
     *
     * @param edit changes the file's tree; throws {@link IllegalArgumentException} for a request
     *     that names nothing the file has (reported against the field {@code request})
     */
    static Outcome apply(String siteId, String yaml, Consumer<ObjectNode> edit) {
        ObjectNode root;
        try {
            JsonNode read = YAML.readTree(yaml);
            if (!(read instanceof ObjectNode object)) {
                return refused("site.yaml", "not a YAML mapping");
            }
            root = object;
        } catch (JsonProcessingException e) {
            return refused("site.yaml", "not YAML");
        }
        try {
            edit.accept(root);
        } catch (IllegalArgumentException e) {
            return refused("request", e.getMessage());
        }
        String written;
        try {
            written = YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            return refused("site.yaml", "cannot be written");
        }
        return check(siteId, written);
    }

    /** Reads a whole {@code site.yaml} as site {@code siteId}, as the file on disk is read. */
    static Outcome check(String siteId, String yaml) {
        try {
            Site site = SiteFiles.read(siteId, yaml.getBytes(StandardCharsets.UTF_8));
            if (!siteId.equals(site.id())) {
                return refused("id", "is " + siteId + " (a site keeps its id)");
            }
            return new Outcome(yaml, site, List.of());
        } catch (SiteFiles.InvalidSiteException e) {
            return new Outcome(null, null, SiteRevisions.errors(e));
        }
    }

    private static Outcome refused(String field, String reason) {
        return new Outcome(null, null, List.of(Map.of("field", field, "reason", reason)));
    }

    /**
     * Sets a case manager's name, phone and flags; one the file does not have is added at the end.
     * A blank name or phone is written as given, for the file's rules to refuse.
     */
    static Consumer<ObjectNode> person(String id, String name, String phone, boolean active, boolean shiftTexts) {
        return root -> {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("give the person's id");
            }
            ArrayNode people = root.withArray("/case-managers");
            ObjectNode person = null;
            for (JsonNode p : people) {
                if (p instanceof ObjectNode o && id.strip().equals(o.path("id").asText(null))) {
                    person = o;
                }
            }
            if (person == null) {
                person = people.addObject();
                person.put("id", id.strip());
            }
            put(person, "name", name);
            put(person, "phone", phone);
            if (active) {
                person.remove("active");
            } else {
                person.put("active", false);
            }
            if (shiftTexts) {
                person.put("shift-texts", true);
            } else {
                person.remove("shift-texts");
            }
        };
    }

    /**
     * Sets a layer's members (in order), first hand-off (a local date-time) and shift length (an
     * ISO-8601 duration, or hourly, daily or weekly). A blank hand-off or length leaves the file's.
     */
    static Consumer<ObjectNode> layer(String layer, String members, String handOff, String length) {
        return root -> {
            JsonNode found = root.path("schedules").path(layer == null ? "" : layer);
            if (!(found instanceof ObjectNode l)) {
                throw new IllegalArgumentException("the site has no layer '" + layer + "'");
            }
            ArrayNode list = l.putArray("members");
            words(members).forEach(list::add);
            if (handOff != null && !handOff.isBlank()) {
                l.put("hand-off", handOff.strip());
            }
            if (length != null && !length.isBlank()) {
                String text = length.strip();
                if (List.of("hourly", "daily", "weekly").contains(text.toLowerCase(Locale.ROOT))) {
                    l.put("type", text.toLowerCase(Locale.ROOT));
                    l.remove("length");
                } else {
                    l.put("length", text);
                    l.remove("type");
                }
            }
        };
    }

    /**
     * Replaces the site's escalation steps (the policy of every door without its own); a step left
     * wholly blank is dropped, one partly filled in is written as given for the file's rules to
     * judge.
     */
    static Consumer<ObjectNode> steps(List<Step> steps) {
        return root -> {
            JsonNode escalation = root.path("escalation");
            ObjectNode policy = escalation instanceof ObjectNode o ? o : root.putObject("escalation");
            ArrayNode list = policy.putArray("steps");
            for (Step step : steps) {
                boolean blank = isBlank(step.delay()) && isBlank(step.layers()) && isBlank(step.by());
                if (blank) {
                    continue;
                }
                ObjectNode s = list.addObject();
                put(s, "delay", step.delay());
                ArrayNode notify = s.putArray("notify");
                words(step.layers()).forEach(notify::add);
                ArrayNode by = s.putArray("by");
                words(step.by()).forEach(by::add);
            }
        };
    }

    /** The site's escalation steps as the page's form shows them. */
    static List<Step> steps(String yaml) {
        List<Step> steps = new ArrayList<>();
        try {
            for (JsonNode s : YAML.readTree(yaml).path("escalation").path("steps")) {
                steps.add(new Step(s.path("delay").asText(""), joined(s.path("notify")), joined(s.path("by"))));
            }
        } catch (JsonProcessingException e) {
            // stored revisions are valid YAML; an unreadable one shows no steps
        }
        return steps;
    }

    /** A layer's members, hand-off and length as the page's form shows them. */
    static Map<String, String> layerFields(String yaml, String layer) {
        try {
            JsonNode l = YAML.readTree(yaml).path("schedules").path(layer);
            String length = l.hasNonNull("type")
                    ? l.path("type").asText()
                    : l.path("length").asText("");
            return Map.of(
                    "members", joined(l.path("members")),
                    "handOff", l.path("hand-off").asText(""),
                    "length", length);
        } catch (JsonProcessingException e) {
            return Map.of("members", "", "handOff", "", "length", "");
        }
    }

    private static String joined(JsonNode node) {
        if (node.isArray()) {
            List<String> words = new ArrayList<>();
            node.forEach(n -> words.add(n.asText()));
            return String.join(", ", words);
        }
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    private static List<String> words(String text) {
        return text == null
                ? List.of()
                : Arrays.stream(text.split("[,\\s]+")).filter(w -> !w.isBlank()).toList();
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value == null) {
            node.remove(field);
        } else {
            node.put(field, value.strip());
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
