package io.clustersim.topology;

import java.util.Locale;

/**
 * Number format of the matrix multiplications of the transformer layers (the compute datatype);
 * selects the chip's peak. Attention's score and value products, the output layer and the router
 * stay in BF16 whatever the format (flash attention and the frameworks' FP8 recipes keep them
 * there); the step model applies that.
 *
 * <pre>{@code
 * Precision p = Precision.parse("fp8-block128");    // FP8_BLOCK128
 * double peak = chip.peakFlopsPerSecond(p);          // refuses a format the chip does not run
 * }</pre>
 */
public enum Precision {
    /** BF16 inputs, FP32 accumulation. */
    BF16,
    /** FP8 (E4M3/E5M2) with one scale per tensor from the tensor's current amax (an extra pass over it). */
    FP8,
    /** FP8 with one scale per tensor from the amax history of earlier steps (no extra pass). */
    FP8_DELAYED,
    /** FP8 with a scale per 1×128 block of activations and 128×128 block of weights (DeepSeek-V3's recipe). */
    FP8_BLOCK128,
    /** OCP MXFP8: FP8 elements with an 8-bit power-of-two scale per 32 elements (Blackwell, Trainium3). */
    MXFP8,
    /** NVIDIA NVFP4: 4-bit E2M1 elements with an FP8 scale per 16 elements and one per tensor (Blackwell). */
    NVFP4;

    /** The scenario spelling: {@code bf16}, {@code fp8}, {@code fp8-delayed}, {@code fp8-block128}, {@code mxfp8}, {@code nvfp4}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The format with this scenario spelling (case-insensitive). */
    public static Precision parse(String key) {
        for (Precision p : values()) {
            if (p.key().equalsIgnoreCase(key.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision \"" + key + "\"");
    }

    /** Whether this is one of the FP8 formats (one byte per element). */
    public boolean isFp8() {
        return this == FP8 || this == FP8_DELAYED || this == FP8_BLOCK128 || this == MXFP8;
    }
}
