package io.clustersim.core.sweep;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.util.Pair;

/**
 * Amdahl's law and the Universal Scalability Law fitted to a scaling curve by least squares
 * (Commons Math Levenberg–Marquardt, on relative residuals).
 *
 * <p>With {@code x = n/n₀} the scale relative to the smallest point and {@code S} the speedup
 * (time to train at n₀ over time at n):
 * <ul>
 *   <li>Amdahl: {@code S(x) = x / (1 + σ(x − 1))}; σ is the serial fraction, and no number of chips
 *       gets more than 1/σ.</li>
 *   <li>USL (Gunther): {@code S(x) = x / (1 + σ(x − 1) + κ·x(x − 1))}; σ is contention, κ coherency
 *       (a cost that grows with every pair of members); throughput peaks at
 *       {@code x* = sqrt((1 − σ)/κ)} and falls beyond it.</li>
 * </ul>
 * Both coefficients are kept in [0, 1] (σ) and [0, ∞) (κ). The standard errors come from the
 * Jacobian at the optimum scaled by the residual variance (they need more points than
 * parameters); the RMS relative error says how well the law describes the curve.
 *
 * <pre>{@code
 * ScalingFit.Amdahl a = ScalingFit.amdahl(new double[] {1, 2, 4, 8}, new double[] {1, 1.9, 3.4, 5.6});
 * double sigma = a.sigma();
 * }</pre>
 */
public final class ScalingFit {

    private ScalingFit() {
    }

    /**
     * Amdahl's fit.
     *
     * @param sigma            serial fraction
     * @param sigmaError       its standard error (NaN with fewer than 2 points)
     * @param rmsRelativeError root-mean-square relative error of the fitted speedups
     */
    public record Amdahl(double sigma, double sigmaError, double rmsRelativeError) {
        /** The speedup no number of chips exceeds, 1/σ (infinite for σ = 0). */
        public double maxSpeedup() {
            return sigma > 0 ? 1 / sigma : Double.POSITIVE_INFINITY;
        }

        /** The fitted speedup at scale {@code x}. */
        public double speedup(double x) {
            return x / (1 + sigma * (x - 1));
        }
    }

    /**
     * The Universal Scalability Law's fit.
     *
     * @param sigma            contention
     * @param sigmaError       its standard error (NaN with fewer than 3 points)
     * @param kappa            coherency
     * @param kappaError       its standard error
     * @param rmsRelativeError root-mean-square relative error of the fitted speedups
     */
    public record Usl(double sigma, double sigmaError, double kappa, double kappaError, double rmsRelativeError) {
        /** The scale of peak throughput, sqrt((1 − σ)/κ) (infinite for κ = 0). */
        public double peakScale() {
            return kappa > 0 ? Math.sqrt((1 - sigma) / kappa) : Double.POSITIVE_INFINITY;
        }

        /** The fitted speedup at scale {@code x}. */
        public double speedup(double x) {
            return x / (1 + sigma * (x - 1) + kappa * x * (x - 1));
        }
    }

    /** Fits Amdahl's law to speedups {@code s} at scales {@code x} (x ≥ 1, S at x = 1 is 1). */
    public static Amdahl amdahl(double[] x, double[] s) {
        check(x, s, 2);
        Result r = fit(x, s, new double[] {0.05}, (params, xi) -> {
            double sigma = params[0];
            double d = 1 + sigma * (xi - 1);
            return new double[] {xi / d, -xi * (xi - 1) / (d * d)};
        });
        return new Amdahl(r.params[0], r.errors[0], r.rms);
    }

    /** Fits the USL to speedups {@code s} at scales {@code x}. */
    public static Usl usl(double[] x, double[] s) {
        check(x, s, 3);
        Result r = fit(x, s, new double[] {0.05, 1e-4}, (params, xi) -> {
            double sigma = params[0], kappa = params[1];
            double d = 1 + sigma * (xi - 1) + kappa * xi * (xi - 1);
            return new double[] {xi / d, -xi * (xi - 1) / (d * d), -xi * xi * (xi - 1) / (d * d)};
        });
        return new Usl(r.params[0], r.errors[0], r.params[1], r.errors[1], r.rms);
    }

    private static void check(double[] x, double[] s, int minimum) {
        if (x.length != s.length || x.length < minimum) {
            throw new IllegalArgumentException("need at least " + minimum + " points with a speedup each, got "
                    + x.length + " and " + s.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0) || !(s[i] > 0)) {
                throw new IllegalArgumentException("scales and speedups must be > 0");
            }
        }
    }

    /** The law: its value and its derivatives by each parameter at one scale. */
    private interface Law {
        double[] valueAndGradient(double[] params, double x);
    }

    private record Result(double[] params, double[] errors, double rms) {
    }

    private static Result fit(double[] x, double[] s, double[] start, Law law) {
        int n = x.length, p = start.length;
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(start)
                .target(ones(n))
                .model(point -> {
                    double[] params = point.toArray();
                    RealVector value = new ArrayRealVector(n);
                    RealMatrix jacobian = new Array2DRowRealMatrix(n, p);
                    for (int i = 0; i < n; i++) {
                        double[] vg = law.valueAndGradient(params, x[i]);
                        value.setEntry(i, vg[0] / s[i]); // relative: fitted over observed
                        for (int j = 0; j < p; j++) {
                            jacobian.setEntry(i, j, vg[1 + j] / s[i]);
                        }
                    }
                    return new Pair<>(value, jacobian);
                })
                .parameterValidator(point -> {
                    RealVector v = point.copy();
                    v.setEntry(0, Math.max(0, Math.min(1, v.getEntry(0))));
                    for (int j = 1; j < v.getDimension(); j++) {
                        v.setEntry(j, Math.max(0, v.getEntry(j)));
                    }
                    return v;
                })
                .maxEvaluations(10_000)
                .maxIterations(10_000)
                .build();
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
        double[] params = optimum.getPoint().toArray();
        double rss = 0;
        for (double r : optimum.getResiduals().toArray()) {
            rss += r * r;
        }
        double[] errors = new double[p];
        java.util.Arrays.fill(errors, Double.NaN);
        if (n > p) {
            try {
                double[] sigma = optimum.getSigma(1e-14).toArray();
                double scale = Math.sqrt(rss / (n - p));
                for (int j = 0; j < p; j++) {
                    errors[j] = sigma[j] * scale;
                }
            } catch (SingularMatrixException e) {
                // the curve does not constrain a parameter: leave its error unknown
            }
        }
        return new Result(params, errors, Math.sqrt(rss / n));
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, 1.0);
        return o;
    }
}
