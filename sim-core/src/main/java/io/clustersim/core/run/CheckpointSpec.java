package io.clustersim.core.run;

/**
 * Synchronous checkpointing at an interval of training work: fixed, or chosen by Young/Daly from
 * the checkpoint cost and the fleet's mean time to failure ({@link YoungDaly}).
 *
 * @param intervalSeconds seconds of training (step time) between checkpoints; 0 disables
 *                        checkpoints, so a failure loses everything since the start; ignored when
 *                        {@code autoInterval}
 * @param writeSeconds    seconds training stalls while one checkpoint is written
 * @param restoreSeconds  seconds to load the last checkpoint after a restart
 * @param autoInterval    choose the interval by Daly's optimum for the simulated MTTF
 * @param storage         when non-null, write and restore times follow from the checkpoint's size
 *                        and this storage ({@link #resolve}); the two fields above are then unused
 */
public record CheckpointSpec(double intervalSeconds, double writeSeconds, double restoreSeconds, boolean autoInterval,
                             CheckpointStorage storage) {

    public CheckpointSpec {
        if (!(intervalSeconds >= 0) || !(writeSeconds >= 0) || !(restoreSeconds >= 0)) {
            throw new IllegalArgumentException("checkpoint interval, write and restore times must be >= 0 s");
        }
    }

    /** A fixed interval with given write and restore times. */
    public CheckpointSpec(double intervalSeconds, double writeSeconds, double restoreSeconds) {
        this(intervalSeconds, writeSeconds, restoreSeconds, false, null);
    }

    /** The Young/Daly interval for whatever MTTF the fleet has. */
    public static CheckpointSpec auto(double writeSeconds, double restoreSeconds) {
        return new CheckpointSpec(0, writeSeconds, restoreSeconds, true, null);
    }

    /** The same interval rule, with write and restore times from {@code storage}. */
    public CheckpointSpec withStorage(CheckpointStorage value) {
        return new CheckpointSpec(intervalSeconds, 0, 0, autoInterval, value);
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
                autoInterval, null);
    }

    /** No checkpoints. */
    public static CheckpointSpec none() {
        return new CheckpointSpec(0, 0, 0);
    }

    /**
     * The interval to use for a fleet whose mean time to failure is {@code mttfSeconds}
     * (infinite without failures, when auto means no checkpoints). Seconds; 0 = none.
     */
    public double intervalSeconds(double mttfSeconds) {
        if (!autoInterval) {
            return intervalSeconds;
        }
        if (Double.isInfinite(mttfSeconds)) {
            return 0;
        }
        return YoungDaly.dalyIntervalSeconds(writeSeconds, mttfSeconds);
    }
}
