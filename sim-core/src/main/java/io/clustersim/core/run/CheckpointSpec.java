package io.clustersim.core.run;

/**
 * Synchronous checkpointing at a fixed interval of training work.
 *
 * @param intervalSeconds seconds of training (step time) between checkpoints; 0 disables
 *                        checkpoints, so a failure loses everything since the start
 * @param writeSeconds    seconds training stalls while one checkpoint is written
 * @param restoreSeconds  seconds to load the last checkpoint after a restart
 */
public record CheckpointSpec(double intervalSeconds, double writeSeconds, double restoreSeconds) {

    public CheckpointSpec {
        if (!(intervalSeconds >= 0) || !(writeSeconds >= 0) || !(restoreSeconds >= 0)) {
            throw new IllegalArgumentException("checkpoint interval, write and restore times must be >= 0 s");
        }
    }

    /** No checkpoints. */
    public static CheckpointSpec none() {
        return new CheckpointSpec(0, 0, 0);
    }
}
