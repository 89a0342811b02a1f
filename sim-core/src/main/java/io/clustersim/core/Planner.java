package io.clustersim.core;

import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.Calibration;
import io.clustersim.core.model.FleetStepEstimate;
import io.clustersim.core.model.MultiDatacenterStepModel;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.StepModel;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.plan.PlanSearch;
import io.clustersim.core.plan.RankedPlan;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.core.run.FailureClass;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Gives a scenario a concrete plan and its fleet step, or every reason it has none: the stated
 * plan checked (power, spare pools, number formats, what the framework runs, the step model's own
 * problems, memory), or the fastest plan found by {@link PlanSearch} on the scenario's fleet. The first stage of the
 * {@code ClusterSim} facade's pipeline (planner, then {@code DeadlineSizer} for a deadline, then
 * {@code ScenarioRunner}); it knows nothing of runs, fleet sizing or the facade. Stateless.
 *
 * <pre>{@code
 * Planner.Planned p = Planner.planned(scenario, Planner.Searches.SERIAL);   // throws InfeasibleScenarioException
 * double seconds = p.fleetStep().step().seconds();
 * }</pre>
 */
final class Planner {

    /** How many layouts a search ranks for the report. */
    static final int RANKED_LAYOUTS = 5;

    private Planner() {
    }

    /**
     * A scenario with a concrete plan, its fleet step, the tokens and steps it needs, and the
     * search that chose the plan.
     *
     * @param scenario  the scenario with its plan stated (the searched plan filled in)
     * @param fleetStep its step on its whole fleet
     * @param tokens    its token budget on that step ({@link TokenBudget#of}), computed once here
     * @param search    the search that chose the plan; {@code null} for a stated plan
     */
    record Planned(Scenario scenario, FleetStepEstimate fleetStep, TokenBudget tokens, SearchResult search) {

        Planned(Scenario scenario, FleetStepEstimate fleetStep, SearchResult search) {
            this(scenario, fleetStep, TokenBudget.of(scenario, fleetStep), search);
        }
    }

    /**
     * How a run's plan searches run: through {@code executor}'s hook ({@link TrialExecutor#search}:
     * by default whole, here; a cluster's executor sends slices to workers), here on {@code pool}'s
     * threads ({@link PlanSearch#parallelOn}; {@code null}: in the caller's thread alone), telling
     * {@code progress}. Whichever, the result is the whole search's ({@link PlanSearch#merge}).
     */
    record Searches(TrialExecutor executor, ForkJoinPool pool, PlanSearch.Progress progress) {
        /** Whole, in the caller's thread, no progress told. */
        static final Searches SERIAL = new Searches(TrialExecutor.LOCAL, null, PlanSearch.Progress.NONE);
    }

    /**
     * The scenario planned: its stated plan checked, or the best plan of its search, run as
     * {@code searches} says.
     *
     * @throws InfeasibleScenarioException with every problem found, or why no searched plan fits
     */
    static Planned planned(Scenario scenario, Searches searches) {
        if (!scenario.searchesPlan()) {
            return new Planned(scenario, statedFleetStep(scenario), null);
        }
        SearchResult result = search(scenario, RANKED_LAYOUTS, searches);
        RankedPlan best = result.best().orElseThrow(() -> new InfeasibleScenarioException(
                List.of(new Problem("parallelism", result.whyNone().orElseThrow()))));
        Scenario concrete = scenario.withParallelism(best.plan());
        return new Planned(concrete, statedFleetStep(concrete), result);
    }

    /**
     * Searches the plans of the scenario's model on its fleet under its search space — or, for a
     * stated plan, everything under its global batch — keeping {@code keep} layouts, run as
     * {@code searches} says; several datacenters are ranked by the fleet's step under the
     * cross-datacenter scheme.
     */
    static SearchResult search(Scenario scenario, int keep, Searches searches) {
        List<Problem> formats = precisionProblems(scenario.model(), scenario.fleet());
        formats.addAll(attentionKernelProblems(scenario.software(), scenario.fleet()));
        formats.addAll(dispatchFormatProblems(scenario.software(), scenario.fleet()));
        if (!formats.isEmpty()) {
            throw new InfeasibleScenarioException(formats);
        }
        return searches.executor().search(scenario, task(scenario, searches.pool()), keep, searches.progress());
    }

    /**
     * The search of the scenario's plans, ready to run whole or in slices: on its fleet under its
     * search space (a stated plan: everything under its global batch), several datacenters under
     * the cross-datacenter scheme; its units of layouts on {@code pool} ({@code null}: the caller's thread).
     */
    static PlanSearch.Task task(Scenario scenario, ForkJoinPool pool) {
        PlanSearch search = scenario.fleet().multiSite() ? new PlanSearch(fleetStepModel(scenario))
                : new PlanSearch(stepModel(scenario));
        return search.parallelOn(pool).task(scenario.model(), scenario.fleet(), searchSpace(scenario));
    }

