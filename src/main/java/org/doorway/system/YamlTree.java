package org.doorway.system;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A YAML (or JSON) document read as a tree, with the line of every field and list item, and a
 * reader that checks each field as it is taken and collects every problem as
 * {@code file: line N: field.path: what is wrong}. Fields a reader never asked about are reported as
 * unknown, so a misspelt key never passes silently.
 */
public final class YamlTree {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    final String file;
    private final JsonNode root;
    private final Map<String, Integer> lines;
    public final List<String> problems = new ArrayList<>();

    private YamlTree(String file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    /**
     * Parses a document.
     *
     * @throws InvalidYamlException when it is not readable YAML, or empty
     */
    public static YamlTree parse(String file, byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new InvalidYamlException(List.of(file + ": " + where + condensed(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new InvalidYamlException(
                    List.of(file + ": cannot be read: " + e.getClass().getSimpleName()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidYamlException(List.of(file + ": empty"));
        }
        return new YamlTree(file, root, lines(yaml));
    }

    /** The document's top level, which must be a mapping. */
    public Obj top() {
        if (!root.isObject()) {
            problem("", "the file must be a mapping of fields (field: value), not a single value or a list");
            return new Obj(this, "", YAML.createObjectNode());
        }
        return new Obj(this, "", (ObjectNode) root);
    }

    /**
     * A parser's message on one line: SnakeYAML's span several, quoting the offending lines and
     * pointing at them; the line number is given separately.
     */
    private static String condensed(String message) {
        if (message == null) {
            return "not readable";
        }
        List<String> kept = new ArrayList<>();
        for (String line : message.split("\n")) {
            if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("\t")) {
                kept.add(line.trim());
            }
        }
        return kept.isEmpty() ? message.trim() : String.join("; ", kept);
    }

    /** The whole document, for shapes the field reader does not know (GeoJSON). */
    public JsonNode root() {
        return root;
    }

    /** Records a problem at a field path. */
    public void problem(String path, String message) {
        Integer line = line(path);
        problems.add(file + ": " + (line == null ? "" : "line " + line + ": ") + (path.isEmpty() ? "" : path + ": ")
                + message);
    }

    /** The line of a path, or of its nearest ancestor that has one. */
    Integer line(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return null;
    }

    /** Throws with every problem found, if there is any. */
    public void check() {
        if (!problems.isEmpty()) {
            throw new InvalidYamlException(problems);
        }
    }

    /** The line of every field ({@code a.b}) and list item ({@code a.b[2]}) of a document. */
    private static Map<String, Integer> lines(byte[] yaml) {
        record Frame(String path, boolean list, int[] next) {}
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            Deque<Frame> stack = new ArrayDeque<>();
            String pending = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                Frame top = stack.peek();
                switch (token) {
                    case FIELD_NAME -> {
                        String name = parser.currentName();
                        pending = top == null || top.path().isEmpty() ? name : top.path() + "." + name;
                        lines.put(pending, line);
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String here;
                        if (top != null && top.list()) {
                            here = top.path() + "[" + top.next()[0]++ + "]";
                            lines.putIfAbsent(here, line);
                        } else {
                            here = pending == null ? "" : pending;
                        }
                        stack.push(new Frame(here, token == JsonToken.START_ARRAY, new int[] {0}));
                        pending = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        stack.pop();
                        pending = null;
                    }
                    default -> {
                        if (top != null && top.list()) {
                            lines.put(top.path() + "[" + top.next()[0]++ + "]", line);
                        }
                        pending = null;
                    }
                }
            }
        } catch (IOException e) {
            // the document parsed moments ago; without lines, messages still name the field
        }
        return lines;
    }

    /** A mapping in the document, read field by field. */
    public static final class Obj {

        private final YamlTree tree;
        public final String path;
        private final ObjectNode node;
        private final Set<String> asked = new LinkedHashSet<>();

        Obj(YamlTree tree, String path, ObjectNode node) {
            this.tree = tree;
            this.path = path;
            this.node = node;
        }

        String child(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        public void problem(String field, String message) {
            tree.problem(field == null ? path : child(field), message);
        }

        /** Whether the field is present (and not null). */
        public boolean has(String field) {
            JsonNode value = node.get(field);
            return value != null && !value.isNull();
        }

        private JsonNode take(String field) {
            asked.add(field);
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value;
        }

        /** A single text value; {@code null} (with a problem when required) if missing or blank. */
        public String text(String field, boolean required) {
            JsonNode value = take(field);
            if (value == null || (value.isValueNode() && value.asText().isBlank())) {
                if (required) {
                    problem(field, "required");
                }
                return null;
            }
            if (!value.isValueNode()) {
                problem(field, "must be a single value, not a list or mapping");
                return null;
            }
            return value.asText().trim();
        }

        /** A true/false value; {@code fallback} when missing ({@code null} fallback means required). */
        public Boolean bool(String field, Boolean fallback) {
            JsonNode value = take(field);
            if (value == null) {
                if (fallback == null) {
                    problem(field, "required: true or false");
                }
                return fallback;
            }
            if (!value.isBoolean()) {
                problem(field, "must be true or false");
                return fallback;
            }
            return value.booleanValue();
        }

        /** A whole number of at least {@code min}; {@code fallback} when missing ({@code null}: required). */
        public Integer integer(String field, Integer fallback, int min) {
            JsonNode value = take(field);
            if (value == null) {
                if (fallback == null) {
                    problem(field, "required");
                }
                return fallback;
            }
            if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > Integer.MAX_VALUE) {
                problem(field, "must be a whole number of at least " + min);
                return fallback;
            }
            return value.intValue();
        }

        /** A number of at least {@code min}; {@code null} (with a problem when required) if missing. */
        public Double number(String field, boolean required, double min) {
            JsonNode value = take(field);
            if (value == null) {
                if (required) {
                    problem(field, "required");
                }
                return null;
            }
            if (!value.isNumber() || value.asDouble() < min) {
                problem(
                        field,
                        "must be a number of at least " + (min == Math.rint(min) ? String.valueOf((long) min) : min));
                return null;
            }
            return value.asDouble();
        }

        /** One of a fixed set of words; {@code fallback} when missing ({@code null}: required). */
        public <E extends Enum<E>> E choice(String field, E[] values, Function<E, String> word, E fallback) {
            boolean present = has(field);
            boolean scalar = present && node.get(field).isValueNode();
            // YAML 1.1 reads an unquoted off/on (and no/yes) as false/true
            String text = present && node.get(field).isBoolean()
                    ? (node.get(field).booleanValue() ? "on" : "off")
                    : text(field, false);
            asked.add(field);
            String allowed = Arrays.stream(values).map(word).collect(Collectors.joining(", "));
            if (text == null) {
                if (!present && fallback == null) {
                    problem(field, "required: one of " + allowed);
                } else if (scalar) {
                    problem(field, "must be one of " + allowed);
                }
                return fallback;
            }
            for (E value : values) {
                if (word.apply(value).equals(text)) {
                    return value;
                }
            }
            problem(field, "must be one of " + allowed);
            return fallback;
        }

        /** A list of single values (one value alone is taken as a list of one); empty when missing. */
        public List<String> texts(String field) {
            JsonNode value = take(field);
            List<String> texts = new ArrayList<>();
            if (value == null) {
                return texts;
            }
            if (value.isValueNode()) {
                if (!value.asText().isBlank()) {
                    texts.add(value.asText().trim());
                }
                return texts;
            }
            if (!value.isArray()) {
                problem(field, "must be a list of values");
                return texts;
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (item == null
                        || item.isNull()
                        || !item.isValueNode()
                        || item.asText().isBlank()) {
                    tree.problem(child(field) + "[" + i + "]", "must be a single, non-empty value");
                } else {
                    texts.add(item.asText().trim());
                }
            }
            return texts;
        }

        /** A nested mapping; {@code null} (with a problem when required) if missing. */
        public Obj obj(String field, boolean required) {
            JsonNode value = take(field);
            if (value == null) {
                if (required) {
                    problem(field, "required");
                }
                return null;
            }
            if (!value.isObject()) {
                problem(field, "must be a mapping of fields");
                return null;
            }
            return new Obj(tree, child(field), (ObjectNode) value);
        }

        /** A list of mappings; empty when missing. */
        public List<Obj> objs(String field) {
            JsonNode value = take(field);
            List<Obj> objs = new ArrayList<>();
            if (value == null) {
                return objs;
            }
            if (!value.isArray()) {
                problem(field, "must be a list");
                return objs;
            }
            for (int i = 0; i < value.size(); i++) {
                String at = child(field) + "[" + i + "]";
                JsonNode item = value.get(i);
                if (item == null || !item.isObject()) {
                    tree.problem(at, "must be a mapping of fields");
                } else {
                    objs.add(new Obj(tree, at, (ObjectNode) item));
                }
            }
            return objs;
        }

        /** The raw value of a field, for shapes this reader does not know (GeoJSON). */
        JsonNode raw(String field) {
            return take(field);
        }

        /** A positive ISO-8601 duration such as {@code PT24H} or {@code P2D}. */
        public Duration duration(String field, Duration fallback) {
            String text = text(field, fallback == null);
            if (text == null) {
                return fallback;
            }
            try {
                Duration duration = Duration.parse(text);
                if (duration.isNegative() || duration.isZero()) {
                    problem(field, "must be a positive duration such as PT24H or P2D");
                    return fallback;
                }
                return duration;
            } catch (DateTimeParseException e) {
                problem(field, "must be an ISO-8601 duration such as PT24H (24 hours) or P2D (2 days)");
                return fallback;
            }
        }

        /** A date {@code yyyy-mm-dd}. */
        public LocalDate date(String field, boolean required) {
            String text = text(field, required);
            if (text == null) {
                return null;
            }
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                problem(field, "must be a date yyyy-mm-dd");
                return null;
            }
        }

        /** The names of the fields present, in file order. */
        List<String> fieldNames() {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }

        /** Reports every field present that no reader asked about. */
        public void done() {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!asked.contains(name)) {
                    tree.problem(child(name), "unknown field '" + name + "'");
                }
            }
        }
    }
}
