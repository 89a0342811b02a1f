package io.clustersim.core.plan;

/**
 * What a plan search may vary, and what it may not. Everything that decides how the step is split
 * over the chips is searched (TP, CP, PP and virtual stages, DP, EP, micro-batch, sequence
 * parallelism, ZeRO stage, recomputation); the global batch is a training hyperparameter (it
 * decides convergence, not just speed) and stays what the scenario says.
 *
 * <pre>{@code
 * SearchResult r = new PlanSearch(stepModel).search(model, cluster, new SearchSpace(2_048), 5);
 * }</pre>
 *
 * @param globalBatch sequences per optimizer step, fixed
 */
public record SearchSpace(int globalBatch) {

    public SearchSpace {
        if (globalBatch <= 0) {
            throw new IllegalArgumentException("global batch must be > 0 sequences, was " + globalBatch);
        }
    }
}
