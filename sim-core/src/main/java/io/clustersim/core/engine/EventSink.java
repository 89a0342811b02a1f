package io.clustersim.core.engine;

/**
 * What an entity may do while it handles an event: read the virtual time, schedule events, and end
 * the trial with a result.
 */
public interface EventSink {

    /** Virtual time of the event being handled, nanoseconds. */
    long nowNanos();

    /** Schedules {@code payload} for entity {@code target} at {@code timeNanos} (not before now). */
    void schedule(long timeNanos, int priority, int target, Object payload);

    /**
     * Ends the trial once the current batch (all events of this time and priority) is handled.
     * If several entities finish in one batch, the result of the earliest event wins.
     */
    void finish(Object result);
}
