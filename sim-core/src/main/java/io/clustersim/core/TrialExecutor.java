package io.clustersim.core;

import io.clustersim.core.run.RunResult;

import java.util.List;

/**
 * Decides where the Monte Carlo trials of one prepared simulation run: in this JVM
 * ({@link #LOCAL}) or spread as units over other machines. Whatever it decides, it must return
 * every trial's result in trial order, each computed by {@link Trials#run} (the one unit code):
 * trial {@code i}'s random streams depend only on the scenario's seed and {@code i}, so the
 * report, which {@link ClusterSim} aggregates from this list, is the same however the trials were
 * split.
 *
 * <pre>{@code
 * TrialExecutor halves = trials -> {
 *     int mid = trials.count() / 2;
 *     List<RunResult> all = new ArrayList<>(trials.run(0, mid));
 *     all.addAll(trials.run(mid, trials.count()));
 *     return all;
 * };
 * Report report = sim.run(scenario, halves); // byte-identical to sim.run(scenario)
 * }</pre>
 */
@FunctionalInterface
public interface TrialExecutor {

    /** Every trial in this JVM, as one unit. */
    TrialExecutor LOCAL = trials -> trials.run(0, trials.count());

    /**
     * The results of trials {@code [0, trials.count())}, in trial order.
     *
     * @throws io.clustersim.core.engine.SimulationException if a trial cannot finish
     */
    List<RunResult> execute(Trials trials);

    /**
     * Runs the plan search of {@code searched} (a scenario the run plans: the scenario, a deadline
     * candidate, a sweep point) and returns the whole search's result — by default here, whole (on
     * the simulator's threads, which {@code task} was made with), telling {@code progress}; a
     * distributed executor may run slices of it elsewhere and
     * {@link io.clustersim.core.plan.PlanSearch#merge merge} them by slice index, which gives the
     * same result. The one hook through which a simulator runs every plan search of a run.
     */
    default io.clustersim.core.plan.SearchResult search(Scenario searched, io.clustersim.core.plan.PlanSearch.Task task,
                                                         int keep, io.clustersim.core.plan.PlanSearch.Progress progress) {
        return task.search(0, 1, keep, progress);
    }
}
