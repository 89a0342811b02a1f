package io.clustersim.core.run;

import io.clustersim.core.engine.RandomStreams;
import io.clustersim.core.run.FailureClass.Lifetime;
import org.apache.commons.math3.distribution.WeibullDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The superposed failure process against brute force: every component simulated on its own as a
 * Weibull renewal process, the failures in a window counted, and the counts' mean, spread and
 * timing compared with the superposed process's.
 */
class FailureProcessTest {

    private static final double HOUR = 3600;

    /** Counts of failures in [0, window] over many replications, of the superposed process. */
    private static double[] modelCounts(FailureProcess process, double window, int reps, int stream) {
        double[] counts = new double[reps];
        for (int r = 0; r < reps; r++) {
            FailureProcess.Clock clock = process.clock(RandomStreams.stream(99, r, stream));
            int n = 0;
            while (clock.next() <= window) {
                n++;
            }
            counts[r] = n;
        }
        return counts;
    }

    /**
     * Brute force: {@code n} Weibull renewal processes, each started new at {@code -burnIn}
     * (burn-in 0: a fresh fleet), failures in [0, window] counted.
     */
    private static double[] bruteCounts(int n, double shape, double meanSeconds, double burnIn, double window, int reps) {
        double scale = meanSeconds / Gamma.gamma(1 + 1 / shape);
        double[] counts = new double[reps];
        for (int r = 0; r < reps; r++) {
            RandomGenerator random = RandomStreams.stream(7, r, 0);
            WeibullDistribution weibull = new WeibullDistribution(random, shape, scale);
            int count = 0;
            for (int i = 0; i < n; i++) {
                double t = -burnIn + weibull.sample();
                while (t <= window) {
                    if (t >= 0) {
                        count++;
                    }
                    t += weibull.sample();
                }
            }
            counts[r] = count;
        }
        return counts;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    private static void assertSameMean(double[] a, double[] b, String what) {
        double se = Math.sqrt(variance(a) / a.length + variance(b) / b.length);
        assertTrue(Math.abs(mean(a) - mean(b)) < 4 * se, what + ": " + mean(a) + " vs " + mean(b) + " ± " + se);
    }

    @Test
    void exponentialIsPoissonOfTheSummedRate() {
        FailureProcess p = new FailureProcess(16_384, 1e-5, Lifetime.EXPONENTIAL, 1e7);
        double window = 1_000 * HOUR; // 163.84 expected
        double[] counts = modelCounts(p, window, 2_000, 1);
        double expected = 16_384 * 1e-5 * 1_000;
        assertEquals(expected, p.expectedFailures(window), 1e-9);
        assertTrue(Math.abs(mean(counts) - expected) < 4 * Math.sqrt(expected / counts.length), "mean " + mean(counts));
        assertEquals(1.0, variance(counts) / mean(counts), 0.1, "Poisson: variance = mean");
    }

    /**
     * A fresh fleet of 1,000 components with infant mortality (shape 0.6): more failures early than
     * the long-run rate says. The superposed process (renewal function, inverted) matches brute
     * force in the mean, the spread and the share in the first half of the window.
     */
    @Test
    void freshWeibullFleetMatchesBruteForce() {
        int n = 1_000;
        double shape = 0.6, mean = 5_000 * HOUR, window = 500 * HOUR;
        FailureProcess p = new FailureProcess(n, 1 / (mean / HOUR), Lifetime.weibull(shape, true), 2 * window);
        double[] model = modelCounts(p, window, 1_500, 2);
        double[] brute = bruteCounts(n, shape, mean, 0, window, 1_500);
        assertSameMean(model, brute, "failures in the window");
        assertTrue(mean(brute) > 1.5 * n * window / mean, "infant mortality shows: " + mean(brute));
        assertEquals(mean(brute), p.expectedFailures(window), 0.01 * mean(brute), "renewal function");
        // timing: failures in the first half
        double[] modelHalf = modelCounts(p, window / 2, 1_500, 2);
        double[] bruteHalf = bruteCounts(n, shape, mean, 0, window / 2, 1_500);
        assertSameMean(modelHalf, bruteHalf, "failures in the first half");
        // Spread: the limit is Poisson. Here each component fails ~0.25 times in the window, and a
        // new component that failed early is new again, so brute force is over-dispersed
        // (variance/mean ≈ 1.15, documented in the README); where components are sparse (a tenth
        // of the window) both are Poisson.
        double[] modelShort = modelCounts(p, window / 10, 1_500, 2);
        double[] bruteShort = bruteCounts(n, shape, mean, 0, window / 10, 1_500);
        assertEquals(variance(bruteShort) / mean(bruteShort), variance(modelShort) / mean(modelShort), 0.15,
                "dispersion, sparse components");
        assertEquals(1.0, variance(model) / mean(model), 0.12, "the superposition is Poisson");
    }

    /** A steady-state fleet (long burn-in) fails at n / mean whatever the shape: the Palm–Khintchine limit. */
    @Test
    void steadyWeibullFleetMatchesBruteForceWithBurnIn() {
        int n = 500;
        double shape = 1.8, mean = 100 * HOUR, window = 40 * HOUR;
        FailureProcess p = new FailureProcess(n, 1 / (mean / HOUR), Lifetime.weibull(shape, false), window);
        double[] model = modelCounts(p, window, 800, 3);
        double[] brute = bruteCounts(n, shape, mean, 30 * mean, window, 800);
        assertSameMean(model, brute, "steady state");
        assertEquals(n * window / mean, p.expectedFailures(window), 1e-9);
    }

    /** Few components are simulated one by one: exact, compared with the numerical renewal function. */
    @Test
    void fewComponentsAreExact() {
        int n = 4;
        double shape = 2.5, mean = 10 * HOUR, window = 60 * HOUR;
        FailureProcess fresh = new FailureProcess(n, 1 / (mean / HOUR), Lifetime.weibull(shape, true), window);
        double[] model = modelCounts(fresh, window, 4_000, 4);
        double[] brute = bruteCounts(n, shape, mean, 0, window, 4_000);
        assertSameMean(model, brute, "fresh, few");
        assertEquals(mean(brute), fresh.expectedFailures(window), 0.01 * mean(brute), "renewal function, wear-out");
        // wear-out renewals are regular: far less spread than Poisson, which the exact method keeps
        assertTrue(variance(model) / mean(model) < 0.5, "under-dispersed: " + variance(model) / mean(model));
        FailureProcess steady = new FailureProcess(n, 1 / (mean / HOUR), Lifetime.weibull(shape, false), window);
        assertSameMean(modelCounts(steady, window, 4_000, 5), bruteCounts(n, shape, mean, 40 * mean, window, 4_000),
                "steady, few");
    }

    @Test
    void renewalFunctionOfTheExponentialIsLinear() {
        double[] m = FailureProcess.renewalFunction(1.0, 2.0, 0.01, 1_000); // mean 2, t up to 10
        assertEquals(5.0, m[1_000], 1e-3);
        assertEquals(2.5, m[500], 1e-3);
    }
}
