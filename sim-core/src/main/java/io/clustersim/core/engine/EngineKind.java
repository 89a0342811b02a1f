package io.clustersim.core.engine;

/** How the entities of a trial are run. Both give byte-identical results (tested). */
public enum EngineKind {
    /** Every entity is an Akka actor; the trial's {@link ClockActor} exchanges messages with them. */
    ACTORS,
    /**
     * The trial's entities are called directly by one trial actor ({@link InlineEngine}): the same
     * clock and batch rules without a message per event. Trials still run in parallel as actors.
     */
    INLINE
}
