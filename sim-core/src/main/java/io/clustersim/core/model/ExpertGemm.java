package io.clustersim.core.model;

/**
 * How the routed experts' GEMMs are launched ({@code software.expert-gemm}): one kernel over all the
 * local experts, or a kernel per expert — which decides how many fixed per-kernel costs a MoE layer
 * pays ({@link Calibration#kernelOverheadSeconds}).
 *
 * <pre>{@code
 * ExpertParallelSoftware megatron = ExpertParallelSoftware.DEFAULT.withExpertGemm(ExpertGemm.PER_EXPERT);
 * }</pre>
 */
public enum ExpertGemm {
    /**
     * One grouped kernel over the local experts (DeepSeek's DeepGEMM, PyTorch's
     * {@code torch._grouped_mm}, CUTLASS grouped GEMMs): the kernel overhead is paid once.
     */
    GROUPED,
    /**
     * One GEMM kernel per local expert: Megatron-Core's grouped MLP runs on Transformer Engine's
     * {@code GroupedLinear}, whose {@code nvte_multi_tensor_gemm} launches a cuBLAS GEMM per expert
     * over several streams (transformer_engine/common/gemm/cublaslt_gemm.cu @ v2.10; a CUTLASS
     * grouped kernel only on Hopper and only with {@code NVTE_USE_CUTLASS_GROUPED_GEMM} set); and
     * DeepSpeed-MoE's {@code Experts.forward} runs its local experts one after another
     * (deepspeed/moe/experts.py). Each expert's GEMM pays the kernel overhead — in full, though TE
     * spreads them over streams, which may hide part of it: over its four compute streams
     * ({@code num_compute_streams = 4}, transformer_engine/common/util/multi_stream.cpp @ v2.8), the
     * overhead paid once per four experts was tried and put the MoE rows at 50% within ±15% (80%
     * with it in full), so the fitted overhead is not what the streams hide.
     */
    PER_EXPERT
}
