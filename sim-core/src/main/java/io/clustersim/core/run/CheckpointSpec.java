package io.clustersim.core.run;

import java.time.Duration;

/**
 * Checkpointing at an interval of training work, fixed or chosen by Young/Daly from the checkpoint
 * cost and the fleet's mean time to failure ({@link YoungDaly}).
 *
 * <ul>
 *   <li><b>Synchronous</b>: training stalls {@code writeSeconds} while the checkpoint is written to
 *       storage.</li>
 *   <li><b>Asynchronous</b>: training stalls only {@code snapshotSeconds} (copying the state to host
 *       memory); the copy to storage runs in the background for {@code writeSeconds} while training
 *       continues. A failure before the copy completes loses that checkpoint.</li>
 *   <li><b>Peer replica</b> (asynchronous only): the host-memory snapshot is also replicated to a
 *       peer node, so it survives any single-node failure at once, and a restart restores from peer
 *       memory in {@code peerRestoreSeconds} — unless the failure took out the replica too (a
 *       datacenter outage), when the job restores the last checkpoint in storage.</li>
 * </ul>
 *
 * <pre>{@code
 * CheckpointSpec sync = CheckpointSpec.every(Duration.ofHours(1))      // hourly, 60 s stall, 5 min reload
 *         .write(Duration.ofSeconds(60)).restore(Duration.ofMinutes(5));
 * CheckpointSpec gemini = CheckpointSpec.atDalyOptimum()               // Young/Daly interval
 *         .write(Duration.ofSeconds(60)).restore(Duration.ofMinutes(5))
 *         .asyncSnapshot(Duration.ofSeconds(2)).peerRestore(Duration.ofSeconds(20));
 * }</pre>
 *
 * <p>Prefer these named factories, whose {@link Duration} arguments carry their unit, to the
 * positional constructors ({@code new CheckpointSpec(3_600, 60, 300)}), which are kept for
 * existing callers.
 *
 * @param intervalSeconds    seconds of training (step time) between checkpoints; 0 disables them,
 *                           so a failure loses everything since the start; ignored when auto
 * @param writeSeconds       time to write one checkpoint to storage (the stall when synchronous)
 * @param restoreSeconds     time to load the last checkpoint from storage after a restart
 * @param autoInterval       choose the interval by Daly's optimum for the simulated MTTF
 * @param storage            when non-null, write and restore times follow from the checkpoint's size
 *                           and this storage ({@link #resolve}); the two fields above are then unused
 * @param async              asynchronous: stall {@code snapshotSeconds}, copy in the background
 * @param snapshotSeconds    the stall of an asynchronous checkpoint
 * @param peerReplica        keep a replica of the snapshot in a peer node's memory
 * @param peerRestoreSeconds restore time from peer memory
 */
