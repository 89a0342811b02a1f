package io.clustersim.core.model;

/**
 * How the software adds the experts' linear biases ({@code software.expert-bias}), for models whose
 * experts carry them ({@link MoeSpec#expertBias()}: gpt-oss). A bias added outside the GEMM is a
 * Python loop over the local experts: per expert a kernel or two forward and backward, and a
 * concatenation of the experts' outputs.
 *
 * <pre>{@code
 * ExpertParallelSoftware automodel = ExpertParallelSoftware.DEFAULT.withExpertBias(ExpertBias.BOTH);
 * }</pre>
 *
 * <p>A software setting like {@link ExpertGemm}: {@link Framework#defaults()} sets its framework's
 * ({@link Framework#expertBias()}); a {@link SoftwareSpec} built by hand keeps {@link #FUSED} unless told.
 */
public enum ExpertBias {
    /** Both biases in the grouped GEMMs' epilogues: no cost of their own. */
    FUSED,
    /**
     * The first linear's bias in its grouped GEMM, the second's ({@code b · p}, weighted by the routing
     * probability) added per local expert and concatenated: Megatron-Core's {@code TEGroupedMLP._apply_bias}
     * (megatron/core/transformer/moe/experts.py @ 55ac708, l. 609–625; Megatron-Bridge v0.3.x, and
     * 0d8e071 of v0.2.0 alike). The {@code megatron} and {@code nemo} profiles' default.
     */
    SECOND,
    /**
     * Both added per local expert after their grouped GEMMs (the first over the [rows, 2f] gate and up
     * output, the second weighted): NeMo Automodel's {@code GroupedExpertsDeepEP}, whose grouped GEMMs
     * ({@code torch._grouped_mm}, {@code grouped_gemm}) take no bias
     * (nemo_automodel/components/moe/experts.py @ cb976544, l. 802–855).
     */
    BOTH
}
