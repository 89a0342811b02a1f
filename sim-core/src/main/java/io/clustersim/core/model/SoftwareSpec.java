package io.clustersim.core.model;

import java.util.Objects;

/**
 * What the training software does, as far as step time is concerned.
 *
 * <pre>{@code
 * SoftwareSpec megatron2021 = new SoftwareSpec(false, false, false); // SC'21-era Megatron-LM
 * SoftwareSpec current = SoftwareSpec.modern();
 * }</pre>
 *
 * @param flashAttention       fused attention that never writes the s×s scores to HBM (and skips
 *                             the masked half of causal attention)
 * @param overlapGradReduce    data-parallel gradient reduction overlapped with backward
 * @param overlapTpBackward    the tensor-parallel collective of each column-parallel layer's input
 *                             gradient runs behind that layer's weight-gradient GEMM (Megatron-LM's
 *                             asynchronous tensor-parallel all-reduce, on by default since 2022;
 *                             {@code --no-async-tensor-model-parallel-allreduce} turns it off)
 * @param expertParallel       how the expert-parallel all-to-all runs (MoE models only)
 */
public record SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward,
                           ExpertParallelSoftware expertParallel) {

    public SoftwareSpec {
        Objects.requireNonNull(expertParallel, "expertParallel");
    }

    /** With the default expert-parallel all-to-all (exposed, BF16). */
    public SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward) {
        this(flashAttention, overlapGradReduce, overlapTpBackward, ExpertParallelSoftware.DEFAULT);
    }

    /** Without the backward tensor-parallel overlap (software before 2022). */
    public SoftwareSpec(boolean flashAttention, boolean overlapGradReduce) {
        this(flashAttention, overlapGradReduce, false);
    }

    /** A current stack: flash attention, gradient reduction and backward TP collectives overlapped. */
    public static SoftwareSpec modern() {
        return new SoftwareSpec(true, true, true);
    }

    /** The same software with another expert-parallel all-to-all. */
    public SoftwareSpec withExpertParallel(ExpertParallelSoftware value) {
        return new SoftwareSpec(flashAttention, overlapGradReduce, overlapTpBackward, value);
    }
}
