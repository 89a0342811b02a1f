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
 * Re-runs the calibration fit on the fit half of the validation set (published runs, vTrain and the
 * dense rows of the measured-throughput tables), prints the constants with their approximate standard
 * errors and the error on both halves, and checks that
 * {@link Calibration#standard()} holds the fitted values (so nobody edits a constant by hand without
 * re-fitting) and says how many rows each family was fitted on.
 */
class CalibrationFitTest {

    @Test
    void standardCalibrationIsTheFit() {
        List<ValidationCases.Case> cases = new ArrayList<>(ValidationCases.vtrain());
        cases.addAll(ValidationCases.publishedRuns());
        List<CalibrationFit.Residual> residuals = CalibrationFit.residuals(cases, MeasuredValidation.load());
        CalibrationFit.Result fit = CalibrationFit.fit(residuals);
        double[] x = fit.parameters();
        StringBuilder sb = new StringBuilder("fitted:");
        for (int i = 0; i < x.length; i++) {
            sb.append(String.format(Locale.ROOT, " %s=%.4f (±%.4f)", CalibrationFit.NAMES.get(i), x[i], fit.standardErrors()[i]));
        }
        System.out.println(sb + String.format(Locale.ROOT, "; relative error train median %.2f%% (RMS %.2f%%), test median"
                        + " %.2f%% (RMS %.2f%%); fit rows per family %s", 100 * fit.trainMedian(), 100 * fit.trainRms(),
                100 * fit.testMedian(), 100 * fit.testRms(), java.util.Arrays.toString(fit.fitRowsPerFamily())));
        Calibration standard = Calibration.standard();
        for (int i = 0; i < CalibrationFit.FAMILIES.size(); i++) {
            ChipFamily family = CalibrationFit.FAMILIES.get(i);
            assertEquals(x[i], standard.gemmEfficiency(family), 0.01, "gemm efficiency, " + family);
            String provenance = standard.provenance(family);
            assertTrue(provenance.contains("fitted on " + fit.fitRowsPerFamily()[i] + " rows"),
                    family + " should say it was fitted on " + fit.fitRowsPerFamily()[i] + " rows: " + provenance);
        }
        for (int i = 0; i < CalibrationFit.OVERHEAD_FAMILIES.size(); i++) {
            ChipFamily family = CalibrationFit.OVERHEAD_FAMILIES.get(i);
            double fitted = x[CalibrationFit.OVERHEAD + i] * 1e-6;
            assertEquals(fitted, standard.kernelOverheadSeconds(family), 0.05 * fitted, "kernel overhead, " + family);
        }
        assertEquals(standard.kernelOverheadSeconds(ChipFamily.NVIDIA_HOPPER), standard.kernelOverheadSeconds(ChipFamily.GOOGLE_TPU),
                "families without a fitted overhead take Hopper's");
        assertEquals(standard.kernelOverheadSeconds(ChipFamily.NVIDIA_HOPPER), standard.kernelOverheadSeconds(ChipFamily.GOOGLE_TPU_LITE),
                "families without a fitted overhead take Hopper's");
        assertEquals(x[CalibrationFit.SCALE_UP], standard.scaleUpEfficiency(), 0.02, "scale-up efficiency");
        assertEquals(x[CalibrationFit.SCALE_OUT], standard.scaleOutEfficiency(), 0.02, "scale-out efficiency");
        assertEquals(x[CalibrationFit.CONTENTION], standard.overlapContention(), 0.02, "overlap contention");
        assertEquals(x[CalibrationFit.ATTENTION], standard.attentionEfficiency(), 0.02, "attention efficiency");
        assertTrue(standard.provenance(ChipFamily.AMD_CDNA3).contains("borrowed from"), "families without data say so");
        // the fit's loss is robust (Huber), so its measure is the median: the held-out half's median
        // |error| stays near the fit half's
        assertTrue(fit.testMedian() < 0.10 && fit.testMedian() < 1.5 * fit.trainMedian(),
                "the fit generalises: held-out median |error| " + fit.testMedian() + ", fit half " + fit.trainMedian());
        // the residuals are the dense rows' (no MoE row): held-out RMS 8.3% when written,
        // set by vTrain's small-model outliers (up to −50%); a guard that the outliers do not grow
        assertTrue(fit.testRms() < 0.12, "held-out RMS relative error " + fit.testRms());
    }
}
