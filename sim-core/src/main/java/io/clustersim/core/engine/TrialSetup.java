package io.clustersim.core.engine;

import java.util.List;

/**
 * The entities of one trial, freshly built with their own seeded random streams. Entity {@code i}
 * of the list is addressed as target {@code i}.
 *
 * @param entities  the entities; never shared between trials
 * @param maxEvents a bound on events handled, so a model bug that never finishes fails clearly
 */
public record TrialSetup(List<Entity> entities, long maxEvents) {

    /** Default bound on the events of one trial. */
    public static final long DEFAULT_MAX_EVENTS = 50_000_000L;

    public TrialSetup {
        entities = List.copyOf(entities);
        if (entities.isEmpty()) {
            throw new IllegalArgumentException("a trial needs at least one entity");
        }
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("maxEvents must be > 0");
        }
    }

    public TrialSetup(List<Entity> entities) {
        this(entities, DEFAULT_MAX_EVENTS);
    }
}
