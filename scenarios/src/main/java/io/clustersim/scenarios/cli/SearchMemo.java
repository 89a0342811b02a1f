package io.clustersim.scenarios.cli;

import io.clustersim.core.Scenario;
import io.clustersim.core.TrialExecutor;
import io.clustersim.core.Trials;
import io.clustersim.core.plan.PlanSearch;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.core.run.RunResult;

import java.util.List;

/**
 * A trial executor that remembers the plan searches a run made through it, so that {@code plan}
 * ranks the plans from the run's own search instead of searching the same scenario again (a MoE
 * search on a large fleet takes seconds). Trials and searches run as the wrapped executor runs them.
 *
 * <pre>{@code
 * SearchMemo memo = new SearchMemo(TrialExecutor.LOCAL);
 * Report report = sim.run(scenario, memo, null);
 * SearchResult ranked = memo.find(scenario, 5); // null: not searched with that many layouts kept
 * }</pre>
 *
 * <p>Maintainer notes: a search's result depends only on its scenario and the layouts kept (it is
 * deterministic and merged by slice index), so a recorded one is returned only for an equal scenario
 * and the same {@code keep}. A deadline run searches many candidate fleets; each is recorded.
 */
final class SearchMemo implements TrialExecutor {

    private record Entry(Scenario scenario, int keep, SearchResult result) {
    }

    private final TrialExecutor inner;
    private final List<Entry> entries = new java.util.ArrayList<>();

    SearchMemo(TrialExecutor inner) {
        this.inner = inner;
    }

    @Override
    public List<RunResult> execute(Trials trials) {
        return inner.execute(trials);
    }

    @Override
    public SearchResult search(Scenario searched, PlanSearch.Task task, int keep, PlanSearch.Progress progress) {
        SearchResult result = inner.search(searched, task, keep, progress);
        synchronized (entries) {
            entries.add(new Entry(searched, keep, result));
        }
        return result;
    }

    /** The result of a search of {@code scenario} keeping {@code keep} layouts made through this executor, or {@code null}. */
    SearchResult find(Scenario scenario, int keep) {
        synchronized (entries) {
            for (Entry e : entries) {
                if (e.keep() == keep && e.scenario().equals(scenario)) {
                    return e.result();
                }
            }
        }
        return null;
    }
}
