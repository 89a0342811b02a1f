package io.clustersim.scenarios.html;

import io.clustersim.core.Report;
import io.clustersim.core.run.RunTrace;
import io.clustersim.core.sweep.ScalingFit;
import io.clustersim.core.sweep.Sweep;
import io.clustersim.scenarios.KeyFigure;
import io.clustersim.scenarios.TextReportWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML reports of {@code run}, {@code plan}, {@code sweep} and {@code compare}
 * ({@code --format html}): key figures in tables and the charts a capacity planner looks at, in
 * one self-contained file ({@link HtmlPage}, charts by {@link Charts}).
 *
 * <pre>{@code
 * Files.writeString(Path.of("run.html"), new HtmlReportWriter().run(report));
 * }</pre>
 */
public final class HtmlReportWriter {

    /** Readable names of the run's time fractions, in the report's order. */
    private static final Map<String, String> TIME = Map.of("useful", "useful training", "lostWork", "re-done work",
            "checkpoint", "checkpoint stalls", "recovery", "detection, restart, restore", "waitingForRepair",
            "waiting for repairs or a site", "maintenance", "maintenance", "stragglers", "stragglers",
            "degraded", "degraded (fewer replicas)");

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String days(double d) {
        return f("%.2f", d);
    }

    private static String pct(double v) {
        return f("%.1f%%", 100 * v);
    }

    /** The report of {@code clustersim run}, without a trial's timeline. */
    public String run(Report r) {
        return run(r, null);
    }

    /**
     * The report of {@code clustersim run}.
     *
     * @param trace the representative trial's trace for the timeline ({@link io.clustersim.core.RepresentativeTrial}),
     *              or null for none
     */
    public String run(Report r, RunTrace trace) {
        HtmlPage page = new HtmlPage(r.scenario() + " — run report");
        page.title(subtitle(r));
        runSections(page, r, trace);
        return page.html();
    }

    private static String subtitle(Report r) {
        long chips = r.fleet().datacenters().stream().mapToLong(Report.Datacenter::chips).sum();
        String chip = String.join(", ", r.fleet().datacenters().stream().map(Report.Datacenter::chip).distinct().toList());
        return f("%s chips (%s) in %d datacenter%s; plan %s; seed %d, %d trials", f("%,d", chips), chip,
                r.fleet().datacenters().size(), r.fleet().datacenters().size() == 1 ? "" : "s",
                TextReportWriter.plan(r.parallelism()), r.seed(), r.trials());
    }

