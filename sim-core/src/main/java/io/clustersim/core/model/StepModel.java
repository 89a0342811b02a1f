package io.clustersim.core.model;

import io.clustersim.topology.ClusterSpec;

/**
 * Time and memory of one training step of a model, on a cluster, under a parallelism plan. An
 * implementation is a pure function of its arguments: plan search evaluates it from several
 * threads at once, and a fleet of like datacenters reuses one site's estimate for another.
 */
@FunctionalInterface
public interface StepModel {

    /**
     * Estimates one step. The plan must be valid for the model and cluster
     * ({@link PlanValidator#problems}); the estimate says whether it fits in memory.
     */
    StepEstimate estimate(TransformerSpec model, ClusterSpec cluster, ParallelismPlan plan);

    /**
     * Whether the software this model stands for can run the plan at all (its framework offers
     * that sharding and schedule: {@link Framework#problems}, the one rule); plan search skips plans
     * it cannot. It may read the plan's layout and ZeRO stage only, not its sequence parallelism or
     * recomputation (plan search asks once per layout and stage). Every plan by default.
     */
    default boolean runs(ParallelismPlan plan) {
        return true;
    }
}
