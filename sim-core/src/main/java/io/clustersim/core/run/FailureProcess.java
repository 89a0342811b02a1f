package io.clustersim.core.run;

import io.clustersim.core.run.FailureClass.Lifetime;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.WeibullDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;

import java.util.Arrays;

/**
 * The failures of {@code n} identical components of one class, superposed into one stream of
 * failure times, sampled at a cost per failure that does not depend on {@code n}. Immutable and
 * shared by all trials (it holds only precomputed tables); each trial draws from its own
 * {@link Clock}.
 *
 * <pre>{@code
 * FailureProcess gpus = new FailureProcess(16_384, 1.0 / 50_000, Lifetime.EXPONENTIAL, horizonSeconds);
 * FailureProcess.Clock clock = gpus.clock(RandomStreams.stream(seed, trial, 7));
 * double first = clock.next(); // seconds from the start
 * }</pre>
 *
 * <h2>Maintainer notes: why superposition is done this way</h2>
 * Each component is a renewal process (a failed component is repaired or replaced by an
 * equivalent one) whose gaps have mean 1/rate. The fleet's failures are the superposition of
 * {@code n} such processes.
 * <ul>
 *   <li><b>Exponential</b> gaps: the superposition is exactly a Poisson process of rate n·rate.
 *       One exponential draw per failure.</li>
 *   <li><b>Few components</b> (n ≤ {@value #EXACT_LIMIT}, e.g. one power feed per datacenter):
 *       exact. Each component keeps its own next failure time; the next fleet failure is the
 *       earliest; the failed one draws its next gap from its Weibull. A steady-state fleet draws each
 *       component's first failure from the equilibrium (forward-recurrence) distribution, which for a
 *       Weibull of shape k and scale η is η·Y^(1/k) with Y ~ Gamma(1/k, 1).</li>
 *   <li><b>Many components, Weibull</b>: one Weibull draw cannot represent the superposition (the
 *       minimum of n Weibull gaps is Weibull only for the first failure of components of age
 *       zero, and is not memoryless afterwards). Instead we use the limit theorem for superposed
 *       sparse point processes (Grigelionis 1963; Palm–Khintchine for renewal processes): as n
 *       grows with each component's share vanishing, the superposition converges to a Poisson
 *       process whose intensity is the sum of the components' intensities, n·m(t), with m the
 *       renewal density of one component. A steady-state fleet (components of all ages) has
 *       m(t) = 1/mean exactly, so it fails as a Poisson process of rate n·rate whatever the shape;
 *       a fresh fleet (all new at the start) has the ordinary renewal function M(t), tabulated once
 *       by solving the renewal equation M = F + M∗dF numerically, and failures are drawn by
 *       inverting n·M(t) (a non-homogeneous Poisson process: one exponential draw and a binary search
 *       per failure). Beyond the table's horizon M is extended linearly with its last slope. The
 *       limit is exact in the mean number of failures at every time; for the spread it assumes each
 *       component fails rarely compared with the fleet, which the test against a brute-force
 *       simulation of every component checks.</li>
 * </ul>
 */
public final class FailureProcess {

    /** Up to this many components, each is simulated on its own (exact for any distribution). */
    public static final int EXACT_LIMIT = 64;

    /** Grid points of the tabulated renewal function. */
    static final int GRID = 4_096;

    private final long n;
    private final double ratePerSecond; // per component
    private final Lifetime lifetime;
    private final double weibullScaleSeconds; // η, for Weibull lifetimes
    private final double[] cumulative; // n·M(t) on the grid, fresh Weibull fleets only
    private final double gridStepSeconds;

    /**
     * @param components           components of the class
     * @param ratePerComponentHour long-run failures per component-hour (1 / mean lifetime)
     * @param lifetime             the lifetime distribution
     * @param horizonSeconds       how far ahead to tabulate a fresh fleet's renewal function; later
     *                             times are extrapolated linearly
     */
    public FailureProcess(long components, double ratePerComponentHour, Lifetime lifetime, double horizonSeconds) {
        if (components < 0 || !(ratePerComponentHour >= 0) || !(horizonSeconds > 0)) {
            throw new IllegalArgumentException("components, rate and horizon must be >= 0, >= 0 and > 0");
        }
        this.n = components;
        this.ratePerSecond = ratePerComponentHour / 3600.0;
        this.lifetime = lifetime;
        double mean = 1 / ratePerSecond;
        this.weibullScaleSeconds = mean / Gamma.gamma(1 + 1 / lifetime.shape());
        if (active() && !lifetime.exponential() && lifetime.freshFleet() && n > EXACT_LIMIT) {
            this.gridStepSeconds = horizonSeconds / GRID;
            this.cumulative = renewalFunction(lifetime.shape(), weibullScaleSeconds, gridStepSeconds, GRID);
            for (int i = 0; i < cumulative.length; i++) {
                cumulative[i] *= n;
            }
        } else {
            this.gridStepSeconds = 0;
            this.cumulative = null;
        }
    }

    /** Whether anything fails at all. */
    public boolean active() {
        return n > 0 && ratePerSecond > 0;
    }

