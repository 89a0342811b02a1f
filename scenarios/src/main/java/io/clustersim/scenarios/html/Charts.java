package io.clustersim.scenarios.html;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The report's charts: JFreeChart charts drawn by JFreeSVG into inline SVG elements, one look for
 * all of them. Each chart gets its own id prefix for its SVG definitions (clip paths), so several
 * charts can share one HTML page, and the output is the same on every run (JFreeSVG's default
 * prefix comes from the clock).
 *
 * <pre>{@code
 * String svg = Charts.svg("days", Charts.histogram("Wall clock", "days", values, Map.of("P50", 35.9)));
 * }</pre>
 */
public final class Charts {

    /** Chart width, px. */
    static final int WIDTH = 640;
    /** Chart height, px. */
    static final int HEIGHT = 300;

    private static final Paint[] SERIES = {new Color(0x4c78a8), new Color(0xf58518), new Color(0x54a24b),
            new Color(0xe45756), new Color(0x72b7b2), new Color(0xb279a2), new Color(0xeeca3b), new Color(0x9d755d),
            new Color(0xff9da6), new Color(0xbab0ac)};

    private Charts() {
    }

    /** The chart as an {@code <svg>} element with the given id (also the prefix of its definitions). */
    public static String svg(String id, JFreeChart chart) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix(id + "-");
        chart.draw(g, new Rectangle(WIDTH, HEIGHT));
        return g.getSVGElement(id, true, null, null, null);
    }

    private static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.setAntiAlias(true);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setBackgroundPaint(Color.WHITE);
            xy.setDomainGridlinePaint(new Color(0xdddddd));
            xy.setRangeGridlinePaint(new Color(0xdddddd));
            xy.setOutlineVisible(false);
        } else if (chart.getPlot() instanceof CategoryPlot cat) {
            cat.setBackgroundPaint(Color.WHITE);
            cat.setRangeGridlinePaint(new Color(0xdddddd));
            cat.setOutlineVisible(false);
            if (cat.getRenderer() instanceof BarRenderer bar) {
                bar.setMaximumBarWidth(0.12);
                bar.setBarPainter(new StandardBarPainter());
                bar.setShadowVisible(false);
                bar.setDrawBarOutline(false);
                for (int i = 0; i < SERIES.length; i++) {
                    bar.setSeriesPaint(i, SERIES[i]);
                }
            }
        }
        return chart;
    }

    private static void mark(XYPlot plot, Map<String, Double> marks) {
        for (Map.Entry<String, Double> m : marks.entrySet()) {
            ValueMarker marker = new ValueMarker(m.getValue(), new Color(0xe45756), new BasicStroke(1.5f));
            marker.setLabel(m.getKey());
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker);
        }
    }

    /** A histogram of {@code values} with vertical markers (e.g. P50, P90, P99). */
    public static JFreeChart histogram(String title, String xLabel, double[] values, Map<String, Double> marks) {
        HistogramDataset data = new HistogramDataset();
        double min = Arrays.stream(values).min().orElse(0), max = Arrays.stream(values).max().orElse(1);
        int bins = Math.max(1, Math.min(40, (int) Math.ceil(Math.sqrt(values.length))));
        data.addSeries("trials", values, bins, min, max > min ? max : min + 1e-9);
        JFreeChart chart = ChartFactory.createHistogram(title, xLabel, "trials", data, PlotOrientation.VERTICAL,
                false, false, false);
        XYPlot plot = chart.getXYPlot();
        XYBarRenderer r = (XYBarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, SERIES[0]);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        mark(plot, marks);
        return styled(chart);
    }

    /** The empirical CDF of {@code values} (fraction of trials at or below x), with markers. */
    public static JFreeChart cdf(String title, String xLabel, double[] values, Map<String, Double> marks) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        XYSeries series = new XYSeries("CDF");
        for (int i = 0; i < sorted.length; i++) {
            series.add(sorted[i], (double) i / sorted.length);
            series.add(sorted[i], (double) (i + 1) / sorted.length);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, "fraction of trials",
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.02);
        plot.getRenderer().setSeriesPaint(0, SERIES[0]);
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
        mark(plot, marks);
        return styled(chart);
    }

    /** Horizontal bars, one per entry (e.g. the step's breakdown, s). */
    public static JFreeChart bars(String title, String valueLabel, Map<String, Double> values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((k, v) -> data.addValue(v, valueLabel, k));
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel, data, PlotOrientation.HORIZONTAL,
                false, false, false);
        return styled(chart);
    }

    /**
     * Stacked horizontal bars: one bar per row of {@code rows} (in order), stacked by its entries,
     * optionally with a line at {@code limit} (e.g. HBM capacity).
     */
    public static JFreeChart stacked(String title, String valueLabel, Map<String, Map<String, Double>> rows,
                                     String limitLabel, double limit) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        rows.forEach((row, parts) -> parts.forEach((part, v) -> data.addValue(v, part, row)));
        JFreeChart chart = ChartFactory.createStackedBarChart(title, null, valueLabel, data,
                PlotOrientation.HORIZONTAL, true, false, false);
        if (limitLabel != null) {
            ValueMarker marker = new ValueMarker(limit, new Color(0xe45756), new BasicStroke(2f));
            marker.setLabel(limitLabel);
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            marker.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            chart.getCategoryPlot().addRangeMarker(marker);
            double total = rows.values().stream()
                    .mapToDouble(parts -> parts.values().stream().mapToDouble(Double::doubleValue).sum()).max().orElse(0);
            chart.getCategoryPlot().getRangeAxis().setRange(0, 1.08 * Math.max(limit, total));
        }
        return styled(chart);
    }

    /** Grouped vertical bars: categories along x, one bar per series in each. */
    public static JFreeChart grouped(String title, String valueLabel, Map<String, Map<String, Double>> series) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        series.forEach((name, values) -> values.forEach((category, v) -> data.addValue(v, name, category)));
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel, data, PlotOrientation.VERTICAL,
                series.size() > 1, false, false);
        return styled(chart);
    }

    /**
     * Lines over x: measured points (with shapes) and fitted curves (without), optionally with a
     * logarithmic x axis.
     *
     * @param measured series drawn with shapes
     * @param fitted   series drawn as lines only
     */
    public static JFreeChart lines(String title, String xLabel, String yLabel, boolean logX,
                                   Map<String, double[][]> measured, Map<String, double[][]> fitted) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Map<String, double[][]>> groups = List.of(measured, fitted);
        for (Map<String, double[][]> group : groups) {
            for (Map.Entry<String, double[][]> e : group.entrySet()) {
                XYSeries s = new XYSeries(e.getKey(), false, true);
                for (double[] p : e.getValue()) {
                    s.add(p[0], p[1]);
                }
                data.addSeries(s);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (logX) {
            LogAxis axis = new LogAxis(xLabel);
            axis.setBase(2);
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            plot.setDomainAxis(axis);
        } else {
            ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            boolean shapes = i < measured.size();
            r.setSeriesShapesVisible(i, shapes);
            r.setSeriesLinesVisible(i, true);
            r.setSeriesPaint(i, SERIES[i % SERIES.length]);
            r.setSeriesStroke(i, shapes ? new BasicStroke(2f)
                    : new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        }
        plot.setRenderer(r);
        return styled(chart);
    }
}
