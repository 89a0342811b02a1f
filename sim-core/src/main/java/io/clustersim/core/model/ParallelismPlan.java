package io.clustersim.core.model;

import java.util.Objects;

/**
 * How one training step is split over the chips. Ranks are laid out with tensor parallelism
 * innermost (neighbouring chips of a scale-up domain), then context, then data (expert
 * parallelism is folded over the tensor, context and data ranks of a stage), then pipeline outermost
 * — Megatron-LM's order. MoE layers regroup the same t·c·d ranks of a stage as expert tensor
 * parallelism (innermost), expert parallelism, and expert data parallelism (Megatron-Core's "MoE
 * parallel folding", Liu et al. 2025), so EP may exceed DP: EP 64 with TP 2 needs only 32 DP ranks.
 *
 * <pre>{@code
 * ParallelismPlan llama = ParallelismPlan.builder().tp(8).pp(16).dp(128).virtualStages(2)
 *         .globalBatch(2048).sequenceParallel(true).build();
 * }</pre>
 *
 * @param tensor           tensor-parallel degree (inside a scale-up domain)
 * @param pipeline         pipeline-parallel stages
 * @param data             data-parallel replicas
 * @param microBatch       sequences per micro-batch
 * @param globalBatch      sequences per optimizer step, over all replicas
 * @param context          context-parallel degree (the sequence split over chips)
 * @param expert           expert-parallel degree (each MoE layer's experts split over this many
 *                         ranks of a stage)
 * @param virtualStages    model chunks per pipeline rank (interleaved 1F1B when > 1)
 * @param sequenceParallel shard norms and dropout along the sequence over the tensor group
 * @param zeroStage        0 none, 1 optimizer state, 2 + gradients, 3 + weights sharded over dp
 * @param recompute        activation recomputation
 * @param expertTensor     expert tensor-parallel degree: each expert's FFN split over this many
 *                         ranks (Megatron's {@code --expert-tensor-parallel-size}; 1 in the published
 *                         MoE recipes)
 */
public record ParallelismPlan(int tensor, int pipeline, int data, int microBatch, int globalBatch, int context,
                              int expert, int virtualStages, boolean sequenceParallel, int zeroStage,
                              Recompute recompute, int expertTensor) {

    public ParallelismPlan {
        Objects.requireNonNull(recompute, "recompute");
        // each message names its own field first: the scenario loader points at that key's line
        requirePositive("tp", tensor);
        requirePositive("pp", pipeline);
        requirePositive("dp", data);
        requirePositive("cp", context);
        requirePositive("ep", expert);
        requirePositive("virtual-stages", virtualStages);
        requirePositive("etp", expertTensor);
        requirePositive("micro-batch", microBatch);
        requirePositive("global-batch", globalBatch);
        if (zeroStage < 0 || zeroStage > 3) {
            throw new IllegalArgumentException("zero-stage must be 0, 1, 2 or 3, was " + zeroStage);
        }
    }

    /** A plan without expert tensor parallelism. */
    public ParallelismPlan(int tensor, int pipeline, int data, int microBatch, int globalBatch, int context,
                           int expert, int virtualStages, boolean sequenceParallel, int zeroStage,
                           Recompute recompute) {
        this(tensor, pipeline, data, microBatch, globalBatch, context, expert, virtualStages, sequenceParallel,
                zeroStage, recompute, 1);
    }

    /** Expert data-parallel replicas: the stage's t·c·d ranks over the expert group ep·etp. */
    public int expertData() {
        return Math.max(1, tensor * context * data / (expert * expertTensor));
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
    }

    /** The plain 3D plan: no context or expert parallelism, no interleaving, no ZeRO, no recomputation. */
    public ParallelismPlan(int tensor, int pipeline, int data, int microBatch, int globalBatch) {
        this(tensor, pipeline, data, microBatch, globalBatch, 1, 1, 1, false, 0, Recompute.NONE, 1);
    }

    /** Chips the plan occupies: tp × cp × pp × dp. */
    public long chips() {
        return (long) tensor * context * pipeline * data;
    }

    /** Micro-batches each replica runs per step (gradient-accumulation steps). */
    public int microBatchesPerReplica() {
        return globalBatch / (data * microBatch);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; everything but dp and global batch defaults to 1 / off / none. */
    public static final class Builder {
        private int tp = 1, pp = 1, dp = 1, cp = 1, ep = 1, etp = 1, virtualStages = 1, microBatch = 1, globalBatch = 1;
        private int zeroStage;
        private boolean sequenceParallel;
        private Recompute recompute = Recompute.NONE;

        public Builder tp(int v) { tp = v; return this; }
        public Builder pp(int v) { pp = v; return this; }
        public Builder dp(int v) { dp = v; return this; }
        public Builder cp(int v) { cp = v; return this; }
        public Builder ep(int v) { ep = v; return this; }
        public Builder etp(int v) { etp = v; return this; }
        public Builder virtualStages(int v) { virtualStages = v; return this; }
        public Builder microBatch(int v) { microBatch = v; return this; }
        public Builder globalBatch(int v) { globalBatch = v; return this; }
        public Builder sequenceParallel(boolean v) { sequenceParallel = v; return this; }
        public Builder zeroStage(int v) { zeroStage = v; return this; }
        public Builder recompute(Recompute v) { recompute = v; return this; }

        public ParallelismPlan build() {
            return new ParallelismPlan(tp, pp, dp, microBatch, globalBatch, cp, ep, virtualStages, sequenceParallel,
                    zeroStage, recompute, etp);
        }
    }
}
