package io.clustersim.core;

import io.clustersim.core.engine.EngineRuntime;
import io.clustersim.core.engine.SimulationException;
import io.clustersim.core.model.CriticalBatch;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.FleetStepEstimate;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.plan.FleetSizer;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.CheckpointStorage;
import io.clustersim.core.run.RunModel;
import io.clustersim.core.run.RunResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a planned scenario: builds its run model with every check a run makes before its trials
 * (the checkpoint interval, the token budget, the load-time event estimate), has its Monte Carlo
 * trials run by a {@link TrialExecutor}, and aggregates them into a {@link Report} checked by
 * {@link ReportInvariants}. The last stage of the {@code ClusterSim} facade's pipeline; it knows
 * nothing of plan search or fleet sizing beyond what it is handed.
 *
 * <pre>{@code
 * ScenarioRunner runner = new ScenarioRunner(runtimeSupplier, options);
 * Report r = ScenarioRunner.report(runner.simulate(Planner.planned(scenario, Planner.Searches.SERIAL), TrialExecutor.LOCAL));
 * }</pre>
 */
final class ScenarioRunner {

    private final Supplier<EngineRuntime> runtime; // started on the first trial, never by a check
    private final SimOptions options;

    ScenarioRunner(Supplier<EngineRuntime> runtime, SimOptions options) {
        this.runtime = runtime;
        this.options = options;
    }

    /** A planned scenario with its Monte Carlo trials run. */
    record Simulation(Planner.Planned planned, RunModel runModel, List<RunResult> results) {
    }

    /**
     * The run model of a planned scenario, its trials not yet run: every check a run makes before
     * its first trial.
     *
     * @throws InfeasibleScenarioException with the problem a run would refuse the scenario for
     */
    Trials prepare(Planner.Planned planned) {
        Scenario scenario = planned.scenario();
        FleetStepEstimate fleetStep = planned.fleetStep();
        StepEstimate step = fleetStep.step();
        TokenBudget tokens = planned.tokens();
        double checkpointBytes = CheckpointStorage.checkpointBytes(scenario.model().parameterCount());
        RunModel runModel;
        CheckpointSpec checkpoint = scenario.checkpoint().resolve(checkpointBytes, scenario.cluster().chips());
        try {
            checkpoint.intervalSeconds(Double.POSITIVE_INFINITY); // refuses an async interval shorter than the copy
        } catch (IllegalArgumentException e) {
            throw new InfeasibleScenarioException(List.of(new Problem("checkpoint.interval", e.getMessage())));
        }
        try {
            runModel = new RunModel(scenario.cluster(), step.seconds(), tokens.steps(), scenario.failures(), checkpoint,
                    scenario.stragglers(), RunInputs.replicas(scenario, step), scenario.seed(),
                    RunInputs.layout(scenario, fleetStep));
        } catch (IllegalArgumentException e) {
            throw new InfeasibleScenarioException(List.of(new Problem("target.tokens", e.getMessage())));
        }
        String refusal = runModel.eventEstimate().refusal();
        if (refusal != null) {
            throw new InfeasibleScenarioException(List.of(new Problem("failures", refusal)));
        }
        return new Trials(scenario, runModel, runtime, options);
    }

    /** The planned scenario's trials, run by {@code executor}. */
    Simulation simulate(Planner.Planned planned, TrialExecutor executor) {
        Trials trials = prepare(planned);
        List<RunResult> results = executor.execute(trials);
        if (results.size() != trials.count()) {
            throw new SimulationException("the trial executor returned " + results.size()
                    + " results for " + trials.count() + " trials");
        }
        return new Simulation(planned, trials.runModel(), List.copyOf(results));
    }

    /**
     * The report of a simulation, checked by {@link ReportInvariants} (a wrong report is an
     * internal error, never printed).
     */
    static Report report(Simulation sim) {
        Planner.Planned p = sim.planned();
        Report report = ReportAggregator.aggregate(p.scenario(), Planner.resolvedFleet(p.scenario()), p.fleetStep(),
                p.tokens(), sim.runModel(), sim.results(), warnings(p.scenario(), p.tokens()), p.search());
        ReportInvariants.check(report);
        return report;
    }

    /**
     * The report of a deadline's chosen simulation: its {@link #report(Simulation) report} (built
     * once, e.g. when it was priced) with the deadline's fleet sizing, checked again.
     *
     * @param report          {@code report(sim)}
     * @param sizing          the deadline's fleet sizing
     * @param failureFreeDays failure-free days of every fleet the sizing looked at
     * @param datacenters     with a deadline over datacenters, the names of each candidate set by its
     *                        chips; {@code null} when it sized one datacenter's chips
     */
    static Report sized(Report report, Simulation sim, FleetSizer.Sizing sizing, Map<Integer, Double> failureFreeDays,
                        Map<Integer, List<String>> datacenters) {
        Report sized = report.withDeadline(ReportAggregator.deadline(sizing, failureFreeDays, sim.results(), datacenters,
                sim.planned().scenario().fleet().names()));
        ReportInvariants.check(sized);
        return sized;
    }

    /** What the report should warn about: defaults that matter, limits the plan runs into. */
    static List<String> warnings(Scenario scenario, TokenBudget tokens) {
        List<String> warnings = new ArrayList<>();
        CrossDcSpec crossDc = scenario.crossDc();
        if (scenario.fleet().multiSite() && crossDc.method() == CrossDcSpec.Method.DILOCO && !crossDc.tokenEfficiencyStated()) {
            warnings.add(String.format(Locale.ROOT, "parallelism.diloco.token-efficiency not given: DiLoCo with H = %d is"
                    + " assumed to reach the target on as many tokens as synchronous training (1.0); published runs"
                    + " need more tokens as H grows, so the wall clock is optimistic", crossDc.innerSteps()));
        }
        if (scenario.parallelism() != null && !scenario.fleet().multiSite()) {
            // the expert-parallel group spans e·etp consecutive chips; one that does not tile the scale-up
            // domain straddles two of them somewhere, which GroupPlacement prices as inside one
            int domain = scenario.cluster().effectiveScaleUpDomainChips();
            int span = scenario.parallelism().expert() * scenario.parallelism().expertTensor();
            if (span > 1 && span < domain && domain % span != 0) {
                warnings.add(String.format(Locale.ROOT, "fleet.scale-up-domain: expert-parallel groups of %d chips do not"
                        + " tile its %d-chip domains, so some straddle two, which the model prices as inside one"
                        + " (optimistic); use a multiple of %d chips per domain, as NVIDIA's NVL72 runs use 64 of each"
                        + " rack's 72", span, domain, span));
            }
        }
        if (tokens.pastCritical()) {
            String source = scenario.criticalBatch().mode() == CriticalBatch.Mode.KAPLAN
                    ? "Kaplan et al. 2020" : "scenario";
            String cost = tokens.criticalFactor() == 1.0
                    ? "target.tokens is taken to hold at this batch; set target.reference-batch to the batch it holds"
                            + " at to charge the extra tokens"
                    : String.format(Locale.ROOT, "the run needs %.2f× the tokens it needs at the reference batch of %.3g",
                            tokens.criticalFactor(), tokens.referenceTokens());
            warnings.add(String.format(Locale.ROOT, "the global batch of %.3g tokens is %.1f× the critical batch (%.3g"
                            + " tokens, %s): beyond it more replicas buy few fewer steps; %s",
                    tokens.batchTokens(), tokens.batchTokens() / tokens.criticalTokens(), tokens.criticalTokens(), source, cost));
        }
        return warnings;
    }
}
