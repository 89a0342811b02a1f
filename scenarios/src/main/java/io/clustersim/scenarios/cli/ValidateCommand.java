package io.clustersim.scenarios.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clustersim.core.ClusterSim;
import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.plan.PlanFormat;
import io.clustersim.scenarios.LoadedScenario;
import io.clustersim.scenarios.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code clustersim validate <scenario>}: check a scenario without running the run model. With
 * {@code --format json} it prints {@code {"file", "valid", "problems": [{file, line, key,
 * message}], ...}} on standard output (every problem found, located) and still exits 2 when
 * there is one.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a scenario: syntax, keys, values, and whether the plan can run (fits in memory).")
final class ValidateCommand implements Callable<Integer> {

    enum Format { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<scenario>", description = "Scenario file (HOCON or JSON); - reads standard input.")
    Path scenarioFile;

    @Option(names = "--format", defaultValue = "text",
            description = "text: one line (problems on stderr); json: a document with every problem, located. (default ${DEFAULT-VALUE})")
    Format format;

    @CommandLine.Mixin
    OutputOptions io;

    @Override
    public Integer call() {
        List<ScenarioException> problems = new ArrayList<>();
        LoadedScenario loaded;
        try {
            loaded = io.load(scenarioFile);
        } catch (ScenarioException e) {
            if (format == Format.text) {
                throw e;
            }
            problems.add(e); // the loader stops at its first mistake
            return json(scenarioFile.toString(), problems, null, null, null);
        }
        Scenario scenario = loaded.scenario();
        // validate makes the checks run makes before its trials, and nothing more: the actor system
        // starts only with a first run, never here; a searched plan's scan uses every core
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults())) {
            ClusterSim.Checked checked;
            try {
                checked = sim.validate(scenario);
            } catch (InfeasibleScenarioException e) {
                for (Problem p : e.problems()) {
                    problems.add(loaded.locate(p));
                }
                if (format == Format.json) {
                    return json(loaded.fileName(), problems, scenario, null, null);
                }
                problems.forEach(p -> spec.commandLine().getErr().println(p.getMessage()));
                return ClusterSimCli.EXIT_SCENARIO_ERROR;
            }
            StepEstimate step = checked.fleetStep().step();
            Scenario s = checked.scenario();
            String best = scenario.searchesPlan() ? PlanFormat.describe(s.parallelism()) : null;
            if (format == Format.json) {
                return json(loaded.fileName(), problems, s, step, best);
            }
            io.emit(String.format(Locale.ROOT,
                    "%s: OK — %s, %.3g parameters on %d × %s; step %.3f s, %.1f of %.1f GB per chip%s%n",
                    ScenarioException.shorten(loaded.fileName()), ScenarioException.shorten(scenario.name()),
                    s.model().parameterCount(), s.cluster().chips(), s.cluster().chip().id(), step.seconds(),
                    step.memory().perChipBytes() / 1e9, step.memory().capacityBytes() / 1e9,
                    best != null ? " (best searched plan: " + best + ")" : ""));
        }
        return 0;
    }

    /** Writes the JSON verdict; exit 0 when valid, 2 when not. */
    private int json(String file, List<ScenarioException> problems, Scenario scenario, StepEstimate step, String best) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("file", file);
        root.put("valid", problems.isEmpty());
        ArrayNode list = root.putArray("problems");
        for (ScenarioException p : problems) {
            ObjectNode n = list.addObject();
            n.put("file", p.file());
            n.put("line", p.line());
            n.put("key", p.key());
            n.put("message", p.problem());
            n.put("text", p.getMessage());
        }
        if (scenario != null) {
            root.put("scenario", scenario.name());
            root.put("parameters", scenario.model().parameterCount());
            root.put("chips", scenario.cluster().chips());
            root.put("chip", scenario.cluster().chip().id());
        }
        if (step != null) {
            root.put("stepSeconds", step.seconds());
            root.put("perChipBytes", step.memory().perChipBytes());
            root.put("capacityBytes", step.memory().capacityBytes());
            if (best != null) {
                root.put("bestPlan", best);
            }
        }
        try {
            io.emit(mapper.writeValueAsString(root) + System.lineSeparator());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise validation", e);
        }
        return problems.isEmpty() ? 0 : ClusterSimCli.EXIT_SCENARIO_ERROR;
    }
}
