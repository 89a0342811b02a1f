package io.clustersim.core.plan;

/**
 * A deadline for the run: the wall clock at a confidence (P90 for {@code confidence = 0.9}) must
 * not exceed {@code days}. The fleet is then sized: the smallest candidate between
 * {@code minChips} and the scenario's fleet (the largest one could get), in steps of
 * {@code chipsStep}, whose simulated wall clock meets it ({@link FleetSizer}).
 *
 * <pre>{@code
 * Deadline d = new Deadline(90, 0.9, 0, 0); // P90 within 90 days; default range and step
 * }</pre>
 *
 * @param days       the deadline, days of wall clock
 * @param confidence fraction of trials that must finish in time, in (0, 1)
 * @param minChips   smallest fleet considered; 0 = one step
 * @param chipsStep  granularity of the fleets considered; 0 = the default (chips per node, and for a
 *                   stated plan also a whole number of model replicas)
 */
public record Deadline(double days, double confidence, int minChips, int chipsStep) {

    public Deadline {
        if (!(days > 0) || Double.isInfinite(days)) {
            throw new IllegalArgumentException("deadline must be > 0 days, was " + days);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.9 for P90; was " + confidence);
        }
        if (minChips < 0 || chipsStep < 0) {
            throw new IllegalArgumentException("min-chips and chips-step must be >= 0");
        }
    }

    /** The percentile the confidence names, e.g. 90 for 0.9. */
    public double percentile() {
        return 100 * confidence;
    }
}
