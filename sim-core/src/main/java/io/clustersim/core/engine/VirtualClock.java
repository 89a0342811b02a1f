package io.clustersim.core.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The central clock of one trial: the future-event list and the rules for taking events off it.
 * Plain Java, single-threaded; both the {@link InlineEngine} and the actor engine's
 * {@link ClockActor} drive one, which is why they give identical answers.
 *
 * <h2>Maintainer notes: ordering and determinism</h2>
 * <ul>
 *   <li>Events are ordered by (time, priority, sequence). The sequence number is given by the clock
 *       when an event is scheduled, never by an entity.</li>
 *   <li>{@link #nextBatch()} takes <em>all</em> events of the head's time and priority at once.
 *       Events scheduled while a batch is handled — even for the same instant — go to a later
 *       batch. So the outcome cannot depend on the order in which the entities of one batch run,
 *       which under the actor engine is up to the thread pool.</li>
 *   <li>The answers of a batch are applied with {@link #apply} in batch order (ascending
 *       sequence), and within one answer in the order the entity scheduled them. Sequence numbers
 *       are therefore the same whether the batch ran on one thread or many.</li>
 *   <li>Time never goes backwards: an event scheduled before the time of the event being handled
 *       is a model error and fails the trial.</li>
 * </ul>
 */
public final class VirtualClock {

    /** Priority of the {@link Start} events, before anything else at time zero. */
    public static final int START_PRIORITY = Integer.MIN_VALUE;

    private final EventHeap queue = new EventHeap();
    private final int entityCount;
    private final long maxEvents;
    private long nextSequence;
    private long nowNanos;
    private long eventsHandled;
    private Object finishResult;
    private boolean finished;

    /** A clock for {@code entityCount} entities, each sent {@link Start} at time zero. */
    public VirtualClock(int entityCount, long maxEvents) {
        if (entityCount <= 0) {
            throw new IllegalArgumentException("entityCount must be > 0");
        }
        this.entityCount = entityCount;
        this.maxEvents = maxEvents;
        for (int i = 0; i < entityCount; i++) {
            queue.add(new Event(0L, START_PRIORITY, nextSequence++, i, Start.INSTANCE));
        }
    }

    /** Virtual time of the current (or last) batch, nanoseconds. */
    public long nowNanos() {
        return nowNanos;
    }

    /** Events delivered so far. */
    public long eventsHandled() {
        return eventsHandled;
    }

    /**
     * Takes the next batch: every queued event with the time and priority of the earliest one, in
     * sequence order.
     *
     * @throws SimulationException if no event is left although no entity finished the trial
     */
    public List<Event> nextBatch() {
        Event head = queue.poll();
        if (head == null) {
            throw new SimulationException("the simulation ran out of events at t=" + formatTime(nowNanos)
                    + " before any entity finished the trial");
        }
        List<Event> batch = new ArrayList<>(4);
        batch.add(head);
        while (!queue.isEmpty() && queue.peek().sameInstantAs(head)) {
            batch.add(queue.poll());
        }
        nowNanos = head.timeNanos();
        eventsHandled += batch.size();
        if (eventsHandled > maxEvents) {
            throw new SimulationException("trial exceeded " + maxEvents + " events at t=" + formatTime(nowNanos)
                    + "; a model that never finishes? (last event: " + head.payload() + ")");
        }
        return batch;
    }

    /**
     * Applies what the entity answered to {@code handled}: queues its scheduled events and notes a
     * finish. Call once per event of the batch, in batch order.
     */
    public void apply(Event handled, String entityName, List<Scheduled> scheduled, boolean finishes, Object result) {
        for (Scheduled s : scheduled) {
            if (s.timeNanos() < handled.timeNanos()) {
                throw new SimulationException(entityName + " scheduled " + s.payload() + " at t="
                        + formatTime(s.timeNanos()) + ", before the current time " + formatTime(handled.timeNanos()));
            }
            if (s.target() < 0 || s.target() >= entityCount) {
                throw new SimulationException(entityName + " scheduled " + s.payload()
                        + " for unknown entity " + s.target());
            }
            queue.add(new Event(s.timeNanos(), s.priority(), nextSequence++, s.target(), s.payload()));
        }
        if (finishes && !finished) {
            finished = true;
            finishResult = result;
        }
    }

    /** Whether an entity finished the trial in a batch applied so far. */
    public boolean finished() {
        return finished;
    }

    /** The outcome, once {@link #finished()}. */
    public TrialOutcome outcome() {
        if (!finished) {
            throw new IllegalStateException("trial not finished");
        }
        return new TrialOutcome(finishResult, nowNanos, eventsHandled);
    }

    /** Seconds with nanosecond precision, for messages. */
    static String formatTime(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.9fs", nanos / 1e9);
    }
}
