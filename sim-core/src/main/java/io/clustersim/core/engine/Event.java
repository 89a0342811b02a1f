package io.clustersim.core.engine;

import java.util.Comparator;
import java.util.Objects;

/**
 * Something that happens to one entity at one virtual instant.
 *
 * @param timeNanos virtual time, nanoseconds since the start of the trial
 * @param priority  lower runs first among events of the same time
 * @param sequence  order of scheduling; breaks every remaining tie, so the order is total
 * @param target    index of the entity that receives the event
 * @param payload   what happens; an immutable value (usually a record) the target understands
 */
public record Event(long timeNanos, int priority, long sequence, int target, Object payload) {

    /**
     * The engine's total order: time, then priority, then sequence. The clock's {@link EventHeap}
     * compares the same keys in place (it is the hot path); this comparator states the order for
     * everything else, and is the reference the heap is tested against.
     */
    public static final Comparator<Event> ORDER = (a, b) -> {
        int c = Long.compare(a.timeNanos, b.timeNanos);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.priority, b.priority);
        return c != 0 ? c : Long.compare(a.sequence, b.sequence);
    };

    public Event {
        Objects.requireNonNull(payload, "payload");
    }

    /** Whether {@code other} belongs to the same batch (same time and priority). */
    boolean sameInstantAs(Event other) {
        return timeNanos == other.timeNanos && priority == other.priority;
    }
}
