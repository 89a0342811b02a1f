package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.core.engine.ProgressListener;
import io.clustersim.scenarios.JsonReportWriter;
import io.clustersim.scenarios.LoadedScenario;
import io.clustersim.scenarios.ScenarioLoader;
import io.clustersim.scenarios.TextReportWriter;
import io.clustersim.scenarios.cluster.ClusterSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code clustersim run <scenario>}: simulate and print the report. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a scenario and print its report.")
final class RunCommand implements Callable<Integer> {

    enum Format { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<scenario>", description = "Scenario file (HOCON or JSON).")
    Path scenarioFile;

    @Option(names = "--format", defaultValue = "text", description = "Report format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--trials", description = "Monte Carlo trials (overrides the scenario).")
    Integer trials;

    @Option(names = "--seed", description = "Random seed (overrides the scenario).")
    Long seed;

    @Option(names = "--threads", description = "Actor-system threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--engine", defaultValue = "actors",
            description = "actors: every entity an actor; inline: one actor per trial calls its entities directly. Same results. (default ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--no-progress", description = "Never show the progress bar.")
    boolean noProgress;

    @CommandLine.Mixin
    ClusterFlags cluster;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EngineKind engineKind = SimulationFlags.check(spec.commandLine(), trials, threads, engine);
        LoadedScenario loaded = ScenarioLoader.load(scenarioFile);
        Scenario scenario = SimulationFlags.override(loaded.scenario(), trials, seed);
        SimOptions options = SimulationFlags.options(engineKind, threads);
        ProgressBar bar = null;
        if (!noProgress && System.console() != null) {
            bar = new ProgressBar(err, cluster.enabled() ? "units" : "trials");
            options = cluster.enabled() ? options : options.withProgress(bar);
        }
        Report report;
        try (ClusterSim sim = ClusterSim.create(options);
             ClusterSession session = cluster.start(spec.commandLine(), sim, err, bar == null ? ProgressListener.NONE : bar)) {
            report = sim.run(scenario, ClusterFlags.executor(session, scenarioFile, Map.of(), scenario, trials, seed));
            if (bar != null) {
                bar.clear(); // before the coordinator's summary line
            }
        } catch (InfeasibleScenarioException e) {
            throw loaded.locate(e.problems().get(0));
        } finally {
            if (bar != null) {
                bar.clear();
            }
        }
        out.print(format == Format.json ? new JsonReportWriter().write(report) : new TextReportWriter().write(report));
        return 0;
    }

    /** A one-line progress bar on the terminal, redrawn as trials complete. */
    static final class ProgressBar implements ProgressListener {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final String what;
        private int drawn = -1;

        /** @param what what is counted: trials, or a coordinator's units */
        ProgressBar(PrintWriter err, String what) {
            this.err = err;
            this.what = what;
        }

        @Override
        public void onTrialCompleted(int completed, int total) {
            int filled = (int) ((long) completed * WIDTH / total);
            if (filled == drawn && completed != total) {
                return;
            }
            drawn = filled;
            err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + completed + "/" + total + " " + what);
            err.flush();
        }

        void clear() {
            if (drawn >= 0) {
                err.print("\r" + " ".repeat(WIDTH + 30) + "\r");
                err.flush();
                drawn = -1;
            }
        }
    }
}
