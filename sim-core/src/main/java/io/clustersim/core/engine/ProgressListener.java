package io.clustersim.core.engine;

/**
 * Told each time a trial completes. Called from an actor thread, one call at a time, with
 * {@code completed} increasing; it must return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (completed, total) -> { };

    void onTrialCompleted(int completed, int total);
}
