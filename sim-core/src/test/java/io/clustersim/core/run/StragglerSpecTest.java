package io.clustersim.core.run;

import io.clustersim.core.engine.RandomStreams;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slowest of N chips, without looping over N, against brute force and closed forms. */
class StragglerSpecTest {

    /** Brute force: each step, every chip draws its slowdown; the step takes the largest. */
    private static double[] bruteMaxima(StragglerSpec s, int chips, int steps) {
        RandomGenerator random = RandomStreams.stream(5, 0, 0);
        ExponentialDistribution exp = new ExponentialDistribution(random, s.meanSlowdown());
        LogNormalDistribution logn = s.lognormal()
                ? new LogNormalDistribution(random, Math.log(s.meanSlowdown()) - s.sigma() * s.sigma() / 2, s.sigma())
                : null;
        double[] maxima = new double[steps];
        for (int step = 0; step < steps; step++) {
            double max = 0;
            for (int chip = 0; chip < chips; chip++) {
                if (random.nextDouble() < s.probability()) {
                    max = Math.max(max, logn != null ? logn.sample() : exp.sample());
                }
            }
            maxima[step] = max;
        }
        return maxima;
    }

    private static void assertMeanMatches(double[] x, double expected, String what) {
        double sum = 0, sum2 = 0;
        for (double v : x) {
            sum += v;
            sum2 += v * v;
        }
        double mean = sum / x.length;
        double se = Math.sqrt((sum2 / x.length - mean * mean) / x.length);
        assertTrue(Math.abs(mean - expected) < 4 * se + 1e-9, what + ": brute " + mean + " vs " + expected + " ± " + se);
    }

    @Test
    void exponentialSlowdownsMatchBruteForce() {
        StragglerSpec s = StragglerSpec.exponential(0.02, 0.3);
        assertMeanMatches(bruteMaxima(s, 256, 20_000), s.expectedMax(256), "exponential, 256 chips");
    }

    @Test
    void lognormalSlowdownsMatchBruteForce() {
        StragglerSpec s = StragglerSpec.lognormal(0.05, 0.1, 0.8);
        assertMeanMatches(bruteMaxima(s, 128, 20_000), s.expectedMax(128), "lognormal, 128 chips");
    }

    /** Every chip slowed, exponential: the mean maximum of n is mean · H_n, the harmonic number. */
    @Test
    void everyChipExponentialIsTheHarmonicNumber() {
        StragglerSpec s = StragglerSpec.exponential(1.0, 0.01);
        for (long n : new long[] {1, 10, 1_000, 1_000_000}) {
            double harmonic = Gamma.digamma(n + 1) + 0.5772156649015329;
            assertEquals(0.01 * harmonic, s.expectedMax(n), 1e-6 * harmonic, "n = " + n);
        }
    }

    /** Draws of the maximum by the inverse CDF of F^N have the integrated mean, at a million chips. */
    @Test
    void sampledMaximaHaveTheIntegratedMean() {
        StragglerSpec s = StragglerSpec.lognormal(1e-4, 0.2, 0.5);
        RandomGenerator random = RandomStreams.stream(3, 0, 0);
        double[] draws = new double[40_000];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = s.sampleMax(1_000_000, random);
        }
        assertMeanMatches(draws, s.expectedMax(1_000_000), "sampled maxima");
        assertEquals(1.0, StragglerSpec.none().expectedStepFactor(1_000_000));
    }
}
