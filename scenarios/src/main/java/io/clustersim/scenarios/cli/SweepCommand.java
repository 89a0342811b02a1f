package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.sweep.BatchPolicy;
import io.clustersim.scenarios.keys.ScenarioKeys;
import io.clustersim.core.sweep.Sweep;
import io.clustersim.scenarios.CsvReportWriter;
import io.clustersim.scenarios.LoadedScenario;
import io.clustersim.scenarios.Quantities;
import io.clustersim.scenarios.ScenarioException;
import io.clustersim.scenarios.SweepReportWriter;
import io.clustersim.scenarios.html.HtmlReportWriter;
import io.clustersim.scenarios.cluster.ClusterSession;
import io.clustersim.core.engine.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code clustersim sweep <scenario> --chips 1k..1M [--points N]} or
 * {@code --field <key> --values <spec>}: run a scenario over a range of one quantity and print
 * the scaling curve (with Amdahl's and the USL's fit for chips).
 *
 * <p>A spec is a list {@code 1k,4k,16k} or a range {@code 1k..1M} of {@code --points} values,
 * spaced evenly in log (or linearly with {@code --linear}); both ends of a range carry the same
 * unit ({@code 10Tbps..1000Tbps}). {@code --chips} (or {@code --field fleet.chips}) resizes the
 * fleet and the data-parallel degree ({@link io.clustersim.core.sweep.ChipScaling}); any other
 * field is set as written and the scenario re-read.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a scenario over a range of chips (or of one field) and fit Amdahl's law and the USL.")
final class SweepCommand implements Callable<Integer> {

    enum Format { text, json, csv, html }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<scenario>", description = "Scenario file (HOCON or JSON); - reads standard input.")
    Path scenarioFile;

    @Option(names = "--chips", paramLabel = "<spec>", description = "Chip counts: a range 1k..1M or a list 1k,4k,16k.")
    String chips;

    @Option(names = "--field", paramLabel = "<key>", description = "Scenario key to sweep, e.g. fleet.wan-links[0].bandwidth.")
    String field;

    @Option(names = "--values", paramLabel = "<spec>", description = "Values of --field: a range 10Tbps..1000Tbps or a list.")
    String values;

    @Option(names = "--points", defaultValue = "10", description = "Points in a range (default ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--linear", description = "Space a range linearly instead of in log.")
    boolean linear;

    @Option(names = "--batch", defaultValue = "per-replica",
            description = "With --chips: per-replica (global batch grows with the replicas) or global (fixed). Default ${DEFAULT-VALUE}.")
    String batch;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--trials", description = "Monte Carlo trials per point (overrides the scenario).")
    Integer trials;

    @Option(names = "--seed", description = "Random seed (overrides the scenario).")
    Long seed;

    @Option(names = "--threads",
            description = "Threads for the trials and the plan search (default: all cores). Results do not depend on it.")
    Integer threads;

    // inline by default: a sweep is many Monte Carlo runs, and the engines give identical results
    @CommandLine.Mixin
    ClusterFlags cluster;

    @Option(names = "--engine", defaultValue = "inline",
            description = "inline or actors; the same results, inline about five times faster for sweeps (default ${DEFAULT-VALUE}).")
    String engine;

    @CommandLine.Mixin
    OutputOptions io;

    private static final Pattern NUMBER_AND_UNIT =
            Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([A-Za-z/]*)\\s*");

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        boolean chipSweep = chips != null || "fleet.chips".equals(field);
        if ((chips == null) == (field == null)) {
            throw new CommandLine.ParameterException(cli, "give either --chips <spec> or --field <key> --values <spec>");
        }
        if (field != null && values == null) {
            throw new CommandLine.ParameterException(cli, "--field needs --values <spec>");
        }
        if (chips != null && values != null) {
            throw new CommandLine.ParameterException(cli, "--values goes with --field; --chips takes its own spec");
        }
        if (field != null && !ScenarioKeys.isKey(field)) {
            throw new CommandLine.ParameterException(cli, "--field " + field + ": not a scenario key (docs/scenario-format.md"
                    + " lists them; list elements as fleet.wan-links[0].bandwidth)");
        }
        if (points < 1) {
            throw new CommandLine.ParameterException(cli, "--points must be >= 1, was " + points);
        }
        BatchPolicy policy = switch (batch.toLowerCase(Locale.ROOT)) {
            case "per-replica" -> BatchPolicy.PER_REPLICA;
            case "global" -> BatchPolicy.GLOBAL;
            default -> throw new CommandLine.ParameterException(cli, "--batch must be per-replica or global, was " + batch);
        };
        EngineKind engineKind = SimulationFlags.check(cli, trials, threads, engine);
        List<String[]> spec = values(chips != null ? chips : values, cli);

