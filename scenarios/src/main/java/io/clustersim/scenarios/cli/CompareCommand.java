package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.engine.EngineKind;
import io.clustersim.scenarios.Comparison;
import io.clustersim.scenarios.LoadedScenario;
import io.clustersim.scenarios.html.HtmlReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code clustersim compare A.conf B.conf [...]}: runs each scenario (with the same
 * {@code --trials} and {@code --seed} when given) and prints the key figures side by side with
 * each one's difference from the first.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run two or more scenarios and print their key figures side by side, with differences from the first.")
final class CompareCommand implements Callable<Integer> {

    enum Format { text, json, csv, html }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "<scenario>", description = "Two or more scenario files; - reads one from standard input.")
    List<Path> scenarioFiles;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--trials", description = "Monte Carlo trials of every scenario (overrides each).")
    Integer trials;

    @Option(names = "--seed", description = "Random seed of every scenario (overrides each).")
    Long seed;

    @Option(names = "--threads",
            description = "Threads for the trials and the plan search (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--engine", defaultValue = "inline", description = "inline or actors; the same results (default ${DEFAULT-VALUE}).")
    String engine;

    @CommandLine.Mixin
    OutputOptions io;

    @Override
    public Integer call() {
        EngineKind engineKind = SimulationFlags.check(spec.commandLine(), trials, threads, engine);
        if (scenarioFiles.stream().filter(p -> p.toString().equals(OutputOptions.STDIN)).count() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "standard input (-) can be read only once");
        }
        List<LoadedScenario> loaded = new ArrayList<>();
        for (Path file : scenarioFiles) {
            loaded.add(io.load(file));
        }
        SimOptions options = SimulationFlags.options(engineKind, threads);
        List<Report> reports = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (ProgressBar bar = io.progress("trials");
             ClusterSim sim = ClusterSim.create(OutputOptions.withProgress(options, bar))) {
            for (LoadedScenario l : loaded) {
                Scenario s = SimulationFlags.override(l.scenario(), trials, seed);
                try {
                    reports.add(l.priced(sim.run(s)));
                } catch (InfeasibleScenarioException e) {
                    throw l.locate(e.problems().get(0));
                }
                names.add(name(l, names));
            }
        }
        Comparison c = new Comparison(names, reports);
        io.emit(switch (format) {
            case text -> c.text();
            case json -> c.json();
            case csv -> c.csv();
            case html -> new HtmlReportWriter().compare(c.names(), c.reports(), c.header(), c.rows());
        });
        return 0;
    }

    /** The file's name without directories, made unique by its position if two are alike. */
    private static String name(LoadedScenario l, List<String> earlier) {
        String name = Path.of(l.fileName()).getFileName().toString();
        return earlier.contains(name) ? name + " (" + (earlier.size() + 1) + ")" : name;
    }
}
