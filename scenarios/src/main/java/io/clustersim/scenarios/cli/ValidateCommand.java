package io.clustersim.scenarios.cli;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.plan.PlanFormat;
import io.clustersim.scenarios.LoadedScenario;
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
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            StepEstimate step;
            try {
                step = sim.step(scenario);
            } catch (InfeasibleScenarioException e) {
                for (Problem p : e.problems()) {
                    spec.commandLine().getErr().println(loaded.locate(p).getMessage());
                }
                return ClusterSimCli.EXIT_SCENARIO_ERROR;
            }
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "%s: OK — %s, %.3g parameters on %d × %s; step %.3f s, %.1f of %.1f GB per chip%s",
                    loaded.fileName(), scenario.name(), scenario.model().parameterCount(), scenario.cluster().chips(),
                    scenario.cluster().chip().id(), step.seconds(), step.memory().perChipBytes() / 1e9,
                    step.memory().capacityBytes() / 1e9, scenario.searchesPlan()
                            ? " (best searched plan: " + PlanFormat.describe(sim.search(scenario, 1).best().orElseThrow().plan()) + ")"
                            : ""));
        }
        return 0;
    }
}
