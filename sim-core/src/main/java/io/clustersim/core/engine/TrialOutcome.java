package io.clustersim.core.engine;

/**
 * How a trial ended.
 *
 * @param result          what the finishing entity passed to {@link EventSink#finish(Object)}
 * @param endTimeNanos    virtual time at the end
 * @param eventsHandled   number of events delivered, the {@link Start} events included
 */
public record TrialOutcome(Object result, long endTimeNanos, long eventsHandled) {
}
