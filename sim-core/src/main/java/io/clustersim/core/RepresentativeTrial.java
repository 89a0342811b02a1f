package io.clustersim.core;

import io.clustersim.core.run.RunResult;
import io.clustersim.core.run.RunTrace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks a run's representative trial — the one whose wall clock is the median (the lower median
 * for an even count; the lowest index among equal wall clocks) — and traces it for the report's
 * timeline. It wraps the executor a run uses, remembering each simulation's trials and results,
 * then re-runs just that one trial with a {@link RunTrace.Recorder} ({@link Trials#trace}): the
 * Monte Carlo itself is not traced, and the trace is the same on any executor or thread count.
 *
 * <pre>{@code
 * RepresentativeTrial representative = new RepresentativeTrial(TrialExecutor.LOCAL);
 * Report report = sim.run(scenario, representative);
 * RunTrace trace = representative.trace(report);
 * }</pre>
 */
public final class RepresentativeTrial implements TrialExecutor {

    private final TrialExecutor inner;
    /** Every simulation run so far (a deadline simulates several fleets), in order. */
    private final List<Simulated> simulated = new ArrayList<>();

    private record Simulated(Trials trials, List<RunResult> results) {
    }

    /** @param inner the executor that runs the trials (in this JVM or on a cluster) */
    public RepresentativeTrial(TrialExecutor inner) {
        this.inner = inner;
    }

    @Override
    public List<RunResult> execute(Trials trials) {
        List<RunResult> results = inner.execute(trials);
        synchronized (simulated) {
            simulated.add(new Simulated(trials, results));
        }
        return results;
    }

    /** Plan searches as the wrapped executor runs them. */
    @Override
    public io.clustersim.core.plan.SearchResult search(Scenario searched, io.clustersim.core.plan.PlanSearch.Task task,
                                                        int keep, io.clustersim.core.plan.PlanSearch.Progress progress) {
        return inner.search(searched, task, keep, progress);
    }

    /** The index of the trial whose wall clock is the (lower) median of {@code results}. */
    public static int medianTrial(List<RunResult> results) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> results.get(i).wallClockNanos()).thenComparing(i -> i));
        return order.get((order.size() - 1) / 2);
    }

    /**
     * The trace of the representative trial of the simulation {@code report} is on (for a
     * deadline, the chosen fleet's), or {@code null} when no simulation of that fleet ran here.
     */
    public RunTrace trace(Report report) {
        long chips = report.fleet().datacenters().stream().mapToLong(Report.Datacenter::chips).sum();
        Simulated on = null;
        synchronized (simulated) {
            for (Simulated s : simulated) {
                if (s.trials().scenario().fleet().chips() == chips && s.results().size() == report.trials()) {
                    on = s;
                }
            }
        }
        return on == null ? null : on.trials().trace(medianTrial(on.results()));
    }
}
