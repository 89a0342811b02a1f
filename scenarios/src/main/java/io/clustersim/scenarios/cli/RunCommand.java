package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.Report;
import io.clustersim.core.RepresentativeTrial;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.engine.ProgressListener;
import io.clustersim.scenarios.CsvReportWriter;
import io.clustersim.scenarios.JsonReportWriter;
import io.clustersim.scenarios.LoadedScenario;
import io.clustersim.scenarios.TextReportWriter;
import io.clustersim.scenarios.html.HtmlReportWriter;
import io.clustersim.scenarios.cluster.ClusterSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code clustersim run <scenario>}: simulate and print the report. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a scenario and print its report.")
final class RunCommand implements Callable<Integer> {

    enum Format { text, json, csv, html }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<scenario>", description = "Scenario file (HOCON or JSON); - reads standard input.")
    Path scenarioFile;

    @Option(names = "--format", defaultValue = "text", description = "Report format: ${COMPLETION-CANDIDATES}; csv is one row per trial; html one self-contained page with charts (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--trials", description = "Monte Carlo trials (overrides the scenario).")
    Integer trials;

    @Option(names = "--seed", description = "Random seed (overrides the scenario).")
    Long seed;

    @Option(names = "--threads",
            description = "Threads for the trials and the plan search (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--engine", defaultValue = "actors",
            description = "actors: every entity an actor; inline: one actor per trial calls its entities directly. Same results. (default ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--per-trial", description = "JSON: add the perTrial array, one entry per trial.")
    boolean perTrial;

    @CommandLine.Mixin
    OutputOptions io;

    @CommandLine.Mixin
    ClusterFlags cluster;

    @CommandLine.Mixin
    RankFlag rank;

    @Override
    public Integer call() {
        EngineKind engineKind = SimulationFlags.check(spec.commandLine(), trials, threads, engine);
        LoadedScenario loaded = io.load(scenarioFile);
        io.clustersim.core.FleetPricing cheapestBy = rank.prices(spec.commandLine(), loaded);
        Scenario scenario = SimulationFlags.override(loaded.scenario(), trials, seed);
        SimOptions options = SimulationFlags.options(engineKind, threads);
        Report report;
        RepresentativeTrial representative;
        io.clustersim.core.run.RunTrace trace;
        try (ProgressBar bar = io.progress(cluster.enabled() ? "units" : "trials");
             ClusterSim sim = ClusterSim.create(cluster.enabled() ? options : OutputOptions.withProgress(options, bar));
             ClusterSession session = cluster.start(spec.commandLine(), sim, spec.commandLine().getErr(),
                     bar == null ? ProgressListener.NONE : bar)) {
            // the HTML report's timeline: the median trial, re-run here with a trace
            representative = format == Format.html ? new RepresentativeTrial(
                    ClusterFlags.executor(session, io, scenarioFile, Map.of(), scenario, trials, seed)) : null;
            report = loaded.priced(sim.run(scenario, representative != null ? representative
                    : ClusterFlags.executor(session, io, scenarioFile, Map.of(), scenario, trials, seed), cheapestBy));
            trace = representative != null ? representative.trace(report) : null;
            if (bar != null) {
                bar.close(); // before the coordinator's summary line
            }
        } catch (InfeasibleScenarioException e) {
            throw loaded.locate(e.problems().get(0));
        }
        io.emit(switch (format) {
            case json -> new JsonReportWriter().write(report, perTrial);
            case csv -> new CsvReportWriter().trials(report);
            case html -> new HtmlReportWriter().run(report, trace);
            case text -> new TextReportWriter().write(report);
        });
        return 0;
    }
}
