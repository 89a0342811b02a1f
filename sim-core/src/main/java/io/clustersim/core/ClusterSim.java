package io.clustersim.core;

import io.clustersim.core.engine.EngineRuntime;
import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.Calibration;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.FleetStepEstimate;
import io.clustersim.core.model.MultiDatacenterStepModel;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.StepModel;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.plan.Deadline;
import io.clustersim.core.plan.FleetCandidates;
import io.clustersim.core.plan.FleetSizer;
import io.clustersim.core.plan.PlanSearch;
import io.clustersim.core.plan.RankedPlan;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.FleetLayout;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.WanLink;
import io.clustersim.core.run.CheckpointStorage;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.core.run.RunModel;
import io.clustersim.core.run.RunResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;

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
 *
 * <p>A scenario may leave two things to the simulator: the plan ({@link Scenario#planSearch()}:
 * the fastest plan by {@link PlanSearch}) and the fleet size (a deadline in the target: the
 * smallest fleet that meets it, by {@link FleetSizer}, each candidate fleet with its own plan).
 * On a fleet of several datacenters the search ranks plans by the fleet's step under the
 * scenario's cross-datacenter scheme, and a deadline chooses how many of the listed datacenters
 * to use (the first k, in the order listed; {@link FleetCandidates#sites}).
 */
public final class ClusterSim implements AutoCloseable {

    /** How many layouts a search ranks for the report. */
    public static final int RANKED_LAYOUTS = 5;

    private final SimOptions options;
    /** The actor system, started on the first run: checks, step estimates and searches need none. */
    private EngineRuntime runtime;

    private ClusterSim(SimOptions options) {
        this.options = options;
    }

    /** A simulator with the given options; close it when done. */
    public static ClusterSim create(SimOptions options) {
        return new ClusterSim(options);
    }

    /** Checks a scenario without running it: every problem, empty when it can run. */
    public List<Problem> check(Scenario scenario) {
        try {
            planned(scenario);
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
        return planned(scenario).fleetStep().step();
    }

    /**
     * The step of the whole fleet with each datacenter's own step and the WAN's cost (for a
     * searched plan, the best plan's).
     *
     * @throws InfeasibleScenarioException as {@link #step}
     */
    public FleetStepEstimate fleetStep(Scenario scenario) {
        return planned(scenario).fleetStep();
    }

    /**
     * Searches the plans of the scenario's model on its fleet under its search space — or, for a
     * stated plan, everything under its global batch — keeping {@code keep} layouts. A fleet of
     * several datacenters is searched under its cross-datacenter scheme and ranked by the fleet's
     * step (the WAN's exposed time included).
     */
    public SearchResult search(Scenario scenario, int keep) {
        List<Problem> formats = precisionProblems(scenario.model(), scenario.fleet());
        if (!formats.isEmpty()) {
            throw new InfeasibleScenarioException(formats);
        }
        PlanSearch search = scenario.fleet().multiSite() ? new PlanSearch(fleetStepModel(scenario))
                : new PlanSearch(stepModel(scenario));
        return search.task(scenario.model(), scenario.fleet(), searchSpace(scenario))
                .search(0, 1, keep, options.progress()::onLayoutsSearched);
    }

    /** The scenario's search space; for a stated plan, everything searched under its global batch. */
    private static SearchSpace searchSpace(Scenario scenario) {
        return scenario.searchesPlan() ? scenario.planSearch() : new SearchSpace(scenario.globalBatch());
    }

    /** A scenario with a concrete plan, its fleet step, and the search that chose the plan (or null). */
    private record Planned(Scenario scenario, FleetStepEstimate fleetStep, SearchResult search) {
    }

    private Planned planned(Scenario scenario) {
        if (!scenario.searchesPlan()) {
            return new Planned(scenario, statedFleetStep(scenario), null);
        }
        SearchResult result = search(scenario, RANKED_LAYOUTS);
        RankedPlan best = result.best().orElseThrow(() -> new InfeasibleScenarioException(
                List.of(new Problem("parallelism", result.whyNone().orElseThrow()))));
        Scenario concrete = scenario.withParallelism(best.plan());
        return new Planned(concrete, statedFleetStep(concrete), result);
    }

    /** The fleet step of a stated plan, every problem found refused. */
    private FleetStepEstimate statedFleetStep(Scenario scenario) {
        Fleet fleet = resolvedFleet(scenario);
        List<Problem> problems = new ArrayList<>(powerProblems(fleet));
        problems.addAll(spareProblems(scenario));
        problems.addAll(precisionProblems(scenario.model(), fleet));
        if (!problems.isEmpty()) {
            throw new InfeasibleScenarioException(problems);
        }
        MultiDatacenterStepModel model = fleetStepModel(scenario);
        problems.addAll(model.problems(scenario.model(), fleet, scenario.parallelism()));
        if (!problems.isEmpty()) {
            throw new InfeasibleScenarioException(problems);
        }
        FleetStepEstimate step;
        try {
            step = model.estimate(scenario.model(), fleet, scenario.parallelism());
        } catch (IllegalArgumentException | ArithmeticException e) {
            // extreme but finite inputs (a chip of 1e-12 FLOP/s) can still give no finite step
            throw new InfeasibleScenarioException(List.of(new Problem("parallelism", "the step model gives no finite"
                    + " step time for this fleet and plan (" + e.getMessage() + "): check the chip's FLOP/s and the"
                    + " bandwidths for values far out of scale")));
        }
        for (int i = 0; i < step.sites().size(); i++) {
            StepEstimate site = step.sites().get(i);
            if (!site.memory().fits()) {
                String where = step.sites().size() > 1 ? fleet.datacenters().get(i).name() + ": " : "";
                problems.add(new Problem("parallelism", where + "does not fit in memory: " + site.memory().explain()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InfeasibleScenarioException(problems);
        }
        return step;
    }

    /** Datacenters whose chip has no peak for the model's number format, each a problem at {@code model.precision}. */
    static List<Problem> precisionProblems(io.clustersim.core.model.TransformerSpec model, Fleet fleet) {
        List<Problem> problems = new ArrayList<>();
        for (Datacenter dc : fleet.datacenters()) {
            io.clustersim.topology.ChipSpec chip = dc.cluster().chip();
            if (!chip.supports(model.precision())) {
                problems.add(new Problem("model.precision", chip.displayName() + " has no " + model.precision().key()
                        + " peak in the catalog"));
            }
        }
        return problems;
    }

    /** Datacenters whose chips and spares need more power than their budget, each a problem. */
    static List<Problem> powerProblems(Fleet fleet) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < fleet.datacenters().size(); i++) {
            Datacenter dc = fleet.datacenters().get(i);
            String shortfall = dc.powerShortfall();
            if (shortfall != null) {
                problems.add(new Problem(datacenterKey(i, "power.budget"),
                        (fleet.multiSite() ? dc.name() + ": " : "") + shortfall));
            }
        }
        return problems;
    }

    /**
     * The scenario's fleet with each datacenter's spare nodes resolved: its own pool if it has one,
     * else the fleet-wide {@code failures.spares} pool when that is limited (both count in the
     * power budget); -1 (unlimited, not powered) otherwise.
     */
    public static Fleet resolvedFleet(Scenario scenario) {
        var spares = scenario.failures().spares();
        if (!spares.limited()) {
            return scenario.fleet();
        }
        List<Datacenter> dcs = new ArrayList<>();
        for (Datacenter dc : scenario.fleet().datacenters()) {
            dcs.add(dc.hotSpareNodes() >= 0 ? dc : dc.withHotSpareNodes(spares.perDatacenter()));
        }
        return scenario.fleet().withDatacenters(dcs);
    }

    /** A datacenter's own limited spare pool needs repair times for the failures that take nodes. */
    static List<Problem> spareProblems(Scenario scenario) {
        List<Problem> problems = new ArrayList<>();
        boolean unrepaired = scenario.failures().classes().stream().anyMatch(c -> c.ratePerComponentHour() > 0
                && c.effect() == io.clustersim.core.run.FailureClass.Effect.REPLACE_NODE && c.repair() == null);
        for (int i = 0; i < scenario.fleet().datacenters().size(); i++) {
            if (unrepaired && scenario.fleet().datacenters().get(i).hotSpareNodes() >= 0) {
                problems.add(new Problem(datacenterKey(i, "hot-spare-nodes"), "with a limited spare pool failed nodes"
                        + " must come back from repair: give failures.repair-median and failures.repair-sigma"));
            }
        }
        return problems;
    }

    /**
     * The scenario key of a datacenter's setting, {@code fleet.datacenters[i].<key>}; the
     * scenario loader maps it to {@code fleet.<key>} for a file that describes one datacenter
     * without the list.
     */
    public static String datacenterKey(int index, String key) {
        return "fleet.datacenters[" + index + "]." + key;
    }

    /** The single-site step model for a scenario's software. */
    public static StepModel stepModel(Scenario scenario) {
        return new AnalyticStepModel(scenario.software());
    }

    /** The fleet's step model: the single-site model per datacenter plus the WAN. */
    public static MultiDatacenterStepModel fleetStepModel(Scenario scenario) {
        return new MultiDatacenterStepModel(stepModel(scenario), Calibration.standard(), scenario.software(),
                scenario.crossDc());
    }

    /** A planned scenario with its Monte Carlo trials run. */
    private record Simulation(Planned planned, TokenBudget tokens, RunModel runModel, List<RunResult> results) {
    }

    private synchronized EngineRuntime runtime() {
        if (runtime == null) {
            runtime = EngineRuntime.create(options.threads());
        }
        return runtime;
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
        Deadline deadline = scenario.target().deadline();
        if (deadline == null) {
            Planned planned = planned(scenario);
            prepare(planned);
            return new Checked(planned.scenario(), planned.fleetStep());
        }
        if (scenario.fleet().multiSite()) {
            return validateOverSites(scenario, deadline);
        }
        List<Integer> sizes = FleetCandidates.sizes(scenario.model(), scenario.cluster(),
                scenario.searchesPlan() ? null : scenario.parallelism(), searchSpace(scenario), deadline);
        List<Scenario> largestFirst = new ArrayList<>();
        for (int i = sizes.size() - 1; i >= 0; i--) {
            Scenario resized = scenario.withCluster(FleetCandidates.resize(scenario.cluster(), sizes.get(i)));
            if (!resized.searchesPlan()) {
                resized = resized.withParallelism(FleetCandidates.scaled(scenario.parallelism(), sizes.get(i)));
            }
            largestFirst.add(resized);
        }
        return firstRunnable(largestFirst, "no candidate fleet between the minimum and the stated chips has a valid plan");
    }

    /**
     * The checks of {@link #validate} on the first candidate (largest first) that has a plan; the
     * first candidate's refusal, or {@code none}, when none has.
     */
    private Checked firstRunnable(List<Scenario> largestFirst, String none) {
        InfeasibleScenarioException first = null;
        for (Scenario candidate : largestFirst) {
            Planned planned;
            try {
                planned = planned(candidate);
            } catch (InfeasibleScenarioException e) {
                first = first == null ? e : first;
                continue;
            }
            prepare(planned);
            return new Checked(planned.scenario(), planned.fleetStep());
        }
        throw first != null ? first : new InfeasibleScenarioException(List.of(new Problem("target.deadline", none)));
    }

    /** A deadline's candidate sets of datacenters (the first 1, 2, ... listed), refused when there are none. */
    private static List<FleetCandidates.Sites> candidateSites(Scenario scenario, Deadline deadline) {
        if (deadline.chipsStep() > 0) {
            throw new InfeasibleScenarioException(List.of(new Problem("target.chips-step", "with several datacenters"
                    + " the candidates are whole datacenters (the first 1, 2, ... in the order listed); drop chips-step")));
        }
        List<FleetCandidates.Sites> sets = FleetCandidates.sites(scenario.fleet(), deadline);
        if (sets.isEmpty()) {
            throw new InfeasibleScenarioException(List.of(new Problem("target.deadline", String.format(Locale.ROOT,
                    "no set of the first datacenters listed is connected by its own WAN links and has at least %d"
                            + " chips", deadline.minChips()))));
        }
        return sets;
    }

    /** {@link #validate} for a deadline over datacenters: the checks of {@link #runOverSites} before its trials. */
    private Checked validateOverSites(Scenario scenario, Deadline deadline) {
        List<FleetCandidates.Sites> sets = candidateSites(scenario, deadline);
        List<Scenario> largestFirst = new ArrayList<>();
        for (int i = sets.size() - 1; i >= 0; i--) {
            FleetCandidates.Sites set = sets.get(i);
            ParallelismPlan plan = null;
            if (!scenario.searchesPlan()) {
                plan = FleetCandidates.scaled(scenario.parallelism(), set.chips(), scenario.crossDc().method());
                if (plan == null) {
                    continue;
                }
            }
            largestFirst.add(scenario.withFleet(set.fleet(), plan));
        }
        return firstRunnable(largestFirst, "no plan runs on any candidate set of datacenters");
    }

    private Simulation simulate(Planned planned, TrialExecutor executor) {
        Trials trials = prepare(planned);
        List<RunResult> results = executor.execute(trials);
        if (results.size() != trials.count()) {
            throw new io.clustersim.core.engine.SimulationException("the trial executor returned " + results.size()
                    + " results for " + trials.count() + " trials");
        }
        return new Simulation(planned, TokenBudget.of(planned.scenario(), planned.fleetStep()), trials.runModel(),
                List.copyOf(results));
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
        return prepare(planned(concrete));
    }

    /** The run model of a planned scenario, its trials not yet run. */
    private Trials prepare(Planned planned) {
        Scenario scenario = planned.scenario();
        FleetStepEstimate fleetStep = planned.fleetStep();
        StepEstimate step = fleetStep.step();
        TokenBudget tokens = TokenBudget.of(scenario, fleetStep);
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
                    scenario.stragglers(), replicas(scenario, step), scenario.seed(), layout(scenario, fleetStep));
        } catch (IllegalArgumentException e) {
            throw new InfeasibleScenarioException(List.of(new Problem("target.tokens", e.getMessage())));
        }
        String refusal = runModel.eventEstimate().refusal();
        if (refusal != null) {
            throw new InfeasibleScenarioException(List.of(new Problem("failures", refusal)));
        }
        return new Trials(scenario, runModel, this::runtime, options);
    }

    private static Report report(Simulation sim, FleetSizer.Sizing sizing, Map<Integer, Double> failureFreeDays) {
        return report(sim, sizing, failureFreeDays, null);
    }

    /**
     * @param datacenters with a deadline over datacenters, the names of each candidate set by its
     *                    chips; {@code null} when the deadline sized the chips of one datacenter
     */
    private static Report report(Simulation sim, FleetSizer.Sizing sizing, Map<Integer, Double> failureFreeDays,
                                 Map<Integer, List<String>> datacenters) {
        Planned p = sim.planned();
        Report report = ReportAggregator.aggregate(p.scenario(), p.fleetStep(), sim.tokens(), sim.runModel(), sim.results(),
                warnings(p.scenario(), p.fleetStep(), sim.tokens()), p.search(), sizing, failureFreeDays, datacenters);
        ReportInvariants.check(report); // a wrong report is an internal error, never printed
        return report;
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
        Deadline deadline = scenario.target().deadline();
        if (deadline == null) {
            return report(simulate(planned(scenario), executor), null, Map.of());
        }
        if (scenario.fleet().multiSite()) {
            return runOverSites(scenario, deadline, executor, cheapestBy);
        }
        List<Integer> sizes = FleetCandidates.sizes(scenario.model(), scenario.cluster(),
                scenario.searchesPlan() ? null : scenario.parallelism(), searchSpace(scenario), deadline);
        if (sizes.isEmpty()) {
            throw new InfeasibleScenarioException(List.of(new Problem("target.deadline", String.format(Locale.ROOT,
                    "no fleet between %d and %d chips (in steps of %s) has a valid %s for this model and global batch",
                    Math.max(deadline.minChips(), 1), scenario.cluster().chips(),
                    deadline.chipsStep() > 0 ? String.valueOf(deadline.chipsStep()) : "the default",
                    scenario.searchesPlan() ? "layout" : "plan"))));
        }
        Candidates candidates = new Candidates(deadline, executor, cheapestBy);
        FleetSizer.Sizing sizing = candidates.solve(sizes, chips ->
                candidates.failureFreeDays(chips, deadlineCandidate(scenario, chips), Problem::message));
        if (sizing == null) {
            int largest = sizes.get(sizes.size() - 1);
            throw new InfeasibleScenarioException(List.of(new Problem("target.deadline", "no plan runs on any "
                    + "candidate fleet; on the largest, " + largest + " chips: " + candidates.whyNot.get(largest))));
        }
        return report(candidates.simulations.get(sizing.chips()), sizing, candidates.failureFree);
    }

    /**
     * What a deadline search learns about its candidate fleets, by chips: the plan and failure-free
     * days of each that runs, why each that does not, and the simulation of each it simulated.
     */
    private final class Candidates {
        final Deadline deadline;
        final TrialExecutor executor;
        final Map<Integer, Planned> plans = new HashMap<>();
        final Map<Integer, Double> failureFree = new HashMap<>();
        final Map<Integer, Simulation> simulations = new HashMap<>();
        final Map<Integer, String> whyNot = new HashMap<>();
        final FleetPricing prices; // null: the smallest timely fleet

        Candidates(Deadline deadline, TrialExecutor executor, FleetPricing prices) {
            this.deadline = deadline;
            this.executor = executor;
            this.prices = prices;
        }

        /** {@link FleetSizer#solve} over these candidates, simulating the ones it asks for. */
        FleetSizer.Sizing solve(List<Integer> sizes, IntToDoubleFunction failureFreeDays) {
            FleetSizer.Criterion criterion = prices == null ? FleetSizer.Criterion.SMALLEST
                    : FleetSizer.Criterion.cheapest(this::failureFreeCost);
            return FleetSizer.solve(deadline, sizes, failureFreeDays, chips -> {
                Simulation sim = simulate(plans.get(chips), executor);
                simulations.put(chips, sim);
                double days = ReportAggregator.wallClockDaysAt(sim.results(), deadline.percentile());
                if (prices == null) {
                    return FleetSizer.Outcome.of(chips, days);
                }
                return FleetSizer.Outcome.of(chips, days, prices.total(report(sim, null, Map.of())));
            }, criterion);
        }

        /**
         * A lower bound on a planned candidate's total cost: its datacenters' job chips at their
         * chip-hour price for its failure-free wall clock. Every billing bills at least that (the
         * steps take that long whatever fails); energy and spares only add.
         */
        double failureFreeCost(int chips) {
            double hours = failureFree.get(chips) * 24;
            double cost = 0;
            for (Datacenter dc : plans.get(chips).scenario().fleet().datacenters()) {
                cost += dc.chips() * prices.chipHour(dc.name()) * hours;
            }
            return cost;
        }

        /**
         * Plans the candidate and returns its failure-free days, or NaN when nothing fits on it
         * (keeping {@code reason} of the first problem as why not).
         */
        double failureFreeDays(int chips, Scenario candidate, Function<Problem, String> reason) {
            Planned planned;
            try {
                planned = planned(candidate);
            } catch (InfeasibleScenarioException e) {
                return notFitting(chips, reason.apply(e.problems().get(0)));
            }
            plans.put(chips, planned);
            double days = TokenBudget.of(planned.scenario(), planned.fleetStep()).steps()
                    * planned.fleetStep().step().seconds() / 86_400;
            failureFree.put(chips, days);
            return days;
        }

        /** Records why nothing fits on the candidate; NaN, as {@link FleetSizer#solve} expects then. */
        double notFitting(int chips, String reason) {
            whyNot.put(chips, reason);
            return Double.NaN;
        }
    }

    /**
     * The candidate fleet of {@code chips} chips that a deadline search looks at, before its plan
     * is searched: for one datacenter its cluster resized (a stated plan rescaled), for several the
     * first datacenters listed that hold {@code chips} chips together ({@link FleetCandidates#sites}),
     * with the plan rescaled or searched; {@code null} when a stated plan's fixed degrees do not
     * divide the chips. Public so a cluster worker rebuilds the candidate the coordinator simulates.
     */
    public static Scenario deadlineCandidate(Scenario scenario, int chips) {
        Deadline deadline = scenario.target().deadline();
        if (!scenario.fleet().multiSite()) {
            Scenario resized = scenario.withCluster(FleetCandidates.resize(scenario.cluster(), chips));
            return resized.searchesPlan() ? resized
                    : resized.withParallelism(FleetCandidates.scaled(scenario.parallelism(), chips));
        }
        for (FleetCandidates.Sites set : FleetCandidates.sites(scenario.fleet(), deadline)) {
            if (set.chips() != chips) {
                continue;
            }
            ParallelismPlan plan = null; // a search per candidate
            if (!scenario.searchesPlan()) {
                plan = FleetCandidates.scaled(scenario.parallelism(), chips, scenario.crossDc().method());
                if (plan == null) {
                    return null;
                }
            }
            return scenario.withFleet(set.fleet(), plan);
        }
        throw new IllegalArgumentException("no candidate set of datacenters has " + chips + " chips");
    }

    /**
     * A deadline on a fleet of several datacenters: the candidates are the first k datacenters in
     * the order listed (with the links among them), each with the scenario's plan rescaled
     * ({@link FleetCandidates#scaled(ParallelismPlan, int, CrossDcSpec.Method)}) or its own search.
     */
    private Report runOverSites(Scenario scenario, Deadline deadline, TrialExecutor executor,
                                FleetPricing cheapestBy) {
        List<FleetCandidates.Sites> sets = candidateSites(scenario, deadline);
        Map<Integer, FleetCandidates.Sites> bySize = new HashMap<>();
        List<Integer> sizes = new ArrayList<>();
        for (FleetCandidates.Sites set : sets) {
            bySize.put(set.chips(), set);
            sizes.add(set.chips());
        }
        Candidates candidates = new Candidates(deadline, executor, cheapestBy);
        FleetSizer.Sizing sizing = candidates.solve(sizes, chips -> {
            Scenario candidate = deadlineCandidate(scenario, chips);
            if (candidate == null) {
                return candidates.notFitting(chips, "the plan's fixed degrees do not divide " + chips + " chips");
            }
            return candidates.failureFreeDays(chips, candidate, p -> p.key() + ": " + p.message());
        });
        if (sizing == null) {
            int largest = sizes.get(sizes.size() - 1);
            throw new InfeasibleScenarioException(List.of(new Problem("target.deadline", "no plan runs on any "
                    + "candidate set of datacenters; on all " + bySize.get(largest).count() + " listed, " + largest
                    + " chips: " + candidates.whyNot.get(largest))));
        }
        Map<Integer, List<String>> names = new HashMap<>();
        bySize.forEach((chips, set) -> names.put(chips, set.fleet().names()));
        return report(candidates.simulations.get(sizing.chips()), sizing, candidates.failureFree, names);
    }

    /** What the report should warn about: defaults that matter, limits the plan runs into. */
    static List<String> warnings(Scenario scenario, FleetStepEstimate step, TokenBudget tokens) {
        List<String> warnings = new ArrayList<>();
        CrossDcSpec crossDc = scenario.crossDc();
        if (scenario.fleet().multiSite() && crossDc.method() == CrossDcSpec.Method.DILOCO && !crossDc.tokenEfficiencyStated()) {
            warnings.add(String.format(Locale.ROOT, "parallelism.diloco.token-efficiency not given: DiLoCo with H = %d is"
                    + " assumed to reach the target on as many tokens as synchronous training (1.0); published runs"
                    + " need more tokens as H grows, so the wall clock is optimistic", crossDc.innerSteps()));
        }
        if (tokens.pastCritical()) {
            String source = scenario.criticalBatch().mode() == io.clustersim.core.model.CriticalBatch.Mode.KAPLAN
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

    /**
     * The plan's data-parallel replicas for the run model: how many a node failure takes out (a
     * node holds chips of max(1, chips-per-node / (tp·cp)) replicas, TP and CP innermost), and the
     * step time on fewer replicas, each keeping its share of the batch — the step model re-evaluated
     * (memoised; a plan the step model refuses at that size keeps the full job's step time).
     */
    public static RunModel.Replicas replicas(Scenario scenario, StepEstimate full) {
        ParallelismPlan p = scenario.parallelism();
        ClusterSpec cluster = scenario.cluster();
        int perNode = Math.max(1, cluster.chipsPerNode() / (p.tensor() * p.context()));
        if (scenario.fleet().multiSite()) {
            // several datacenters: a lost node's replicas cost their share of the tokens, the step
            // time stays (losing whole datacenters is the layout's business, re-evaluated there)
            return RunModel.Replicas.uniform(p.data(), perNode, full.seconds());
        }
        int perReplicaBatch = p.globalBatch() / p.data();
        StepModel model = stepModel(scenario);
        Map<Integer, Double> memo = new ConcurrentHashMap<>();
        return new RunModel.Replicas(p.data(), perNode, k -> k >= p.data() || k <= 0 ? full.seconds()
                : memo.computeIfAbsent(k, dp -> {
                    long chips = (long) p.tensor() * p.context() * p.pipeline() * dp;
                    if (chips % cluster.chipsPerNode() != 0
                            || (long) p.tensor() * p.context() * dp % ((long) p.expert() * p.expertTensor()) != 0) {
                        return full.seconds();
                    }
                    ParallelismPlan smaller = new ParallelismPlan(p.tensor(), p.pipeline(), dp, p.microBatch(),
                            perReplicaBatch * dp, p.context(), p.expert(), p.virtualStages(), p.sequenceParallel(),
                            p.zeroStage(), p.recompute(), p.expertTensor(), p.shardGroupFor(dp));
                    ClusterSpec fewer = new ClusterSpec(cluster.chip(), (int) chips, cluster.chipsPerNode(),
                            cluster.scaleUpDomainChips(), cluster.scaleOut());
                    try {
                        return model.estimate(scenario.model(), fewer, smaller).seconds();
                    } catch (RuntimeException e) {
                        return full.seconds();
                    }
                }));
    }

    /** Hours in a year (365.25 days), for cut rates given per year. */
    private static final double HOURS_PER_YEAR = 8_766;

    /**
     * The fleet's datacenters and WAN links for the run model: each site's chips, nodes and own
     * spare pool, each link's cuts, the scenario's policy for a lost site, and the job's throughput
     * on any connected part of the fleet (the fleet step re-evaluated there, memoised).
     */
    static FleetLayout layout(Scenario scenario, FleetStepEstimate full) {
        Fleet fleet = scenario.fleet();
        List<FleetLayout.Site> sites = new ArrayList<>();
        for (Datacenter dc : fleet.datacenters()) {
            sites.add(new FleetLayout.Site(dc.name(), dc.chips(), dc.cluster().nodes(), dc.hotSpareNodes()));
        }
        if (!fleet.multiSite()) {
            return new FleetLayout(sites, List.of(), FleetLayout.SiteLossPolicy.WAIT, (a, b) -> 1.0);
        }
        List<FleetLayout.Link> links = new ArrayList<>();
        for (WanLink l : fleet.links()) {
            WanLink.Reliability r = l.reliability();
            links.add(new FleetLayout.Link(l.a() + "–" + l.b(), fleet.indexOf(l.a()), fleet.indexOf(l.b()),
                    r.cutsPerYear() / HOURS_PER_YEAR, r.cutsPerYear() > 0
                            ? new io.clustersim.core.run.FailureClass.RepairTime(r.repairMedianSeconds(), r.repairSigma()) : null));
        }
        FleetLayout.SiteLossPolicy policy = scenario.crossDc().onSiteLoss() == CrossDcSpec.SiteLoss.CONTINUE
                ? FleetLayout.SiteLossPolicy.CONTINUE : FleetLayout.SiteLossPolicy.WAIT;
        return new FleetLayout(sites, links, policy, throughput(scenario, full));
    }

    /**
     * The job's tokens per second on the datacenters of a site mask over the links of a link mask,
     * over the whole fleet's: each remaining datacenter keeps its replicas and its share of the
     * batch (hierarchical DP, DiLoCo); a pipeline split cannot run without all its datacenters.
     */
    static FleetLayout.SiteThroughput throughput(Scenario scenario, FleetStepEstimate full) {
        Fleet fleet = scenario.fleet();
        ParallelismPlan plan = scenario.parallelism();
        MultiDatacenterStepModel model = fleetStepModel(scenario);
        double fullRate = full.step().tokensPerStep() / full.step().seconds();
        int k = fleet.datacenters().size();
        long allSites = (1L << k) - 1;
        long replica = (long) plan.tensor() * plan.context() * plan.pipeline();
        int perReplicaBatch = plan.globalBatch() / plan.data();
        boolean pipeline = scenario.crossDc().method() == CrossDcSpec.Method.PIPELINE;
        Map<List<Long>, Double> memo = new ConcurrentHashMap<>();
        return (sites, links) -> memo.computeIfAbsent(List.of(sites, links), key -> {
            if (pipeline && sites != allSites) {
                return 0.0;
            }
            List<Datacenter> dcs = new ArrayList<>();
            long dp = 0;
            for (int i = 0; i < k; i++) {
                if ((sites & (1L << i)) != 0) {
                    dcs.add(fleet.datacenters().get(i));
                    dp += fleet.datacenters().get(i).chips() / replica;
                }
            }
            List<WanLink> up = new ArrayList<>();
            for (int l = 0; l < fleet.links().size(); l++) {
                WanLink link = fleet.links().get(l);
                if ((links & (1L << l)) != 0 && (sites & (1L << fleet.indexOf(link.a()))) != 0
                        && (sites & (1L << fleet.indexOf(link.b()))) != 0) {
                    up.add(link);
                }
            }
            try {
                Fleet part = new Fleet(dcs, up);
                ParallelismPlan p = pipeline ? plan : io.clustersim.core.model.FleetPlan.withData(plan, (int) dp,
                        (int) (perReplicaBatch * dp));
                StepEstimate e = model.estimate(scenario.model(), part, p).step();
                return e.tokensPerStep() / e.seconds() / fullRate;
            } catch (IllegalArgumentException e) {
                return 0.0; // cannot run there
            }
        });
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
    }
}
