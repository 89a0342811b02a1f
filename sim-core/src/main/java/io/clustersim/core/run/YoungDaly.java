package io.clustersim.core.run;

/**
 * Checkpoint-interval theory for exponential failures: Young's first-order optimum, Daly's
 * higher-order one, and Daly's expected wall time for a given interval. Used to choose
 * {@code interval = auto} and, in tests, as the independent expectation the run model is checked
 * against.
 *
 * <pre>{@code
 * double tau = YoungDaly.youngIntervalSeconds(60, 36_000);          // sqrt(2·C·M) ≈ 2,078 s
 * double wall = YoungDaly.expectedWallSeconds(1e6, tau, 60, 900, 36_000);
 * }</pre>
 *
 * <p>Sources: J. W. Young, "A first order approximation to the optimum checkpoint interval",
 * CACM 17(9), 1974; J. T. Daly, "A higher order estimate of the optimum checkpoint interval for
 * restart dumps", FGCS 22(3), 2006 (eqs. 20 and 37).
 */
public final class YoungDaly {

    private YoungDaly() {
    }

    /** Young: sqrt(2·C·M), seconds. */
    public static double youngIntervalSeconds(double checkpointSeconds, double mttfSeconds) {
        return Math.sqrt(2 * checkpointSeconds * mttfSeconds);
    }

    /**
     * Daly's higher-order optimum: sqrt(2CM)·[1 + ⅓·sqrt(C/2M) + (1/9)·(C/2M)] − C for C &lt; 2M,
     * else M. Seconds of work between checkpoints.
     */
    public static double dalyIntervalSeconds(double checkpointSeconds, double mttfSeconds) {
        double c = checkpointSeconds, m = mttfSeconds;
        if (c >= 2 * m) {
            return m;
        }
        double x = c / (2 * m);
        return Math.sqrt(2 * c * m) * (1 + Math.sqrt(x) / 3 + x / 9) - c;
    }

    /**
     * Daly's expected wall time to complete {@code solveSeconds} of work with checkpoints every
     * {@code intervalSeconds} of work costing {@code checkpointSeconds}, a restart costing
     * {@code restartSeconds} (detection, re-initialisation and restore; failures during it restart
     * it) and exponential failures of mean {@code mttfSeconds}:
     * M·e^(R/M)·(e^((τ+C)/M) − 1)·T_s/τ.
     */
    public static double expectedWallSeconds(double solveSeconds, double intervalSeconds, double checkpointSeconds,
                                             double restartSeconds, double mttfSeconds) {
        double m = mttfSeconds;
        return m * Math.exp(restartSeconds / m) * Math.expm1((intervalSeconds + checkpointSeconds) / m)
                * solveSeconds / intervalSeconds;
    }
}
