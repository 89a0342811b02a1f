package io.clustersim.core.run;

import java.util.Objects;

/**
 * One class of components that fail the same way — accelerators, HBM stacks, hosts, NICs,
 * switches and cables, the software stack, a datacenter's power — with its rate, the distribution
 * of each component's time to failure, what a failure does to the job, and how long a repair takes.
 *
 * <pre>{@code
 * // Llama 3's faulty GPUs: 196 in 54 days on 16,384 H100, exponential, the node is swapped out
 * FailureClass gpu = new FailureClass("accelerator", Scope.CHIP, 1, 196 / (16_384 * 54 * 24.0),
 *         Lifetime.EXPONENTIAL, Effect.REPLACE_NODE, null);
 * }</pre>
 *
 * @param cause                name in "interruptions by cause"
 * @param scope                what the components hang off: each chip, each node, or each datacenter
 * @param perUnit              components per chip, node or datacenter (e.g. 1 NIC per chip)
 * @param ratePerComponentHour long-run failures per component per hour: 1 / mean time to failure
 *                             (0 disables the class)
 * @param lifetime             distribution of one component's time between failures
 * @param effect               what a failure does to the job
 * @param repair               time to repair a failed component (lognormal), or {@code null} when
 *                             none is needed (no finite spare pool, no outage)
 */
public record FailureClass(String cause, Scope scope, double perUnit, double ratePerComponentHour, Lifetime lifetime,
                           Effect effect, RepairTime repair) {

    /** What a class's components hang off. */
    public enum Scope {
        /** one (or {@code perUnit}) per chip: the accelerator, its HBM, its NIC, its cable */
        CHIP,
        /** one per node (server): host hardware, the software running on it */
        NODE,
        /** one per datacenter: its power feed */
        DATACENTER
    }

    /** What a failure of the class does to the job. */
    public enum Effect {
        /** the job restarts on the same nodes (a software crash, a watchdog timeout) */
        RESTART,
        /** the node is swapped for a spare, or the job waits for its repair when none is left */
        REPLACE_NODE,
        /** the whole datacenter is down for the repair time; in-memory checkpoints are lost */
        OUTAGE
    }

    public FailureClass {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(effect, "effect");
        if (!(perUnit > 0) || Double.isInfinite(perUnit)) {
            throw new IllegalArgumentException(cause + ": components per unit must be > 0, was " + perUnit);
        }
        if (!(ratePerComponentHour >= 0) || Double.isInfinite(ratePerComponentHour)) {
            throw new IllegalArgumentException(cause + ": failure rate must be >= 0, was " + ratePerComponentHour);
        }
        if (effect == Effect.OUTAGE && repair == null && ratePerComponentHour > 0) {
            throw new IllegalArgumentException(cause + ": an outage needs a repair time (how long it lasts)");
        }
    }

    /** Components of this class on a fleet of {@code chips} chips in {@code nodes} nodes and {@code datacenters}. */
    public long components(long chips, long nodes, int datacenters) {
        long units = switch (scope) {
            case CHIP -> chips;
            case NODE -> nodes;
            case DATACENTER -> datacenters;
        };
        return Math.round(units * perUnit);
    }

    /** The same class with another rate per component-hour. */
    public FailureClass withRate(double value) {
        return new FailureClass(cause, scope, perUnit, value, lifetime, effect, repair);
    }

    /** The same class with another lifetime distribution. */
    public FailureClass withLifetime(Lifetime value) {
        return new FailureClass(cause, scope, perUnit, ratePerComponentHour, value, effect, repair);
    }

    /** The same class with another repair time. */
    public FailureClass withRepair(RepairTime value) {
        return new FailureClass(cause, scope, perUnit, ratePerComponentHour, lifetime, effect, value);
    }

    /**
     * Distribution of one component's time between failures: exponential (shape 1) or Weibull with
     * a shape (below 1: infant mortality, failures come early; above 1: wear-out). The mean is
     * 1 / rate in either case, so the shape changes when failures come, not how many in the long run.
     *
     * @param shape     Weibull shape k; 1 is the exponential
     * @param freshFleet whether every component is new when the job starts (renewal process from
     *                  age zero) rather than a fleet in steady state (components of every age, the
     *                  equilibrium renewal process); irrelevant for the exponential
     */
    public record Lifetime(double shape, boolean freshFleet) {

        /** Memoryless: the default, and what Meta's MTTF = 1 / (N · r) model assumes. */
        public static final Lifetime EXPONENTIAL = new Lifetime(1.0, false);

        public Lifetime {
            if (!(shape > 0) || Double.isInfinite(shape)) {
                throw new IllegalArgumentException("Weibull shape must be > 0, was " + shape);
            }
        }

        /** A Weibull lifetime with shape {@code k}. */
        public static Lifetime weibull(double k, boolean freshFleet) {
            return new Lifetime(k, freshFleet);
        }

        public boolean exponential() {
            return shape == 1.0;
        }
    }

    /**
     * Lognormal repair (or outage) time: half of the repairs take less than {@code medianSeconds};
     * {@code sigma} is the standard deviation of the log.
     */
    public record RepairTime(double medianSeconds, double sigma) {
        public RepairTime {
            if (!(medianSeconds > 0) || Double.isInfinite(medianSeconds) || !(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("repair time needs a median > 0 s and a sigma >= 0, was "
                        + medianSeconds + " s, " + sigma);
            }
            if (sigma > MAX_SIGMA) {
                throw new IllegalArgumentException("repair-sigma must be at most " + MAX_SIGMA + " (the 99th percentile"
                        + " of a lognormal of log-sigma 4 is already 11,000x its median), was " + sigma);
            }
        }

        /** Largest log-sigma of a repair time: beyond, a single repair can pass the clock's 292 years. */
        public static final double MAX_SIGMA = 4;

        /** Mean of the lognormal, seconds. */
        public double meanSeconds() {
            return medianSeconds * Math.exp(sigma * sigma / 2);
        }
    }
}
