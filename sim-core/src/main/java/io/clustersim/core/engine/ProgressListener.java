package io.clustersim.core.engine;

/**
 * Told each time a trial completes (and, if it cares, as a plan search goes through its layouts).
 * Called from an actor thread, one call at a time, with {@code completed} increasing; it must
 * return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (completed, total) -> { };

    void onTrialCompleted(int completed, int total);

    /**
     * Told as a plan search goes through its layouts ({@code done} of {@code total}; a deadline
     * search runs one per candidate fleet). Ignored unless overridden.
     */
    default void onLayoutsSearched(int done, int total) {
    }
}