    /**
     * The scenario's search space; for a stated plan, everything searched under its global batch with
     * the recomputed modules it states ({@link SearchSpace#around}, as {@code plan} searches it).
     */
    static SearchSpace searchSpace(Scenario scenario) {
        return scenario.searchesPlan() ? scenario.planSearch() : SearchSpace.around(scenario.parallelism());
    }

    /** The fleet step of a stated plan, every problem found refused. */
    private static FleetStepEstimate statedFleetStep(Scenario scenario) {
        Fleet fleet = resolvedFleet(scenario);
        List<Problem> problems = new ArrayList<>(powerProblems(fleet));
        problems.addAll(spareProblems(scenario));
        problems.addAll(precisionProblems(scenario.model(), fleet));
        problems.addAll(attentionKernelProblems(scenario.software(), fleet));
        problems.addAll(dispatchFormatProblems(scenario.software(), fleet));
        problems.addAll(scenario.software().problems(scenario.parallelism()));
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
    static List<Problem> precisionProblems(TransformerSpec model, Fleet fleet) {
        List<Problem> problems = new ArrayList<>();
        for (Datacenter dc : fleet.datacenters()) {
            ChipSpec chip = dc.cluster().chip();
            if (!chip.supports(model.precision())) {
                problems.add(new Problem("model.precision", chip.displayName() + " has no " + model.precision().key()
                        + " peak in the catalog"));
            }
        }
        return problems;
    }

    /**
     * Datacenters whose chip the software's attention kernel has no rate on ({@code AttentionKernel.runsOn}),
     * each a problem at {@code software.attention-kernel}: what the loader refuses, for callers of the API.
     */
    static List<Problem> attentionKernelProblems(SoftwareSpec software, Fleet fleet) {
        return software.flashAttention() ? perChip(fleet, chip -> software.attentionKernel().problemOn(chip)) : List.of();
    }

    /**
     * Chips that have no peak for the expert-parallel dispatch or combine format
     * ({@code ExpertParallelSoftware.formatProblemOn}): what the loader refuses, for callers of the API.
     */
    static List<Problem> dispatchFormatProblems(SoftwareSpec software, Fleet fleet) {
        return perChip(fleet, chip -> software.expertParallel().formatProblemOn(chip));
    }

    /** {@code check}'s problem on each of the fleet's chips, once per chip. */
    private static List<Problem> perChip(Fleet fleet, java.util.function.Function<ChipSpec, java.util.Optional<Problem>> check) {
        return fleet.distinctChips().stream().map(check).flatMap(java.util.Optional::stream).toList();
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

    /** A datacenter's own limited spare pool needs repair times for the failures that take nodes. */
    static List<Problem> spareProblems(Scenario scenario) {
        List<Problem> problems = new ArrayList<>();
        boolean unrepaired = scenario.failures().classes().stream().anyMatch(c -> c.ratePerComponentHour() > 0
                && c.effect() == FailureClass.Effect.REPLACE_NODE && c.repair() == null);
        for (int i = 0; i < scenario.fleet().datacenters().size(); i++) {
            if (unrepaired && scenario.fleet().datacenters().get(i).hotSpareNodes() >= 0) {
                problems.add(new Problem(datacenterKey(i, "hot-spare-nodes"), "with a limited spare pool failed nodes"
                        + " must come back from repair: give failures.repair-median and failures.repair-sigma"));
            }
        }
        return problems;
    }

    /**
     * The scenario's fleet with each datacenter's spare nodes resolved: its own pool if it has one,
     * else the fleet-wide {@code failures.spares} pool when that is limited (both count in the
     * power budget); -1 (unlimited, not powered) otherwise.
     */
    static Fleet resolvedFleet(Scenario scenario) {
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

    /**
     * The scenario key of a datacenter's setting, {@code fleet.datacenters[i].<key>}; the
     * scenario loader maps it to {@code fleet.<key>} for a file that describes one datacenter
     * without the list.
     */
    static String datacenterKey(int index, String key) {
        return "fleet.datacenters[" + index + "]." + key;
    }

    /** The single-site step model for a scenario's software. */
    static StepModel stepModel(Scenario scenario) {
        return new AnalyticStepModel(scenario.software());
    }

    /** The fleet's step model: the single-site model per datacenter plus the WAN. */
    static MultiDatacenterStepModel fleetStepModel(Scenario scenario) {
        return new MultiDatacenterStepModel(stepModel(scenario), Calibration.standard(), scenario.software(),
                scenario.crossDc());
    }
}
