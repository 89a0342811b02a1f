package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.engine.ProgressListener;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.plan.FleetCandidates;
import io.clustersim.core.plan.PlanComparison;
import io.clustersim.core.plan.RankedPlan;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.scenarios.CsvReportWriter;
import io.clustersim.scenarios.JsonReportWriter;
import io.clustersim.scenarios.LoadedScenario;
import io.clustersim.scenarios.PlanTableWriter;
import io.clustersim.scenarios.TextReportWriter;
import io.clustersim.scenarios.html.HtmlReportWriter;
import io.clustersim.scenarios.cluster.ClusterSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code clustersim plan <scenario>}: search every parallelism plan of the scenario's model on its
 * fleet (the scenario's own plan, if it states one, only for comparison), print the best few, then
 * run the run model on the best.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Search the parallelism plans of a scenario, print the best few and why the runner-up loses, "
                + "then run the run model on the best plan.")
final class PlanCommand implements Callable<Integer> {

    enum Format { text, json, csv, html }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<scenario>", description = "Scenario file (HOCON or JSON); - reads standard input.")
    Path scenarioFile;

    @Option(names = "--top", defaultValue = "5", description = "Layouts to rank (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--no-run", description = "Only search and rank; do not run the run model.")
    boolean noRun;

    @Option(names = "--format", defaultValue = "text",
            description = "text: ranking then report; json: the report (its search section holds the ranking; with"
                    + " --no-run only the search); csv: one row per ranked plan; html: a page with the ranking's and the run's charts. (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--trials", description = "Monte Carlo trials (overrides the scenario).")
    Integer trials;

    @Option(names = "--seed", description = "Random seed (overrides the scenario).")
    Long seed;

    @Option(names = "--threads",
            description = "Threads for the trials and the plan search (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--engine", defaultValue = "actors", description = "actors or inline (default ${DEFAULT-VALUE}).")
    String engine;

    @CommandLine.Mixin
    OutputOptions io;

    @CommandLine.Mixin
    ClusterFlags cluster;

