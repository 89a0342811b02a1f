package io.clustersim.core.engine;

import java.util.Objects;

/**
 * An event an entity asks the clock to deliver later (or now); the clock gives it its sequence
 * number, so no entity can influence the order except through time and priority.
 *
 * @param timeNanos absolute virtual time, not before the event being handled
 * @param priority  lower runs first at the same time
 * @param target    receiving entity index
 * @param payload   immutable value
 */
public record Scheduled(long timeNanos, int priority, int target, Object payload) {
    public Scheduled {
        Objects.requireNonNull(payload, "payload");
    }
}
