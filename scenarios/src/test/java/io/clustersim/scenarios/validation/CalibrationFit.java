package io.clustersim.scenarios.validation;

import io.clustersim.core.model.Calibration;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

import java.util.List;

/**
 * Fits the step model's four calibration constants — GEMM efficiency of Ampere and of Hopper,
 * kernel overhead, scale-up and scale-out efficiency, overlap interference — by Levenberg–Marquardt least squares (Commons Math) on the
 * relative errors of the training half of the validation set. Run it with
 * {@code mvn -q -pl scenarios -am test -Dtest=CalibrationFitTest -Dsurefire.failIfNoSpecifiedTests=false};
 * it prints the constants to copy into {@link Calibration} and the errors on both halves.
 */
final class CalibrationFit {

    /** Fitted constants in the order gemmAmpere, gemmHopper, kernelOverheadMicroseconds, scaleUpEfficiency, scaleOutEfficiency, overlapInterference. */
    record Result(double[] parameters, double trainRms, double testRms) {
        Calibration calibration() {
            return toCalibration(parameters);
        }
    }

    private CalibrationFit() {
    }

    static Calibration toCalibration(double[] x) {
        return Calibration.standard().withFitted(clampFraction(x[0]), clampFraction(x[1]), Math.max(0, x[2]) * 1e-6,
                clampFraction(x[3]), clampFraction(x[4]), Math.max(0, Math.min(1, x[5])));
    }

    private static double clampFraction(double v) {
        return Math.max(0.05, Math.min(1.0, v));
    }

    static Result fit(List<ValidationCases.Case> cases) {
        List<ValidationCases.Case> train = cases.stream().filter(ValidationCases.Case::training).toList();
        List<ValidationCases.Case> test = cases.stream().filter(c -> !c.training()).toList();
        MultivariateJacobianFunction model = point -> {
            double[] x = point.toArray();
            double[] value = residuals(train, x);
            double[][] jacobian = new double[train.size()][x.length];
            for (int j = 0; j < x.length; j++) {
                double[] shifted = x.clone();
                double step = 1e-4 * Math.max(1e-3, Math.abs(x[j]));
                shifted[j] += step;
                double[] r = residuals(train, shifted);
                for (int i = 0; i < r.length; i++) {
                    jacobian[i][j] = (r[i] - value[i]) / step;
                }
            }
            return new Pair<RealVector, org.apache.commons.math3.linear.RealMatrix>(new ArrayRealVector(value, false),
                    new Array2DRowRealMatrix(jacobian, false));
        };
        double[] initial = {0.75, 0.70, 10, 0.8, 0.8, 0.2};
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                .start(initial)
                .model(model)
                .target(new double[train.size()])
                .maxEvaluations(2_000)
                .maxIterations(500)
                .build());
        double[] x = optimum.getPoint().toArray();
        x[0] = clampFraction(x[0]);
        x[1] = clampFraction(x[1]);
        x[2] = Math.max(0, x[2]);
        x[3] = clampFraction(x[3]);
        x[4] = clampFraction(x[4]);
        x[5] = Math.max(0, Math.min(1, x[5]));
        return new Result(x, rms(residuals(train, x)), rms(residuals(test, x)));
    }

    static double[] residuals(List<ValidationCases.Case> cases, double[] x) {
        Calibration calibration = toCalibration(x);
        double[] r = new double[cases.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = cases.get(i).error(calibration);
        }
        return r;
    }

    static double rms(double[] r) {
        double sum = 0;
        for (double v : r) {
            sum += v * v;
        }
        return Math.sqrt(sum / Math.max(1, r.length));
    }
}