public record CheckpointSpec(double intervalSeconds, double writeSeconds, double restoreSeconds, boolean autoInterval,
                             CheckpointStorage storage, boolean async, double snapshotSeconds, boolean peerReplica,
                             double peerRestoreSeconds) {

    public CheckpointSpec {
        // each message names its own field first: the scenario loader points at that key's line
        requireNonNegative("interval", intervalSeconds);
        requireNonNegative("write", writeSeconds);
        requireNonNegative("restore", restoreSeconds);
        requireNonNegative("snapshot", snapshotSeconds);
        requireNonNegative("peer-restore", peerRestoreSeconds);
        if (peerReplica && !async) {
            throw new IllegalArgumentException("peer replicas keep the asynchronous checkpoint's in-memory snapshot:"
                    + " they need mode = async");
        }
    }

    private static void requireNonNegative(String field, double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException(field + " time must be >= 0 s, was " + seconds);
        }
    }

    /** A synchronous checkpoint at a fixed interval or auto, with given times or storage. */
    public CheckpointSpec(double intervalSeconds, double writeSeconds, double restoreSeconds, boolean autoInterval,
                          CheckpointStorage storage) {
        this(intervalSeconds, writeSeconds, restoreSeconds, autoInterval, storage, false, 0, false, 0);
    }

    /**
     * A fixed interval with given write and restore times, all in seconds.
     * Discouraged: prefer {@code every(interval).write(write).restore(restore)}, whose units are explicit.
     */
    public CheckpointSpec(double intervalSeconds, double writeSeconds, double restoreSeconds) {
        this(intervalSeconds, writeSeconds, restoreSeconds, false, null);
    }

    /**
     * Synchronous checkpoints every {@code interval} of training (step time); write and restore
     * take no time until {@link #write} and {@link #restore} say otherwise. A zero interval means
     * no checkpoints.
     */
    public static CheckpointSpec every(Duration interval) {
        return new CheckpointSpec(seconds(interval), 0, 0);
    }

    /**
     * Synchronous checkpoints at the Young/Daly interval for whatever MTTF the fleet has; give the
     * checkpoint's cost with {@link #write} (or {@link #asyncSnapshot}), else no interval can be chosen.
     */
    public static CheckpointSpec atDalyOptimum() {
        return auto(0, 0);
    }

    /** The same checkpoints, each taking {@code write} to write to storage (the stall when synchronous). */
    public CheckpointSpec write(Duration write) {
        return new CheckpointSpec(intervalSeconds, seconds(write), restoreSeconds, autoInterval, storage, async,
                snapshotSeconds, peerReplica, peerRestoreSeconds);
    }

    /** The same checkpoints, restored from storage in {@code restore} after a restart. */
    public CheckpointSpec restore(Duration restore) {
        return new CheckpointSpec(intervalSeconds, writeSeconds, seconds(restore), autoInterval, storage, async,
                snapshotSeconds, peerReplica, peerRestoreSeconds);
    }

    /**
     * The same checkpoints taken asynchronously: training stalls {@code snapshot} while the state is
     * copied to host memory, and the write to storage runs in the background.
     */
    public CheckpointSpec asyncSnapshot(Duration snapshot) {
        return new CheckpointSpec(intervalSeconds, writeSeconds, restoreSeconds, autoInterval, storage, true,
                seconds(snapshot), peerReplica, peerRestoreSeconds);
    }

    /**
     * The same asynchronous checkpoints with the snapshot replicated to a peer node's memory,
     * restored from there in {@code peerRestore}.
     *
     * @throws IllegalArgumentException unless asynchronous ({@link #asyncSnapshot} first)
     */
    public CheckpointSpec peerRestore(Duration peerRestore) {
        return new CheckpointSpec(intervalSeconds, writeSeconds, restoreSeconds, autoInterval, storage, async,
                snapshotSeconds, true, seconds(peerRestore));
    }

    /** A duration in seconds, with its nanoseconds. */
    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /**
     * The Young/Daly interval for whatever MTTF the fleet has; times in seconds.
     * Prefer {@code atDalyOptimum().write(..).restore(..)}, whose units are explicit.
     */
    public static CheckpointSpec auto(double writeSeconds, double restoreSeconds) {
        return new CheckpointSpec(0, writeSeconds, restoreSeconds, true, null);
    }

    /** No checkpoints. */
    public static CheckpointSpec none() {
        return new CheckpointSpec(0, 0, 0);
    }

    /** The same interval rule, with write and restore times from {@code storage}. */
    public CheckpointSpec withStorage(CheckpointStorage value) {
        return new CheckpointSpec(intervalSeconds, 0, 0, autoInterval, value, async, snapshotSeconds, peerReplica,
                peerRestoreSeconds);
    }

    /** The same checkpoints taken asynchronously, optionally with a peer replica in memory. */
    public CheckpointSpec asynchronous(double snapshot, boolean peer, double peerRestore) {
        return new CheckpointSpec(intervalSeconds, writeSeconds, restoreSeconds, autoInterval, storage, true, snapshot,
                peer, peerRestore);
    }

    /**
     * Write and restore times for a checkpoint of {@code bytes} over {@code chips}: from the
     * storage when there is one, else as given.
     */
    public CheckpointSpec resolve(double bytes, long chips) {
        if (storage == null) {
            return this;
        }
        return new CheckpointSpec(intervalSeconds, storage.writeSeconds(bytes, chips), storage.readSeconds(bytes, chips),
                autoInterval, null, async, snapshotSeconds, peerReplica, peerRestoreSeconds);
    }

    /** Seconds training stalls per checkpoint: the write when synchronous, the snapshot when not. */
    public double stallSeconds() {
        return async ? snapshotSeconds : writeSeconds;
    }

    /**
     * The interval to use for a fleet whose mean time to failure is {@code mttfSeconds}
     * (infinite without failures, when auto means no checkpoints). Seconds; 0 = none.
     * Auto uses Daly's optimum for the stall; an asynchronous interval is at least one background
     * copy, so a copy always completes before the next snapshot.
     *
     * @throws IllegalArgumentException if a fixed asynchronous interval is shorter than the copy, or
     *                                  an automatic interval has a checkpoint that costs nothing
     */
    public double intervalSeconds(double mttfSeconds) {
        if (!autoInterval) {
            if (async && intervalSeconds > 0 && intervalSeconds < writeSeconds) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "an asynchronous checkpoint's background copy takes %.3g s; the interval (%.3g s) must be at"
                                + " least that", writeSeconds, intervalSeconds));
            }
            return intervalSeconds;
        }
        if (Double.isInfinite(mttfSeconds)) {
            return 0;
        }
        double daly = YoungDaly.dalyIntervalSeconds(stallSeconds(), mttfSeconds);
        double chosen = async ? Math.max(daly, writeSeconds) : daly;
        if (!(chosen > 0)) {
            // Daly's optimum for a free checkpoint is to checkpoint continuously: no interval to simulate
            throw new IllegalArgumentException("an automatic checkpoint interval needs a checkpoint that costs something"
                    + " (a write time or storage; a snapshot when asynchronous)");
        }
        return chosen;
    }
}
