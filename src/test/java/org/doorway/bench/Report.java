package org.doorway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run, and how they are written: {@code BENCHMARKS.md} for people,
 * {@code benchmarks/results.json} for tools. A figure may have a target, an upper or lower bound;
 * the report says whether it was met and by how much.
 */
final class Report {

    /** A target: the figure must be at most ({@code upper}) or at least {@code bound}. */
    record Target(boolean upper, double bound) {
        static Target atMost(double bound) {
            return new Target(true, bound);
        }

        static Target atLeast(double bound) {
            return new Target(false, bound);
        }

        boolean met(double value) {
            return !Double.isNaN(value) && (upper ? value <= bound : value >= bound);
        }

        String text(String unit) {
            return (upper ? "≤ " : "≥ ") + number(bound) + (unit.isEmpty() ? "" : " " + unit);
        }
    }

    /**
     * One figure.
     *
     * @param id     stable key in the JSON file
     * @param part   which part of the benchmark measured it (1 to 6)
     * @param name   what it is, in words
     * @param value  the figure (NaN: could not be measured)
     * @param unit   its unit
     * @param target its target, or null
     */
    record Figure(String id, int part, String name, double value, String unit, Target target) {}

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> conditions = new LinkedHashMap<>();

    void add(String id, int part, String name, double value, String unit, Target target) {
        figures.add(new Figure(id, part, name, value, unit, target));
    }

    void add(String id, int part, String name, double value, String unit) {
        add(id, part, name, value, unit, null);
    }

    /** Something about how the run went (machine, settings, sizes), reported beside the figures. */
    void condition(String name, Object value) {
        conditions.put(name, value);
    }

    /** The figures as a Markdown table. */
    String table() {
        StringBuilder out = new StringBuilder("| Part | Figure | Value | Target | Result |\n|---|---|---:|---|---|\n");
        for (Figure f : figures) {
            String target = f.target() == null ? "" : f.target().text(f.unit());
            String result = f.target() == null ? "" : verdict(f);
            out.append("| ")
                    .append(f.part())
                    .append(" | ")
                    .append(f.name())
                    .append(" | ")
                    .append(number(f.value()))
                    .append(f.unit().isEmpty() || Double.isNaN(f.value()) ? "" : " " + f.unit())
                    .append(" | ")
                    .append(target)
                    .append(" | ")
                    .append(result)
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String verdict(Figure f) {
        if (Double.isNaN(f.value())) {
            return "**miss** (not measurable: too few arrived in time)";
        }
        Target t = f.target();
        if (t.met(f.value())) {
            return "pass";
        }
        double by = t.upper() ? f.value() / t.bound() : t.bound() / f.value();
        return "**miss** (" + (t.upper() ? number(by) + "× the target" : "short by a factor of " + number(by)) + ")";
    }

    /** The conditions as a Markdown list. */
    String conditionList() {
        StringBuilder out = new StringBuilder();
        conditions.forEach((name, value) ->
                out.append("- ").append(name).append(": ").append(value).append('\n'));
        return out.toString();
    }

    void writeJson(Path file, String date, String command) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", date);
        json.put("command", command);
        json.put("conditions", conditions);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Figure f : figures) {
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("id", f.id());
            figure.put("part", f.part());
            figure.put("name", f.name());
            figure.put("value", Double.isNaN(f.value()) ? null : f.value());
            figure.put("unit", f.unit());
            if (f.target() != null) {
                figure.put(
                        "target",
                        Map.of(
                                f.target().upper() ? "atMost" : "atLeast",
                                f.target().bound()));
                figure.put("met", f.target().met(f.value()));
            }
            list.add(figure);
        }
        json.put("figures", list);
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    /** A figure as people read it: three significant digits, no exponent. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100 || value == Math.rint(value)) {
            return String.format("%,.0f", value);
        }
        if (magnitude < 0.1) {
            return new java.math.BigDecimal(value)
                    .round(new java.math.MathContext(2))
                    .toPlainString();
        }
        return magnitude >= 10 ? String.format("%.1f", value) : String.format("%.2f", value);
    }
}
