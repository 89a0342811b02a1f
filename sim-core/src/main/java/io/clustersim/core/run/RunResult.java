package io.clustersim.core.run;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one trial of a whole run. Times are virtual nanoseconds and add up:
 * {@code wallClockNanos = usefulNanos + lostWorkNanos + checkpointNanos + detectionNanos + restartNanos
 * + restoreNanos + waitingNanos + maintenanceNanos + stragglerNanos + degradedNanos}.
 *
 * @param wallClockNanos       start to the last step
 * @param usefulNanos          failure-free step time of the run on the full fleet: progress that was kept (the
 *                             kept training time instead when part of the fleet ran faster than the whole)
 * @param lostWorkNanos        training that was re-done after a rollback to a checkpoint
 * @param checkpointNanos      training stalled by checkpoint writes (also writes cut short, and the
 *                             checkpoint a planned stop writes)
 * @param detectionNanos       from failures until the job noticed them
 * @param restartNanos         re-initialising the job
 * @param restoreNanos         loading the checkpoint after a restart
 * @param waitingNanos         waiting for a repaired node (no spare left) or for a datacenter to come back
 * @param maintenanceNanos     stopped for planned maintenance
 * @param stragglerNanos       kept training slowed by waiting for the slowest chip of each step
 * @param degradedNanos        kept training slowed by running on fewer data-parallel replicas
 * @param steps                optimizer steps of the run
 * @param checkpointsWritten   checkpoints completed (in storage)
 * @param checkpointsLost      asynchronous checkpoints lost to a failure during their background copy
 * @param sparesUsed           failed nodes swapped for a spare
 * @param repairWaits          recoveries that had to wait for a node to come back from repair
 * @param interruptionsByCause interruptions per cause, sorted by cause
 * @param sitePools            per datacenter of the fleet (in its order): use of its spare pool
 */
public record RunResult(
        long wallClockNanos,
        long usefulNanos,
        long lostWorkNanos,
        long checkpointNanos,
        long detectionNanos,
        long restartNanos,
        long restoreNanos,
        long waitingNanos,
        long maintenanceNanos,
        long stragglerNanos,
        long degradedNanos,
        long steps,
        long checkpointsWritten,
        long checkpointsLost,
        long sparesUsed,
        long repairWaits,
        Map<String, Long> interruptionsByCause,
        List<SitePool> sitePools) {

    public RunResult {
        interruptionsByCause = Collections.unmodifiableMap(new TreeMap<>(interruptionsByCause));
        sitePools = List.copyOf(sitePools);
    }

    /** A result without per-datacenter pool figures (as before they were added). */
    public RunResult(long wallClockNanos, long usefulNanos, long lostWorkNanos, long checkpointNanos, long detectionNanos,
                     long restartNanos, long restoreNanos, long waitingNanos, long maintenanceNanos, long stragglerNanos,
                     long degradedNanos, long steps, long checkpointsWritten, long checkpointsLost, long sparesUsed,
                     long repairWaits, Map<String, Long> interruptionsByCause) {
        this(wallClockNanos, usefulNanos, lostWorkNanos, checkpointNanos, detectionNanos, restartNanos, restoreNanos,
                waitingNanos, maintenanceNanos, stragglerNanos, degradedNanos, steps, checkpointsWritten, checkpointsLost,
                sparesUsed, repairWaits, interruptionsByCause, List.of());
    }

    /**
     * One datacenter's spare pool in one trial.
     *
     * @param used        failed nodes of the datacenter swapped for one of its spares
     * @param poolEmpty   node failures of the datacenter that found its pool empty (the node stays
     *                    missing until a repair is done)
     * @param repairWaits recoveries that waited while the datacenter had nodes missing
     */
    public record SitePool(long used, long poolEmpty, long repairWaits) {
    }

    /** Detection, restart and restore: what the report has always called recovery. */
    public long recoveryNanos() {
        return detectionNanos + restartNanos + restoreNanos;
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
