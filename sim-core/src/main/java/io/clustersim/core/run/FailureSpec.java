package io.clustersim.core.run;

/**
 * Failures of the fleet: a Poisson process per chip, and what one costs before training resumes.
 *
 * @param ratePerChipHour   failures per chip per hour (0 disables failures); Meta's RSC-1 reports
 *                          6.5 per 1,000 node-days of 8 GPUs, i.e. 6.5/(1000·24·8) per chip-hour
 * @param detectionSeconds  time from a failure until the job notices it, seconds
 * @param restartSeconds    time to re-initialise the job (scheduling, NCCL set-up), seconds
 * @param cause             name of the cause, as reported in interruptions by cause
 */
public record FailureSpec(double ratePerChipHour, double detectionSeconds, double restartSeconds, String cause) {

    public FailureSpec {
        if (!(ratePerChipHour >= 0) || Double.isInfinite(ratePerChipHour)) {
            throw new IllegalArgumentException("failure rate must be >= 0, was " + ratePerChipHour);
        }
        if (!(detectionSeconds >= 0) || !(restartSeconds >= 0)) {
            throw new IllegalArgumentException("detection and restart times must be >= 0 s");
        }
    }

    /** No failures at all. */
    public static FailureSpec none() {
        return new FailureSpec(0, 0, 0, "hardware");
    }

    /** Converts a rate per 1,000 node-days, as the reliability literature gives it, per chip-hour. */
    public static double perChipHourFromPer1000NodeDays(double per1000NodeDays, int chipsPerNode) {
        return per1000NodeDays / 1000.0 / 24.0 / chipsPerNode;
    }
}
