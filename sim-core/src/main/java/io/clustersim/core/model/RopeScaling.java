package io.clustersim.core.model;

/**
 * How a model scales its rotary position embedding ({@code model.rope-scaling}): what decides
 * whether a framework can apply it with its fused kernel.
 *
 * <pre>{@code
 * TransformerSpec gptOss = TransformerSpec.builder()...ropeScaling(RopeScaling.YARN).build();
 * }</pre>
 */
public enum RopeScaling {
    /** Plain RoPE (or a scaling folded into the frequencies, as Llama 3's): the fused kernel applies. */
    NONE,
    /**
     * YaRN (gpt-oss: factor 32 over 4,096 positions, with an attention scale): Megatron-Bridge turns the
     * fused RoPE kernel off for any position embedding but plain {@code rope}
     * ({@code validate_rope_fusion_compatibility}, src/megatron/bridge/utils/fusions.py @ v0.3.1), so
     * Megatron-Core applies it in separate elementwise kernels ({@link Framework#fusesYarnRope()}).
     */
    YARN
}
