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
            problems.add(new Problem("parallelism", "tp × cp × pp × dp = " + plan.tensor() + " × " + plan.context()
                    + " × " + plan.pipeline() + " × " + plan.data() + " = " + plan.chips() + " chips, but the fleet has "
                    + cluster.chips()));
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
        if (model.kvHeads() % plan.tensor() != 0 && plan.tensor() % model.kvHeads() != 0) {
            problems.add(new Problem("parallelism.tp", "tp = " + plan.tensor() + " and the " + model.kvHeads()
                    + " KV heads must divide one another"));
        }
        int stageLayers = stageLayers(model.layers(), plan.pipeline());
        int shortBy = plan.pipeline() * stageLayers - model.layers();
        if (!unevenSplitFits(model.layers(), plan.pipeline())) {
            problems.add(new Problem("parallelism.pp", "pp = " + plan.pipeline() + " does not divide the "
                    + model.layers() + " layers, and the first and last stage cannot give up the " + shortBy
                    + " missing layers of " + stageLayers + " per stage and keep one each"));
        } else if (plan.virtualStages() > stageLayers) {
            // chunks need not be equal (Megatron-Core's pipeline_model_parallel_layout places any
            // number of layers in each), but each chunk of a full stage holds at least one
            problems.add(new Problem("parallelism.virtual-stages", "virtual-stages = " + plan.virtualStages()
                    + " is more than the " + stageLayers + " layers a pipeline stage holds"));
        }
        if (plan.virtualStages() > 1 && plan.pipeline() == 1) {
            problems.add(new Problem("parallelism.virtual-stages", "virtual stages need pipeline parallelism (pp > 1)"));
        }
        if (plan.virtualStages() > 1 && plan.microBatchesPerReplica() % plan.pipeline() != 0) {
            problems.add(new Problem("parallelism.virtual-stages", "the interleaved schedule needs the "
                    + plan.microBatchesPerReplica() + " micro-batches per replica to be a multiple of pp = "
                    + plan.pipeline()));
        }
        if (model.seqLen() % (2 * plan.context()) != 0 && plan.context() > 1) {
            problems.add(new Problem("parallelism.cp", "cp = " + plan.context() + ": the sequence of "
                    + model.seqLen() + " tokens must split into 2 × cp equal chunks (load-balanced causal attention)"));
        }
        if (plan.expert() > 1 || plan.expertTensor() > 1) {
            String key = plan.expert() > 1 ? "parallelism.ep" : "parallelism.etp";
            long stageRanks = (long) plan.tensor() * plan.context() * plan.data();
            long expertGroup = (long) plan.expert() * plan.expertTensor();
            if (!model.isMoe()) {
                problems.add(new Problem(key, (plan.expert() > 1 ? "ep = " + plan.expert() : "etp = "
                        + plan.expertTensor()) + " needs a mixture-of-experts model"));
            } else if (model.moe().experts() % plan.expert() != 0) {
                problems.add(new Problem("parallelism.ep", "ep = " + plan.expert() + " does not divide the "
                        + model.moe().experts() + " experts"));
            } else if (plan.tensor() % plan.expertTensor() != 0) {
                problems.add(new Problem("parallelism.etp", "etp = " + plan.expertTensor() + " must divide tp = "
                        + plan.tensor() + " (expert tensor parallelism splits within the tensor-parallel group)"));
            } else if (model.moe().expertFfnHidden() % plan.expertTensor() != 0) {
                problems.add(new Problem("parallelism.etp", "etp = " + plan.expertTensor()
                        + " does not divide the expert FFN width " + model.moe().expertFfnHidden()));
            }
            if (stageRanks % expertGroup != 0) {
                problems.add(new Problem(key, "ep × etp = " + plan.expert() + " × " + plan.expertTensor()
                        + " must divide tp × cp × dp = " + stageRanks
                        + " (the expert layers regroup the ranks of one pipeline stage)"));
            }
        }
        if (plan.globalBatch() % ((long) plan.data() * plan.microBatch()) != 0) {
            problems.add(new Problem("parallelism.global-batch", "global batch " + plan.globalBatch()
                    + " is not a multiple of dp × micro-batch = " + plan.data() + " × " + plan.microBatch()));
        }
        return problems;
    }

    /** Layers a full pipeline stage holds: ceil(layers / pp) (the first and last may hold fewer). */
    public static int stageLayers(int layers, int pp) {
        return (layers + pp - 1) / pp;
    }

    /** Layers the first pipeline stage holds: a full stage less the smaller half of the missing layers. */
    public static int firstStageLayers(int layers, int pp) {
        int stage = stageLayers(layers, pp);
        return stage - (pp * stage - layers) / 2;
    }

    /** Layers the last pipeline stage holds: a full stage less the larger half of the missing layers. */
    public static int lastStageLayers(int layers, int pp) {
        int stage = stageLayers(layers, pp);
        return stage - (pp * stage - layers + 1) / 2;
    }

    /**
     * Whether {@code layers} split over {@code pp} stages: every stage holds ceil(L/pp) layers but
     * the first and last, which give up the difference between them (the last the larger half),
     * each keeping at least one — Llama 3's 126 layers over 16 stages (one layer fewer on each end),
     * DeepSeek-V3's 61 over 16 (Megatron's {@code --decoder-first/last-pipeline-num-layers}).
     */
    public static boolean unevenSplitFits(int layers, int pp) {
        if (layers < pp) {
            return false;
        }
        return lastStageLayers(layers, pp) >= 1; // the last stage gives up more than the first
    }
}
