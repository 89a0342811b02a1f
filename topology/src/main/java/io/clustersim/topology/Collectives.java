package io.clustersim.topology;

/**
 * Time of collective operations under the classic alpha-beta cost model.
 *
 * <p>Bandwidths are <em>bus</em> bandwidths in bytes/s, one direction, per participant, already
 * multiplied by whatever efficiency the caller applies; latencies are seconds per step of the
 * algorithm. Each method returns seconds. With {@code n = 1} every collective is free.
 *
 * <pre>{@code
 * double s = Collectives.ringAllReduceSeconds(2.0e9, 64, 40e9, 5e-6);
 * }</pre>
 */
public final class Collectives {

    private Collectives() {
    }

    /**
     * Ring all-reduce of {@code bytes} (the full buffer each participant holds) over {@code n}
     * participants: 2(n-1)/n of the buffer crosses each link, in 2(n-1) latency steps.
     */
    public static double ringAllReduceSeconds(double bytes, int n, double busBytesPerSecond, double stepLatencySeconds) {
        if (n <= 1 || bytes <= 0) {
            return 0.0;
        }
        return 2.0 * (n - 1) / n * bytes / busBytesPerSecond + 2.0 * (n - 1) * stepLatencySeconds;
    }

    /** Ring reduce-scatter (or all-gather) of a buffer of {@code bytes}: (n-1)/n of it per link. */
    public static double ringReduceScatterSeconds(double bytes, int n, double busBytesPerSecond, double stepLatencySeconds) {
        if (n <= 1 || bytes <= 0) {
            return 0.0;
        }
        return (double) (n - 1) / n * bytes / busBytesPerSecond + (n - 1) * stepLatencySeconds;
    }
}
