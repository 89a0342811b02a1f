package io.clustersim.scenarios.validation;

import io.clustersim.core.model.Calibration;
import io.clustersim.topology.ChipFamily;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-runs the calibration fit on the training half of the validation set, prints the constants
 * and the error on both halves, and checks that {@link Calibration#standard()} holds the fitted
 * values (so nobody edits a constant by hand without re-fitting).
 */
class CalibrationFitTest {

    @Test
    void standardCalibrationIsTheFit() {
        List<ValidationCases.Case> cases = new ArrayList<>(ValidationCases.vtrain());
        if (java.nio.file.Files.isDirectory(ValidationCases.VALIDATION_DIR)) {
            cases.addAll(ValidationCases.publishedRuns());
        }
        CalibrationFit.Result fit = CalibrationFit.fit(cases);
        double[] x = fit.parameters();
        System.out.printf(Locale.ROOT, "fitted: gemmAmpere=%.4f gemmHopper=%.4f kernelOverhead=%.3f us scaleUp=%.4f scaleOut=%.4f interference=%.4f;"
                + " RMS relative error train %.2f%%, test %.2f%%%n", x[0], x[1], x[2], x[3], x[4], x[5], 100 * fit.trainRms(),
                100 * fit.testRms());
        Calibration standard = Calibration.standard();
        assertEquals(x[0], standard.gemmEfficiency(ChipFamily.NVIDIA_AMPERE), 0.01, "gemm efficiency, Ampere");
        assertEquals(x[2] * 1e-6, standard.kernelOverheadSeconds(), 0.05 * x[2] * 1e-6, "kernel overhead");
        assertEquals(x[3], standard.scaleUpEfficiency(), 0.02, "scale-up efficiency");
        assertEquals(x[4], standard.scaleOutEfficiency(), 0.02, "scale-out efficiency");
        assertEquals(x[5], standard.overlapInterference(), 0.02, "overlap interference");
        if (cases.stream().anyMatch(c -> c.group().equals("llama3"))) {
            assertEquals(x[1], standard.gemmEfficiency(ChipFamily.NVIDIA_HOPPER), 0.01, "gemm efficiency, Hopper");
        }
        assertTrue(fit.testRms() < 0.2, "the fit generalises: test RMS " + fit.testRms());
    }
}
