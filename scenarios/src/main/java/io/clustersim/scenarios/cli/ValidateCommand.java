package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.plan.PlanFormat;
import io.clustersim.scenarios.LoadedScenario;
import io.clustersim.scenarios.ScenarioException;
import io.clustersim.scenarios.ScenarioLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code clustersim validate <scenario>}: check a scenario without running the run model. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a scenario: syntax, keys, values, and whether the plan can run (fits in memory).")
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<scenario>", description = "Scenario file (HOCON or JSON).")
    Path scenarioFile;

    @Override
    public Integer call() {
        LoadedScenario loaded = ScenarioLoader.load(scenarioFile);
        Scenario scenario = loaded.scenario();
        // no actor system: validate makes the checks run makes before its trials, and nothing more
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            ClusterSim.Checked checked;
            try {
                checked = sim.validate(scenario);
            } catch (InfeasibleScenarioException e) {
                for (Problem p : e.problems()) {
                    spec.commandLine().getErr().println(loaded.locate(p).getMessage());
                }
                return ClusterSimCli.EXIT_SCENARIO_ERROR;
            }
            StepEstimate step = checked.fleetStep().step();
            Scenario s = checked.scenario();
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "%s: OK — %s, %.3g parameters on %d × %s; step %.3f s, %.1f of %.1f GB per chip%s",
                    ScenarioException.shorten(loaded.fileName()), ScenarioException.shorten(scenario.name()),
                    s.model().parameterCount(), s.cluster().chips(), s.cluster().chip().id(), step.seconds(),
                    step.memory().perChipBytes() / 1e9, step.memory().capacityBytes() / 1e9, scenario.searchesPlan()
                            ? " (best searched plan: " + PlanFormat.describe(s.parallelism()) + ")" : ""));
        }
        return 0;
    }
}
