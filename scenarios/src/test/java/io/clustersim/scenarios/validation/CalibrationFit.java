package io.clustersim.scenarios.validation;

import io.clustersim.core.model.Calibration;
import io.clustersim.topology.ChipFamily;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.util.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Fits the step model's calibration constants — GEMM efficiency of each chip family with data
 * (Ampere, Hopper, Blackwell, Blackwell Ultra, TPU), kernel overhead of each NVIDIA family (Blackwell
 * Ultra takes Blackwell's scaled by their GEMM efficiencies; the TPU rows and families without data take Hopper's), scale-up and scale-out efficiency, the
 * contention an overlapped collective adds beyond its SMs and HBM traffic — by Levenberg–Marquardt
 * least squares (Commons Math) with Huber's robust loss ({@link #HUBER_DELTA}) on the relative errors of the
 * fit half of the validation set: every other published-run scenario, the even vTrain rows, and
 * the dense measured-throughput rows whose key hashes to the fit half ({@link MeasuredRow}; the MoE
 * rows are predicted, not fitted on: {@link #residuals}). Run it with
 * {@code mvn -q -pl scenarios -am test -Dtest=CalibrationFitTest -Dsurefire.failIfNoSpecifiedTests=false};
 * it prints the constants to copy into {@link Calibration}, their approximate standard errors (from the
 * optimum's covariance, as if the weighted robust residuals were independent) and the errors on both
 * halves.
 */
final class CalibrationFit {

    /** The chip families with a fitted GEMM efficiency, in parameter order. */
    static final List<ChipFamily> FAMILIES = List.of(ChipFamily.NVIDIA_AMPERE, ChipFamily.NVIDIA_HOPPER,
            ChipFamily.NVIDIA_BLACKWELL, ChipFamily.NVIDIA_BLACKWELL_ULTRA, ChipFamily.GOOGLE_TPU,
            ChipFamily.GOOGLE_TPU_LITE);

    /** The chip families with a fitted kernel overhead, in parameter order (after the GEMM efficiencies). */
    static final List<ChipFamily> OVERHEAD_FAMILIES = List.of(ChipFamily.NVIDIA_AMPERE, ChipFamily.NVIDIA_HOPPER,
            ChipFamily.NVIDIA_BLACKWELL);

    /** Parameter names, in order: the families' GEMM efficiencies and kernel overheads, then the shared constants. */
    static final List<String> NAMES = List.of("gemmAmpere", "gemmHopper", "gemmBlackwell", "gemmBlackwellUltra", "gemmTpu", "gemmTpuLite",
            "kernelOverheadAmpereMicroseconds", "kernelOverheadHopperMicroseconds", "kernelOverheadBlackwellMicroseconds",
            "scaleUpEfficiency", "scaleOutEfficiency", "overlapContention", "attentionEfficiency");

    /** Index of the first kernel overhead, and of each shared constant, in {@link #NAMES}. */
    static final int OVERHEAD = 6, SCALE_UP = 9, SCALE_OUT = 10, CONTENTION = 11, ATTENTION = 12;

    /** Allowed ranges, in parameter order (the fit clamps to them; docs/models.md, "Calibration"). */
    static final double[][] RANGES = {{0.05, 1}, {0.05, 1}, {0.05, 1}, {0.05, 1}, {0.05, 1}, {0.05, 1}, {0, 200}, {0, 200}, {0, 200},
            {0.05, 1}, {0.05, 1}, {0, 1}, {0.2, 1}};

    /**
     * One residual of the fit: a relative error under a calibration.
     *
     * @param family the chip family the row measures
     * @param fit    whether it is in the fit half
     */
    record Residual(String name, String source, ChipFamily family, boolean fit, ToDoubleFunction<Calibration> error) {
    }

    /**
     * Fitted constants in {@link #NAMES} order with their approximate standard errors, and the RMS and
     * median relative error of both halves.
     */
    record Result(double[] parameters, double[] standardErrors, double trainRms, double testRms, double trainMedian,
                  double testMedian, int[] fitRowsPerFamily) {
        Calibration calibration() {
            return toCalibration(parameters);
        }
    }

    private CalibrationFit() {
    }

    static Calibration toCalibration(double[] x) {
        double[] c = clamp(x);
        java.util.Map<ChipFamily, Double> gemm = new java.util.EnumMap<>(ChipFamily.class);
        for (int i = 0; i < FAMILIES.size(); i++) {
            gemm.put(FAMILIES.get(i), c[i]);
        }
        java.util.Map<ChipFamily, Double> overhead = new java.util.EnumMap<>(ChipFamily.class);
        for (int i = 0; i < OVERHEAD_FAMILIES.size(); i++) {
            overhead.put(OVERHEAD_FAMILIES.get(i), c[OVERHEAD + i] * 1e-6);
        }
        return Calibration.standard().withFitted(gemm, overhead, c[SCALE_UP], c[SCALE_OUT], Calibration.NCCL_SMS,
                c[ATTENTION]).withOverlapContention(c[CONTENTION]);
    }

    static double[] clamp(double[] x) {
        double[] c = x.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.max(RANGES[i][0], Math.min(RANGES[i][1], c[i]));
        }
        return c;
    }

    /**
     * The residuals of the hand-written cases and of the dense measured rows the model compares. The
     * mixture-of-experts rows are not fitted on, only predicted ({@code MeasuredValidationTest}): they
     * carry physics the model does not have yet (issue 11: releases that contradict each other by
     * 1.8–2× on one plan, gpt-oss's attention, the dispatchers' host synchronisation), and a constant
     * they share with the dense rows — the kernel overhead above all — would otherwise stand in for it
     * and be wrong for every dense run (docs/models.md, "Calibration").
     */
    static List<Residual> residuals(List<ValidationCases.Case> cases, List<MeasuredValidation.Loaded> measured) {
        List<Residual> out = new ArrayList<>();
        for (ValidationCases.Case c : cases) {
            String source = c.group().startsWith("vtrain") ? "vtrain" : "published";
            out.add(new Residual(c.name(), source, c.scenario().cluster().chip().family(), c.training(), c::error));
        }
        Calibration standard = Calibration.standard();
        for (MeasuredValidation.Loaded l : measured) {
            MeasuredValidation.Result result = MeasuredValidation.evaluate(l, standard);
            if (!result.compared() || result.moe()) {
                continue;
            }
            out.add(new Residual(l.outcome().row().id(), l.outcome().row().table(), l.scenario().cluster().chip().family(),
                    l.outcome().row().fit(),
                    cal -> MeasuredValidation.evaluate(l, cal).error()));
        }
        return out;
    }

    static Result fit(List<Residual> all) {
        List<Residual> train = all.stream().filter(Residual::fit).toList();
        List<Residual> test = all.stream().filter(r -> !r.fit()).toList();
        double[] weights = weights(train);
        MultivariateJacobianFunction model = point -> {
            double[] x = point.toArray();
            double[] value = weighted(robust(values(train, x)), weights);
            double[][] jacobian = new double[train.size()][x.length];
            for (int j = 0; j < x.length; j++) {
                double[] shifted = x.clone();
                double step = 1e-4 * Math.max(1e-3, Math.abs(x[j]));
                shifted[j] += step;
                double[] r = weighted(robust(values(train, shifted)), weights);
                for (int i = 0; i < r.length; i++) {
                    jacobian[i][j] = (r[i] - value[i]) / step;
                }
            }
            return new Pair<RealVector, RealMatrix>(new ArrayRealVector(value, false),
                    new Array2DRowRealMatrix(jacobian, false));
        };
        double[] initial = {0.75, 0.70, 0.70, 0.70, 0.70, 0.70, 10, 10, 10, 0.8, 0.8, 0.2, 0.7};
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                .start(initial)
                .model(model)
                .target(new double[train.size()])
                .maxEvaluations(2_000)
                .maxIterations(500)
                .build());
        double[] x = clamp(optimum.getPoint().toArray());
        int[] perFamily = new int[FAMILIES.size()];
        for (Residual r : train) {
            int i = FAMILIES.indexOf(r.family());
            if (i >= 0) {
                perFamily[i]++;
            }
        }
        double[] trainErrors = values(train, x), testErrors = values(test, x);
        double[] sigma = standardErrors(optimum, x);
        return new Result(x, sigma, rms(trainErrors), rms(testErrors), medianAbs(trainErrors), medianAbs(testErrors),
                perFamily);
    }

    /**
     * Approximate standard errors of the fitted constants: sqrt of the diagonal of (JᵀJ)⁻¹ · RSS/(n − p)
     * over the constants inside their ranges (J the weighted robust residuals' Jacobian at the optimum);
     * NaN for a constant at a bound of its range (it is not free there, and its column would make JᵀJ
     * singular).
     */
    static double[] standardErrors(LeastSquaresOptimizer.Optimum optimum, double[] x) {
        RealMatrix j = optimum.getJacobian();
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (x[i] > RANGES[i][0] + 1e-9 && x[i] < RANGES[i][1] - 1e-9) {
                free.add(i);
            }
        }
        int[] rows = new int[j.getRowDimension()];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r;
        }
        RealMatrix jf = j.getSubMatrix(rows, free.stream().mapToInt(Integer::intValue).toArray());
        RealMatrix cov = new QRDecomposition(
                jf.transpose().multiply(jf)).getSolver().getInverse();
        double dof = Math.max(1, rows.length - free.size());
        double scale = optimum.getCost() * optimum.getCost() / dof;
        double[] sigma = new double[x.length];
        java.util.Arrays.fill(sigma, Double.NaN);
        for (int k = 0; k < free.size(); k++) {
            sigma[free.get(k)] = Math.sqrt(cov.getEntry(k, k) * scale);
        }
        return sigma;
    }

    /**
     * Every source (published runs, vTrain, each measured table) weighs the same in the fit, however
     * many rows it has: a row's weight is sqrt(rows / (sources × rows of its source)), so that the
     * few published runs of large fleets are not outvoted by the many small-fleet table rows.
     */
    /**
     * How much more the published runs weigh than another source: they are the acceptance set
     * (every run within ±8%) and the only measurements at 2,000–16,000 chips, where the tables stop
     * at 1,024.
     */
    static final double PUBLISHED_EMPHASIS = 4;

    static double[] weights(List<Residual> rows) {
        java.util.Map<String, Integer> perSource = new java.util.HashMap<>();
        for (Residual r : rows) {
            perSource.merge(r.source(), 1, Integer::sum);
        }
        double[] w = new double[rows.size()];
        for (int i = 0; i < w.length; i++) {
            double emphasis = rows.get(i).source().equals("published") ? PUBLISHED_EMPHASIS : 1;
            w[i] = Math.sqrt(emphasis * rows.size() / (double) (perSource.size() * perSource.get(rows.get(i).source())));
        }
        return w;
    }

    /**
     * Relative error beyond which a row counts linearly rather than quadratically in the fit (Huber's
     * loss): a row the model misses by tens of per cent for physics it does not have yet (the MoE
     * rows of issue 11 at −68% to +100%, one GB300 plan at −21%) would otherwise set the shared
     * constants — with squares, the per-kernel overhead rose to 53 µs to slow those rows and every
     * dense FP8 row paid for it (docs/models.md, "Calibration").
     */
    static final double HUBER_DELTA = 0.05;

    /**
     * Huber's loss as least squares: each residual r becomes sign(r)·sqrt(2δ|r| − δ²) beyond δ, so
     * its square is the Huber loss 2δ|r| − δ² (unchanged within δ).
     */
    static double[] robust(double[] r) {
        double[] out = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            double a = Math.abs(r[i]);
            out[i] = a <= HUBER_DELTA ? r[i] : Math.signum(r[i]) * Math.sqrt(2 * HUBER_DELTA * a - HUBER_DELTA * HUBER_DELTA);
        }
        return out;
    }

    private static double[] weighted(double[] r, double[] w) {
        double[] out = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            out[i] = r[i] * w[i];
        }
        return out;
    }

    static double[] values(List<Residual> rows, double[] x) {
        Calibration calibration = toCalibration(x);
        double[] r = new double[rows.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = rows.get(i).error().applyAsDouble(calibration);
        }
        return r;
    }

    static double medianAbs(double[] r) {
        double[] abs = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            abs[i] = Math.abs(r[i]);
        }
        return new Median().evaluate(abs);
    }

    static double rms(double[] r) {
        double sum = 0;
        for (double v : r) {
            sum += v * v;
        }
        return Math.sqrt(sum / Math.max(1, r.length));
    }
}
