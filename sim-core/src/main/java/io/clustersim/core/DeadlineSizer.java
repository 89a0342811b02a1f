package io.clustersim.core;

import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.Problem;
import io.clustersim.core.plan.Deadline;
import io.clustersim.core.plan.FleetCandidates;
import io.clustersim.core.plan.FleetSizer;
import io.clustersim.topology.Datacenter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;

/**
 * A scenario with a deadline: the smallest (or cheapest) fleet that meets it. Lists the candidate
 * fleets ({@link FleetCandidates}: one datacenter's chips resized, or the first k datacenters
 * listed), plans each with the {@link Planner}, and lets {@link FleetSizer#solve} — the pure search
 * in {@code plan} — ask for the failure-free days and the simulations it needs, which the
 * {@link ScenarioRunner} runs. The middle stage of the {@code ClusterSim} facade's pipeline.
 *
 * <p>Maintainer note: {@link #validate} and {@link #run} must refuse the same scenarios (users
 * rely on {@code validate} as the gate); both start from the same candidate lists, and
 * {@code validate} checks the largest runnable candidate without simulating.
 *
 * <pre>{@code
 * DeadlineSizer sizer = new DeadlineSizer(runner);
 * Report r = sizer.run(scenario, null, Planner.Searches.SERIAL);   // null: the smallest timely fleet
 * }</pre>
 */
final class DeadlineSizer {

    private final ScenarioRunner runner;

    DeadlineSizer(ScenarioRunner runner) {
        this.runner = runner;
    }

    /**
     * The checks a deadline run makes before its trials: the candidate fleets are listed and the
     * largest one that has a plan is planned and prepared.
     *
     * @return the largest runnable candidate, planned
     * @throws InfeasibleScenarioException with the problem {@link #run} would refuse the scenario for
     */
    Planner.Planned validate(Scenario scenario, Planner.Searches searches) {
        Deadline deadline = scenario.target().deadline();
        List<Scenario> largestFirst = new ArrayList<>();
        if (scenario.fleet().multiSite()) {
            List<FleetCandidates.Sites> sets = candidateSites(scenario, deadline);
            for (int i = sets.size() - 1; i >= 0; i--) {
                Scenario candidate = candidate(scenario, sets.get(i));
                if (candidate != null) {
                    largestFirst.add(candidate);
                }
            }
            return firstRunnable(largestFirst, searches, "no plan runs on any candidate set of datacenters");
        }
        List<Integer> sizes = sizes(scenario, deadline);
        for (int i = sizes.size() - 1; i >= 0; i--) {
            largestFirst.add(candidate(scenario, sizes.get(i)));
        }
        return firstRunnable(largestFirst, searches,
                "no candidate fleet between the minimum and the stated chips has a valid plan");
    }

    /**
     * The first candidate (largest first) that has a plan, prepared as a run would; the first
     * candidate's refusal, or {@code none}, when none has.
     */
    private Planner.Planned firstRunnable(List<Scenario> largestFirst, Planner.Searches searches, String none) {
        InfeasibleScenarioException first = null;
        for (Scenario candidate : largestFirst) {
            Planner.Planned planned;
            try {
                planned = Planner.planned(candidate, searches);
            } catch (InfeasibleScenarioException e) {
                first = first == null ? e : first;
                continue;
            }
            runner.prepare(planned);
            return planned;
        }
        throw first != null ? first : new InfeasibleScenarioException(List.of(new Problem("target.deadline", none)));
    }

