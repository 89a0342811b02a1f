package io.clustersim.topology;

/**
 * Chip families: calibration constants (achievable fraction of GEMM peak, collective efficiency)
 * are fitted and applied per family, never per scenario.
 */
public enum ChipFamily {
    NVIDIA_AMPERE,
    NVIDIA_HOPPER,
    NVIDIA_BLACKWELL,
    /**
     * Blackwell Ultra (B300, GB300): compute capability 10.3 against Blackwell's 10.0, with its own
     * NVFP4 peak; its GEMM efficiency is fitted on its own rows (GB300 runs NVIDIA's plans 1.2× faster
     * than GB200 at the same datasheet FP8 and BF16 peaks: docs/models.md, "Calibration").
     */
    NVIDIA_BLACKWELL_ULTRA,
    AMD_CDNA3,
    /**
     * Google's TPUs with two TensorCores per chip (TPU v4, v5p; TPU7x's two chiplets): fitted on
     * MaxText's v5p rows.
     */
    GOOGLE_TPU,
    /**
     * Google's single-TensorCore "lite" TPUs (v5e, v6e Trillium): fitted apart from {@link #GOOGLE_TPU}
     * because MaxText's rows put them at a different fraction of their peak (v5e 0.83 against v5p
     * 0.76). One fraction for both had left v5e's single-slice rows 9–18% slow; refitted over the
     * multi-slice rows it rose to 0.81 and put v5p's held-out median at 10.6% (docs/models.md,
     * "Calibration"). Why the lite design runs nearer its peak is not established.
     */
    GOOGLE_TPU_LITE,
    AWS_TRAINIUM,
    INTEL_GAUDI,
    OTHER;

    /**
     * Exponentials the chip's special-function units compute per dense BF16 tensor FLOP — the ratio
     * that decides how long fused attention's softmax takes beside its two matrix products (one
     * exponential per score, 4 × head-dimension FLOPs of products per score in the forward). From
     * per-SM, per-clock rates, so no clock is needed: the SFUs return 16 base-2 exponentials per clock
     * per SM on Ampere, Hopper and Blackwell (CUDA C++ Programming Guide, "Arithmetic Instructions"
     * throughput table, compute capabilities 8.0, 9.0 and 10.0) and 32 on Blackwell Ultra, which
     * doubles them (NVIDIA Technical Blog, "Making Softmax More Efficient with NVIDIA Blackwell
     * Ultra"); the tensor cores do 2,048 dense BF16 FLOPs per clock per SM on A100 (312 TFLOP/s, 108
     * SMs, 1.41 GHz), 4,096 on H100 (989 TFLOP/s, 132 SMs, 1.83 GHz) and 8,192 on Blackwell. Chips
     * whose softmax runs on units this catalog has no rate for (TPU, Trainium, AMD, Gaudi) borrow
     * Hopper's ratio, as they borrow its other values ({@link #exponentialRatePublished()}). Per family,
     * not per chip: a chip of a family with another ratio of SFUs to tensor cores is not told apart.
     */
    public double exponentialsPerBf16Flop() {
        return publishedExponentialsPerBf16Flop().orElse(NVIDIA_HOPPER.publishedExponentialsPerBf16Flop().getAsDouble());
    }

    /** Whether {@link #exponentialsPerBf16Flop()} is this family's own published figure rather than Hopper's borrowed. */
    public boolean exponentialRatePublished() {
        return publishedExponentialsPerBf16Flop().isPresent();
    }

    private java.util.OptionalDouble publishedExponentialsPerBf16Flop() {
        return switch (this) {
            case NVIDIA_AMPERE -> java.util.OptionalDouble.of(16.0 / 2048);
            case NVIDIA_HOPPER -> java.util.OptionalDouble.of(16.0 / 4096);
            case NVIDIA_BLACKWELL -> java.util.OptionalDouble.of(16.0 / 8192);
            case NVIDIA_BLACKWELL_ULTRA -> java.util.OptionalDouble.of(32.0 / 8192);
            default -> java.util.OptionalDouble.empty();
        };
    }

    /**
     * Whether the tensor cores take FP8 operands in any layout, so a tensor-scaled FP8 tensor needs
     * no transposed copy for the GEMMs that read it column-wise: Blackwell (compute capability 10.x)
     * and later; Hopper's FP8 GEMMs take the TN layout only (Transformer Engine's
     * {@code is_non_tn_fp8_gemm_supported}: 10.0 ≤ cc &lt; 12.0 or cc ≥ 13.0,
     * transformer_engine/pytorch/utils.py @ v2.10; its quantizers then write no transpose,
     * csrc/quantizer.cpp).
     */
    public boolean fp8GemmsTakeAnyLayout() {
        return this == NVIDIA_BLACKWELL || this == NVIDIA_BLACKWELL_ULTRA;
    }
}