        LoadedScenario loaded = io.load(scenarioFile);
        Scenario base = adjust(loaded.scenario());
        SimOptions options = SimulationFlags.options(engineKind, threads);
        List<Sweep.Point> result = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // the bar counts trials here, or with --cluster the units done across workers
        try (ProgressBar bar = io.progress(cluster.enabled() ? "units" : "trials");
             ClusterSim sim = ClusterSim.create(cluster.enabled() ? options : OutputOptions.withProgress(options, bar));
             ClusterSession session = cluster.start(cli, sim, cli.getErr(), bar == null ? ProgressListener.NONE : bar)) {
            if (chipSweep) {
                List<Double> counts = new ArrayList<>();
                for (String[] v : spec) {
                    double n = number(v[0]);
                    if (!(n >= 1) || Double.isInfinite(n)) {
                        throw new CommandLine.ParameterException(cli, "--chips: \"" + v[0] + "\" is not a chip count"
                                + " (counts such as 1024 or 16k, as a range 1k..1M or a list 1k,4k,16k)");
                    }
                    counts.add(n);
                }
                for (Sweep.Point p : Sweep.chips(sim, base, counts, policy, session == null ? Sweep.PointTrials.LOCAL
                        : session.sweepPoints(ClusterFlags.job(io, scenarioFile, Map.of(), trials, seed), base, policy))) {
                    result.add(priced(loaded, p));
                }
            } else {
                for (String[] v : spec) {
                    LoadedScenario point;
                    String label = v[0];
                    double value = Double.parseDouble(v[1]);
                    try {
                        point = io.load(scenarioFile, Map.of(field, label));
                    } catch (ScenarioException e) {
                        String whole = wholeNumber(label);
                        try {
                            if (whole == null) {
                                throw e;
                            }
                            point = io.load(scenarioFile, Map.of(field, whole));
                            notes.add(label + " rounded to " + whole + " (" + field + " is a whole number)");
                            label = whole;
                            value = Math.rint(value);
                        } catch (ScenarioException again) {
                            result.add(new Sweep.Point(label, value, 0, null,
                                    e.key() == null || e.key().isEmpty() ? e.problem() : e.key() + ": " + e.problem()));
                            continue;
                        }
                    }
                    Scenario s = adjust(point.scenario());
                    result.add(priced(point, Sweep.run(sim, label, value, s,
                            ClusterFlags.executor(session, io, scenarioFile, Map.of(field, label), s, trials, seed))));
                }
            }
            if (bar != null) {
                bar.close(); // before the coordinator's summary line
            }
        }
        Sweep.Fits fits = chipSweep ? Sweep.fit(result) : null;
        String name = chipSweep ? "chips" : field;
        String policyName = chipSweep ? (policy == BatchPolicy.PER_REPLICA ? "per-replica" : "global") : null;
        SweepReportWriter writer = new SweepReportWriter();
        io.emit(switch (format) {
            case json -> writer.json(base.name(), name, policyName, base.seed(), base.trials(), result, fits, notes);
            case csv -> new CsvReportWriter().sweep(name, result, chipSweep);
            case html -> new HtmlReportWriter().sweep(base.name(), name, result, fits, notes);
            case text -> writer.text(base.name(), name, policyName, result, fits, notes);
        });
        boolean any = result.stream().anyMatch(Sweep.Point::feasible);
        if (!any) {
            cli.getErr().println("no point of the sweep can run; the first problem: "
                    + (result.isEmpty() ? "no points" : result.get(0).problem()));
            return ClusterSimCli.EXIT_SCENARIO_ERROR;
        }
        return 0;
    }

    /** The point with its report priced by the scenario's cost sections. */
    private static Sweep.Point priced(LoadedScenario loaded, Sweep.Point p) {
        return p.feasible() ? new Sweep.Point(p.label(), p.value(), p.chips(), loaded.priced(p.report()), p.problem()) : p;
    }

    private Scenario adjust(Scenario s) {
        return SimulationFlags.override(s, trials, seed);
    }

    /** The values of a spec, each as written and as a number: {"400Tbps", "400"}. */
    private List<String[]> values(String text, CommandLine cli) {
        List<String[]> out = new ArrayList<>();
        int dots = text.indexOf("..");
        if (dots < 0) {
            for (String v : text.split(",")) {
                String t = v.trim();
                if (t.isEmpty()) {
                    throw new CommandLine.ParameterException(cli, "empty value in \"" + text + "\"");
                }
                out.add(new String[] {t, String.valueOf(number(t))});
            }
            return out;
        }
        Matcher lo = NUMBER_AND_UNIT.matcher(text.substring(0, dots));
        Matcher hi = NUMBER_AND_UNIT.matcher(text.substring(dots + 2));
        if (!lo.matches() || !hi.matches()) {
            throw new CommandLine.ParameterException(cli, "\"" + text + "\" is not a range such as 1k..1M or 10Tbps..1000Tbps");
        }
        String unit = lo.group(2);
        boolean countSuffix = unit.matches("[kKMBGTP]?") && hi.group(2).matches("[kKMBGTP]?");
        double from, to;
        if (countSuffix) {
            from = Quantities.count(lo.group(0).trim());
            to = Quantities.count(hi.group(0).trim());
            unit = "";
        } else {
            if (!unit.equals(hi.group(2))) {
                throw new CommandLine.ParameterException(cli, "give both ends of \"" + text + "\" in the same unit");
            }
            from = Double.parseDouble(lo.group(1));
            to = Double.parseDouble(hi.group(1));
        }
        if (from == to) {
            throw new CommandLine.ParameterException(cli, "\"" + text + "\" has equal ends; give a range or a single value");
        }
        if (!(from < to)) {
            throw new CommandLine.ParameterException(cli, "\"" + text + "\" runs from " + lo.group(0).trim() + " down to "
                    + hi.group(0).trim() + "; give the smaller end first");
        }
        if (!linear && (!(from > 0) || !(to > 0))) {
            throw new CommandLine.ParameterException(cli, "a log-spaced range needs positive ends; use --linear or a list");
        }
        List<Double> numbers = linear ? Sweep.linearSpaced(from, to, points) : Sweep.logSpaced(from, to, points);
        for (double n : numbers) {
            String written = unit.isEmpty() && n == Math.rint(n) ? String.valueOf((long) n)
                    : new java.math.BigDecimal(n).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString() + unit;
            out.add(new String[] {written, String.valueOf(n)});
        }
        return out;
    }

    /**
     * A value that is a number with a fractional part and no unit, rounded to a whole number
     * ("1778.28" to "1778"); {@code null} for anything else.
     */
    static String wholeNumber(String label) {
        Matcher m = NUMBER_AND_UNIT.matcher(label);
        if (!m.matches() || !m.group(2).isEmpty()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        return v == Math.rint(v) || !Double.isFinite(v) ? null : String.valueOf(Math.round(v));
    }

    /** The number in a value: counts with K/M/B/T suffixes, else the leading number. */
    private static double number(String text) {
        try {
            return Quantities.count(text);
        } catch (IllegalArgumentException e) {
            Matcher m = NUMBER_AND_UNIT.matcher(text);
            if (m.matches()) {
                return Double.parseDouble(m.group(1));
            }
            return Double.NaN;
        }
    }
}
