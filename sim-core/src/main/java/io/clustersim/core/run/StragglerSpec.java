package io.clustersim.core.run;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Erf;

/**
 * Per-step slowdowns of individual chips (thermal throttling, a noisy neighbour, a slow link):
 * in each step each chip is independently slowed with probability {@code probability} by a
 * fraction X of the step (exponential of mean {@code meanSlowdown}, or lognormal of that mean and
 * log-sigma {@code sigma}). A synchronous step waits for the slowest of its {@code N} chips, so it
 * takes {@code 1 + max(X_1..X_N)} times the step model's time.
 *
 * <pre>{@code
 * StragglerSpec s = StragglerSpec.exponential(0.001, 0.2);  // 0.1% of chip-steps 20% slower on average
 * double factor = s.expectedStepFactor(16_384);              // ≈ 1.6: the step waits for someone
 * }</pre>
 *
 * <h2>Maintainer notes</h2>
 * <ul>
 *   <li>The slowest of N is never found by looping over the chips. Per chip, F(x) = 1 − p·S(x)
 *       (S the slowdown's survival function); the maximum of N independent chips has CDF F^N, so
 *       its mean is ∫ (1 − F(x)^N) dx, integrated numerically once per scenario (Simpson's rule up
 *       to where N·p·S(x) falls below 1e-12). {@link #sampleMax} draws one maximum as
 *       F^-1(U^(1/N)) — the inverse CDF of F^N, used by tests.</li>
 *   <li>The run does not draw a maximum per step (that would be one draw per step): it applies the
 *       expected factor. A segment between two events holds hundreds to thousands of steps, and the
 *       mean of S independent maxima deviates from its expectation by sd/sqrt(S), well below a
 *       percent of the slowdown; the sum over the run is what the wall clock sees.</li>
 * </ul>
 *
 * @param probability  chance that a given chip is slowed in a given step, [0, 1]
 * @param meanSlowdown mean extra fraction of the step when slowed (0.2 = 20% slower)
 * @param lognormal    lognormal rather than exponential slowdowns
 * @param sigma        log standard deviation of a lognormal slowdown
 */
public record StragglerSpec(double probability, double meanSlowdown, boolean lognormal, double sigma) {

    public StragglerSpec {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("straggler probability must be in [0, 1], was " + probability);
        }
        if (!(meanSlowdown >= 0) || Double.isInfinite(meanSlowdown)) {
            throw new IllegalArgumentException("mean slowdown must be >= 0, was " + meanSlowdown);
        }
        if (lognormal && (!(sigma > 0) || Double.isInfinite(sigma))) {
            throw new IllegalArgumentException("a lognormal slowdown needs a sigma > 0, was " + sigma);
        }
        if (lognormal && sigma > MAX_SIGMA) {
            // beyond, the mean is carried by ever rarer, ever larger slowdowns: the expected maximum
            // over a fleet swings from nothing (the integration sees none) to a million-fold step
            throw new IllegalArgumentException("sigma must be at most " + MAX_SIGMA + " (a lognormal of log-sigma 3"
                    + " already puts 1% of its slowdowns 30x above the median), was " + sigma);
        }
    }

    /** Largest lognormal log-sigma accepted. */
    public static final double MAX_SIGMA = 3;

    /** No stragglers. */
    public static StragglerSpec none() {
        return new StragglerSpec(0, 0, false, 0);
    }

    /** Exponential slowdowns. */
    public static StragglerSpec exponential(double probability, double meanSlowdown) {
        return new StragglerSpec(probability, meanSlowdown, false, 0);
    }

    /** Lognormal slowdowns of the given mean and log-sigma. */
    public static StragglerSpec lognormal(double probability, double meanSlowdown, double sigma) {
        return new StragglerSpec(probability, meanSlowdown, true, sigma);
    }

    public boolean any() {
        return probability > 0 && meanSlowdown > 0;
    }

    /** Survival function of one slowdown, given that the chip is slowed. */
    double survival(double x) {
        if (!lognormal) {
            return Math.exp(-x / meanSlowdown);
        }
        double mu = Math.log(meanSlowdown) - sigma * sigma / 2;
        return x <= 0 ? 1 : 0.5 * Erf.erfc((Math.log(x) - mu) / (sigma * Math.sqrt(2)));
    }

    /** A slowdown so large that N·p·S(x) is negligible (1e-12). */
    private double upperLimit(long n) {
        double q = 1e-12 / (n * probability);
        if (q >= 1) {
            q = 0.5;
        }
        if (!lognormal) {
            return meanSlowdown * -Math.log(q);
        }
        double mu = Math.log(meanSlowdown) - sigma * sigma / 2;
        return Math.exp(mu - sigma * new NormalDistribution(null, 0, 1).inverseCumulativeProbability(q));
    }

    /** Expected slowest slowdown of {@code n} chips in one step: E[max(Y_1..Y_n)], Y = X w.p. p, else 0. */
    public double expectedMax(long n) {
        if (!any() || n <= 0) {
            return 0;
        }
        double top = upperLimit(n);
        int intervals = 20_000; // even
        double h = top / intervals;
        double sum = 0;
        for (int i = 0; i <= intervals; i++) {
            double weight = i == 0 || i == intervals ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += weight * maxSurvival(i * h, n);
        }
        return sum * h / 3;
    }

    /** P(max of n > x) = 1 − (1 − p·S(x))^n, computed without cancellation. */
    private double maxSurvival(double x, long n) {
        return -Math.expm1(n * Math.log1p(-probability * survival(x)));
    }

    /** Expected step time over the step model's: 1 + E[max of n]. */
    public double expectedStepFactor(long n) {
        return 1 + expectedMax(n);
    }

    /**
     * One draw of the slowest of {@code n} chips' slowdowns: F^-1(U^(1/n)) by bisection on F.
     * Cost independent of {@code n}.
     */
    public double sampleMax(long n, RandomGenerator random) {
        // P(max <= x) = (1 - p S(x))^n = u  <=>  p S(x) = 1 - u^(1/n)
        double u = random.nextDouble();
        double target = -Math.expm1(Math.log(u) / n); // 1 - u^(1/n)
        if (target >= probability) {
            return 0; // F(0) = 1 - p already reaches u^(1/n): nobody is slowed
        }
        double lo = 0, hi = upperLimit(n) * 4;
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (probability * survival(mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
