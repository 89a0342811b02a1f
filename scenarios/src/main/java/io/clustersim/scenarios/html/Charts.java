package io.clustersim.scenarios.html;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
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
import io.clustersim.core.run.RunTrace;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.util.ArrayList;
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
        return svg(id, chart, WIDTH, HEIGHT);
    }

    /** The chart as an {@code <svg>} element of {@code width} × {@code height} px. */
    public static String svg(String id, JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id + "-");
        // coordinates to 1/100 px (JFreeSVG writes every digit of a double by default): a third of the size
        g.setGeomDoubleConverter(d -> Double.toString(Math.round(d * 100) / 100.0));
        chart.draw(g, new Rectangle(width, height));
        return g.getSVGElement(id, true, null, null, null);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw} (a step a reader counts in). */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** Width and height of the timeline ({@link #timeline}), px: a row of its own. */
    static final int TIMELINE_WIDTH = 2 * WIDTH, TIMELINE_HEIGHT = 520;

    /** Most marks a row of the timeline draws (1 in k beyond that, said on its row; keeps the SVG small). */
    private static final int MAX_ROW_MARKS = 100;

    /** k for drawing 1 in k of {@code count} marks. */
    private static int thinning(int count) {
        return Math.max(1, (count + MAX_ROW_MARKS - 1) / MAX_ROW_MARKS);
    }

    private static String thinned(String row, int every) {
        return every == 1 ? row : row + " (1 in " + every + ")";
    }

    private static final double NANOS_PER_DAY = 86_400e9;

    /**
     * One trial's timeline over days, panels sharing the time axis: the run's progress (% of its
     * work; drops are work rolled back); its events, one row each — checkpoints, restarts done,
     * then the interruptions by cause; and, with limited spare pools, each datacenter's spare nodes
     * (below zero: nodes the job is short of).
     */
    public static JFreeChart timeline(String title, RunTrace trace) {
        double total = trace.totalWorkNanos();
        // progress: linear between (re)starts and interruptions, so those points are the whole line
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        int r = 0;
        for (RunTrace.Interruption i : trace.interruptions()) {
            while (r < trace.resumptions().size() && trace.resumptions().get(r).atNanos() <= i.atNanos()) {
                RunTrace.Resumption res = trace.resumptions().get(r++);
                points.add(new double[] {res.atNanos(), res.workNanos()});
            }
            points.add(new double[] {i.atNanos(), i.workNanos()});
            points.add(new double[] {i.atNanos(), i.rolledBackNanos()});
        }
        for (; r < trace.resumptions().size(); r++) {
            points.add(new double[] {trace.resumptions().get(r).atNanos(), trace.resumptions().get(r).workNanos()});
        }
        points.add(new double[] {trace.endNanos(), total});
        XYSeriesCollection progressData = new XYSeriesCollection();
        XYSeries progress = new XYSeries("progress", false, true);
        points.forEach(p -> progress.add(p[0] / NANOS_PER_DAY, 100 * p[1] / total));
        progressData.addSeries(progress);
        XYLineAndShapeRenderer progressRenderer = new XYLineAndShapeRenderer(true, false);
        progressRenderer.setDrawSeriesLineAsPath(true); // one SVG path, not an element per segment
        progressRenderer.setSeriesStroke(0, new BasicStroke(2f));
        progressRenderer.setSeriesPaint(0, SERIES[0]);
        NumberAxis percent = new NumberAxis("% of the work");
        percent.setRange(0, 102);
        XYPlot progressPlot = new XYPlot(progressData, null, percent, progressRenderer);

        // events, one row each: checkpoints (thinned), restarts, then the interruptions by cause (first seen first)
        List<String> causes = new ArrayList<>();
        for (RunTrace.Interruption i : trace.interruptions()) {
            if (!causes.contains(i.cause())) {
                causes.add(i.cause());
            }
        }
        int every = thinning(trace.checkpoints().size());
        int everyResumption = thinning(trace.resumptions().size());
        List<String> rows = new ArrayList<>(List.of(thinned("checkpoint", every), thinned("restart done", everyResumption)));
        for (String cause : causes) {
            rows.add(thinned(cause, thinning((int) trace.interruptions().stream().filter(i -> i.cause().equals(cause)).count())));
        }
        XYSeriesCollection eventData = new XYSeriesCollection();
        XYLineAndShapeRenderer eventRenderer = new XYLineAndShapeRenderer(false, true);
        XYSeries checkpoints = new XYSeries(rows.get(0), false, true);
        for (int c = every - 1; c < trace.checkpoints().size(); c += every) {
            checkpoints.add(trace.checkpoints().get(c).atNanos() / NANOS_PER_DAY, 0);
        }
        eventData.addSeries(checkpoints);
        eventRenderer.setSeriesShape(0, new Rectangle(0, -5, 1, 10));
        eventRenderer.setSeriesPaint(0, SERIES[2]);
        XYSeries resumed = new XYSeries(rows.get(1), false, true);
        for (int r2 = everyResumption - 1; r2 < trace.resumptions().size(); r2 += everyResumption) {
            resumed.add(trace.resumptions().get(r2).atNanos() / NANOS_PER_DAY, 1);
        }
        eventData.addSeries(resumed);
        eventRenderer.setSeriesShape(1, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        eventRenderer.setSeriesPaint(1, SERIES[1]);
        for (int c = 0; c < causes.size(); c++) {
            XYSeries series = new XYSeries(rows.get(2 + c), false, true);
            List<RunTrace.Interruption> ofCause = new ArrayList<>();
            for (RunTrace.Interruption i : trace.interruptions()) {
                if (i.cause().equals(causes.get(c))) {
                    ofCause.add(i);
                }
            }
            int k = thinning(ofCause.size());
            for (int n = k - 1; n < ofCause.size(); n += k) {
                series.add(ofCause.get(n).atNanos() / NANOS_PER_DAY, 2 + c);
            }
            eventData.addSeries(series);
            eventRenderer.setSeriesPaint(2 + c, SERIES[(3 + c) % SERIES.length]);
            eventRenderer.setSeriesShape(2 + c, new Rectangle(-2, -6, 4, 12));
        }
        SymbolAxis eventAxis = new SymbolAxis(null, rows.toArray(String[]::new));
        eventAxis.setGridBandsVisible(false);
        eventAxis.setInverted(true);
        XYPlot eventPlot = new XYPlot(eventData, null, eventAxis, eventRenderer);

        NumberAxis time = new NumberAxis("days since the start");
        double endDays = Math.max(1e-9, trace.endNanos() / NANOS_PER_DAY);
        time.setRange(0, endDays);
        time.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(niceStep(endDays / 12))); // about a dozen ticks, not one a day
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(8);
        plot.add(progressPlot, 3);
        plot.add(eventPlot, Math.max(1, Math.min(3, (rows.size() + 1) / 2)));

        if (!trace.sparePools().isEmpty()) {
            XYSeriesCollection spareData = new XYSeriesCollection();
            XYLineAndShapeRenderer spareRenderer = new XYLineAndShapeRenderer(true, false);
            spareRenderer.setDrawSeriesLineAsPath(true); // one SVG path per pool
            for (int k = 0; k < trace.sparePools().size(); k++) {
                RunTrace.SparePool pool = trace.sparePools().get(k);
                // the level changes when a node goes out and when it comes back
                java.util.TreeMap<Long, Integer> changes = new java.util.TreeMap<>();
                for (RunTrace.NodeOut n : trace.nodesOut()) {
                    if (n.site() == pool.site()) {
                        changes.merge(n.fromNanos(), -1, Integer::sum);
                        changes.merge(n.backNanos(), 1, Integer::sum);
                    }
                }
                XYSeries series = new XYSeries(pool.name() + " spare nodes", false, true);
                int level = pool.spareNodes();
                series.add(0.0, level);
                for (Map.Entry<Long, Integer> e : changes.entrySet()) {
                    series.add(e.getKey() / NANOS_PER_DAY, level); // a step: the old level up to the change
                    level += e.getValue();
                    series.add(e.getKey() / NANOS_PER_DAY, level);
                }
                series.add(trace.endNanos() / NANOS_PER_DAY, level);
                spareData.addSeries(series);
                spareRenderer.setSeriesPaint(k, SERIES[(7 + k) % SERIES.length]);
                spareRenderer.setSeriesStroke(k, new BasicStroke(2f));
            }
            NumberAxis spares = new NumberAxis("spare nodes");
            spares.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            plot.add(new XYPlot(spareData, null, spares, spareRenderer), 2);
        }
        for (Object sub : plot.getSubplots()) {
            XYPlot xy = (XYPlot) sub;
            xy.setBackgroundPaint(Color.WHITE);
            xy.setDomainGridlinePaint(new Color(0xdddddd));
            xy.setRangeGridlinePaint(new Color(0xdddddd));
            xy.setOutlineVisible(false);
        }
        eventPlot.setDomainGridlinesVisible(false); // the rows of marks need no grid
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        return styled(chart);
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
