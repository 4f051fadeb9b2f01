package org.doorway.dashboard.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Charts drawn on the server as SVG (no script, nothing fetched: they print, and they work with
 * JavaScript off). This class only does the geometry, in a fixed view box the page scales to its
 * width; the template {@code dashboard/fragments.html} draws it.
 */
public final class Charts {

    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 14;
    private static final int BOTTOM = 46;
    static final String[] SERIES_CSS = {"s1", "s2", "s3"};

    private Charts() {}

    /** A tick on the value axis: its height in the view box and its label. */
    record Tick(double y, String label) {}

    /** One bar: its box, style, and the text a pointer (or a screen reader) gets. */
    record Bar(double x, double y, double w, double h, String css, String tip) {}

    /** The bars of one category, with its label under them (blank labels are skipped to avoid crowding). */
    record Group(String label, double labelX, List<Bar> bars) {}

    /** A legend entry. */
    record Legend(String label, String css) {}

    /**
     * A grouped bar chart of durations in minutes, with the target as a dashed line.
     *
     * @param id          an id for the page
     * @param title       what it shows
     * @param description a sentence for screen readers and print
     * @param width       the view box's width
     * @param height      the view box's height
     * @param plotBottom  the y of the value axis' zero
     * @param ticks       the value axis' ticks
     * @param groups      the categories
     * @param legend      the series
     * @param targetY     the target line's y, or {@code null}
     * @param targetLabel the target line's label
     * @param empty       whether there is nothing to draw
     */
    public record BarChart(
            String id,
            String title,
            String description,
            int width,
            int height,
            double plotBottom,
            List<Tick> ticks,
            List<Group> groups,
            List<Legend> legend,
            Double targetY,
            String targetLabel,
            boolean empty) {}

