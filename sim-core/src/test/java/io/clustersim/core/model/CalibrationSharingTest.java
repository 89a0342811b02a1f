package io.clustersim.core.model;

import io.clustersim.topology.ChipFamily;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blackwell Ultra's calibration: a GEMM efficiency of its own, the kernel overhead of Blackwell
 * scaled by the two efficiencies ({@link Calibration#SHARED_KERNEL_OVERHEAD}) in the standard
 * calibration and in every refit, and reports that say so only when it holds.
 */
class CalibrationSharingTest {

    static final ChipFamily BLACKWELL = ChipFamily.NVIDIA_BLACKWELL, ULTRA = ChipFamily.NVIDIA_BLACKWELL_ULTRA;

    @Test
    void blackwellUltraHasItsOwnEfficiencyAndBlackwellsOverheadAsMuchFaster() {
        Calibration standard = Calibration.standard();
        double speed = standard.gemmEfficiency(ULTRA) / standard.gemmEfficiency(BLACKWELL);
        assertTrue(speed > 1.1, "GB300's GEMMs fitted faster than GB200's: " + speed);
        assertEquals(standard.kernelOverheadSeconds(BLACKWELL) / speed, standard.kernelOverheadSeconds(ULTRA), 1e-15);
        assertTrue(standard.provenance(ULTRA).endsWith("; kernel overhead NVIDIA_BLACKWELL's, scaled by the GEMM efficiencies"),
                standard.provenance(ULTRA));
    }

    @Test
    void aRefitOfBlackwellsOverheadMovesBlackwellUltrasToo() {
        Calibration refit = Calibration.standard().withFitted(Map.of(BLACKWELL, 0.5, ULTRA, 0.625), Map.of(BLACKWELL, 80e-6),
                1, 0.8, Calibration.NCCL_SMS, 0.8);
        assertEquals(64e-6, refit.kernelOverheadSeconds(ULTRA), 1e-15); // 80 µs × 0.5 / 0.625
    }

    @Test
    void aCalibrationWithoutTheSharingDoesNotClaimIt() {
        Calibration apart = new Calibration(Map.of(BLACKWELL, 0.5, ULTRA, 0.6), 0.5, 20e-6, 1, 0.8, 24, 0.8, 0.8, 0.3,
                Map.of(BLACKWELL, 30e-6, ULTRA, 50e-6));
        assertTrue(!apart.provenance(ULTRA).contains("scaled by the GEMM efficiencies"), apart.provenance(ULTRA));
        assertTrue(apart.provenance(ULTRA).startsWith("NVIDIA_BLACKWELL_ULTRA: fitted on"), apart.provenance(ULTRA));
    }
}
