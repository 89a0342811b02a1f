package io.clustersim.core.model;

import io.clustersim.topology.ChipFamily;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blackwell Ultra's calibration: a GEMM efficiency of its own, the kernel overhead of Blackwell
 * ({@link Calibration#SHARED_KERNEL_OVERHEAD}) in the standard calibration and in every refit, and
 * reports that say so only when it holds.
 */
class CalibrationSharingTest {

    static final ChipFamily BLACKWELL = ChipFamily.NVIDIA_BLACKWELL, ULTRA = ChipFamily.NVIDIA_BLACKWELL_ULTRA;

    @Test
    void blackwellUltraHasItsOwnEfficiencyAndBlackwellsOverhead() {
        Calibration standard = Calibration.standard();
        assertNotEquals(standard.gemmEfficiency(BLACKWELL), standard.gemmEfficiency(ULTRA));
        assertEquals(standard.kernelOverheadSeconds(BLACKWELL), standard.kernelOverheadSeconds(ULTRA));
        assertTrue(standard.provenance(ULTRA).endsWith("; kernel overhead shared with NVIDIA_BLACKWELL"),
                standard.provenance(ULTRA));
    }

    @Test
    void aRefitOfBlackwellsOverheadMovesBlackwellUltrasToo() {
        Calibration refit = Calibration.standard().withFitted(Map.of(BLACKWELL, 0.5), Map.of(BLACKWELL, 77e-6),
                1, 0.8, Calibration.NCCL_SMS, 0.8);
        assertEquals(77e-6, refit.kernelOverheadSeconds(ULTRA), 1e-15);
    }

    @Test
    void aCalibrationWithoutTheSharingDoesNotClaimIt() {
        Calibration apart = new Calibration(Map.of(BLACKWELL, 0.5, ULTRA, 0.6), 0.5, 20e-6, 1, 0.8, 24, 0.8, 0.8, 0.3,
                Map.of(BLACKWELL, 30e-6, ULTRA, 50e-6));
        assertTrue(!apart.provenance(ULTRA).contains("shared"), apart.provenance(ULTRA));
    }
}