    /**
     * A grouped bar chart.
     *
     * @param categories the categories, in order
     * @param series     the series' names (at most three)
     * @param seconds    for each category, one value per series in seconds ({@code null}: no bar)
     * @param target     the target in seconds, or {@code null}
     */
    public static BarChart bars(
            String id,
            String title,
            String description,
            List<String> categories,
            List<String> series,
            List<Double[]> seconds,
            Double target) {
        double max = target == null ? 0 : target / 60.0;
        boolean any = false;
        for (Double[] values : seconds) {
            for (Double v : values) {
                if (v != null) {
                    max = Math.max(max, v / 60.0);
                    any = true;
                }
            }
        }
        double step = niceStep(max);
        double top = Math.max(step, Math.ceil(max * 1.08 / step) * step);
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double bottom = HEIGHT - BOTTOM;
        List<Tick> ticks = new ArrayList<>();
        for (double v = 0; v <= top + 1e-9; v += step) {
            ticks.add(new Tick(bottom - v / top * plotHeight, trim(v) + " min"));
        }
        double slot = (double) (WIDTH - LEFT - RIGHT) / Math.max(1, categories.size());
        double barWidth = Math.min(44, Math.max(2, slot * 0.8 / Math.max(1, series.size())));
        int labelEvery = categories.size() > 16 ? 3 : categories.size() > 10 ? 2 : 1;
        List<Group> groups = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            double x0 = LEFT + c * slot + (slot - barWidth * series.size()) / 2;
            List<Bar> bars = new ArrayList<>();
            Double[] values = seconds.get(c);
            for (int s = 0; s < series.size(); s++) {
                Double v = values[s];
                if (v == null) {
                    continue;
                }
                double h = Math.max(0.5, v / 60.0 / top * plotHeight);
                bars.add(new Bar(
                        round(x0 + s * barWidth),
                        round(bottom - h),
                        round(barWidth - 1),
                        round(h),
                        SERIES_CSS[s % SERIES_CSS.length],
                        categories.get(c) + ", " + series.get(s) + ": " + Cell.duration(v)));
            }
            String label = c % labelEvery == 0 ? categories.get(c) : "";
            groups.add(new Group(shorten(label), round(LEFT + c * slot + slot / 2), bars));
        }
        List<Legend> legend = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            legend.add(new Legend(series.get(s), SERIES_CSS[s % SERIES_CSS.length]));
        }
        Double targetY = target == null ? null : round(bottom - target / 60.0 / top * plotHeight);
        return new BarChart(
                id,
                title,
                description,
                WIDTH,
                HEIGHT,
                bottom,
                ticks,
                groups,
                legend,
                targetY,
                target == null ? null : "target " + trim(target / 60.0) + " min",
                !any);
    }

    /**
     * A bar chart of shares, 0 to 1, one bar per category on a 0–100 % axis (the coverage planner's
     * share of warm handoffs within the target, by scenario).
     *
     * @param categories the categories, in order
     * @param shares     one share per category ({@code null}: no bar)
     * @param series     what the bars are, for the legend and the bars' tips
     */
    public static BarChart shares(
            String id, String title, String description, List<String> categories, List<Double> shares, String series) {
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double bottom = HEIGHT - BOTTOM;
        List<Tick> ticks = new ArrayList<>();
        for (int v = 0; v <= 100; v += 20) {
            ticks.add(new Tick(bottom - v / 100.0 * plotHeight, v + " %"));
        }
        double slot = (double) (WIDTH - LEFT - RIGHT) / Math.max(1, categories.size());
        double barWidth = Math.min(80, Math.max(2, slot * 0.6));
        List<Group> groups = new ArrayList<>();
        boolean any = false;
        for (int c = 0; c < categories.size(); c++) {
            Double share = shares.get(c);
            List<Bar> bars = new ArrayList<>();
            if (share != null) {
                any = true;
                double h = Math.max(0.5, Math.min(1, share) * plotHeight);
                bars.add(new Bar(
                        round(LEFT + c * slot + (slot - barWidth) / 2),
                        round(bottom - h),
                        round(barWidth),
                        round(h),
                        SERIES_CSS[1],
                        categories.get(c) + ", " + series + ": " + String.format(Locale.ROOT, "%.1f %%", share * 100)));
            }
            groups.add(new Group(shorten(categories.get(c)), round(LEFT + c * slot + slot / 2), bars));
        }
        return new BarChart(
                id,
                title,
                description,
                WIDTH,
                HEIGHT,
                bottom,
                ticks,
                groups,
                List.of(new Legend(series, SERIES_CSS[1])),
                null,
                null,
                !any);
    }

    /** A step for the value axis giving about four to six ticks: 1, 2, 5, 10, 15, 30, 60… minutes. */
    static double niceStep(double max) {
        double[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 960};
        for (double s : steps) {
            if (max / s <= 6) {
                return s;
            }
        }
        return Math.ceil(max / 6 / 960) * 960;
    }

    /** One cell of a heat map. */
    record HeatCell(double x, double y, double w, double h, double shade, String text, String tip) {}

    /**
     * A weekday × hour heat map of counts (breaches), darker where there are more.
     *
     * @param rowLabels  the rows (weekdays)
     * @param colLabels  the columns (hours)
     * @param cells      the cells, row by row
     * @param width      view box width
     * @param height     view box height
     */
    public record HeatMap(
            String id,
            String title,
            String description,
            List<String> rowLabels,
            List<Double> rowY,
            List<String> colLabels,
            List<Double> colX,
            List<HeatCell> cells,
            int width,
            int height) {}

    /**
     * A heat map of counts; {@code hidden[r][c]} cells are drawn as suppressed (hatched, no number).
     */
    public static HeatMap heat(
            String id,
            String title,
            String description,
            List<String> rows,
            List<String> cols,
            long[][] counts,
            boolean[][] hidden) {
        int left = 40;
        int top = 18;
        double cw = (double) (WIDTH - left - RIGHT) / cols.size();
        double ch = 22;
        long max = 1;
        for (long[] r : counts) {
            for (long v : r) {
                max = Math.max(max, v);
            }
        }
        List<HeatCell> cells = new ArrayList<>();
        List<Double> rowY = new ArrayList<>();
        List<Double> colX = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
            colX.add(round(left + c * cw + cw / 2));
        }
        for (int r = 0; r < rows.size(); r++) {
            rowY.add(round(top + r * ch + ch / 2 + 4));
            for (int c = 0; c < cols.size(); c++) {
                boolean h = hidden[r][c];
                long v = counts[r][c];
                double shade = h ? -1 : v == 0 ? 0 : 0.15 + 0.85 * v / max;
                cells.add(new HeatCell(
                        round(left + c * cw),
                        top + r * ch,
                        round(cw - 1),
                        ch - 1,
                        round(shade),
                        h ? "" : v == 0 ? "" : Long.toString(v),
                        rows.get(r) + " " + cols.get(c) + ": " + (h ? "a small number (suppressed)" : v)));
            }
        }
        return new HeatMap(
                id, title, description, rows, rowY, cols, colX, cells, WIDTH, (int) (top + rows.size() * ch + 8));
    }

    private static String shorten(String label) {
        return label.length() > 14 ? label.substring(0, 13) + "…" : label;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
