package io.clustersim.core.model;

import io.clustersim.topology.ClusterSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a parallelism plan can run a model on a cluster at all: the chip counts multiply
 * out, tensor parallelism stays inside a scale-up domain, and layers, heads and the batch divide.
 * Memory is the step model's business ({@link MemoryEstimate#fits()}).
 */
public final class PlanValidator {

    private PlanValidator() {
    }

    /** Every problem found, empty when the plan is valid. */
    public static List<Problem> problems(TransformerSpec model, ClusterSpec cluster, ParallelismPlan plan) {
        List<Problem> problems = new ArrayList<>();
        if (plan.chips() != cluster.chips()) {
            problems.add(new Problem("parallelism", "tp × pp × dp = " + plan.tensor() + " × " + plan.pipeline()
                    + " × " + plan.data() + " = " + plan.chips() + " chips, but the fleet has " + cluster.chips()));
        }
        int domain = cluster.effectiveScaleUpDomainChips();
        if (plan.tensor() > domain) {
            problems.add(new Problem("parallelism.tp", "tp = " + plan.tensor()
                    + " is larger than the scale-up domain of " + domain + " chips (" + cluster.chip().displayName()
                    + "); tensor parallelism needs the scale-up fabric"));
        } else if (domain % plan.tensor() != 0) {
            problems.add(new Problem("parallelism.tp", "tp = " + plan.tensor()
                    + " does not divide the scale-up domain of " + domain + " chips"));
        }
        if (model.heads() % plan.tensor() != 0) {
            problems.add(new Problem("parallelism.tp", "tp = " + plan.tensor() + " does not divide the "
                    + model.heads() + " attention heads"));
        }
        if (model.layers() % plan.pipeline() != 0) {
            problems.add(new Problem("parallelism.pp", "pp = " + plan.pipeline() + " does not divide the "
                    + model.layers() + " layers"));
        }
        if (plan.globalBatch() % ((long) plan.data() * plan.microBatch()) != 0) {
            problems.add(new Problem("parallelism.global-batch", "global batch " + plan.globalBatch()
                    + " is not a multiple of dp × micro-batch = " + plan.data() + " × " + plan.microBatch()));
        }
        return problems;
    }
}
