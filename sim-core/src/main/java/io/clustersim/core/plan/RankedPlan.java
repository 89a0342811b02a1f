package io.clustersim.core.plan;

import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.StepEstimate;

import java.util.Comparator;

/**
 * A plan with its step-model estimate.
 *
 * @param plan     the plan
 * @param estimate its step time, breakdown and memory
 */
public record RankedPlan(ParallelismPlan plan, StepEstimate estimate) {

    /**
     * The search's order: faster first (the global batch is fixed, so a shorter step is a higher
     * throughput); on an exact tie, less memory per chip (more headroom); then the plan's settings
     * in a fixed order (smaller degrees, fewer virtual stages, smaller micro-batch, SP off, lower
     * ZeRO stage, less recomputation), so the ranking never depends on enumeration order.
     */
    public static final Comparator<RankedPlan> ORDER = Comparator
            .comparingDouble((RankedPlan r) -> r.estimate().seconds())
            .thenComparingDouble(r -> r.estimate().memory().perChipBytes())
            .thenComparing(RankedPlan::plan, PlanOrder.SETTINGS);

    /** Step time, seconds. */
    public double seconds() {
        return estimate.seconds();
    }

    /** The fixed order of plan settings used to break exact ties. */
    static final class PlanOrder {
        static final Comparator<ParallelismPlan> SETTINGS = Comparator
                .comparingInt(ParallelismPlan::tensor)
                .thenComparingInt(ParallelismPlan::context)
                .thenComparingInt(ParallelismPlan::pipeline)
                .thenComparingInt(ParallelismPlan::data)
                .thenComparingInt(ParallelismPlan::expert)
                .thenComparingInt(ParallelismPlan::virtualStages)
                .thenComparingInt(ParallelismPlan::microBatch)
                .thenComparing(ParallelismPlan::sequenceParallel)
                .thenComparingInt(ParallelismPlan::zeroStage)
                .thenComparing(ParallelismPlan::recompute);

        private PlanOrder() {
        }
    }
}
