package io.clustersim.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the training software does, as far as step time is concerned.
 *
 * <pre>{@code
 * SoftwareSpec megatron2021 = new SoftwareSpec(false, false, false); // SC'21-era Megatron-LM
 * SoftwareSpec current = SoftwareSpec.modern();
 * SoftwareSpec titan = Framework.TORCHTITAN.defaults();
 * }</pre>
 *
 * @param flashAttention       fused attention that never writes the s×s scores to HBM (and skips
 *                             the masked half of causal attention)
 * @param overlapGradReduce    data-parallel gradient reduction overlapped with backward
 * @param overlapTpBackward    the tensor-parallel collective of each column-parallel layer's input
 *                             gradient runs behind that layer's weight-gradient GEMM (Megatron-LM's
 *                             asynchronous tensor-parallel all-reduce, on by default since 2022;
 *                             {@code --no-async-tensor-model-parallel-allreduce} turns it off)
 * @param framework            the framework (which plans it runs; {@link Framework#GENERIC}: any)
 * @param gradReduceBytes      bytes per gradient element in the data-parallel reduction: 2 (bf16)
 *                             or 4 (fp32, Megatron's and FSDP2's default with bf16 training)
 * @param prefetchUnits        ZeRO-3/FSDP units whose weights are gathered ahead of the one being
 *                             computed (FSDP's forward/backward prefetch, DeepSpeed's prefetch
 *                             bucket); ≥ 1. Each costs one unsharded unit of memory.
 * @param contextComm          how context parallelism exchanges K and V
 * @param offloadActivations   when a plan does not fit, move the activations of as few layers as
 *                             make it fit to host memory (NeMo's {@code cpu_offloading_num_layers},
 *                             which its Grace–Blackwell recipes use), paying the host link's time
 *                             beyond what hides behind compute; plans that fit are not touched
 * @param expertParallel       how the expert-parallel all-to-all runs and how the experts' GEMMs are
 *                             launched (MoE models only)
 * @param optimizer            the optimizer: its state per parameter in memory and its step's HBM
 *                             traffic ({@link Optimizer#ADAM} unless a scenario says otherwise)
 * @param fp8WeightGather      under FP8 with one scale per tensor, the weights are kept in FP8 and the
 *                             data-parallel all-gathers move one byte per weight instead of two
 *                             (Megatron-Core's {@code fp8_param_gather}; {@link Framework#defaults()} sets
 *                             the framework's, {@link Framework#gathersFp8Weights()})
 * @param fp8ActivationInputs  under a low-precision format, the activation function's inputs (gate
 *                             and up) are kept for backward in FP8 instead of BF16 (Megatron-Core's
 *                             {@code activation_func_fp8_input_store}; DeepSeek-V3 caches the MoE
 *                             SwiGLU's inputs so, arXiv 2412.19437 §3.3.2)
 * @param overlapTpForward     with sequence parallelism, the forward tensor-parallel all-gathers and
 *                             reduce-scatters run chunked behind their GEMMs (Transformer Engine's
 *                             userbuffers, {@code tp_comm_overlap}); {@link Framework#overlapsTpForward()}
 *                             gives the framework's default
 * @param attentionKernel      which fused-attention kernel runs the attention core (with
 *                             {@code flashAttention}): the chip's own, or FlashAttention-2
 *                             ({@link AttentionKernel})
 */
public record SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward,
                           Framework framework, int gradReduceBytes, int prefetchUnits, ContextComm contextComm,
                           boolean offloadActivations, ExpertParallelSoftware expertParallel, Optimizer optimizer,
                           boolean fp8WeightGather, boolean fp8ActivationInputs, boolean overlapTpForward,
                           AttentionKernel attentionKernel) {

    /**
     * Why {@code plan} cannot run on this software: the framework's rules ({@link Framework#problems})
     * and the expert-parallel schedule's ({@link ExpertParallelSoftware#problems}). Empty when it can.
     */
    public List<Problem> problems(ParallelismPlan plan) {
        List<Problem> out = new ArrayList<>(framework.problems(plan));
        out.addAll(expertParallel.problems(plan));
        return out;
    }

    public SoftwareSpec {
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(expertParallel, "expertParallel");
        Objects.requireNonNull(contextComm, "contextComm");
        Objects.requireNonNull(attentionKernel, "attentionKernel");
        if (gradReduceBytes != 2 && gradReduceBytes != 4) {
            throw new IllegalArgumentException("grad-reduce must be bf16 or fp32 (2 or 4 bytes), was " + gradReduceBytes);
        }
        if (prefetchUnits < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1 unit, was " + prefetchUnits);
        }
    }

    /** The chip's own fused-attention kernel ({@link AttentionKernel#FUSED}). */
    public SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward,
                        Framework framework, int gradReduceBytes, int prefetchUnits, ContextComm contextComm,
                        boolean offloadActivations, ExpertParallelSoftware expertParallel, Optimizer optimizer,
                        boolean fp8WeightGather, boolean fp8ActivationInputs, boolean overlapTpForward) {
        this(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes, prefetchUnits,
                contextComm, offloadActivations, expertParallel, optimizer, fp8WeightGather, fp8ActivationInputs,
                overlapTpForward, AttentionKernel.FUSED);
    }

    /** The forward TP collectives overlapped as the framework does ({@link Framework#overlapsTpForward()}). */
    public SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward,
                        Framework framework, int gradReduceBytes, int prefetchUnits, ContextComm contextComm,
                        boolean offloadActivations, ExpertParallelSoftware expertParallel, Optimizer optimizer,
                        boolean fp8WeightGather, boolean fp8ActivationInputs) {
        this(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes, prefetchUnits,
                contextComm, offloadActivations, expertParallel, optimizer, fp8WeightGather, fp8ActivationInputs,
                framework.overlapsTpForward());
    }

    /** The activation function's inputs kept in BF16. */
    public SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward,
                        Framework framework, int gradReduceBytes, int prefetchUnits, ContextComm contextComm,
                        boolean offloadActivations, ExpertParallelSoftware expertParallel, Optimizer optimizer,
                        boolean fp8WeightGather) {
        this(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes, prefetchUnits,
                contextComm, offloadActivations, expertParallel, optimizer, fp8WeightGather, false);
    }

    /** BF16 weight gathers ({@link Framework#defaults()} sets the framework's own choice). */
    public SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward,
                        Framework framework, int gradReduceBytes, int prefetchUnits, ContextComm contextComm,
                        boolean offloadActivations, ExpertParallelSoftware expertParallel, Optimizer optimizer) {
        this(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes, prefetchUnits,
                contextComm, offloadActivations, expertParallel, optimizer, false);
    }

    /** With Adam. */
    public SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward,
                        Framework framework, int gradReduceBytes, int prefetchUnits, ContextComm contextComm,
                        boolean offloadActivations, ExpertParallelSoftware expertParallel) {
        this(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes, prefetchUnits,
                contextComm, offloadActivations, expertParallel, Optimizer.ADAM);
    }

    /** With the default expert-parallel all-to-all (exposed, BF16). */
    public SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward,
                        Framework framework, int gradReduceBytes, int prefetchUnits, ContextComm contextComm,
                        boolean offloadActivations) {
        this(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes, prefetchUnits,
                contextComm, offloadActivations, ExpertParallelSoftware.DEFAULT);
    }

    /** Activations offloaded when they must be. */
    public SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward,
                        Framework framework, int gradReduceBytes, int prefetchUnits, ContextComm contextComm) {
        this(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes, prefetchUnits,
                contextComm, true);
    }

    /** The generic framework's software with these three switches (bf16 gradient reduction, one unit prefetched). */
    public SoftwareSpec(boolean flashAttention, boolean overlapGradReduce, boolean overlapTpBackward) {
        this(flashAttention, overlapGradReduce, overlapTpBackward, Framework.GENERIC, 2, 1, ContextComm.ALL_GATHER);
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
        return new SoftwareSpec(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes,
                prefetchUnits, contextComm, offloadActivations, value, optimizer, fp8WeightGather, fp8ActivationInputs,
                overlapTpForward, attentionKernel);
    }

    /** The same software with another optimizer. */
    public SoftwareSpec withOptimizer(Optimizer value) {
        return new SoftwareSpec(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes,
                prefetchUnits, contextComm, offloadActivations, expertParallel, value, fp8WeightGather, fp8ActivationInputs,
                overlapTpForward, attentionKernel);
    }

    /** The same software with FP8 weights gathered in FP8 or not. */
    public SoftwareSpec withFp8WeightGather(boolean value) {
        return new SoftwareSpec(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes,
                prefetchUnits, contextComm, offloadActivations, expertParallel, optimizer, value, fp8ActivationInputs,
                overlapTpForward, attentionKernel);
    }

    /** The same software with the activation function's inputs kept in FP8 or not. */
    public SoftwareSpec withFp8ActivationInputs(boolean value) {
        return new SoftwareSpec(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes,
                prefetchUnits, contextComm, offloadActivations, expertParallel, optimizer, fp8WeightGather, value,
                overlapTpForward, attentionKernel);
    }

    /** The same software with the forward TP collectives overlapped behind their GEMMs or exposed. */
    public SoftwareSpec withOverlapTpForward(boolean value) {
        return new SoftwareSpec(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes,
                prefetchUnits, contextComm, offloadActivations, expertParallel, optimizer, fp8WeightGather,
                fp8ActivationInputs, value, attentionKernel);
    }

    /** The same software with another fused-attention kernel. */
    public SoftwareSpec withAttentionKernel(AttentionKernel value) {
        return new SoftwareSpec(flashAttention, overlapGradReduce, overlapTpBackward, framework, gradReduceBytes,
                prefetchUnits, contextComm, offloadActivations, expertParallel, optimizer, fp8WeightGather,
                fp8ActivationInputs, overlapTpForward, value);
    }
}
