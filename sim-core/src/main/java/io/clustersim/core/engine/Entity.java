package io.clustersim.core.engine;

/**
 * A simulated thing with state — a group of chips, a link, a datacenter, the training job — as a
 * plain Java object. The engine delivers events to it one at a time and in order; it answers only
 * through the {@link EventSink}. It must not share mutable state with other entities, read the wall
 * clock or use any random source but the seeded one it was built with: that is what lets the
 * actor engine run entities on many threads and still give the same answer as the inline engine.
 */
@FunctionalInterface
public interface Entity {

    /** Handles one event (the first is always {@link Start#INSTANCE} at time zero). */
    void handle(Event event, EventSink sink);
}