    /**
     * Key figures as rows of (name, value): the {@link KeyFigure}s, read and printed as they
     * define (fractions as percentages, money as money), with what only this table shows (HFU,
     * memory, power, what failures cost, the deadline).
     */
    static Map<String, String> keyFigures(Report r) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("wall clock P50 / P90 / P99, days", f("%s / %s / %s", KeyFigure.WALL_CLOCK_P50.format(r),
                KeyFigure.WALL_CLOCK_P90.format(r), KeyFigure.WALL_CLOCK_P99.format(r)));
        k.put("wall clock mean, days", KeyFigure.WALL_CLOCK_MEAN.format(r));
        k.put("step time, s", KeyFigure.STEP_TIME.format(r));
        k.put("MFU / HFU", pct(KeyFigure.MFU.of(r)) + " / " + pct(r.step().hfu()));
        k.put("calibration", r.step().calibration());
        k.put("step model against held-out measurements", String.join("; ",
                r.step().validation().stream().map(io.clustersim.core.model.ValidatedAccuracy.Entry::describe).toList()));
        k.put("goodput", pct(KeyFigure.GOODPUT.of(r)));
        k.put("interruptions per run", KeyFigure.INTERRUPTIONS.format(r));
        k.put("chip-hours", KeyFigure.CHIP_HOURS.format(r));
        k.put("memory per chip, GB", f("%.1f of %.1f", r.memory().perChipBytes() / 1e9, r.memory().capacityBytes() / 1e9));
        k.put("energy, MWh", f("%s at %.1f MW", KeyFigure.ENERGY.format(r), r.energy().averageMegawatts()));
        k.put("tokens trained", KeyFigure.TOKENS_TRAINED.format(r));
        if (r.cost() != null) {
            Report.Cost c = r.cost();
            k.put("cost", c.currency() + " " + TextReportWriter.money(KeyFigure.COST.of(r)) + " (" + c.billing() + ")");
            k.put("cost per 10^12 tokens", c.currency() + " "
                    + TextReportWriter.money(KeyFigure.COST_PER_TRILLION_TOKENS.of(r)));
            k.put("what failures cost", c.currency() + " "
                    + TextReportWriter.money(c.failures().values().stream().mapToDouble(Double::doubleValue).sum()));
        }
        if (r.deadline() != null) {
            k.put("deadline", f("%s days at %.0f%%: %s on %,d chips (%.1f days)", days(r.deadline().days()),
                    100 * r.deadline().confidence(), r.deadline().met() ? "met" : "NOT met", r.deadline().chips(),
                    r.deadline().daysAtConfidence()));
        }
        return k;
    }

    private static void table(HtmlPage page, Map<String, String> rows) {
        List<List<String>> out = new ArrayList<>();
        rows.forEach((k, v) -> out.add(List.of(k, v)));
        page.table(List.of("figure", "value"), out);
    }

    private void runSections(HtmlPage page, Report r, RunTrace trace) {
        page.heading("Key figures");
        table(page, keyFigures(r));
        page.warnings(r.warnings());

        double[] days = r.perTrial().stream().mapToDouble(Report.Trial::wallClockDays).toArray();
        Report.WallClockDays w = r.run().wallClockDays();
        Map<String, Double> marks = new LinkedHashMap<>();
        marks.put("P50", w.p50());
        marks.put("P90", w.p90());
        marks.put("P99", w.p99());
        if (days.length > 0) {
            page.heading("Wall clock over " + days.length + " trials");
            page.chart("wallclock-histogram", Charts.histogram("Wall clock to the target", "days", days, marks));
            page.chart("wallclock-cdf", Charts.cdf("Wall clock, cumulative", "days", days, marks));
        }

        page.heading("One step and memory per chip");
        Map<String, Double> step = new LinkedHashMap<>();
        r.step().breakdownSeconds().forEach((k, v) -> {
            if (v > 0) {
                step.put(k, v);
            }
        });
        page.chart("step-breakdown", Charts.bars(f("Step time %.3f s", r.step().seconds()), "seconds", step));
        Map<String, Double> compute = new LinkedHashMap<>();
        r.step().computeBreakdownSeconds().forEach((k, v) -> {
            if (v > 0) {
                compute.put(k, v);
            }
        });
        if (!compute.isEmpty()) {
            page.chart("compute-breakdown", Charts.bars(f("Compute %.3f s, by part",
                    r.step().breakdownSeconds().getOrDefault("compute", 0.0)), "seconds", compute));
        }
        Map<String, Double> memory = new LinkedHashMap<>();
        r.memory().breakdownBytes().forEach((k, v) -> memory.put(k, v / 1e9));
        page.chart("memory", Charts.stacked(f("Memory per chip %.1f GB", r.memory().perChipBytes() / 1e9), "GB",
                Map.of("per chip", memory), f("capacity %.0f GB", r.memory().capacityBytes() / 1e9),
                r.memory().capacityBytes() / 1e9));

        page.heading("Where the run's time went");
        Map<String, Double> time = new LinkedHashMap<>();
        r.run().timeFractions().forEach((k, v) -> {
            if (k.equals("recovery")) {
                r.run().recoveryFractions().forEach((rk, rv) -> time.put(rk, 100 * rv));
            } else {
                time.put(TIME.getOrDefault(k, k), 100 * v);
            }
        });
        page.chart("time-fractions", Charts.bars(f("Share of the wall clock (goodput %s)", pct(r.run().goodput())),
                "% of wall clock", time));
        if (!r.run().interruptions().byCause().isEmpty()) {
            page.chart("interruptions", Charts.bars(f("Interruptions per run: %.1f", r.run().interruptions().mean()),
                    "per run", r.run().interruptions().byCause()));
        }

        if (trace != null) {
            page.heading("One representative trial");
            long causes = trace.interruptions().stream().map(RunTrace.Interruption::cause).distinct().count();
            page.paragraph(f("Trial %d, the one whose wall clock is the median (%s days): %d interruption%s from %d"
                            + " cause%s, %,d checkpoints, %d restart%s%s.", trace.trial(),
                    days(trace.endNanos() / 86_400e9), trace.interruptions().size(),
                    trace.interruptions().size() == 1 ? "" : "s", causes, causes == 1 ? "" : "s",
                    trace.checkpoints().size(), trace.resumptions().size(), trace.resumptions().size() == 1 ? "" : "s",
                    trace.sparePools().isEmpty() ? "; spare nodes unlimited" : ""));
            page.chart("timeline", Charts.timeline(f("Trial %d over time", trace.trial()), trace),
                    Charts.TIMELINE_WIDTH, Charts.TIMELINE_HEIGHT);
        }

        page.heading("Datacenters: power and energy");
        Map<String, Map<String, Double>> power = new LinkedHashMap<>();
        Map<String, Double> average = new LinkedHashMap<>(), provisioned = new LinkedHashMap<>(),
                budget = new LinkedHashMap<>(), energy = new LinkedHashMap<>();
        for (Report.Datacenter dc : r.fleet().datacenters()) {
            average.put(dc.name(), dc.averageMegawatts());
            provisioned.put(dc.name(), dc.provisionedMegawatts());
            if (Double.isFinite(dc.budgetMegawatts())) {
                budget.put(dc.name(), dc.budgetMegawatts());
            }
            energy.put(dc.name(), dc.averageMegawatts() * w.mean() * 24);
        }
        power.put("average MW", average);
        power.put("provisioned MW", provisioned);
        if (!budget.isEmpty()) {
            power.put("budget MW", budget);
        }
        page.chart("power", Charts.grouped("Power per datacenter", "MW", power));
        page.chart("energy", Charts.grouped(f("Energy per datacenter (%.4g MWh in all)", r.energy().megawattHours()),
                "MWh", Map.of("energy", energy)));

        if (r.cost() != null) {
            Report.Cost c = r.cost();
            page.heading("Cost (" + c.currency() + ", " + c.billing() + " billing)");
            Map<String, Double> parts = new LinkedHashMap<>();
            parts.put("chips", c.chips());
            parts.put("energy", c.energy());
            page.chart("cost", Charts.bars("Cost " + c.currency() + " " + TextReportWriter.money(c.total()),
                    c.currency(), parts));
            Map<String, Double> failures = new LinkedHashMap<>();
            failures.put("re-done work", c.failures().get("lostWork"));
            failures.put("recovery", c.failures().get("recovery"));
            failures.put("waiting for repairs", c.failures().get("waitingForRepair"));
            failures.put("idle spares", c.failures().get("idleSpares"));
            page.chart("failure-cost", Charts.bars("What failures cost", c.currency(), failures));
        }
    }

    /**
     * The report of {@code clustersim plan}: the ranked plans and their step breakdowns, then the
     * run on the best (when it ran).
     *
     * @param scenario the scenario's name
     * @param search   the search (its ranked plans, best first)
     * @param run      the run on the best plan, or {@code null} with {@code --no-run}
     */
    public String plan(String scenario, Report.Search search, Report run) {
        return plan(scenario, search, run, null);
    }

    /**
     * The report of {@code clustersim plan} with the run's representative trial's timeline.
     *
     * @param trace the trace of the run's representative trial, or null
     * @see #plan(String, Report.Search, Report)
     */
    public String plan(String scenario, Report.Search search, Report run, RunTrace trace) {
        HtmlPage page = new HtmlPage(scenario + " — plan report");
        page.title(f("%,d layouts, %,d plans evaluated, %,d fit in memory", search.layouts(), search.plansEvaluated(),
                search.plansFitting()));
        page.heading("Ranked plans");
        List<List<String>> rows = new ArrayList<>();
        Map<String, Map<String, Double>> stacks = new LinkedHashMap<>();
        Map<String, Map<String, Double>> mfu = new LinkedHashMap<>();
        Map<String, Double> mfus = new LinkedHashMap<>();
        int rank = 1;
        for (Report.RankedPlan p : search.ranked()) {
            String name = "#" + rank + " " + TextReportWriter.plan(p.plan());
            rows.add(List.of(String.valueOf(rank), TextReportWriter.plan(p.plan()), f("%.3f", p.stepSeconds()),
                    pct(p.mfu()), f("%.1f", p.perChipBytes() / 1e9)));
            Map<String, Double> terms = new LinkedHashMap<>();
            p.breakdownSeconds().forEach((k, v) -> {
                if (v > 0) {
                    terms.put(k, v);
                }
            });
            stacks.put("#" + rank, terms);
            mfus.put("#" + rank, 100 * p.mfu());
            rank++;
        }
        mfu.put("MFU %", mfus);
        page.table(List.of("#", "plan", "step s", "MFU", "GB per chip"), rows);
        if (!search.runnerUpLoses().isEmpty()) {
            page.paragraph("Runner-up loses: " + search.runnerUpLoses());
        }
        if (search.statedPlan() != null) {
            page.paragraph("Stated plan " + TextReportWriter.plan(search.statedPlan().plan().plan()) + ": "
                    + (search.statedPlan().isBest() ? "is the best plan" : search.statedPlan().comparison()));
        }
        page.chart("plan-breakdown", Charts.stacked("Step time of each ranked plan", "seconds", stacks, null, 0));
        page.chart("plan-mfu", Charts.grouped("MFU of each ranked plan", "%", mfu));
        if (run != null) {
            page.heading("The run on the best plan");
            page.paragraph(subtitle(run));
            runSections(page, run, trace);
        }
        return page.html();
    }

    /**
     * The report of {@code clustersim sweep}: the table of points, and for a chips sweep the
     * scaling curve with Amdahl's and the USL's fits; for a field sweep the days and MFU over the
     * field's values.
     *
     * @param fits the fits of a chips sweep, {@code null} for a field sweep
     */
    public String sweep(String scenario, String field, List<Sweep.Point> points, Sweep.Fits fits, List<String> notes) {
        HtmlPage page = new HtmlPage(scenario + " — sweep over " + field);
        boolean chips = fits != null;
        page.title(f("%d points, %d that run", points.size(), points.stream().filter(Sweep.Point::feasible).count()));
        List<List<String>> rows = new ArrayList<>();
        Sweep.Point base = null;
        for (Sweep.Point p : points) {
            if (p.feasible() && (base == null || p.chips() < base.chips())) {
                base = p;
            }
        }
        List<double[]> measured = new ArrayList<>(), daysByValue = new ArrayList<>(), mfuByValue = new ArrayList<>();
        boolean numeric = true;
        boolean priced = points.stream().anyMatch(p -> p.feasible() && p.report().cost() != null);
        List<String> header = new ArrayList<>(List.of(chips ? "chips asked" : field, "chips", "days P50", "days mean"));
        if (chips) {
            header.add("speedup");
        }
        header.add("MFU");
        if (priced) {
            header.add("cost");
        }
        for (Sweep.Point p : points) {
            List<String> row = new ArrayList<>(List.of(p.label(), p.chips() > 0 ? f("%,d", p.chips()) : "-"));
            if (!p.feasible()) {
                row.add("cannot run: " + p.problem());
                while (row.size() < header.size()) {
                    row.add("");
                }
                rows.add(row);
                continue;
            }
            Report r = p.report();
            double speedup = base.days() / p.days();
            double x = chips ? (double) p.chips() : p.value();
            numeric &= Double.isFinite(x);
            measured.add(new double[] {(double) p.chips() / base.chips(), speedup});
            daysByValue.add(new double[] {x, p.days()});
            mfuByValue.add(new double[] {x, 100 * r.step().mfu()});
            row.addAll(List.of(days(r.run().wallClockDays().p50()), days(p.days())));
            if (chips) {
                row.add(f("%.2f", speedup));
            }
            row.add(pct(r.step().mfu()));
            if (priced) {
                row.add(r.cost() == null ? "" : r.cost().currency() + " " + TextReportWriter.money(r.cost().total()));
            }
            rows.add(row);
        }
        page.heading("Points");
        page.table(header, rows);
        notes.forEach(n -> page.paragraph("note: " + n));
        if (chips && base != null) {
            page.heading("Scaling curve");
            Map<String, double[][]> fitted = new LinkedHashMap<>();
            double maxX = measured.stream().mapToDouble(p -> p[0]).max().orElse(1);
            fitted.put("ideal", curve(maxX, x -> x));
            ScalingFit.Amdahl a = fits.amdahl();
            if (a != null) {
                fitted.put(f("Amdahl σ=%.3g", a.sigma()), curve(maxX, x -> x / (1 + a.sigma() * (x - 1))));
            }
            ScalingFit.Usl u = fits.usl();
            if (u != null) {
                fitted.put(f("USL σ=%.3g κ=%.3g", u.sigma(), u.kappa()),
                        curve(maxX, x -> x / (1 + u.sigma() * (x - 1) + u.kappa() * x * (x - 1))));
            }
            page.chart("scaling", Charts.lines(f("Speedup over %,d chips", base.chips()), "chips / " + base.chips(),
                    "speedup in time to train", true, Map.of("measured", measured.toArray(double[][]::new)), fitted));
            if (a != null || u != null) {
                List<List<String>> fitRows = new ArrayList<>();
                if (a != null) {
                    fitRows.add(List.of("Amdahl", f("%.4g ± %.2g", a.sigma(), a.sigmaError()), "", pct(a.rmsRelativeError()),
                            f("max speedup %.4g", a.maxSpeedup())));
                }
                if (u != null) {
                    fitRows.add(List.of("USL", f("%.4g ± %.2g", u.sigma(), u.sigmaError()),
                            f("%.4g ± %.2g", u.kappa(), u.kappaError()), pct(u.rmsRelativeError()),
                            Double.isFinite(u.peakScale()) ? f("peak at %,.0f chips", u.peakScale() * fits.baseChips())
                                    : "no finite peak"));
                }
                page.table(List.of("law", "σ", "κ", "RMS error", ""), fitRows);
            }
        }
        if (numeric && !daysByValue.isEmpty()) {
            page.heading("Time to train and MFU");
            String x = chips ? "chips" : field;
            page.chart("sweep-days", Charts.lines("Time to train (mean)", x, "days", chips,
                    Map.of("days", daysByValue.toArray(double[][]::new)), Map.of()));
            page.chart("sweep-mfu", Charts.lines("MFU", x, "%", chips,
                    Map.of("MFU", mfuByValue.toArray(double[][]::new)), Map.of()));
        }
        return page.html();
    }

    private static double[][] curve(double maxX, java.util.function.DoubleUnaryOperator law) {
        int n = 60;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double x = Math.pow(maxX, (double) i / (n - 1));
            out[i] = new double[] {x, law.applyAsDouble(x)};
        }
        return out;
    }

    /**
     * The report of {@code clustersim compare}: the key figures side by side with differences
     * from the first, and charts of wall clock, step time, where the time went and cost.
     *
     * @param names  each scenario's label (its file), in order
     * @param rows   the comparison's rows: figure, then one value per scenario, then differences
     */
    public String compare(List<String> names, List<Report> reports, List<String> header, List<List<String>> rows) {
        HtmlPage page = new HtmlPage("Comparison of " + names.size() + " scenarios");
        page.title(String.join(" vs ", names));
        page.heading("Key figures (differences against " + names.get(0) + ")");
        page.table(header, rows);
        Map<String, Map<String, Double>> wall = new LinkedHashMap<>();
        Map<String, Map<String, Double>> step = new LinkedHashMap<>();
        Map<String, Map<String, Double>> time = new LinkedHashMap<>();
        Map<String, Map<String, Double>> cost = new LinkedHashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            Report r = reports.get(i);
            String name = names.get(i);
            Map<String, Double> w = new LinkedHashMap<>();
            w.put("P50", r.run().wallClockDays().p50());
            w.put("P90", r.run().wallClockDays().p90());
            w.put("P99", r.run().wallClockDays().p99());
            wall.put(name, w);
            Map<String, Double> s = new LinkedHashMap<>();
            r.step().breakdownSeconds().forEach((k, v) -> {
                if (v > 0) {
                    s.put(k, v);
                }
            });
            step.put(name, s);
            Map<String, Double> t = new LinkedHashMap<>();
            r.run().timeFractions().forEach((k, v) -> t.put(TIME.getOrDefault(k, k), 100 * v));
            time.put(name, t);
            if (r.cost() != null) {
                Map<String, Double> c = new LinkedHashMap<>();
                c.put("chips", r.cost().chips());
                c.put("energy", r.cost().energy());
                cost.put(name, c);
            }
        }
        page.heading("Charts");
        page.chart("compare-wallclock", Charts.grouped("Wall clock, days", "days", swap(wall)));
        page.chart("compare-step", Charts.stacked("Step time", "seconds", step, null, 0));
        page.chart("compare-time", Charts.stacked("Where the run's time went", "% of wall clock", time, null, 0));
        if (!cost.isEmpty()) {
            page.chart("compare-cost", Charts.stacked("Cost", reports.stream().filter(r -> r.cost() != null)
                    .findFirst().orElseThrow().cost().currency(), cost, null, 0));
        }
        return page.html();
    }

    /** {scenario: {P50: x}} to {P50: {scenario: x}}: one series per percentile, grouped by scenario. */
    private static Map<String, Map<String, Double>> swap(Map<String, Map<String, Double>> in) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        in.forEach((row, cols) -> cols.forEach((col, v) -> out.computeIfAbsent(col, c -> new LinkedHashMap<>()).put(row, v)));
        return out;
    }
}
