package io.clustersim.core.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How one training step is split over the chips. Ranks are laid out with tensor parallelism
 * innermost (neighbouring chips of a scale-up domain), then context, then data (expert
 * parallelism is folded over the tensor, context and data ranks of a stage), then pipeline outermost
 * — Megatron-LM's order. MoE layers regroup the same t·c·d ranks of a stage as expert tensor
 * parallelism (innermost), expert parallelism, and expert data parallelism (Megatron-Core's "MoE
 * parallel folding", Liu et al. 2025), so EP may exceed DP: EP 64 with TP 2 needs only 32 DP ranks.
 *
 * <pre>{@code
 * ParallelismPlan llama = ParallelismPlan.builder().tensor(8).pipeline(16).data(128).virtualStages(2)
 *         .globalBatch(2048).sequenceParallel(true).build();
 * }</pre>
 *
 * <p>Prefer the builder, which names each degree, to the positional constructors
 * ({@code new ParallelismPlan(8, 16, 128, 1, 2048)}), which are kept for existing callers.
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
 * @param shardGroup       data-parallel ranks that share one sharded copy of the ZeRO state (HSDP:
 *                         sharded inside groups of this many neighbouring replicas, replicated
 *                         across the dp / shardGroup groups); 0 means the whole data-parallel group
 * @param recomputeModules what selective recomputation reruns ({@code null}: {@link
 *                         RecomputeModule#SELECTIVE_DEFAULT}); empty unless {@code recompute} is
 *                         selective
 * @param firstStageLayers transformer layers on the first pipeline rank (all its virtual stages),
 *                         as Megatron's {@code --decoder-first-pipeline-num-layers} or a pipeline
 *                         layout places them; 0: the even split ({@link PlanValidator#firstStageLayers})
 * @param lastStageLayers  the same for the last pipeline rank, which also holds the output layer
 *                         (and any multi-token prediction modules)
 */
public record ParallelismPlan(int tensor, int pipeline, int data, int microBatch, int globalBatch, int context,
                              int expert, int virtualStages, boolean sequenceParallel, int zeroStage,
                              Recompute recompute, int expertTensor, int shardGroup,
                              Set<RecomputeModule> recomputeModules, int firstStageLayers, int lastStageLayers) {

    public ParallelismPlan {
        Objects.requireNonNull(recompute, "recompute");
        if (recomputeModules == null) {
            recomputeModules = recompute == Recompute.SELECTIVE ? RecomputeModule.SELECTIVE_DEFAULT : Set.of();
        } else if (recompute != Recompute.SELECTIVE && !recomputeModules.isEmpty()) {
            throw new IllegalArgumentException("recompute-modules needs recompute = selective, was "
                    + recompute.name().toLowerCase(java.util.Locale.ROOT));
        } else if (recompute == Recompute.SELECTIVE && recomputeModules.isEmpty()) {
            throw new IllegalArgumentException("recompute-modules must name at least one module (or be left out)");
        } else {
            // one immutable, enum-ordered copy, so equal plans are equal and print alike
            recomputeModules = recomputeModules.isEmpty() ? Set.of()
                    : Collections.unmodifiableSet(EnumSet.copyOf(recomputeModules));
        }
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
        if (shardGroup < 0 || (shardGroup > 0 && data % shardGroup != 0)) {
            throw new IllegalArgumentException("shard-group must divide dp = " + data + ", was " + shardGroup);
        }
        if (firstStageLayers < 0 || lastStageLayers < 0) {
            throw new IllegalArgumentException((firstStageLayers < 0 ? "first-stage-layers" : "last-stage-layers")
                    + " must be >= 1, was " + Math.min(firstStageLayers, lastStageLayers));
        }
        if (shardGroup == data) {
            shardGroup = 0; // one spelling of "the whole group", so equal plans are equal
        }
        if (shardGroup > 0 && zeroStage == 0) {
            throw new IllegalArgumentException("shard-group shards the ZeRO state, and zero-stage 0 shards none;"
                    + " state zero-stage 1–3 or drop shard-group");
        }
    }

    /** Data-parallel ranks over which the ZeRO state is sharded: the shard group, or all of dp. */
    public int shardDegree() {
        return shardGroup == 0 ? data : shardGroup;
    }

    /**
     * The shard group this plan's HSDP groups keep on {@code otherData} replicas: the same size
     * when it divides them, else the whole group (0).
     */
    public int shardGroupFor(int otherData) {
        return shardGroup > 0 && otherData % shardGroup == 0 ? shardGroup : 0;
    }

    /** This plan with the state sharded over groups of {@code size} replicas (0: all of dp). */
    public ParallelismPlan withShardGroup(int size) {
        return new ParallelismPlan(tensor, pipeline, data, microBatch, globalBatch, context, expert, virtualStages,
                sequenceParallel, zeroStage, recompute, expertTensor, size, recomputeModules, firstStageLayers,
                lastStageLayers);
    }

    /**
     * This plan with another pipeline depth, data-parallel degree and global batch, everything else
     * kept (the shard group where it still divides dp): on another pipeline depth the stated first
     * and last stage stay, and the validator says if the other ranks can no longer split the rest.
     */
    public ParallelismPlan withLayout(int pipeline, int data, int globalBatch) {
        return new ParallelismPlan(tensor, pipeline, data, microBatch, globalBatch, context, expert, virtualStages,
                sequenceParallel, zeroStage, recompute, expertTensor, shardGroupFor(data), recomputeModules,
                firstStageLayers, lastStageLayers);
    }

    /** Whether the plan states how many layers its first or last pipeline rank holds. */
    public boolean statesStageLayers() {
        return firstStageLayers > 0 || lastStageLayers > 0;
    }

    /**
     * Whether backward reruns {@code module}'s forward: every module under full recomputation, the
     * stated ones under selective.
     */
    public boolean recomputes(RecomputeModule module) {
        return recompute == Recompute.FULL || recomputeModules.contains(module);
    }

    /**
     * A plan without the recomputed modules named (selective recomputation reruns
     * {@link RecomputeModule#SELECTIVE_DEFAULT}).
     */
    public ParallelismPlan(int tensor, int pipeline, int data, int microBatch, int globalBatch, int context,
                           int expert, int virtualStages, boolean sequenceParallel, int zeroStage,
                           Recompute recompute, int expertTensor, int shardGroup) {
        this(tensor, pipeline, data, microBatch, globalBatch, context, expert, virtualStages, sequenceParallel,
                zeroStage, recompute, expertTensor, shardGroup, null, 0, 0);
    }

    /**
     * A plan without expert tensor parallelism, sharded over the whole data-parallel group.
     * Discouraged: prefer {@link #builder()}, which names each degree.
     */
    public ParallelismPlan(int tensor, int pipeline, int data, int microBatch, int globalBatch, int context,
                           int expert, int virtualStages, boolean sequenceParallel, int zeroStage,
                           Recompute recompute) {
        this(tensor, pipeline, data, microBatch, globalBatch, context, expert, virtualStages, sequenceParallel,
                zeroStage, recompute, 1, 0);
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

    /**
     * The plain 3D plan: no context or expert parallelism, no interleaving, no ZeRO, no recomputation.
     * Discouraged: prefer {@code builder().tensor(t).pipeline(p).data(d).microBatch(m).globalBatch(g).build()},
     * which names each degree.
     */
    public ParallelismPlan(int tensor, int pipeline, int data, int microBatch, int globalBatch) {
        this(tensor, pipeline, data, microBatch, globalBatch, 1, 1, 1, false, 0, Recompute.NONE, 1, 0);
    }

    /** Chips the plan occupies: tp × cp × pp × dp. */
    public long chips() {
        return (long) tensor * context * pipeline * data;
    }

    /** Micro-batches each replica runs per step (gradient-accumulation steps). */
    public int microBatchesPerReplica() {
        return (int) (globalBatch / ((long) data * microBatch)); // the product may pass an int
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder; every degree, the micro-batch and the global batch default to 1, the rest to off / none.
     * Each degree has a long name ({@link #tensor}) and Megatron's short one ({@link #tp}).
     */
    public static final class Builder {
        private int tp = 1, pp = 1, dp = 1, cp = 1, ep = 1, etp = 1, virtualStages = 1, microBatch = 1, globalBatch = 1;
        private int zeroStage, shardGroup;
        private boolean sequenceParallel;
        private Recompute recompute = Recompute.NONE;
        private Set<RecomputeModule> recomputeModules;
        private int firstStageLayers, lastStageLayers;

        /** Tensor-parallel degree (the same as {@link #tp}). */
        public Builder tensor(int v) { return tp(v); }
        /** Pipeline-parallel stages (the same as {@link #pp}). */
        public Builder pipeline(int v) { return pp(v); }
        /** Data-parallel replicas (the same as {@link #dp}). */
        public Builder data(int v) { return dp(v); }
        /** Context-parallel degree (the same as {@link #cp}). */
        public Builder context(int v) { return cp(v); }
        /** Expert-parallel degree (the same as {@link #ep}). */
        public Builder expert(int v) { return ep(v); }
        /** Expert tensor-parallel degree (the same as {@link #etp}). */
        public Builder expertTensor(int v) { return etp(v); }
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
        public Builder shardGroup(int v) { shardGroup = v; return this; }
        /** What selective recomputation reruns ({@code null}, the default: {@link RecomputeModule#SELECTIVE_DEFAULT}). */
        public Builder recomputeModules(Set<RecomputeModule> v) { recomputeModules = v; return this; }
        /** Layers on the first pipeline rank (0, the default: the even split). */
        public Builder firstStageLayers(int v) { firstStageLayers = v; return this; }
        /** Layers on the last pipeline rank (0, the default: the even split). */
        public Builder lastStageLayers(int v) { lastStageLayers = v; return this; }

        public ParallelismPlan build() {
            return new ParallelismPlan(tp, pp, dp, microBatch, globalBatch, cp, ep, virtualStages, sequenceParallel,
                    zeroStage, recompute, etp, shardGroup, recomputeModules, firstStageLayers, lastStageLayers);
        }
    }
}
