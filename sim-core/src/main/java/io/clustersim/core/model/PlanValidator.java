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

    /**
     * Why tensor parallelism of {@code tp} cannot run on {@code cluster}: larger than its scale-up
     * domain, or not dividing it; empty when it can. A stated plan's check and a search's fixed TP
     * (the scenario loader) both ask it.
     */
    public static java.util.Optional<Problem> tensorInScaleUpDomain(int tp, ClusterSpec cluster) {
        int domain = cluster.effectiveScaleUpDomainChips();
        if (tp > domain) {
            return java.util.Optional.of(new Problem("parallelism.tp", "tp = " + tp + " is larger than the scale-up domain of "
                    + domain + " chips (" + cluster.chip().displayName() + "); tensor parallelism needs the scale-up fabric"));
        }
        if (domain % tp != 0) {
            return java.util.Optional.of(new Problem("parallelism.tp", "tp = " + tp
                    + " does not divide the scale-up domain of " + domain + " chips"));
        }
        return java.util.Optional.empty();
    }

    /** Every problem found, empty when the plan is valid. */
    public static List<Problem> problems(TransformerSpec model, ClusterSpec cluster, ParallelismPlan plan) {
        List<Problem> problems = new ArrayList<>();
        if (plan.chips() != cluster.chips()) {
            problems.add(new Problem("parallelism", "tp × cp × pp × dp = " + plan.tensor() + " × " + plan.context()
                    + " × " + plan.pipeline() + " × " + plan.data() + " = " + plan.chips() + " chips, but the fleet has "
                    + cluster.chips()));
        }
        tensorInScaleUpDomain(plan.tensor(), cluster).ifPresent(problems::add);
        if (model.heads() % plan.tensor() != 0) {
            problems.add(new Problem("parallelism.tp", "tp = " + plan.tensor() + " does not divide the "
                    + model.heads() + " attention heads"));
        }
        if (model.kvHeads() % plan.tensor() != 0 && plan.tensor() % model.kvHeads() != 0) {
            problems.add(new Problem("parallelism.tp", "tp = " + plan.tensor() + " and the " + model.kvHeads()
                    + " KV heads must divide one another"));
        }
        int stageLayers = stageLayers(model.layers(), plan);
        int shortBy = plan.pipeline() * stageLayers - model.layers();
        String stated = stageLayersProblem(model.layers(), plan);
        if (stated != null) {
            problems.add(new Problem(plan.firstStageLayers() > 0 ? "parallelism.first-stage-layers"
                    : "parallelism.last-stage-layers", stated));
        } else if (!plan.statesStageLayers() && !unevenSplitFits(model.layers(), plan.pipeline())) {
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

    /**
     * What is wrong with a plan's stated first or last stage, or {@code null}: they need pipeline
     * parallelism, and the layers they leave must split evenly over the other ranks (one layer at
     * least each).
     */
    static String stageLayersProblem(int layers, ParallelismPlan plan) {
        if (!plan.statesStageLayers()) {
            return null;
        }
        boolean both = plan.firstStageLayers() > 0 && plan.lastStageLayers() > 0;
        String what = both
                ? "first-stage-layers = " + plan.firstStageLayers() + " and last-stage-layers = " + plan.lastStageLayers()
                : plan.firstStageLayers() > 0 ? "first-stage-layers = " + plan.firstStageLayers()
                : "last-stage-layers = " + plan.lastStageLayers();
        if (plan.pipeline() == 1) {
            return what + " needs pipeline parallelism (pp > 1)";
        }
        int rest = layers - plan.firstStageLayers() - plan.lastStageLayers();
        int others = otherRanks(plan);
        if (rest < 0) {
            return what + (both ? " are" : " is") + " more than the model's " + layers + " layers";
        }
        if (others == 0 ? rest != 0 : rest < others || rest % others != 0) {
            return what + " leave" + (both ? "" : "s") + " " + rest + " of the " + layers
                    + " layers for the other " + others + " pipeline rank" + (others == 1 ? "" : "s")
                    + (others == 0 ? " (pp = 2: the two must add up to the layers)" : ", which must split them evenly");
        }
        return null;
    }

    /** Pipeline ranks a plan's stated first and last stage leave to split the other layers evenly. */
    private static int otherRanks(ParallelismPlan plan) {
        return plan.pipeline() - (plan.firstStageLayers() > 0 ? 1 : 0) - (plan.lastStageLayers() > 0 ? 1 : 0);
    }

    /** Layers each rank holds that the plan does not state: the layers left, split evenly. */
    private static int evenRankLayers(int layers, ParallelismPlan plan) {
        int others = otherRanks(plan);
        return others == 0 ? 0 : (layers - plan.firstStageLayers() - plan.lastStageLayers()) / others;
    }

    /**
     * How a plan splits a model's layers over its pipeline ranks: the first rank's, each middle
     * rank's (0 without such ranks) and the last rank's (beside the output layer).
     */
    public record StageSplit(int first, int middle, int last) {
        /**
         * Layers the largest rank but the last holds: the larger of the first and a middle one
         * ({@link #stageLayers(int, int)}, ceil(layers / pp), for the even split).
         */
        public int full() {
            return Math.max(first, middle);
        }
    }

    /** The split of {@code layers} over {@code plan}'s pipeline ranks, as stated or the even one. */
    public static StageSplit split(int layers, ParallelismPlan plan) {
        int first = firstStageLayers(layers, plan), last = lastStageLayers(layers, plan), p = plan.pipeline();
        return new StageSplit(first, p > 2 ? (layers - first - last) / (p - 2) : 0, last);
    }

    /** {@link StageSplit#full()} of the plan's split. */
    public static int stageLayers(int layers, ParallelismPlan plan) {
        return split(layers, plan).full();
    }

    /** Layers the first pipeline rank holds: as the plan states, or the even split's. */
    public static int firstStageLayers(int layers, ParallelismPlan plan) {
        if (!plan.statesStageLayers()) {
            return firstStageLayers(layers, plan.pipeline());
        }
        return plan.firstStageLayers() > 0 ? plan.firstStageLayers() : evenRankLayers(layers, plan);
    }

    /** Layers the last pipeline rank holds (beside the output layer): as the plan states, or the even split's. */
    public static int lastStageLayers(int layers, ParallelismPlan plan) {
        if (!plan.statesStageLayers()) {
            return lastStageLayers(layers, plan.pipeline());
        }
        return plan.lastStageLayers() > 0 ? plan.lastStageLayers() : evenRankLayers(layers, plan);
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
