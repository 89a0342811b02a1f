package io.clustersim.core.model;

import io.clustersim.topology.ChipFamily;
import io.clustersim.topology.ChipSpec;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Which fused-attention kernel runs the attention core ({@code software.attention-kernel}): the
 * kernel written for the chip, or FlashAttention-2, an Ampere-era design that Hopper runs well below
 * its native kernel's rate.
 *
 * <pre>{@code
 * AttentionKernel.FLASH_ATTN_2.fractionOfBf16Peak(ChipFamily.NVIDIA_HOPPER); // OptionalDouble[0.337]
 * AttentionKernel.FUSED.fractionOfBf16Peak(ChipFamily.NVIDIA_HOPPER);        // empty: the fitted rate
 * }</pre>
 *
 * <p>Maintainer notes. The fitted attention efficiency ({@link Calibration#attentionEfficiency()},
 * times the family's GEMM efficiency, beside the softmax's exponentials) describes the chip's own fused
 * kernel: the rows it is fitted on ran cuDNN's fused attention (NeMo 2's performance scripts from
 * v2.3.0 and Megatron-Bridge's set {@code NVTE_FUSED_ATTN=1}; unset, Transformer Engine prefers it on
 * Hopper and later — "Disabling FlashAttention to give FusedAttention preference on Hopper+",
 * transformer_engine/pytorch/attention.py @ v2.0). FlashAttention-2's rate on Hopper is its own,
 * published and not fitted: the kernel is bound by its own instruction mix, not by how near the
 * chip's GEMMs come to their peak.
 */
public enum AttentionKernel {
    /**
     * The chip's own fused attention: cuDNN's fused flash attention (or FlashAttention-3) on Hopper
     * and Blackwell, FlashAttention-2 on Ampere, the vendor's kernel elsewhere.
     */
    FUSED,
    /**
     * The FlashAttention-2 kernel (Dao 2023), written for Ampere: on Hopper it issues Ampere's
     * synchronous tensor-core instructions without the tensor-memory accelerator. What Transformer
     * Engine runs when cuDNN's attention is switched off ({@code NVTE_FUSED_ATTN=0}), as NVIDIA's 2024
     * launch environment did (NeMo-Megatron-Launcher launcher_scripts/conf/config.yaml @ 24.01–24.05:
     * "Disable cudnn FA until we've tested it more"). Ampere and Hopper only: no rate is published
     * for it on other chips.
     */
    FLASH_ATTN_2;

    /**
     * FlashAttention-2's rate on H100 SXM as a fraction of its dense BF16 peak (989 TFLOP/s), forward
     * and backward together: at head dimension 128 and sequences of 8K–16K it runs the forward at 370
     * and the backward at 318–322 TFLOP/s (Shah et al., FlashAttention-3, arXiv 2407.08608, §4.1, the
     * figures "Attention forward speed, head dim 128 (H100 80GB SXM5)" and "Attention backward speed,
     * head dim 128"; the backward counted as 2.5 forwards, as this model does), so one forward and its
     * backward take 3.5 / (1/0.374 + 2.5/0.324) = 0.337 of peak. The same paper's headline: "only
     * 35% utilization on H100". Published, not fitted; measured at head dimension 128 and applied at every width.
     */
    static final double FLASH_ATTN_2_ON_HOPPER = 0.337;

    /** The kernel's word in a scenario ({@code software.attention-kernel}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The kernel's rate as a fraction of the chip's dense BF16 peak where it is a published constant
     * (FlashAttention-2 on Hopper, {@link #FLASH_ATTN_2_ON_HOPPER}); empty where the fitted rate of the
     * chip's own kernel applies ({@link #FUSED} everywhere; FlashAttention-2 on Ampere, where it is
     * the chip's own kernel).
     */
    public OptionalDouble fractionOfBf16Peak(ChipFamily family) {
        return this == FLASH_ATTN_2 && family == ChipFamily.NVIDIA_HOPPER
                ? OptionalDouble.of(FLASH_ATTN_2_ON_HOPPER) : OptionalDouble.empty();
    }

    /** Whether this model has a rate for the kernel on this family ({@link #FLASH_ATTN_2}: Ampere and Hopper). */
    public boolean runsOn(ChipFamily family) {
        return this == FUSED || family == ChipFamily.NVIDIA_AMPERE || family == ChipFamily.NVIDIA_HOPPER;
    }

    /**
     * Why the kernel cannot be priced on {@code chip} ({@link #runsOn}), at {@code software.attention-kernel}:
     * the loader's refusal and the API's problem say the same.
     */
    public Optional<Problem> problemOn(ChipSpec chip) {
        return runsOn(chip.family()) ? Optional.empty() : Optional.of(new Problem("software.attention-kernel", key()
                + " is priced on Ampere (the chip's own kernel) and Hopper (its published rate) only; "
                + chip.displayName() + " runs its own fused attention (fused)"));
    }
}
