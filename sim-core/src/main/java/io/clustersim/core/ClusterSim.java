package io.clustersim.core;

import io.clustersim.core.engine.EngineRuntime;
import io.clustersim.core.model.FleetStepEstimate;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.MultiDatacenterStepModel;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.StepModel;
import io.clustersim.core.plan.FleetCandidates;
import io.clustersim.core.plan.FleetSizer;
import io.clustersim.core.plan.PlanSearch;
import io.clustersim.core.plan.SearchResult;

import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * The entry point for embedding clustersim: checks, plans and runs scenarios and returns immutable
 * reports. One instance owns an actor system, started on its first run (checks, step estimates and
 * searches need none), and the helper threads of its plan searches ({@code threads - 1}, made on
 * the first search; with one thread a search runs in the caller's thread alone); it is safe to
 * call {@link #run} from several threads at once, and several instances may live in one JVM (there
 * is no static mutable state).
 *
 * <pre>{@code
 * try (ClusterSim sim = ClusterSim.create(SimOptions.defaults())) {
 *     Report report = sim.run(scenario);
 *     System.out.println(report.run().wallClockDays().p90());
 * }
 * }</pre>
 *
 * <p>A scenario may leave two things to the simulator: the plan ({@link Scenario#planSearch()}:
 * the fastest plan by {@link PlanSearch}) and the fleet size (a deadline in the target: the
 * smallest fleet that meets it, by {@link FleetSizer}, each candidate fleet with its own plan).
 * On a fleet of several datacenters the search ranks plans by the fleet's step under the
 * scenario's cross-datacenter scheme, and a deadline chooses how many of the listed datacenters
 * to use (the first k, in the order listed; {@link FleetCandidates#sites}).
 *
 * <p>Maintainer note: this class is a facade and holds no logic of its own. The work is done by
 * three classes of this package, each depending only on the ones after it and none on this class
 * ({@code PackageCycleTest}): {@link DeadlineSizer} (a deadline's candidate fleets),
 * {@link ScenarioRunner} (run model, trials, report) with {@link RunInputs} (the step model as the
 * run model's functions), and {@link Planner} (a concrete plan and its fleet step, or every reason
 * there is none). They live here, not in {@code plan} or {@code run}, because they take a
 * {@link Scenario}; the pure algorithms they call do live there.
 */
public final class ClusterSim implements AutoCloseable {

    /** How many layouts a search ranks for the report. */
    public static final int RANKED_LAYOUTS = Planner.RANKED_LAYOUTS;

    private final SimOptions options;
    private final ScenarioRunner runner;
    private final DeadlineSizer sizer;
    /** The actor system, started on the first run: checks, step estimates and searches need none. */
    private EngineRuntime runtime;
    /** The plan searches' threads, made on the first search with more than one thread ({@link #searchPool}). */
    private ForkJoinPool searchPool;

    private ClusterSim(SimOptions options) {
        this.options = options;
        this.runner = new ScenarioRunner(this::runtime, options);
        this.sizer = new DeadlineSizer(runner);
    }

    /** A simulator with the given options; close it when done. */
    public static ClusterSim create(SimOptions options) {
        return new ClusterSim(options);
    }

    /** Checks a scenario's plan without running it: every problem, empty when it can run. */
    public List<Problem> check(Scenario scenario) {
        try {
            Planner.planned(scenario, quietSearches());
            return List.of();
        } catch (InfeasibleScenarioException e) {
            return e.problems();
        }
    }

    /**
     * The step estimate of a scenario's plan on its whole fleet (no run model); for a searched
     * plan, the best plan's.
     *
     * @throws InfeasibleScenarioException if the plan is invalid, does not fit in memory, or a
     *                                     datacenter's chips exceed its power budget; or no searched
     *                                     plan fits
     */
    public StepEstimate step(Scenario scenario) {
        return Planner.planned(scenario, quietSearches()).fleetStep().step();
    }

    /**
     * The step of the whole fleet with each datacenter's own step and the WAN's cost (for a
     * searched plan, the best plan's).
     *
     * @throws InfeasibleScenarioException as {@link #step}
     */
    public FleetStepEstimate fleetStep(Scenario scenario) {
        return Planner.planned(scenario, quietSearches()).fleetStep();
    }

    /**
     * Searches the plans of the scenario's model on its fleet under its search space — or, for a
     * stated plan, everything under its global batch — keeping {@code keep} layouts. A fleet of
     * several datacenters is searched under its cross-datacenter scheme and ranked by the fleet's
     * step (the WAN's exposed time included).
     */
    public SearchResult search(Scenario scenario, int keep) {
        return Planner.search(scenario, keep, searches(TrialExecutor.LOCAL));
    }

    /**
     * The search of a scenario's plans ready to run whole or in slices of its layouts
     * ({@link PlanSearch.Task}), on this simulator's threads: what a cluster worker runs a slice of
     * for the coordinator.
     */
    public PlanSearch.Task searchTask(Scenario scenario) {
        return Planner.task(scenario, searchPool());
    }

    /** Searches run by {@code executor} on this simulator's threads, their progress told to the options' listener. */
    private Planner.Searches searches(TrialExecutor executor) {
        return new Planner.Searches(executor, searchPool(), options.progress()::onLayoutsSearched);
    }

    /** Searches run here, on this simulator's threads, telling no progress (checks and estimates). */
    private Planner.Searches quietSearches() {
        return new Planner.Searches(TrialExecutor.LOCAL, searchPool(), PlanSearch.Progress.NONE);
    }

    /**
     * The helpers of a plan search's thread, {@code options.threads() - 1} threads (the search's
     * own is the other), made on the first search; {@code null} for one thread: the caller's thread
     * scans the layouts alone, one unit after another.
     */
    private synchronized ForkJoinPool searchPool() {
        if (searchPool == null && options.threads() > 1) {
            searchPool = new ForkJoinPool(options.threads() - 1);
        }
        return searchPool;
    }

    /**
     * A scenario that passed every check a run makes before its trials ({@link #validate}).
     *
     * @param scenario  the scenario as it would run: a concrete plan (searched, if asked), the fleet
     *                  a deadline would start from
     * @param fleetStep its step on that fleet
     */
    public record Checked(Scenario scenario, FleetStepEstimate fleetStep) {
    }

    /**
     * What {@link #run} would check before starting any trial — the plan, memory, power, the run
     * model's clock and its event budget — without starting the actor system. For a deadline, the
     * candidate fleets are listed and the largest one that has a plan is checked.
     *
     * @return the scenario as it would run (its searched plan chosen; for a deadline, the largest
     *         runnable candidate) and its fleet step
     * @throws InfeasibleScenarioException with the problem {@link #run} would refuse the scenario for
     */
    public Checked validate(Scenario scenario) {
        Planner.Planned planned;
        if (scenario.target().deadline() != null) {
            planned = sizer.validate(scenario, quietSearches());
        } else {
            planned = Planner.planned(scenario, quietSearches());
            runner.prepare(planned);
        }
        return new Checked(planned.scenario(), planned.fleetStep());
    }

    /**
     * The trials of a scenario whose plan is stated (no search), ready to run in units: what a
     * cluster worker runs for the coordinator ({@link TrialExecutor}).
     *
     * @throws InfeasibleScenarioException if the scenario cannot run as stated
     */
    public Trials trials(Scenario concrete) {
        if (concrete.searchesPlan()) {
            throw new IllegalArgumentException("trials need a stated plan; the scenario searches one");
        }
        return runner.prepare(Planner.planned(concrete, Planner.Searches.SERIAL));
    }

    /**
     * Runs the scenario: the step model (after a plan search, if the scenario asks for one), then
     * {@code scenario.trials()} seeded trials of the run model. With a deadline, first finds the
     * smallest fleet that meets it and reports the run on that fleet.
     *
     * @throws InfeasibleScenarioException if the scenario cannot run as stated
     */
    public Report run(Scenario scenario) {
        return run(scenario, TrialExecutor.LOCAL);
    }

    /**
     * Runs the scenario as {@link #run(Scenario)}, its Monte Carlo trials (of the chosen fleet and of
     * every candidate fleet a deadline simulates) run by {@code executor}. The report is the same
     * for any executor that returns each trial's result as {@link Trials#run} computes it.
     *
     * @throws InfeasibleScenarioException if the scenario cannot run as stated
     */
    public Report run(Scenario scenario, TrialExecutor executor) {
        return run(scenario, executor, null);
    }

    /**
     * Runs the scenario as {@link #run(Scenario, TrialExecutor)}; with a deadline and
     * {@code cheapestBy} prices, the fleet chosen is the cheapest that meets the deadline (total
     * cost by {@link FleetPricing#total}, e.g. {@code CostModel.pricing}) instead of the smallest ({@link FleetSizer.Criterion#cheapest}).
     *
     * <pre>{@code
     * Report r = sim.run(scenario, TrialExecutor.LOCAL, CostModel.pricing(loaded.prices()));
     * }</pre>
     *
     * @param cheapestBy the prices; {@code null} to choose the smallest fleet
     * @throws InfeasibleScenarioException if the scenario cannot run as stated
     */
    public Report run(Scenario scenario, TrialExecutor executor, FleetPricing cheapestBy) {
        if (scenario.target().deadline() != null) {
            return sizer.run(scenario, cheapestBy, searches(executor));
        }
        return ScenarioRunner.report(runner.simulate(Planner.planned(scenario, searches(executor)), executor));
    }

    /**
     * The candidate fleet of {@code chips} chips that a deadline search looks at, before its plan
     * is searched: for one datacenter its cluster resized (a stated plan rescaled), for several the
     * first datacenters listed that hold {@code chips} chips together ({@link FleetCandidates#sites}),
     * with the plan rescaled or searched; {@code null} when a stated plan's fixed degrees do not
     * divide the chips. Public so a cluster worker rebuilds the candidate the coordinator simulates.
     */
    public static Scenario deadlineCandidate(Scenario scenario, int chips) {
        return DeadlineSizer.candidate(scenario, chips);
    }

    /** The single-site step model for a scenario's software (what {@link #step} evaluates on one site). */
    public static StepModel stepModel(Scenario scenario) {
        return Planner.stepModel(scenario);
    }

    /** The fleet's step model: the single-site model per datacenter plus the WAN. */
    public static MultiDatacenterStepModel fleetStepModel(Scenario scenario) {
        return Planner.fleetStepModel(scenario);
    }

    private synchronized EngineRuntime runtime() {
        if (runtime == null) {
            runtime = EngineRuntime.create(options.threads());
        }
        return runtime;
    }

    @Override
    public synchronized void close() {
        if (searchPool != null) {
            searchPool.shutdown(); // a later search (which needs no actor system) makes a new one
            searchPool = null;
        }
        if (runtime != null) {
            runtime.close();
        }
    }
}