    @CommandLine.Mixin
    RankFlag rank;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top must be >= 1, was " + top);
        }
        EngineKind engineKind = SimulationFlags.check(spec.commandLine(), trials, threads, engine);
        LoadedScenario loaded = io.load(scenarioFile);
        io.clustersim.core.FleetPricing cheapestBy = rank.prices(spec.commandLine(), loaded);
        Scenario scenario = SimulationFlags.override(loaded.scenario(), trials, seed);
        Scenario searched = scenario.searchesPlan() ? scenario : scenario.withPlanSearch(SearchSpace.around(scenario.parallelism()));
        SimOptions options = SimulationFlags.options(engineKind, threads);
        // the bar counts the search's layouts, then the trials (or, on a cluster, the units)
        try (ProgressBar bar = io.progress(cluster.enabled() && !noRun ? "units" : "trials");
             ClusterSim sim = ClusterSim.create(cluster.enabled() ? options : OutputOptions.withProgress(options, bar));
             ClusterSession session = noRun ? null : cluster.start(spec.commandLine(), sim, spec.commandLine().getErr(),
                     bar == null ? ProgressListener.NONE : bar)) {
            Report report = null;
            io.clustersim.core.run.RunTrace trace = null;
            Scenario ranked = searched;
            SearchMemo memo = null; // the run's own searches, ranked below instead of searching again
            if (!noRun) {
                // the HTML report's timeline: the median trial, re-run here with a trace
                io.clustersim.core.TrialExecutor executor = ClusterFlags.executor(session, io, scenarioFile,
                        java.util.Map.of(), searched, trials, seed);
                io.clustersim.core.RepresentativeTrial representative = format == Format.html
                        ? new io.clustersim.core.RepresentativeTrial(executor) : null;
                memo = new SearchMemo(representative != null ? representative : executor);
                report = loaded.priced(sim.run(searched, memo, cheapestBy));
                trace = representative != null ? representative.trace(report) : null;
                if (bar != null) {
                    bar.close(); // before the coordinator's summary line
                }
                if (report.deadline() != null) { // rank the plans of the fleet the deadline chose
                    ranked = searched.fleet().multiSite()
                            ? searched.withFleet(FleetCandidates.prefix(searched.fleet(),
                                    report.deadline().datacenters().size()), null)
                            : searched.withCluster(FleetCandidates.resize(searched.cluster(), report.deadline().chips()));
                }
            }
            if (format != Format.text) {
                SearchResult result = report == null ? sim.search(ranked, top) : null;
                if (result != null && result.best().isEmpty()) {
                    throw loaded.locate(new io.clustersim.core.model.Problem("parallelism", result.whyNone().orElseThrow()));
                }
                Report.Search search = report == null ? Report.Search.of(result) : report.search();
                if (comparable(scenario, ranked)) { // add the scenario's own plan against the best
                    PlanComparison stated = statedComparison(sim, scenario, ranked,
                            result != null ? result : best(sim, memo, ranked));
                    if (stated != null) {
                        search = search.withStatedPlan(statedPlan(stated));
                    }
                }
                if (bar != null) {
                    bar.close(); // erased before the report
                }
                if (format == Format.csv) {
                    io.emit(new CsvReportWriter().plans(search));
                } else if (format == Format.html) {
                    io.emit(new HtmlReportWriter().plan(scenario.name(), search,
                            report == null ? null : report.withSearch(search), trace));
                } else {
                    io.emit(report == null ? new JsonReportWriter().writeSearch(scenario.name(), search)
                            : new JsonReportWriter().write(report.withSearch(search)));
                }
                return 0;
            }
            SearchResult result = search(sim, memo, ranked, top);
            if (result.best().isEmpty()) {
                throw loaded.locate(new io.clustersim.core.model.Problem("parallelism", result.whyNone().orElseThrow()));
            }
            StringBuilder text = new StringBuilder(new PlanTableWriter().write(ranked, result,
                    statedComparison(sim, scenario, ranked, result)));
            if (report != null) {
                text.append(System.lineSeparator()).append(new TextReportWriter().write(report));
            }
            if (bar != null) {
                bar.close(); // erased before the report
            }
            io.emit(text.toString());
        } catch (InfeasibleScenarioException e) {
            throw loaded.locate(e.problems().get(0));
        }
        return 0;
    }

    /** The plans of {@code ranked} keeping {@code keep} layouts: the run's own search of it when it made one. */
    private static SearchResult search(ClusterSim sim, SearchMemo memo, Scenario ranked, int keep) {
        SearchResult known = memo == null ? null : memo.find(ranked, keep);
        return known != null ? known : sim.search(ranked, keep);
    }

    /** A search of {@code ranked} whose best plan is the search's best: the run's own when it made one. */
    private static SearchResult best(ClusterSim sim, SearchMemo memo, Scenario ranked) {
        SearchResult known = memo == null ? null : memo.find(ranked, ClusterSim.RANKED_LAYOUTS);
        return known != null ? known : sim.search(ranked, 1);
    }

    /** Whether the scenario states a plan for the fleet whose plans are ranked. */
    private static boolean comparable(Scenario scenario, Scenario ranked) {
        return !scenario.searchesPlan() && ranked.cluster().chips() == scenario.cluster().chips();
    }

    /** The report's form of a comparison of the stated plan (worse) with the best (better). */
    static Report.StatedPlan statedPlan(PlanComparison c) {
        RankedPlan s = c.worse();
        Report.RankedPlan plan = new Report.RankedPlan(Report.Parallelism.of(s.plan(), false), s.seconds(),
                s.estimate().mfu(), s.estimate().memory().perChipBytes(), s.estimate().breakdownSeconds());
        return new Report.StatedPlan(plan, s.plan().equals(c.better().plan()), c.secondsSlower(), c.explain(),
                c.termDeltas());
    }

    /** How the scenario's own plan (if it states one, on the fleet ranked) compares with the best. */
    private static PlanComparison statedComparison(ClusterSim sim, Scenario scenario, Scenario ranked,
                                                   SearchResult result) {
        if (!comparable(scenario, ranked) || result.best().isEmpty()) {
            return null;
        }
        StepEstimate step;
        try {
            step = sim.step(scenario);
        } catch (InfeasibleScenarioException e) {
            return null; // an invalid stated plan is simply not compared
        }
        return PlanComparison.of(result.best().orElseThrow(), new RankedPlan(scenario.parallelism(), step));
    }
}
