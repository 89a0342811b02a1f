package io.clustersim.core.run;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one trial of a whole run. Times are virtual nanoseconds and add up:
 * {@code wallClockNanos = usefulNanos + lostWorkNanos + checkpointNanos + recoveryNanos}.
 *
 * @param wallClockNanos       start to the last step
 * @param usefulNanos          training whose progress was kept
 * @param lostWorkNanos        training that was re-done after a rollback to a checkpoint
 * @param checkpointNanos      training stalled by checkpoint writes (also writes cut short)
 * @param recoveryNanos        detection, restart and checkpoint restore
 * @param steps                optimizer steps of the run
 * @param checkpointsWritten   checkpoints completed
 * @param interruptionsByCause interruptions per cause, sorted by cause
 */
public record RunResult(
        long wallClockNanos,
        long usefulNanos,
        long lostWorkNanos,
        long checkpointNanos,
        long recoveryNanos,
        long steps,
        long checkpointsWritten,
        Map<String, Long> interruptionsByCause) {

    public RunResult {
        interruptionsByCause = Collections.unmodifiableMap(new TreeMap<>(interruptionsByCause));
    }

    /** All interruptions. */
    public long interruptions() {
        long sum = 0;
        for (long n : interruptionsByCause.values()) {
            sum += n;
        }
        return sum;
    }

    /** Useful training time over wall clock. */
    public double goodput() {
        return (double) usefulNanos / wallClockNanos;
    }
}