    /** Components in the class. */
    public long components() {
        return n;
    }

    /** Expected failures in [0, t seconds] (n·M(t); n·rate·t for a steady-state or exponential fleet). */
    public double expectedFailures(double seconds) {
        if (!active()) {
            return 0;
        }
        if (cumulative == null) {
            if (!lifetime.exponential() && lifetime.freshFleet()) {
                // few components: the renewal function computed on the fly
                int steps = GRID;
                double[] m = renewalFunction(lifetime.shape(), weibullScaleSeconds, seconds / steps, steps);
                return n * m[steps];
            }
            return n * ratePerSecond * seconds;
        }
        return cumulativeAt(seconds);
    }

    /** A fresh sampling state for one trial, drawing from {@code random}. */
    public Clock clock(RandomGenerator random) {
        return new Clock(random);
    }

    /** The per-trial state: the time of the last failure and whatever the method needs. */
    public final class Clock {
        private final ExponentialDistribution unitExponential;
        private final WeibullDistribution weibull;
        private final double[] componentNext; // exact method only
        private double now;
        private double cumulativeNow; // n·M(now), the inverted method only

        private Clock(RandomGenerator random) {
            this.unitExponential = new ExponentialDistribution(random, 1.0);
            boolean exact = active() && !lifetime.exponential() && n <= EXACT_LIMIT;
            this.weibull = exact ? new WeibullDistribution(random, lifetime.shape(), weibullScaleSeconds) : null;
            if (exact) {
                componentNext = new double[(int) n];
                GammaDistribution equilibrium = lifetime.freshFleet() ? null
                        : new GammaDistribution(random, 1 / lifetime.shape(), 1.0);
                for (int i = 0; i < n; i++) {
                    componentNext[i] = lifetime.freshFleet() ? weibull.sample()
                            : weibullScaleSeconds * Math.pow(equilibrium.sample(), 1 / lifetime.shape());
                }
            } else {
                componentNext = null;
            }
        }

        /**
         * The next failure as a virtual time at least a nanosecond after {@code nowNanos}, or -1 if
         * there is none within the virtual clock's range.
         */
        public long nextNanos(long nowNanos) {
            double seconds = next();
            if (seconds * 1e9 >= Long.MAX_VALUE / 2.0) {
                return -1;
            }
            return Math.max(nowNanos + 1, Math.round(seconds * 1e9));
        }

        /** Seconds from the start to the next failure after the previous one; infinite if none. */
        public double next() {
            if (!active()) {
                return Double.POSITIVE_INFINITY;
            }
            if (componentNext != null) {
                int first = 0;
                for (int i = 1; i < componentNext.length; i++) {
                    if (componentNext[i] < componentNext[first]) {
                        first = i;
                    }
                }
                now = componentNext[first];
                componentNext[first] = now + weibull.sample();
                return now;
            }
            if (cumulative == null) {
                now += unitExponential.sample() / (n * ratePerSecond);
                return now;
            }
            cumulativeNow += unitExponential.sample();
            now = inverseCumulative(cumulativeNow);
            return now;
        }
    }

    private double cumulativeAt(double t) {
        int last = cumulative.length - 1;
        double x = t / gridStepSeconds;
        if (x >= last) {
            double slope = cumulative[last] - cumulative[last - 1];
            return cumulative[last] + slope * (x - last);
        }
        int i = (int) x;
        return cumulative[i] + (cumulative[i + 1] - cumulative[i]) * (x - i);
    }

    private double inverseCumulative(double value) {
        int last = cumulative.length - 1;
        if (value >= cumulative[last]) {
            double slope = cumulative[last] - cumulative[last - 1];
            return (last + (value - cumulative[last]) / slope) * gridStepSeconds;
        }
        int i = Arrays.binarySearch(cumulative, value);
        if (i >= 0) {
            return i * gridStepSeconds;
        }
        int hi = -i - 1; // first entry > value; cumulative[0] = 0 <= value, so hi >= 1
        int lo = hi - 1;
        double span = cumulative[hi] - cumulative[lo];
        return (lo + (span > 0 ? (value - cumulative[lo]) / span : 0)) * gridStepSeconds;
    }

    /**
     * The renewal function M(t_i), i = 0..steps, of a Weibull(k, η) renewal process on a uniform grid
     * of {@code h} seconds: M = F + ∫ M(t − x) dF(x), discretised with the trapezoid rule on the
     * Stieltjes integral (M(t_n) is on both sides for the first step and is solved for).
     */
    static double[] renewalFunction(double k, double eta, double h, int steps) {
        double[] f = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            f[i] = -Math.expm1(-Math.pow(i * h / eta, k));
        }
        double[] m = new double[steps + 1];
        double df1 = f[1] - f[0];
        for (int i = 1; i <= steps; i++) {
            double sum = f[i] + df1 * m[i - 1] / 2;
            for (int j = 2; j <= i; j++) {
                sum += (f[j] - f[j - 1]) * (m[i - j] + m[i - j + 1]) / 2;
            }
            m[i] = sum / (1 - df1 / 2);
        }
        return m;
    }
}
