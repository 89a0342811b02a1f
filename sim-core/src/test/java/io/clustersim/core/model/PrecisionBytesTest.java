package io.clustersim.core.model;

import io.clustersim.topology.ChipFamily;
import io.clustersim.topology.Precision;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bytes of each number format against the hand counts of {@link PrecisionBytes}' notes. */
class PrecisionBytesTest {

    static PrecisionBytes hopper(Precision p) {
        return PrecisionBytes.of(p, ChipFamily.NVIDIA_HOPPER);
    }

    @Test
    void castBytesFollowTheKernelsReadsAndWrites() {
        assertEquals(0, hopper(Precision.BF16).castBytesPerElement());
        assertEquals(2 + 2 + 1 + 1, hopper(Precision.FP8).castBytesPerElement(), 1e-12, "amax, cast, two copies");
        assertEquals(2 + 1 + 1, hopper(Precision.FP8_DELAYED).castBytesPerElement(), 1e-12, "no amax pass");
        assertEquals(2 + 2 * (1 + 1 / 32.0), hopper(Precision.MXFP8).castBytesPerElement(), 1e-12);
        assertEquals(2 + 2 * (1 + 4 / 128.0), hopper(Precision.FP8_BLOCK128).castBytesPerElement(), 1e-12);
        assertEquals(2 + 2 + 2 * (0.5 + 1 / 16.0), hopper(Precision.NVFP4).castBytesPerElement(), 1e-12);
        for (Precision p : Precision.values()) {
            PrecisionBytes b = hopper(p);
            assertEquals(p == Precision.BF16 ? 2 : p == Precision.NVFP4 ? 0.5 : 1, b.inputBytesPerElement(), 0, p.key());
            // mixed precision keeps a BF16 working copy of the weights in every format
            assertEquals(2, b.workingWeightBytesPerParameter(), 0, p.key());
            assertTrue(p == Precision.BF16 || b.castBytesPerElement() > 0);
        }
    }

    @Test
    void layerWeightsTakeTheFormatsBytesWhereTheyAreSmallerThanBf16() {
        assertEquals(2, hopper(Precision.BF16).layerWeightBytesPerParameter(), 0);
        assertEquals(2, hopper(Precision.FP8).layerWeightBytesPerParameter(), 0, "two 1-byte copies");
        assertEquals(2, hopper(Precision.MXFP8).layerWeightBytesPerParameter(), 0, "scales make the copies heavier than BF16");
        assertEquals(2 * (0.5 + 1 / 16.0), hopper(Precision.NVFP4).layerWeightBytesPerParameter(), 1e-12,
                "4-bit row-wise and column-wise copies with an FP8 scale per 16");
    }

    @Test
    void fusedCastsKeepOnlyTheAmaxPassAndTheCopiesBeyondTheBf16Write() {
        assertEquals(0, hopper(Precision.BF16).fusedCastBytesPerElement(), 0);
        assertEquals(2, hopper(Precision.FP8).fusedCastBytesPerElement(), 1e-12, "current scaling: the amax pass");
        assertEquals(0, hopper(Precision.FP8_DELAYED).fusedCastBytesPerElement(), 1e-12, "two 1-byte copies replace the BF16 write");
        assertEquals(2 / 32.0, hopper(Precision.MXFP8).fusedCastBytesPerElement(), 1e-12, "the scales");
        assertEquals(2 + 2 * (0.5 + 1 / 16.0) - 2, hopper(Precision.NVFP4).fusedCastBytesPerElement(), 1e-12);
    }

    @Test
    void blackwellWritesNoTransposedFp8Copy() {
        // Blackwell's FP8 GEMMs take any layout: one 1-byte copy where Hopper writes two
        assertEquals(2 + 2 + 1, PrecisionBytes.of(Precision.FP8, ChipFamily.NVIDIA_BLACKWELL).castBytesPerElement(), 1e-12);
        assertEquals(2 + 1, PrecisionBytes.of(Precision.FP8_DELAYED, ChipFamily.NVIDIA_BLACKWELL_ULTRA).castBytesPerElement(), 1e-12);
        assertEquals(1, PrecisionBytes.of(Precision.FP8, ChipFamily.NVIDIA_BLACKWELL).fusedCastBytesPerElement(), 1e-12,
                "the amax pass less the BF16 write the single copy replaces");
        // the block-scaled formats and NVFP4 already carry both orientations by their own rules
        for (Precision p : new Precision[] {Precision.BF16, Precision.MXFP8, Precision.FP8_BLOCK128, Precision.NVFP4}) {
            assertEquals(hopper(p), PrecisionBytes.of(p, ChipFamily.NVIDIA_BLACKWELL), p.key());
        }
    }
}
