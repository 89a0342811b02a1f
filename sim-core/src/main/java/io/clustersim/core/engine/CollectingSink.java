package io.clustersim.core.engine;

import java.util.ArrayList;
import java.util.List;

/** An {@link EventSink} that records what one entity does while handling one event. */
final class CollectingSink implements EventSink {

    private long nowNanos;
    private final List<Scheduled> scheduled = new ArrayList<>(2);
    private boolean finishes;
    private Object result;

    CollectingSink(long nowNanos) {
        this.nowNanos = nowNanos;
    }

    /** Empties the sink for the next event at {@code now} (the inline engine reuses one sink). */
    void reset(long now) {
        nowNanos = now;
        scheduled.clear();
        finishes = false;
        result = null;
    }

    @Override
    public long nowNanos() {
        return nowNanos;
    }

    @Override
    public void schedule(long timeNanos, int priority, int target, Object payload) {
        scheduled.add(new Scheduled(timeNanos, priority, target, payload));
    }

    @Override
    public void finish(Object result) {
        if (!finishes) {
            finishes = true;
            this.result = result;
        }
    }

    List<Scheduled> scheduled() {
        return scheduled;
    }

    boolean finishes() {
        return finishes;
    }

    Object result() {
        return result;
    }
}
