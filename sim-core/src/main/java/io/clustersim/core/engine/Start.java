package io.clustersim.core.engine;

/**
 * The first event every entity receives, at time zero, in entity-index order: where it schedules
 * its first events.
 */
public enum Start {
    INSTANCE
}