    /** One datacenter's candidate chip counts, smallest first (possibly none). */
    private static List<Integer> sizes(Scenario scenario, Deadline deadline) {
        return FleetCandidates.sizes(scenario.model(), scenario.cluster(),
                scenario.searchesPlan() ? null : scenario.parallelism(), Planner.searchSpace(scenario), deadline);
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

    /**
     * The candidate fleet of {@code chips} chips that a deadline search looks at, before its plan
     * is searched: for one datacenter its cluster resized (a stated plan rescaled), for several the
     * first datacenters listed that hold {@code chips} chips together ({@link FleetCandidates#sites}),
     * with the plan rescaled ({@link FleetCandidates#scaled(ParallelismPlan, int, CrossDcSpec.Method)})
     * or searched; {@code null} when a stated plan's fixed degrees do not divide the chips.
     */
    static Scenario candidate(Scenario scenario, int chips) {
        Deadline deadline = scenario.target().deadline();
        if (!scenario.fleet().multiSite()) {
            Scenario resized = scenario.withCluster(FleetCandidates.resize(scenario.cluster(), chips));
            return resized.searchesPlan() ? resized
                    : resized.withParallelism(FleetCandidates.scaled(scenario.parallelism(), chips));
        }
        for (FleetCandidates.Sites set : FleetCandidates.sites(scenario.fleet(), deadline)) {
            if (set.chips() == chips) {
                return candidate(scenario, set);
            }
        }
        throw new IllegalArgumentException("no candidate set of datacenters has " + chips + " chips");
    }

    /**
     * The candidate of a set of datacenters: the scenario on those datacenters, its plan rescaled
     * or searched; {@code null} when a stated plan's fixed degrees do not divide their chips.
     */
    private static Scenario candidate(Scenario scenario, FleetCandidates.Sites set) {
        ParallelismPlan plan = null; // a search per candidate
        if (!scenario.searchesPlan()) {
            plan = FleetCandidates.scaled(scenario.parallelism(), set.chips(), scenario.crossDc().method());
            if (plan == null) {
                return null;
            }
        }
        return scenario.withFleet(set.fleet(), plan);
    }

    /**
     * Runs a deadline scenario: the smallest timely fleet, or with {@code cheapestBy} prices the
     * cheapest ({@link FleetSizer.Criterion#cheapest}), reported with every candidate looked at; each
     * candidate's plan search and trials run by {@code searches} (its executor runs the trials).
     *
     * @throws InfeasibleScenarioException if no candidate has a plan
     */
    Report run(Scenario scenario, FleetPricing cheapestBy, Planner.Searches searches) {
        Deadline deadline = scenario.target().deadline();
        if (scenario.fleet().multiSite()) {
            return runOverSites(scenario, deadline, cheapestBy, searches);
        }
        List<Integer> sizes = sizes(scenario, deadline);
        if (sizes.isEmpty()) {
            throw new InfeasibleScenarioException(List.of(new Problem("target.deadline", String.format(Locale.ROOT,
                    "no fleet between %d and %d chips (in steps of %s) has a valid %s for this model and global batch",
                    Math.max(deadline.minChips(), 1), scenario.cluster().chips(),
                    deadline.chipsStep() > 0 ? String.valueOf(deadline.chipsStep()) : "the default",
                    scenario.searchesPlan() ? "layout" : "plan"))));
        }
        Candidates candidates = new Candidates(deadline, cheapestBy, searches);
        FleetSizer.Sizing sizing = candidates.solve(sizes, chips ->
                candidates.failureFreeDays(chips, candidate(scenario, chips), Problem::message));
        if (sizing == null) {
            int largest = sizes.get(sizes.size() - 1);
            throw new InfeasibleScenarioException(List.of(new Problem("target.deadline", "no plan runs on any "
                    + "candidate fleet; on the largest, " + largest + " chips: " + candidates.whyNot.get(largest))));
        }
        return candidates.report(sizing, null);
    }

    /**
     * A deadline on a fleet of several datacenters: the candidates are the first k datacenters in
     * the order listed (with the links among them), each with the scenario's plan rescaled or its
     * own search.
     */
    private Report runOverSites(Scenario scenario, Deadline deadline, FleetPricing cheapestBy,
                                Planner.Searches searches) {
        List<FleetCandidates.Sites> sets = candidateSites(scenario, deadline);
        Map<Integer, FleetCandidates.Sites> bySize = new HashMap<>();
        List<Integer> sizes = new ArrayList<>();
        for (FleetCandidates.Sites set : sets) {
            bySize.put(set.chips(), set);
            sizes.add(set.chips());
        }
        Candidates candidates = new Candidates(deadline, cheapestBy, searches);
        FleetSizer.Sizing sizing = candidates.solve(sizes, chips -> {
            Scenario candidate = candidate(scenario, bySize.get(chips));
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
        return candidates.report(sizing, names);
    }

    /**
     * What a deadline search learns about its candidate fleets, by chips: the plan and failure-free
     * days of each that runs, why each that does not, and the simulation of each it simulated.
     */
    private final class Candidates {
        final Deadline deadline;
        final Map<Integer, Planner.Planned> plans = new HashMap<>();
        final Map<Integer, Double> failureFree = new HashMap<>();
        final Map<Integer, ScenarioRunner.Simulation> simulations = new HashMap<>();
        /** Reports of simulated candidates built so far (to price them), by chips: each built once. */
        final Map<Integer, Report> reports = new HashMap<>();
        final Map<Integer, String> whyNot = new HashMap<>();
        final FleetPricing prices; // null: the smallest timely fleet
        final Planner.Searches searches;

        Candidates(Deadline deadline, FleetPricing prices, Planner.Searches searches) {
            this.deadline = deadline;
            this.prices = prices;
            this.searches = searches;
        }

        /** {@link FleetSizer#solve} over these candidates, simulating the ones it asks for. */
        FleetSizer.Sizing solve(List<Integer> sizes, IntToDoubleFunction failureFreeDays) {
            FleetSizer.Criterion criterion = prices == null ? FleetSizer.Criterion.SMALLEST
                    : FleetSizer.Criterion.cheapest(this::failureFreeCost);
            return FleetSizer.solve(deadline, sizes, failureFreeDays, chips -> {
                ScenarioRunner.Simulation sim = runner.simulate(plans.get(chips), searches.executor());
                simulations.put(chips, sim);
                double days = ReportAggregator.wallClockDaysAt(sim.results(), deadline.percentile());
                if (prices == null) {
                    return FleetSizer.Outcome.of(chips, days);
                }
                return FleetSizer.Outcome.of(chips, days, prices.total(report(chips)));
            }, criterion);
        }

        /** The report of the simulated candidate of {@code chips} chips, built on first use. */
        Report report(int chips) {
            return reports.computeIfAbsent(chips, c -> ScenarioRunner.report(simulations.get(c)));
        }

        /** The chosen candidate's report with the sizing ({@link ScenarioRunner#sized}). */
        Report report(FleetSizer.Sizing sizing, Map<Integer, List<String>> datacenters) {
            return ScenarioRunner.sized(report(sizing.chips()), simulations.get(sizing.chips()), sizing, failureFree,
                    datacenters);
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
            Planner.Planned planned;
            try {
                planned = Planner.planned(candidate, searches);
            } catch (InfeasibleScenarioException e) {
                return notFitting(chips, reason.apply(e.problems().get(0)));
            }
            plans.put(chips, planned);
            double days = planned.tokens().steps() * planned.fleetStep().step().seconds() / 86_400;
            failureFree.put(chips, days);
            return days;
        }

        /** Records why nothing fits on the candidate; NaN, as {@link FleetSizer#solve} expects then. */
        double notFitting(int chips, String reason) {
            whyNot.put(chips, reason);
            return Double.NaN;
        }
    }
}
