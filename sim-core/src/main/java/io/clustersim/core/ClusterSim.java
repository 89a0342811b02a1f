package io.clustersim.core;

import io.clustersim.core.engine.EngineRuntime;
import io.clustersim.core.engine.MonteCarloActor;
import io.clustersim.core.engine.TrialOutcome;
import io.clustersim.core.model.PlanValidator;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.StepModel;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.CheckpointStorage;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.core.run.RunModel;
import io.clustersim.core.run.RunResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point for embedding clustersim: runs scenarios and returns immutable reports. One
 * instance owns an actor system; it is safe to call {@link #run} from several threads at once,
 * and several instances may live in one JVM (there is no static mutable state).
 *
 * <pre>{@code
 * try (ClusterSim sim = ClusterSim.create(SimOptions.defaults())) {
 *     Report report = sim.run(scenario);
 *     System.out.println(report.run().wallClockDays().p90());
 * }
 * }</pre>
 */
public final class ClusterSim implements AutoCloseable {

    private final SimOptions options;
    private final EngineRuntime runtime;

    private ClusterSim(SimOptions options) {
        this.options = options;
        this.runtime = EngineRuntime.create(options.threads());
    }

    /** A simulator with the given options; close it when done. */
    public static ClusterSim create(SimOptions options) {
        return new ClusterSim(options);
    }

    /** Checks a scenario without running it: every problem, empty when it can run. */
    public List<Problem> check(Scenario scenario) {
        try {
            step(scenario);
            return List.of();
        } catch (InfeasibleScenarioException e) {
            return e.problems();
        }
    }

    /**
     * The step estimate of a scenario's plan (no run model).
     *
     * @throws InfeasibleScenarioException if the plan is invalid or does not fit in memory
     */
    public StepEstimate step(Scenario scenario) {
        List<Problem> problems = PlanValidator.problems(scenario.model(), scenario.cluster(), scenario.parallelism());
        if (!problems.isEmpty()) {
            throw new InfeasibleScenarioException(problems);
        }
        StepEstimate step = stepModel(scenario).estimate(scenario.model(), scenario.cluster(), scenario.parallelism());
        if (!step.memory().fits()) {
            throw new InfeasibleScenarioException(List.of(
                    new Problem("parallelism", "does not fit in memory: " + step.memory().explain())));
        }
        return step;
    }

    /** The step model for a scenario's software. */
    public static StepModel stepModel(Scenario scenario) {
        return new AnalyticStepModel(scenario.software());
    }

    /**
     * Runs the scenario: the step model, then {@code scenario.trials()} seeded trials of the run
     * model.
     *
     * @throws InfeasibleScenarioException if the scenario cannot run as stated
     */
    public Report run(Scenario scenario) {
        StepEstimate step = step(scenario);
        long steps = (long) Math.ceil(scenario.target().tokens() / step.tokensPerStep());
        double checkpointBytes = CheckpointStorage.checkpointBytes(scenario.model().parameterCount());
        RunModel runModel;
        CheckpointSpec checkpoint = scenario.checkpoint().resolve(checkpointBytes, scenario.cluster().chips());
        try {
            checkpoint.intervalSeconds(Double.POSITIVE_INFINITY); // refuses an async interval shorter than the copy
        } catch (IllegalArgumentException e) {
            throw new InfeasibleScenarioException(List.of(new Problem("checkpoint.interval", e.getMessage())));
        }
        try {
            runModel = new RunModel(scenario.cluster(), step.seconds(), steps, scenario.failures(), checkpoint,
                    scenario.stragglers(), replicas(scenario, step), scenario.seed());
        } catch (IllegalArgumentException e) {
            throw new InfeasibleScenarioException(List.of(new Problem("target.tokens", e.getMessage())));
        }
        List<TrialOutcome> outcomes = runtime.runTrials(new MonteCarloActor.Plan(scenario.trials(), runModel::trial,
                options.engine(), Math.max(2, 2 * options.threads()), options.stallTimeout(), options.progress()));
        List<RunResult> results = new ArrayList<>(outcomes.size());
        for (TrialOutcome outcome : outcomes) {
            results.add((RunResult) outcome.result());
        }
        return ReportAggregator.aggregate(scenario, step, runModel, results);
    }

    /**
     * The plan's data-parallel replicas for the run model: how many a node failure takes out (a
     * node holds chips of max(1, chips-per-node / (tp·cp)) replicas, TP and CP innermost), and the
     * step time on fewer replicas, each keeping its share of the batch — the step model re-evaluated
     * (memoised; a plan the step model refuses at that size keeps the full job's step time).
     */
    static RunModel.Replicas replicas(Scenario scenario, StepEstimate full) {
        ParallelismPlan p = scenario.parallelism();
        ClusterSpec cluster = scenario.cluster();
        int perNode = Math.max(1, cluster.chipsPerNode() / (p.tensor() * p.context()));
        int perReplicaBatch = p.globalBatch() / p.data();
        StepModel model = stepModel(scenario);
        Map<Integer, Double> memo = new ConcurrentHashMap<>();
        return new RunModel.Replicas(p.data(), perNode, k -> k >= p.data() || k <= 0 ? full.seconds()
                : memo.computeIfAbsent(k, dp -> {
                    long chips = (long) p.tensor() * p.context() * p.pipeline() * dp;
                    if (chips % cluster.chipsPerNode() != 0 || dp % p.expert() != 0) {
                        return full.seconds();
                    }
                    ParallelismPlan smaller = new ParallelismPlan(p.tensor(), p.pipeline(), dp, p.microBatch(),
                            perReplicaBatch * dp, p.context(), p.expert(), p.virtualStages(), p.sequenceParallel(),
                            p.zeroStage(), p.recompute());
                    ClusterSpec fewer = new ClusterSpec(cluster.chip(), (int) chips, cluster.chipsPerNode(),
                            cluster.scaleUpDomainChips(), cluster.scaleOut());
                    try {
                        return model.estimate(scenario.model(), fewer, smaller).seconds();
                    } catch (RuntimeException e) {
                        return full.seconds();
                    }
                }));
    }

    @Override
    public void close() {
        runtime.close();
    }
}
