package io.clustersim.core.model;

import io.clustersim.topology.ChipFamily;
import io.clustersim.topology.Precision;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Bytes a number format costs: the quantisation (cast) work of a matrix multiplication's inputs at
 * HBM bandwidth, and the bytes per parameter of a layer's weights. Master weights, gradients and
 * optimizer state do not depend on the format: the memory model takes them from the
 * {@link Optimizer} and BF16.
 *
 * <pre>{@code
 * PrecisionBytes mx = PrecisionBytes.of(Precision.MXFP8, chip.family());
 * double castSeconds = elements * mx.castBytesPerElement() / hbmBytesPerSecond;
 * }</pre>
 *
 * <h2>Maintainer notes</h2>
 * Cast bytes per BF16 element quantised (what Transformer Engine's kernels read and write):
 * <ul>
 *   <li>FP8, current scaling: an amax pass (read 2) before the cast (read 2), which writes the
 *       row-wise and, on Hopper, the transposed copy the TN-only FP8 GEMMs need for the gradients
 *       (1 + 1): 6; on Blackwell, whose FP8 GEMMs take any layout, the row-wise copy only: 5.</li>
 *   <li>FP8, delayed scaling: the amax is taken from earlier steps' history inside the cast: 4
 *       (Blackwell 3).</li>
 *   <li>FP8 with 128-element blocks: one pass writes 1×128-block row-wise and 128×1-block
 *       column-wise copies with an FP32 scale per block: 2 + 2 × (1 + 4/128) ≈ 4.06.</li>
 *   <li>MXFP8: one pass writes row-wise and column-wise copies with an 8-bit scale per 32
 *       elements: 2 + 2 × (1 + 1/32) ≈ 4.06.</li>
 *   <li>NVFP4: a global amax pass (read 2; the per-tensor FP32 scale) and one pass writing 4-bit
 *       row-wise and column-wise copies (the column-wise one after a random Hadamard transform,
 *       fused) with an FP8 scale per 16 elements: 2 + 2 + 2 × (0.5 + 1/16) ≈ 5.13.</li>
 * </ul>
 *
 * @param inputBytesPerElement          bytes of one GEMM input element in the format
 * @param castBytesPerElement           HBM bytes read and written to quantise one BF16 element (0 for BF16)
 * @param lowPrecisionCopyBytesPerParameter bytes of the quantised copies of a weight kept for the
 *                                      step (row-wise and column-wise; 0 for BF16). Tensor-scaled FP8
 *                                      keeps 2 on every chip: on Blackwell the cast writes one copy but
 *                                      the memory model keeps Hopper's two (weights are held at 2 bytes
 *                                      either way, {@link #layerWeightBytesPerParameter()})
 * @param workingWeightBytesPerParameter bytes of the BF16 working copy of a weight
 */
public record PrecisionBytes(double inputBytesPerElement, double castBytesPerElement,
                             double lowPrecisionCopyBytesPerParameter, double workingWeightBytesPerParameter) {

    /** Each format's bytes, made once: the step model asks on every evaluation. */
    private static final Map<Precision, PrecisionBytes> BY_FORMAT = table(false);
    /** The same on chips whose FP8 GEMMs take any layout (no transposed copy). */
    private static final Map<Precision, PrecisionBytes> BY_FORMAT_ANY_LAYOUT = table(true);

    /**
     * The bytes of {@code precision} on a chip of {@code family}: where FP8 GEMMs take any layout
     * ({@link ChipFamily#fp8GemmsTakeAnyLayout()}, Blackwell) a tensor-scaled FP8 tensor is written
     * once, row-wise, with no transposed copy.
     */
    public static PrecisionBytes of(Precision precision, ChipFamily family) {
        return (family.fp8GemmsTakeAnyLayout() ? BY_FORMAT_ANY_LAYOUT : BY_FORMAT).get(precision);
    }

    private static Map<Precision, PrecisionBytes> table(boolean anyLayout) {
        Map<Precision, PrecisionBytes> t = new EnumMap<>(Precision.class);
        for (Precision p : Precision.values()) {
            t.put(p, bytesOf(p, anyLayout));
        }
        return Collections.unmodifiableMap(t);
    }

    private static PrecisionBytes bytesOf(Precision precision, boolean anyLayout) {
        // the cast writes the row-wise copy, and the transpose where the GEMMs need it; the weights
        // held between steps stay at 2 bytes either way (layerWeightBytesPerParameter)
        int copies = anyLayout ? 1 : 2;
        return switch (precision) {
            case BF16 -> new PrecisionBytes(2, 0, 0, 2);
            case FP8 -> new PrecisionBytes(1, 4 + copies, 2, 2);
            case FP8_DELAYED -> new PrecisionBytes(1, 2 + copies, 2, 2);
            case FP8_BLOCK128 -> new PrecisionBytes(1, 2 + 2 * (1 + 4.0 / 128), 2 * (1 + 4.0 / (128 * 128)), 2);
            case MXFP8 -> new PrecisionBytes(1, 2 + 2 * (1 + 1.0 / 32), 2 * (1 + 1.0 / 32), 2);
            case NVFP4 -> new PrecisionBytes(0.5, 4 + 2 * (0.5 + 1.0 / 16), 2 * (0.5 + 1.0 / 16), 2);
        };
    }

    /**
     * HBM bytes per element that quantisation adds when it is fused into the kernel producing the
     * tensor (a norm, an activation or its derivative): the producer writes the quantised copies
     * instead of its BF16 output, so the separate kernel's read (2) and the BF16 write it replaces (2)
     * drop out; what remains is the amax pass of current scaling and NVFP4's global scale (read 2,
     * the tensor's scale must be known before any element is cast) and the copies' bytes beyond 2.
     * FP8 current scaling 2 (1 on Blackwell, one copy), delayed scaling 0 (on Blackwell the single
     * copy weighs less than the BF16 write it replaces: clamped to 0), FP8 blocks and MXFP8 ≈ 0.06,
     * NVFP4 1.125; 0 in BF16.
     */
    public double fusedCastBytesPerElement() {
        return castBytesPerElement == 0 ? 0 : Math.max(0, castBytesPerElement - 4);
    }

    /**
     * Bytes per parameter of a transformer layer's weight as the model holds it between steps when the
     * framework keeps its compute parameters in the format (Megatron-Core's {@code fp8_param_gather} /
     * {@code fp4_param_gather}: the quantised row-wise and column-wise copies <em>are</em> the
     * parameter, no BF16 working copy; the FP32 master stays in the optimizer): the smaller of the
     * BF16 working copy and the quantised copies. BF16, FP8 and MXFP8 stay at 2 bytes (their two
     * 1-byte copies weigh as much as one BF16 copy); NVFP4 holds 2 × (0.5 + 1/16) = 1.125 bytes.
     */
    public double layerWeightBytesPerParameter() {
        return lowPrecisionCopyBytesPerParameter == 0 ? workingWeightBytesPerParameter
                : Math.min(workingWeightBytesPerParameter, lowPrecisionCopyBytesPerParameter);
    }
}
